using System;
using System.Collections.Generic;
using PerfGate.Analyzers;

namespace PerfGate.Cli;

/// <summary>An error the user can fix: printed as canonical PG0xxx lines (no stack trace), exit code 2.</summary>
public sealed class CliException : Exception
{
    public CliException(IReadOnlyList<string> lines) : base(string.Join("\n", lines)) => Lines = lines;

    public IReadOnlyList<string> Lines { get; }

    public static CliException At(string code, string? file, int line, int column, string message) =>
        new(new[] { Format(code, file, line, column, message) });

    public static CliException Plain(string code, string message) => new(new[] { Format(code, null, 0, 0, message) });

    /// <summary><c>file(line,col): error PG0001: message</c>, the line MSBuild, IDEs and problem matchers read.</summary>
    public static string Format(string code, string? file, int line, int column, string message)
    {
        string where = file == null ? "perfgate" : line > 0 ? $"{file}({line},{Math.Max(column, 1)})" : file;
        return $"{where}: error {code}: {message}";
    }

    public static string UsageCode => RuleIdentifiers.InvalidCommandLine;
}

using System;
using PerfGate.Analyzers;

namespace PerfGate.Core.Errors;

/// <summary>A PG0xxx diagnostic of the gate itself, as every host reports it.</summary>
public sealed record GateDiagnostic(string Code, string Message, string? FilePath = null, int Line = 0, int Column = 0)
{
    /// <summary>
    /// <c>file(line,col): error PG0001: message</c>, the line MSBuild, IDEs and problem matchers read; the file and the message
    /// may come from the input, so they are escaped for the log (<see cref="UntrustedText.ForLog"/>).
    /// </summary>
    public override string ToString()
    {
        string file = UntrustedText.ForLog(FilePath);
        string where = FilePath == null ? "perfgate" : Line > 0 ? $"{file}({Line},{Math.Max(Column, 1)})" : file;
        return $"{where}: error {Code}: {UntrustedText.ForLog(Message)}";
    }
}

using System;

namespace PerfGate.Core.Errors;

/// <summary>A PG0xxx diagnostic of the gate itself, as every host reports it.</summary>
public sealed record GateDiagnostic(string Code, string Message, string? FilePath = null, int Line = 0, int Column = 0)
{
    /// <summary><c>file(line,col): error PG0001: message</c>, the line MSBuild, IDEs and problem matchers read.</summary>
    public override string ToString()
    {
        string where = FilePath == null ? "perfgate" : Line > 0 ? $"{FilePath}({Line},{Math.Max(Column, 1)})" : FilePath;
        return $"{where}: error {Code}: {Message}";
    }
}

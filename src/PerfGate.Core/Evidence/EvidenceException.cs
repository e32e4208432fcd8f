using System;

namespace PerfGate.Core.Evidence;

/// <summary>
/// An input file PerfGate cannot use. Hosts turn it into a PG0003 diagnostic at
/// <see cref="FilePath"/>(<see cref="Line"/>,<see cref="Column"/>); never shown as a stack trace.
/// </summary>
public sealed class EvidenceException : Exception
{
    public EvidenceException(string filePath, int line, int column, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
    }

    public string FilePath { get; }

    /// <summary>1-based; 0 when the problem is the whole file (missing, unreadable).</summary>
    public int Line { get; }
    public int Column { get; }
}

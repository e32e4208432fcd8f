using System;
using System.Collections.Generic;
using System.Linq;

namespace PerfGate.Core.Errors;

/// <summary>
/// A problem PerfGate reports as a PG0xxx diagnostic instead of a result: bad input, a command line, git in PR mode,
/// nothing to scan. Every host (the CLI, the MSBuild tasks) turns it into the same diagnostic through
/// <see cref="GateErrors"/>; anything else that escapes is an internal error (PG0008), never a stack trace.
/// </summary>
/// <remarks>The subclasses fix the code for one family of inputs (<see cref="Evidence.EvidenceException"/>, ...).</remarks>
public class PerfGateException : Exception
{
    public PerfGateException(string code, string message, string? filePath = null, int line = 0, int column = 0, Exception? inner = null)
        : base(Echo.CapMessage(message), inner)
    {
        Code = code;
        FilePath = filePath;
        Line = line;
        Column = column;
    }

    /// <summary>The PG0xxx rule ID the hosts report.</summary>
    public string Code { get; }

    /// <summary>The file the problem is in; null when it is not about one file.</summary>
    public string? FilePath { get; }

    /// <summary>1-based; 0 when the problem is the whole file (missing, unreadable) or no file.</summary>
    public int Line { get; }

    /// <summary>1-based, in the unit of the file's reader (UTF-8 bytes for JSON); 0 with <see cref="Line"/> 0.</summary>
    public int Column { get; }

    /// <summary>
    /// Lines printed before this exception's own diagnostic: the other diagnostics of the same stop (every error of a
    /// policy) or another tool's output that explains it (a build's own errors).
    /// </summary>
    public IReadOnlyList<string> Preceding { get; init; } = Array.Empty<string>();

    public GateDiagnostic Diagnostic => new(Code, Message, FilePath, Line, Column);

    /// <summary>Several diagnostics reported at once, in order, after <paramref name="output"/> (lines of another tool).</summary>
    public static PerfGateException Several(IReadOnlyList<GateDiagnostic> diagnostics, IEnumerable<string>? output = null)
    {
        if (diagnostics.Count == 0) throw new ArgumentException("at least one diagnostic", nameof(diagnostics));
        GateDiagnostic last = diagnostics[diagnostics.Count - 1];
        return new PerfGateException(last.Code, last.Message, last.FilePath, last.Line, last.Column)
        {
            Preceding = (output ?? Enumerable.Empty<string>()).Concat(diagnostics.Take(diagnostics.Count - 1).Select(d => d.ToString())).ToArray(),
        };
    }
}

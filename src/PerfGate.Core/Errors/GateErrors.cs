using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;

namespace PerfGate.Core.Errors;

/// <summary>The one mapping from an exception that stopped a host to the diagnostic it reports.</summary>
public static class GateErrors
{
    /// <summary>
    /// A <see cref="PerfGateException"/> says its own code and position; a file-system error the code did not expect
    /// is an unreadable input (PG0003); anything else is a bug in PerfGate: PG0008, said as such.
    /// </summary>
    public static GateDiagnostic Diagnose(Exception e) => e switch
    {
        PerfGateException known => known.Diagnostic,
        IOException or UnauthorizedAccessException => new GateDiagnostic(RuleIdentifiers.UnreadableEvidence, e.Message),
        _ => new GateDiagnostic(RuleIdentifiers.InternalError,
            $"internal error in PerfGate (a bug, not a problem with the input): {e.GetType().Name}: {e.Message}"),
    };

    /// <summary>True when <paramref name="e"/> is a bug rather than a problem PerfGate knows how to report.</summary>
    public static bool IsInternal(Exception e) => Diagnose(e).Code == RuleIdentifiers.InternalError;

    /// <summary>
    /// Every line a console host prints for <paramref name="e"/>: what precedes its diagnostic (another tool's lines, escaped
    /// like everything from an input), then the diagnostic.
    /// </summary>
    public static IReadOnlyList<string> Lines(Exception e) =>
        (e is PerfGateException known ? known.Preceding : Array.Empty<string>()).Select(UntrustedText.ForLog)
            .Append(Diagnose(e).ToString()).ToArray();
}

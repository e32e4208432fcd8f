using System;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;

namespace PerfGate.Core.Evidence;

/// <summary>
/// An input file PerfGate cannot use (a compiler log, a benchmark, load-test or trace file): PG0003 at
/// <see cref="PerfGateException.FilePath"/>(<see cref="PerfGateException.Line"/>,<see cref="PerfGateException.Column"/>);
/// line 0 when the problem is the whole file (missing, unreadable).
/// </summary>
public sealed class EvidenceException : PerfGateException
{
    public EvidenceException(string filePath, int line, int column, string message, Exception? inner = null)
        : base(RuleIdentifiers.UnreadableEvidence, message, filePath, line, column, inner)
    {
    }
}

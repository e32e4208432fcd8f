using System.Collections.Generic;

namespace PerfGate.Core.Evidence;

/// <summary>The parts of a compiler SARIF log the gate decides from.</summary>
public sealed record CompilerLog(
    IReadOnlyList<CompilerFinding> Findings,
    IReadOnlyDictionary<string, ReportedRule> Rules);

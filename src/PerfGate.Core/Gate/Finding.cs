using System.Collections.Generic;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Gate;

/// <summary>A result the policy keeps, at the level the policy gives it.</summary>
/// <param name="FilePath">Absolute local path, or null when the finding has no source location.</param>
public sealed record Finding(
    string RuleId,
    RuleLevel Level,
    string Message,
    string? FilePath,
    SourceRegion? Region,
    IReadOnlyList<RelatedLocation>? Related = null)
{
    /// <summary>SARIF <c>baselineState</c> once a baseline was compared: <c>new</c>, <c>unchanged</c> or <c>absent</c>; null without a baseline.</summary>
    public string? BaselineState { get; init; }

    /// <summary>Documentation ID of the enclosing symbol, when the host knows it (the fallback identity of a baseline entry).</summary>
    public string? Symbol { get; init; }

    /// <summary>For a runtime finding (PG5xxx, PG6004): what was seen, e.g. "37 queries in GET /orders".</summary>
    public string? RuntimeSummary { get; init; }

    /// <summary>
    /// Set on a static finding whose call site a runtime finding matched: what was seen at run time. SARIF writes it
    /// as the result property <c>perfgate/confirmedAtRuntime</c>.
    /// </summary>
    public string? ConfirmedAtRuntime { get; init; }
}

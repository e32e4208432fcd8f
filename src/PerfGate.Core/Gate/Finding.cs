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
    IReadOnlyList<RelatedLocation>? Related = null);

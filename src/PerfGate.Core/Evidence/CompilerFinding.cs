using System.Collections.Generic;

namespace PerfGate.Core.Evidence;

/// <summary>One result of the compiler's SARIF log, as the compiler reported it.</summary>
/// <param name="Level">The compiler's effective level: error, warning, note or none.</param>
/// <param name="FilePath">Absolute local path, or null for results without a source location.</param>
/// <param name="Related">The result's related locations that resolve to local files, in the log's order.</param>
public sealed record CompilerFinding(
    string RuleId,
    string Level,
    string Message,
    string? FilePath,
    SourceRegion? Region,
    bool IsSuppressed,
    IReadOnlyList<RelatedLocation>? Related = null);

/// <summary>A result's related location (SARIF <c>relatedLocations</c>): a step of a PG1002 call chain, the first execution of PG1011, ...</summary>
public sealed record RelatedLocation(string FilePath, SourceRegion? Region);

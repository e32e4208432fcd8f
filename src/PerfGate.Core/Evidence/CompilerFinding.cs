namespace PerfGate.Core.Evidence;

/// <summary>One result of the compiler's SARIF log, as the compiler reported it.</summary>
/// <param name="Level">The compiler's effective level: error, warning, note or none.</param>
/// <param name="FilePath">Absolute local path, or null for results without a source location.</param>
public sealed record CompilerFinding(
    string RuleId,
    string Level,
    string Message,
    string? FilePath,
    SourceRegion? Region,
    bool IsSuppressed);

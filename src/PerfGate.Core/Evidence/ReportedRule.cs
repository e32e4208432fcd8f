namespace PerfGate.Core.Evidence;

/// <summary>What an evidence source says about a rule it reported (for rules PerfGate does not own).</summary>
public sealed record ReportedRule(
    string Id,
    string? Title,
    string? FullDescription,
    string? HelpUri,
    string? Category);

namespace PerfGate.Core.Evidence;

/// <summary>A 1-based, inclusive start and exclusive-end position in a source file (SARIF's convention).</summary>
public sealed record SourceRegion(int StartLine, int StartColumn, int EndLine, int EndColumn);

namespace PerfGate.Core.Policy;

/// <summary>The lowest level that fails the gate.</summary>
public enum FailOn
{
    Error,
    Warning,
    Never,
}

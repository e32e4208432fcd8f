namespace PerfGate.Analyzers
{
    /// <summary>Policy levels, ordered by severity. <see cref="Off"/> removes a rule entirely.</summary>
    public enum RuleLevel
    {
        Off = 0,
        Note = 1,
        Warning = 2,
        Error = 3,
    }
}

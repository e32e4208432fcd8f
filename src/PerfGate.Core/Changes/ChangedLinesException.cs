using PerfGate.Analyzers;
using PerfGate.Core.Errors;

namespace PerfGate.Core.Changes;

/// <summary>A git problem in PR mode (bad ref, not a repository, git missing): PG0006.</summary>
public sealed class ChangedLinesException : PerfGateException
{
    public ChangedLinesException(string message) : base(RuleIdentifiers.ChangedLinesUnavailable, message)
    {
    }
}

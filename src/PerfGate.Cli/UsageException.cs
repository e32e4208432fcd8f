using PerfGate.Analyzers;
using PerfGate.Core.Errors;

namespace PerfGate.Cli;

/// <summary>A command line PerfGate cannot run: one PG0004 line, exit code 2.</summary>
public sealed class UsageException : PerfGateException
{
    public UsageException(string message, string? filePath = null) : base(RuleIdentifiers.InvalidCommandLine, message, filePath)
    {
    }
}

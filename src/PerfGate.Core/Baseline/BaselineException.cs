using System;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;

namespace PerfGate.Core.Baseline;

/// <summary>A baseline file PerfGate cannot read: PG0005 at file(line,col).</summary>
public sealed class BaselineException : PerfGateException
{
    public BaselineException(string filePath, int line, int column, string message, Exception? inner = null)
        : base(RuleIdentifiers.InvalidBaseline, message, filePath, line, column, inner)
    {
    }
}

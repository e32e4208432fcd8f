using System.Collections.Generic;
using PerfGate.Analyzers;

namespace PerfGate.Core.Policy;

/// <summary>One entry under <c>rules:</c>, with where it was written (for messages).</summary>
public sealed record RuleSetting(RuleSelector Selector, RuleLevel Level, int Line, int Column)
{
    /// <summary>
    /// The rule's <c>options</c>, for the few rules that take any (PG2004 <c>clientTypes</c>); list values are
    /// joined with <c>;</c>. Projected into the generated .globalconfig as <c>perfgate.&lt;rule&gt;.&lt;option&gt;</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

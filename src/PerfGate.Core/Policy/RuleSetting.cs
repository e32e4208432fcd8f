using PerfGate.Analyzers;

namespace PerfGate.Core.Policy;

/// <summary>One entry under <c>rules:</c>, with where it was written (for messages).</summary>
public sealed record RuleSetting(RuleSelector Selector, RuleLevel Level, int Line, int Column);

using System;
using PerfGate.Analyzers;

namespace PerfGate.Core.Policy;

/// <summary>What a key under <c>rules:</c> selects: one rule, a category, or every PerfGate rule.</summary>
public sealed record RuleSelector(RuleSelectorKind Kind, string Value)
{
    public const string CategoryPrefix = "category/";

    public static RuleSelector All { get; } = new(RuleSelectorKind.All, "*");

    public static RuleSelector Rule(string id) => new(RuleSelectorKind.Rule, id.ToUpperInvariant());

    public static RuleSelector Category(string name) => new(RuleSelectorKind.Category, name);

    /// <summary>True when the selector applies to a rule with this ID and category.</summary>
    public bool Selects(string ruleId, string? category) => Kind switch
    {
        RuleSelectorKind.All => RuleCatalog.IsPerfGateId(ruleId),
        RuleSelectorKind.Rule => string.Equals(Value, ruleId, StringComparison.OrdinalIgnoreCase),
        RuleSelectorKind.Category => category != null && string.Equals(Value, category, StringComparison.Ordinal),
        _ => false,
    };

    public override string ToString() => Kind == RuleSelectorKind.Category ? CategoryPrefix + Value : Value;
}

public enum RuleSelectorKind
{
    /// <summary><c>*</c>: every PerfGate rule (other analyzers' rules are gated only when named).</summary>
    All,

    /// <summary><c>category/name</c>: a PerfGate family, or another analyzer's category (<c>category/Performance</c>).</summary>
    Category,

    /// <summary>A rule ID: PerfGate's (<c>PG1001</c>) or another analyzer's (<c>CA1849</c>).</summary>
    Rule,
}

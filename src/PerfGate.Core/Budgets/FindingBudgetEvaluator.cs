using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using PerfGate.Analyzers;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Budgets;

/// <summary>PG6003: how many of the gate's findings a budget selects, against its limits.</summary>
internal static class FindingBudgetEvaluator
{
    public static FindingCount Evaluate(BudgetContext context, FindingBudget budget, IReadOnlyList<Finding> findings)
    {
        Regex? rule = budget.Rule == null ? null : new Regex("^" + Regex.Escape(budget.Rule).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        PathGlob? path = budget.Path == null ? null : PathGlob.Parse(budget.Path);
        int count = findings.Count(f =>
            !f.RuleId.StartsWith("PG0", StringComparison.OrdinalIgnoreCase) &&
            !f.RuleId.StartsWith("PG6", StringComparison.OrdinalIgnoreCase) &&
            f.Level != RuleLevel.Off &&
            (rule == null || rule.IsMatch(f.RuleId)) &&
            (budget.Category == null || string.Equals(CategoryOf(f, context), budget.Category, StringComparison.Ordinal)) &&
            (path == null || (f.FilePath != null && PathGlob.RelativeTo(context.Policy.BaseDirectory, f.FilePath) is { } relative && path.IsMatch(relative))));

        string selector = Selector(budget);
        BudgetStatus status = BudgetStatus.Pass;
        if (budget.Max is { } max && count > max) status = BudgetStatus.Fail;
        else if (budget.WarnMax is { } warn && count > warn) status = BudgetStatus.Warn;
        if (status != BudgetStatus.Pass)
        {
            RuleLevel? level = status == BudgetStatus.Warn ? context.WarnLevel(RuleIdentifiers.FindingBudgetExceeded) : context.FailLevel(RuleIdentifiers.FindingBudgetExceeded);
            int limit = status == BudgetStatus.Fail ? budget.Max!.Value : budget.WarnMax!.Value;
            if (level != null)
                context.Add(RuleIdentifiers.FindingBudgetExceeded, level.Value,
                    $"{count} finding{(count == 1 ? "" : "s")} of {selector}; the {(status == BudgetStatus.Warn ? "warning tier" : "budget")} allows at most {limit}.",
                    budget.Position.FilePath, budget.Position.Line, budget.Position.Column);
        }
        return new FindingCount(budget, selector, count, status);
    }

    private static string? CategoryOf(Finding finding, BudgetContext context) => RuleCatalog.Find(finding.RuleId)?.Category;

    public static string Selector(FindingBudget budget)
    {
        var parts = new List<string>();
        if (budget.Rule != null) parts.Add("rule " + budget.Rule);
        if (budget.Category != null) parts.Add("category " + budget.Category);
        if (budget.Path != null) parts.Add("path " + budget.Path);
        return parts.Count == 0 ? "all rules" : string.Join(", ", parts);
    }
}

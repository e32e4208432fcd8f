using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Budgets;

/// <summary>PG6003: how many of the gate's findings a budget selects, against its limits.</summary>
internal static class FindingBudgetEvaluator
{
    public static FindingCount Evaluate(BudgetContext context, FindingBudget budget, IReadOnlyList<Finding> findings, BudgetBaseline? baseline)
    {
        // A linear matcher: the rule IDs it runs over come from SARIF logs, and a backtracking regex is exponential in '*'s.
        PathGlob? rule = budget.Rule == null ? null : PathGlob.Wildcard(budget.Rule);
        PathGlob? path = budget.Path == null ? null : PathGlob.Parse(budget.Path);
        Finding[] selected = findings.Where(f =>
            !f.RuleId.StartsWith("PG0", StringComparison.OrdinalIgnoreCase) &&
            !f.RuleId.StartsWith("PG6", StringComparison.OrdinalIgnoreCase) &&
            f.Level != RuleLevel.Off &&
            (rule == null || rule.IsMatch(f.RuleId)) &&
            (budget.Category == null || string.Equals(CategoryOf(f, context), budget.Category, StringComparison.Ordinal)) &&
            (path == null || (f.FilePath != null && PathGlob.RelativeTo(context.Policy.BaseDirectory, f.FilePath) is { } relative
                && path.IsMatch(relative)))).ToArray();
        int count = selected.Length;

        // Without a compared baseline every finding is new; with one, whatever it does not hold.
        bool compared = baseline is { Compared: true };
        int? newCount = budget.CountsNew
            ? selected.Count(f => !compared || f.BaselineState is not (BaselineMatcher.Unchanged or BaselineMatcher.Absent))
            : null;

        string selector = Selector(budget);
        BudgetStatus total = Check(context, budget, count, budget.Max, budget.WarnMax, "", selector, null);
        BudgetStatus fresh = newCount is { } n
            ? Check(context, budget, n, budget.New, budget.WarnNew, "new ", selector, BaselineClause(context, baseline))
            : BudgetStatus.Pass;
        BudgetStatus status = Worst(total, fresh);
        return new FindingCount(budget, selector, count, status) { NewCount = newCount };
    }

    private static BudgetStatus Check(
        BudgetContext context, FindingBudget budget, int count, int? max, int? warnMax, string kind, string selector, string? suffix)
    {
        BudgetStatus status = BudgetStatus.Pass;
        if (max is { } limitMax && count > limitMax) status = BudgetStatus.Fail;
        else if (warnMax is { } warn && count > warn) status = BudgetStatus.Warn;
        if (status == BudgetStatus.Pass) return status;

        RuleLevel? level = status == BudgetStatus.Warn ? context.WarnLevel(RuleIdentifiers.FindingBudgetExceeded)
            : context.FailLevel(RuleIdentifiers.FindingBudgetExceeded);
        int limit = status == BudgetStatus.Fail ? max!.Value : warnMax!.Value;
        if (level != null)
            context.Add(RuleIdentifiers.FindingBudgetExceeded, level.Value,
                $"{count} {kind}finding{(count == 1 ? "" : "s")} of {selector}; the {(status == BudgetStatus.Warn ? "warning tier" : "budget")} allows at most {limit}{(kind.Length > 0 ? " new" : "")}{suffix}.",
                budget.Position.FilePath, budget.Position.Line, budget.Position.Column);
        return status;
    }

    private static string BaselineClause(BudgetContext context, BudgetBaseline? baseline)
    {
        if (baseline == null) return " (no findings baseline was compared, so every finding counts as new)";
        string shown = PathGlob.RelativeTo(context.Policy.BaseDirectory, baseline.FilePath) ?? baseline.FilePath;
        return baseline.Compared
            ? $" (compared with {shown})"
            : $" (there is no baseline: {shown} does not exist, so every finding counts as new; 'perfgate baseline' writes it)";
    }

    private static BudgetStatus Worst(BudgetStatus a, BudgetStatus b) =>
        a == BudgetStatus.Fail || b == BudgetStatus.Fail ? BudgetStatus.Fail
        : a == BudgetStatus.Warn || b == BudgetStatus.Warn ? BudgetStatus.Warn
        : BudgetStatus.Pass;

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

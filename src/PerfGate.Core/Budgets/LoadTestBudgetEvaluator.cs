using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Budgets;

/// <summary>PG6002: a load-test summary against the conditions the policy says must hold.</summary>
internal static class LoadTestBudgetEvaluator
{
    public static IReadOnlyList<ThresholdCheck> Evaluate(BudgetContext context, LoadTestBudget budget)
    {
        var checks = new List<ThresholdCheck>();
        string path = Path.GetFullPath(Path.Combine(context.BaseDirectory, budget.Summary));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            context.Missing(budget.Position,
                $"the load-test summary '{Echo.Cap(budget.Summary)}' does not exist ({path}): write it with k6 --summary-export, k6 handleSummary or artillery run --output");
            return checks;
        }
        LoadTestSummary summary;
        try
        {
            summary = LoadTestSummaryReader.Read(path);
        }
        catch (EvidenceException e)
        {
            context.Unreadable(e);
            return checks;
        }

        foreach (ThresholdCondition condition in budget.Thresholds) Check(context, summary, condition, warnTier: false, checks);
        foreach (ThresholdCondition condition in budget.Warn) Check(context, summary, condition, warnTier: true, checks);

        foreach (ToolThreshold failed in summary.ToolThresholds.Where(t => t.Failed))
        {
            if (context.FailLevel(RuleIdentifiers.LoadTestThreshold) is { } level)
                context.Add(RuleIdentifiers.LoadTestThreshold, level,
                    $"k6 threshold '{Echo.Cap(failed.Expression)}' on '{Echo.Cap(failed.Metric)}' failed in the run that wrote this summary.",
                        summary.FilePath, failed.Line, failed.Column);
        }
        return checks;
    }

    private static void Check(BudgetContext context, LoadTestSummary summary, ThresholdCondition condition, bool warnTier, List<ThresholdCheck> checks)
    {
        if (!summary.Metrics.TryGetValue(condition.Metric, out MetricValue? metric))
        {
            string known = string.Join(", ", summary.Metrics.Keys.Take(12).Select(key => Echo.Cap(key, 80))) + (summary.Metrics.Count > 12 ? ", …" : "");
            context.Missing(condition.Position,
                $"the {summary.Tool} summary {summary.FilePath} has no metric '{Echo.Cap(condition.Metric)}'{ClosestMatch.Suffix(condition.Metric, summary.Metrics.Keys)} (it has {known})");
            checks.Add(new ThresholdCheck(summary.FilePath, summary.Tool, condition, null, "missing", warnTier, BudgetStatus.NotComparable));
            return;
        }
        var (actual, display, problem) = InConditionUnit(metric, condition);
        if (problem != null)
        {
            context.Missing(condition.Position, $"'{condition.Metric}: {condition.Text}' {problem}");
            checks.Add(new ThresholdCheck(summary.FilePath, summary.Tool, condition, null, display, warnTier, BudgetStatus.NotComparable));
            return;
        }
        bool holds = condition.Holds(actual);
        BudgetStatus status = holds ? BudgetStatus.Pass : warnTier ? BudgetStatus.Warn : BudgetStatus.Fail;
        checks.Add(new ThresholdCheck(summary.FilePath, summary.Tool, condition, actual, display, warnTier, status));
        if (holds) return;

        RuleLevel? level = warnTier ? context.WarnLevel(RuleIdentifiers.LoadTestThreshold) : context.FailLevel(RuleIdentifiers.LoadTestThreshold);
        if (level == null) return;
        string message = $"{condition.Metric} is {display}; the {(warnTier ? "warning tier" : "budget")} requires {condition.Display} ({summary.Tool} summary {Path.GetFileName(summary.FilePath)}).";
        context.Add(RuleIdentifiers.LoadTestThreshold, level.Value, message, condition.Position.FilePath, condition.Position.Line, condition.Position.Column);
    }

    /// <summary>The metric in the condition's unit, its display, or why the two do not fit.</summary>
    private static (double Value, string Display, string? Problem) InConditionUnit(MetricValue metric, ThresholdCondition condition)
    {
        switch (metric.Kind)
        {
            case MetricKind.Time:
                string ms = Figures.Precise(metric.Value) + " ms";
                return condition.Unit switch
                {
                    ThresholdUnit.Milliseconds => (metric.Value, ms, null),
                    ThresholdUnit.Seconds => (metric.Value / 1000, Figures.Precise(metric.Value / 1000) + " s", null),
                    ThresholdUnit.Percent => (0, ms, "mixes units: the metric is a duration, the condition a percentage; use ms or s"),
                    _ => (0, ms, "has no unit: the metric is a duration; write ms or s (e.g. \"< 300ms\")"),
                };
            case MetricKind.Rate:
                string percent = Figures.Percent(metric.Value);
                return condition.Unit switch
                {
                    ThresholdUnit.Percent => (metric.Value * 100, percent, null),
                    ThresholdUnit.None => (metric.Value, Figures.Precise(metric.Value), null),
                    _ => (0, percent, "mixes units: the metric is a rate, the condition a duration; use % (e.g. \"< 1%\") or a fraction"),
                };
            default:
                string plain = Figures.Precise(metric.Value);
                return condition.Unit == ThresholdUnit.None
                    ? (metric.Value, plain, null)
                    : (0, plain, $"mixes units: the metric is a plain number (a count or per-second rate), the condition has '{ThresholdCondition.Suffix(condition.Unit)}'");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Traces;

namespace PerfGate.Core.Budgets;

/// <summary>
/// Evaluates the policy's <c>budgets:</c> section. The CLI's <c>check</c> and the build gate call this
/// after <see cref="GateEvaluator"/>, then merge with <see cref="GateResult.WithBudgets"/>.
/// Unreadable or missing inputs become PG0003 findings (errors that cannot be turned off), so a budget
/// never passes on evidence it could not read.
/// </summary>
public static class BudgetEvaluator
{
    /// <summary>Evaluates every budget; paths in the policy are relative to <paramref name="baseDirectory"/>.</summary>
    /// <param name="findings">The gate's findings so far, which finding budgets (PG6003) count.</param>
    /// <param name="baseline">
    /// The findings baseline <paramref name="findings"/> were compared with (their <see cref="Finding.BaselineState"/>),
    /// for <c>new:</c> finding budgets; null or not compared: every finding counts as new, and the message says so.
    /// </param>
    public static BudgetOutcome Evaluate(GatePolicy policy, string baseDirectory, IReadOnlyList<Finding>? findings = null, BudgetBaseline? baseline = null)
    {
        BudgetPolicy budgets = policy.Budgets;
        if (budgets.IsEmpty) return BudgetOutcome.Empty;
        var context = new BudgetContext(policy, System.IO.Path.GetFullPath(baseDirectory));

        var benchmarks = new List<BenchmarkComparison>();
        foreach (BenchmarkBudget budget in budgets.Benchmarks)
            if (!context.Outside(budget.Position, budget.Results, budget.Baseline)) benchmarks.AddRange(BenchmarkBudgetEvaluator.Evaluate(context, budget));

        var thresholds = new List<ThresholdCheck>();
        foreach (LoadTestBudget budget in budgets.LoadTests)
            if (!context.Outside(budget.Position, budget.Summary)) thresholds.AddRange(LoadTestBudgetEvaluator.Evaluate(context, budget));

        var counts = new List<FindingCount>();
        IReadOnlyList<Finding> counted = findings ?? Array.Empty<Finding>();
        foreach (FindingBudget budget in budgets.Findings)
            counts.Add(FindingBudgetEvaluator.Evaluate(context, budget, counted, baseline));

        var traces = new List<TraceSummary>();
        foreach (TraceBudget trace in budgets.Traces)
            if (!context.Outside(trace.Position, trace.Files) && TraceEvaluator.Evaluate(context, trace) is { } summary) traces.Add(summary);

        return new BudgetOutcome(GateEvaluator.Sort(context.Findings), benchmarks, thresholds, counts, context.Notes) { Traces = traces };
    }
}

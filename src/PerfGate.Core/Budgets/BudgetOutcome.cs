using System.Collections.Generic;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Budgets;

/// <summary>How one checked figure stands against its budget.</summary>
public enum BudgetStatus
{
    Pass,

    /// <summary>Within the failing limit, beyond the <c>warn</c> tier: annotated, does not fail.</summary>
    Warn,
    Fail,

    /// <summary>Could not be compared (other architecture or runtime, no statistics): reported, never a silent pass.</summary>
    NotComparable,

    /// <summary>Named by the policy but not evaluated by this PerfGate.</summary>
    NotEvaluated,
}

/// <summary>A benchmark of the current results next to its baseline, with the figures a report shows.</summary>
/// <param name="Method">How the time verdict was reached, in words (the statistical test or the ratio of medians).</param>
public sealed record BenchmarkComparison(
    string FullName,
    BenchmarkResult Current,
    BenchmarkResult? Baseline,
    string Method,
    BudgetStatus TimeStatus,
    BudgetStatus AllocationStatus,
    string Summary)
{
    public double? TimeChange => Baseline?.Median is > 0 && Current.Median is { } now ? now / Baseline.Median.Value - 1 : null;

    public double? AllocationChange => Baseline?.BytesAllocatedPerOperation is > 0 && Current.BytesAllocatedPerOperation is { } now
        ? now / Baseline.BytesAllocatedPerOperation.Value - 1
        : null;

    public BudgetStatus Status => TimeStatus >= AllocationStatus ? TimeStatus : AllocationStatus;
}

/// <summary>One load-test condition checked against the summary's figure.</summary>
public sealed record ThresholdCheck(
    string SummaryPath,
    string Tool,
    ThresholdCondition Condition,
    double? Actual,
    string ActualDisplay,
    bool IsWarnTier,
    BudgetStatus Status);

/// <summary>One finding budget: how many findings it selected against its limits.</summary>
public sealed record FindingCount(FindingBudget Budget, string Selector, int Count, BudgetStatus Status)
{
    /// <summary>How many of the counted findings are new (not in the baseline); null when the budget has no <c>new</c> limit.</summary>
    public int? NewCount { get; init; }
}

/// <summary>Everything budget evaluation found: the findings that go into the verdict, and the figures behind them.</summary>
/// <param name="Notes">Plain statements for the report: what was not evaluated, what had no baseline.</param>
public sealed record BudgetOutcome(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<BenchmarkComparison> Benchmarks,
    IReadOnlyList<ThresholdCheck> Thresholds,
    IReadOnlyList<FindingCount> FindingCounts,
    IReadOnlyList<string> Notes)
{
    public static BudgetOutcome Empty { get; } = new(new Finding[0], new BenchmarkComparison[0], new ThresholdCheck[0], new FindingCount[0], new string[0]);

    /// <summary>What each <c>budgets.traces</c> entry read (spans, requests, unusable spans).</summary>
    public IReadOnlyList<PerfGate.Core.Traces.TraceSummary> Traces { get; init; } = new PerfGate.Core.Traces.TraceSummary[0];
}

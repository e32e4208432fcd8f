using System.Collections.Generic;

namespace PerfGate.Core.Budgets;

/// <summary>The <c>budgets:</c> section of perfgate.yml: benchmarks, load tests, finding counts and traces.</summary>
public sealed record BudgetPolicy(
    IReadOnlyList<BenchmarkBudget> Benchmarks,
    IReadOnlyList<LoadTestBudget> LoadTests,
    IReadOnlyList<FindingBudget> Findings,
    IReadOnlyList<TraceBudget> Traces)
{
    public static BudgetPolicy Empty { get; } = new(new BenchmarkBudget[0], new LoadTestBudget[0], new FindingBudget[0], new TraceBudget[0]);

    public bool IsEmpty => Benchmarks.Count == 0 && LoadTests.Count == 0 && Findings.Count == 0 && Traces.Count == 0;
}

/// <summary>Where an entry sits in the policy file, so evaluation problems point back at it.</summary>
public sealed record PolicyPosition(string? FilePath, int Line, int Column);

/// <summary>
/// One <c>budgets.benchmarks</c> entry. Percentages are fractions (10% = 0.10). The main tier fails
/// (at PG6001's level); the optional <c>warn</c> tier only annotates.
/// </summary>
public sealed record BenchmarkBudget(
    string Results,
    string Baseline,
    double? MaxRegression,
    double? MaxAllocatedRegression,
    double? WarnRegression,
    double? WarnAllocatedRegression,
    double NoiseNanoseconds,
    PolicyPosition Position)
{
    /// <summary>dotnet/performance's ResultsComparer default noise filter: 0.3 ns.</summary>
    public const double DefaultNoiseNanoseconds = 0.3;

    /// <summary>
    /// Allocation increases below this many bytes per operation are not regressions. Real allocations come in
    /// 8-byte-aligned objects, while BenchmarkDotNet's per-operation figure is a total divided by the operation
    /// count and was measured to move by a byte between runs of unchanged code (14,336 B → 14,337 B with 5 iterations).
    /// </summary>
    public const double AllocationNoiseBytes = 8;
}

/// <summary>One <c>budgets.loadTests</c> entry: a k6 or Artillery summary and the conditions that must hold.</summary>
public sealed record LoadTestBudget(
    string Summary,
    IReadOnlyList<ThresholdCondition> Thresholds,
    IReadOnlyList<ThresholdCondition> Warn,
    PolicyPosition Position);

/// <summary>
/// One <c>budgets.findings</c> entry: at most <see cref="Max"/> findings of the selected rules
/// (a rule ID or glob such as <c>PG1*</c>), category and path glob, and at most <see cref="New"/> of
/// them not in the findings baseline (SARIF <c>baselineState: new</c>).
/// </summary>
public sealed record FindingBudget(
    string? Rule,
    string? Category,
    string? Path,
    int? Max,
    int? WarnMax,
    PolicyPosition Position)
{
    /// <summary><c>new: N</c>: the most selected findings the baseline does not hold; without a baseline every finding is new.</summary>
    public int? New { get; init; }

    /// <summary><c>warn: { new: N }</c>: annotate above N new findings.</summary>
    public int? WarnNew { get; init; }

    /// <summary>Whether this budget counts new findings, so the host must compare with the baseline first.</summary>
    public bool CountsNew => New != null || WarnNew != null;
}

/// <summary>
/// The findings baseline the host compared the counted findings with, for <c>new:</c> finding budgets.
/// <paramref name="Compared"/> false: no baseline file exists, so every finding counts as new.
/// </summary>
public sealed record BudgetBaseline(string FilePath, bool Compared)
{
    /// <summary>Where the build gate and the CLI look by default: <c>perfgate.baseline.json</c> beside the policy.</summary>
    public static string DefaultPath(string policyDirectory) =>
        System.IO.Path.Combine(policyDirectory, PerfGate.Core.Baseline.BaselineFile.FileName);
}

/// <summary>
/// One <c>budgets.traces</c> entry: OTLP JSON trace files (a glob) that the runtime-evidence detectors (PG5xxx)
/// read, and optional per-request budgets (PG6004).
/// </summary>
public sealed record TraceBudget(
    string Files,
    int? QueriesPerRequestMax,
    PolicyPosition Position)
{
    /// <summary>At most this many outbound HTTP calls in one request (<c>callsPerRequest: { max }</c>).</summary>
    public int? CallsPerRequestMax { get; init; }

    /// <summary>Route templates (<c>routes:</c>) that win over the id heuristics when URLs are grouped.</summary>
    public IReadOnlyList<string> Routes { get; init; } = System.Array.Empty<string>();
}

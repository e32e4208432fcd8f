using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

/// <summary>
/// PG6001 on real BenchmarkDotNet runs of samples/Benchmarks: "baseline" and "rerun" are two runs of the
/// same code; "regressed" ran with PERFGATE_SAMPLE_VARIANT=regressed (BatchedLookup copies every product).
/// </summary>
public sealed class BenchmarkBudgetTests
{
    private const string Batched = "OrderLookup.Benchmarks.OrderLookupBenchmarks.BatchedLookup";
    private const string Serial = "OrderLookup.Benchmarks.OrderLookupBenchmarks.SerialLookups";

    private static TempFolder Setup(string current, string kind = "full", string baselineKind = "full")
    {
        var folder = new TempFolder();
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("baseline", baselineKind), "perf/baseline/results.json");
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks(current, kind), "BenchmarkDotNet.Artifacts/results/current.json");
        return folder;
    }

    private const string Budget = """
        budgets:
          benchmarks:
            - results: "BenchmarkDotNet.Artifacts/results/*.json"
              baseline: "perf/baseline"
              maxRegression: 10%
              maxAllocatedRegression: 0%
        """;

    [Test]
    public void A_real_regression_fails_on_time_and_allocations_separately()
    {
        using TempFolder folder = Setup("regressed");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);

        Finding[] batched = outcome.Findings.Where(f => f.Message.Contains("BatchedLookup")).ToArray();
        Assert.That(batched, Has.Length.EqualTo(2), string.Join("\n", outcome.Findings.Select(f => f.Message)));
        Assert.That(batched.All(f => f.RuleId == "PG6001" && f.Level == RuleLevel.Error));
        Assert.That(batched.Select(f => f.Message),
            Has.One.Contains("regressed: median 15.4 μs → 42.4 μs (+176 %)").And.Contains("Mann–Whitney equivalence test on 12 vs 10 measurements"));
        Assert.That(batched.Select(f => f.Message), Has.One.Contains("allocated 14,336 B → 126,464 B per operation (+782 %)"));

        BenchmarkComparison comparison = outcome.Benchmarks.Single(b => b.FullName == Batched);
        Assert.That((comparison.TimeStatus, comparison.AllocationStatus), Is.EqualTo((BudgetStatus.Fail, BudgetStatus.Fail)));
        Assert.That(comparison.TimeChange, Is.EqualTo(42447.127916666665 / 15356.856907894737 - 1).Within(1e-9));
    }

    [Test]
    public void Two_runs_of_the_same_code_keep_allocations_and_the_batched_time()
    {
        using TempFolder folder = Setup("rerun");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);

        Assert.That(outcome.Findings, Is.Empty, string.Join("\n", outcome.Findings.Select(f => f.Message)));
        Assert.That(outcome.Benchmarks.Select(b => (b.FullName, b.Status)), Is.EquivalentTo(new[]
        {
            (Batched, BudgetStatus.Pass),
            (Serial, BudgetStatus.Pass),
        }));
    }

    [Test]
    public void The_finding_points_at_the_benchmark_method_when_its_source_is_found()
    {
        using TempFolder folder = Setup("regressed");
        string source = Path.Combine(
            TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "samples", "Benchmarks", "OrderLookupBenchmarks.cs");
        Assume.That(File.Exists(source), "the sample benchmark's source is part of the repository");
        string copy = BudgetTestData.Copy(folder, source, "bench/OrderLookupBenchmarks.cs");
        int expectedLine = File.ReadAllLines(copy).ToList().FindIndex(l => l.Contains("public decimal BatchedLookup()")) + 1;

        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);

        Finding finding = outcome.Findings.First(f => f.Message.Contains("BatchedLookup"));
        Assert.That(finding.FilePath, Is.EqualTo(copy));
        Assert.That(finding.Region!.StartLine, Is.EqualTo(expectedLine));
        Assert.That(finding.Region.StartColumn, Is.EqualTo(20));
    }

    [Test]
    public void Without_source_the_finding_points_at_the_benchmark_in_the_result_file()
    {
        using TempFolder folder = Setup("regressed");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);
        Finding finding = outcome.Findings.First(f => f.Message.Contains("BatchedLookup"));
        Assert.That(finding.FilePath, Does.EndWith("current.json"));
        string line = File.ReadAllLines(finding.FilePath!)[finding.Region!.StartLine];
        Assert.That(line, Does.Contain("OrderLookupBenchmarks.BatchedLookup"));
    }

    [Test]
    public void Brief_data_without_raw_measurements_falls_back_to_the_ratio_of_medians_and_says_so()
    {
        using TempFolder folder = Setup("regressed", kind: "brief");
        string current = Path.Combine(folder.Path, "BenchmarkDotNet.Artifacts/results/current.json");
        File.WriteAllText(current, StripOriginalValues(File.ReadAllText(current)));

        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);

        BenchmarkComparison batched = outcome.Benchmarks.Single(b => b.FullName == Batched);
        Assert.That(batched.Method, Is.EqualTo("ratio of medians: no raw measurements in the files"));
        Assert.That(batched.TimeStatus, Is.EqualTo(BudgetStatus.Fail));
        Assert.That(outcome.Findings.Select(f => f.Message), Has.Some.Contains("(decided by ratio of medians: no raw measurements in the files)"));
    }

    [Test]
    public void The_compressed_export_decides_like_the_indented_one()
    {
        using TempFolder indented = Setup("regressed", kind: "full");
        using TempFolder compressed = Setup("regressed", kind: "full-compressed");
        var a = BudgetEvaluator.Evaluate(BudgetTestData.Policy(indented, Budget), indented.Path);
        var b = BudgetEvaluator.Evaluate(BudgetTestData.Policy(compressed, Budget), compressed.Path);
        Assert.That(b.Benchmarks.Select(x => (x.FullName, x.TimeStatus, x.AllocationStatus, x.Summary)),
            Is.EqualTo(a.Benchmarks.Select(x => (x.FullName, x.TimeStatus, x.AllocationStatus, x.Summary))));
    }

    [Test]
    public void A_baseline_from_another_architecture_is_not_comparable()
    {
        using TempFolder folder = Setup("rerun");
        string baseline = Path.Combine(folder.Path, "perf/baseline/results.json");
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace("\"Architecture\":\"X64\"", "\"Architecture\":\"Arm64\""));

        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);

        Assert.That(outcome.Benchmarks.Select(b => b.Status), Is.All.EqualTo(BudgetStatus.NotComparable));
        Assert.That(outcome.Findings, Has.Count.EqualTo(2));
        Assert.That(outcome.Findings[0].Message, Does.Contain("not comparable").And.Contain("measured on Arm64, these results on X64"));
    }

    [Test]
    public void A_baseline_from_another_runtime_is_not_comparable()
    {
        using TempFolder folder = Setup("rerun");
        string baseline = Path.Combine(folder.Path, "perf/baseline/results.json");
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace(".NET 10.0.12 (10.0.12", ".NET 9.0.4 (9.0.4"));

        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);

        Assert.That(outcome.Findings.Select(f => f.Message), Has.All.Contains("measured on .NET 9.0, these results on .NET 10.0"));
    }

    [Test]
    public void The_warn_tier_annotates_without_failing()
    {
        using TempFolder folder = Setup("regressed");
        GatePolicy policy = BudgetTestData.Policy(folder, """
            budgets:
              benchmarks:
                - results: "BenchmarkDotNet.Artifacts/results/*.json"
                  baseline: "perf/baseline"
                  maxRegression: 500%
                  warn: { maxRegression: 10%, maxAllocatedRegression: 0% }
            """);
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(policy, folder.Path);
        var result = new GateResult(policy, new Finding[0], new System.Collections.Generic.Dictionary<string, PerfGate.Core.Evidence.ReportedRule>())
            .WithBudgets(outcome);

        Assert.That(outcome.Findings.Where(f => f.Message.Contains("BatchedLookup")).Select(f => f.Level),
            Is.EqualTo(new[] { RuleLevel.Warning, RuleLevel.Warning }));
        Assert.That(outcome.Findings.Select(f => f.Message), Has.Some.Contains("warning limit of +10 %"));
        Assert.That(result.Passed, Is.True);
    }

    [TestCase(14337, BudgetStatus.Pass)]
    [TestCase(14343, BudgetStatus.Pass)]
    [TestCase(14344, BudgetStatus.Fail)]
    public void Allocation_changes_below_eight_bytes_per_operation_are_rounding_not_regressions(int bytes, BudgetStatus expected)
    {
        using TempFolder folder = Setup("rerun");
        string current = Path.Combine(folder.Path, "BenchmarkDotNet.Artifacts/results/current.json");
        File.WriteAllText(current, File.ReadAllText(current).Replace("\"BytesAllocatedPerOperation\":14336", "\"BytesAllocatedPerOperation\":" + bytes));
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);
        Assert.That(outcome.Benchmarks.Single(b => b.FullName == Batched).AllocationStatus, Is.EqualTo(expected));
    }

    [Test]
    public void Turning_the_rule_off_silences_the_budget()
    {
        using TempFolder folder = Setup("regressed");
        GatePolicy policy = BudgetTestData.Policy(folder, "rules:\n  PG6001: off\n" + Budget);
        Assert.That(BudgetEvaluator.Evaluate(policy, folder.Path).Findings, Is.Empty);
    }

    [Test]
    public void No_result_file_is_a_PG0003_error_at_the_policy_entry()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "perf/baseline"));
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);
        Finding finding = outcome.Findings.Single();
        Assert.That((finding.RuleId, finding.Level, finding.Region!.StartLine, finding.Region.StartColumn), Is.EqualTo(("PG0003", RuleLevel.Error, 3, 7)));
        Assert.That(finding.FilePath, Does.EndWith("perfgate.yml"));
        Assert.That(finding.Message, Does.StartWith("no BenchmarkDotNet result file matches 'BenchmarkDotNet.Artifacts/results/*.json'"));
    }

    [Test]
    public void A_malformed_result_file_is_a_PG0003_error_at_its_position()
    {
        using TempFolder folder = Setup("rerun");
        string current = Path.Combine(folder.Path, "BenchmarkDotNet.Artifacts/results/current.json");
        File.WriteAllText(current, "{\n  \"Benchmarks\": [\n    {\"FullName\": 42}\n  ]\n}");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);
        Finding finding = outcome.Findings.Single();
        Assert.That((finding.RuleId, finding.FilePath, finding.Region!.StartLine, finding.Region.StartColumn), Is.EqualTo(("PG0003", current, 3, 18)));
        Assert.That(finding.Message, Does.Contain("expected 'FullName' to be a string"));
    }

    [Test]
    public void A_new_benchmark_without_baseline_is_listed_not_failed()
    {
        using TempFolder folder = Setup("rerun");
        string current = Path.Combine(folder.Path, "BenchmarkDotNet.Artifacts/results/current.json");
        File.WriteAllText(current, File.ReadAllText(current).Replace("OrderLookupBenchmarks.SerialLookups\"", "OrderLookupBenchmarks.SerialLookupsV2\""));
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, Budget), folder.Path);
        Assert.That(outcome.Benchmarks.Single(b => b.FullName.EndsWith("V2")).Summary, Is.EqualTo("new benchmark: no baseline to compare with"));
        Assert.That(outcome.Notes, Has.One.Contains("'" + Serial + "' is in the baseline but not in the current results"));
    }

    private static string StripOriginalValues(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var benchmark in node["Benchmarks"]!.AsArray())
            benchmark!["Statistics"]!.AsObject().Remove("OriginalValues");
        return node.ToJsonString();
    }
}

using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

/// <summary>
/// Runs a short real BenchmarkDotNet job of samples/Benchmarks (copied to a temp folder) and gates it
/// against the committed baseline: the host must be comparable and the allocation figure — deterministic —
/// must match the baseline's exactly. Time is not asserted: on a shared runner it is noise.
/// </summary>
[Category("Integration")]
public sealed class BenchmarkEndToEndTests
{
    [Test]
    [CancelAfter(600_000)]
    public void A_short_real_run_is_compared_with_the_committed_baseline()
    {
        string sample = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "samples", "Benchmarks"));
        Assert.That(File.Exists(Path.Combine(sample, "OrderLookup.Benchmarks.csproj")), Is.True, sample);

        using var folder = new TempFolder();
        string project = Path.Combine(folder.Path, "bench");
        Directory.CreateDirectory(project);
        foreach (string file in Directory.EnumerateFiles(sample).Where(f => !f.EndsWith(".md")))
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("baseline", "full"), "perf/baseline/results.json");

        string artifacts = Path.Combine(folder.Path, "BenchmarkDotNet.Artifacts");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { "run", "-c", "Release", "--", "--filter", "*BatchedLookup*", "--exporters", "json",
                     "--warmupCount", "1", "--iterationCount", "5", "--launchCount", "1", "--iterationTime", "50", "--artifacts", artifacts })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("PERFGATE_SAMPLE_VARIANT");
        using (Process process = Process.Start(start)!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), stdout.Result + stderr.Result);
        }

        var policy = BudgetTestData.Policy(folder, """
            budgets:
              benchmarks:
                - results: "BenchmarkDotNet.Artifacts/results/*.json"
                  baseline: "perf/baseline"
                  maxRegression: 1000%
                  maxAllocatedRegression: 0%
            """);
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(policy, folder.Path);

        BenchmarkComparison batched = outcome.Benchmarks.Single();
        Assert.That(batched.FullName, Is.EqualTo("OrderLookup.Benchmarks.OrderLookupBenchmarks.BatchedLookup"));
        Assert.That(batched.Current.Values, Has.Count.InRange(3, 5), "BenchmarkDotNet drops upper outliers from the 5 workload results");
        // Deterministic up to BenchmarkDotNet's per-operation rounding: measured 14,337 B once with 5 iterations.
        Assert.That(batched.Current.BytesAllocatedPerOperation, Is.EqualTo(14336).Within(BenchmarkBudget.AllocationNoiseBytes - 1));
        Assert.That((batched.TimeStatus, batched.AllocationStatus), Is.EqualTo((BudgetStatus.Pass, BudgetStatus.Pass)), batched.Summary);
        Assert.That(outcome.Findings, Is.Empty, string.Join("\n", outcome.Findings.Select(f => f.Message)));
    }
}

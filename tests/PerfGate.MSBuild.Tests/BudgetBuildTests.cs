using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.MSBuild.Tests;

/// <summary>
/// The build gate evaluates the policy's budgets after the compile, on the real BenchmarkDotNet results
/// committed under tests/PerfGate.Core.Tests/Budgets/TestData ("baseline" and "rerun": the same code;
/// "regressed": BatchedLookup copies every product per call).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class BudgetBuildTests
{
    private const string Policy = """
        version: 1
        rules:
          PG1001: warning
          PG2002: warning
        budgets:
          benchmarks:
            - results: "results/*-report-full.json"
              baseline: "perf/baseline"
              maxRegression: 100%
              maxAllocatedRegression: 0%
        """;

    private static string Benchmarks(string run) =>
        RepositoryPaths.Source(Path.Combine("tests", "PerfGate.Core.Tests", "Budgets", "TestData", "Benchmarks", run));

    private static void CopyRun(UserProject project, string run, string to)
    {
        string target = Path.Combine(project.ProjectDirectory, to);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Benchmarks(run), "*-report-full.json"))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    private static UserProject Create(string run, string policy = Policy)
    {
        var project = new UserProject();
        project.Write("Orders.cs", ShopSources.Orders);
        project.Write("perfgate.yml", policy);
        CopyRun(project, "baseline", Path.Combine("perf", "baseline"));
        CopyRun(project, run, "results");
        return project;
    }

    [Test]
    public void A_regressed_benchmark_fails_the_build_with_the_PG6001_line_and_the_rerun_passes()
    {
        using UserProject project = Create("regressed");
        ProcessResult regressed = project.Build();
        Assert.That(regressed.ExitCode, Is.Not.EqualTo(0), regressed.ToString());
        string results = Path.Combine(project.ProjectDirectory, "results", "OrderLookup.Benchmarks.OrderLookupBenchmarks-report-full.json");
        Assert.That(regressed.BuildLog,
            Does.Match(Regex.Escape(results)
                + @"\(\d+,\d+\): error PG6001: Benchmark 'OrderLookupBenchmarks\.BatchedLookup' (regressed|allocates more)"), regressed.ToString());
        Assert.That(Regex.Matches(regressed.BuildLog, Regex.Escape("error PG6001: Benchmark 'OrderLookupBenchmarks.BatchedLookup' allocates more"))
            .Count, Is.EqualTo(1), "printed once:\n" + regressed);
        Assert.That(project.IntermediateFile("perfgate.budgets.flag"), Does.Exist);

        // Nothing changed: the budgets are evaluated again (a failing gate cannot pass on a no-op rebuild).
        ProcessResult again = project.Build();
        Assert.That(again.ExitCode, Is.Not.EqualTo(0), again.ToString());
        Assert.That(again.BuildLog, Does.Contain("error PG6001"));

        // New results (a budget input) rerun the budgets without a policy change.
        CopyRun(project, "rerun", "results");
        ProcessResult rerun = project.Build();
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.ToString());
        Assert.That(rerun.BuildLog, Does.Not.Contain("PG6001"));
        Assert.That(rerun.Output, Does.Contain("PerfGate: budgets passed"));

        // Up to date: skipped.
        ProcessResult noop = project.Build();
        Assert.That(noop.ExitCode, Is.EqualTo(0), noop.ToString());
        Assert.That(noop.Output, Does.Not.Contain("PerfGate: budgets passed"), "an unchanged build skips the budgets");
    }

    [Test]
    public void Budget_findings_join_the_sarif_and_a_missing_input_is_PG0003_at_the_policy_entry()
    {
        using UserProject project = Create("regressed");
        ProcessResult build = project.Build(ci: true);
        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        using (var sarif = JsonDocument.Parse(File.ReadAllText(project.IntermediateFile("perfgate.sarif"))))
        {
            var ruleIds = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("ruleId").GetString()).ToArray();
            Assert.That(ruleIds, Does.Contain("PG6001").And.Contain("PG1001"));
        }

        project.Write("perfgate.yml", Policy.Replace("results/*-report-full.json", "missing/*.json"));
        ProcessResult missing = project.Build();
        Assert.That(missing.ExitCode, Is.Not.EqualTo(0), missing.ToString());
        Assert.That(missing.BuildLog, Does.Match(Regex.Escape(Path.Combine(project.ProjectDirectory, "perfgate.yml")) + @"\(7,7\): error PG0003: "),
            missing.ToString());
    }

    [Test]
    public void A_new_finding_budget_compares_with_the_baseline_beside_the_policy()
    {
        const string newPolicy = "version: 1\nrules:\n  PG1001: warning\n  PG2002: warning\nbudgets:\n  findings:\n    - rule: \"PG1*\"\n      new: 0\n";
        using UserProject project = Create("rerun", newPolicy);
        ProcessResult first = project.Build(ci: true);
        Assert.That(first.ExitCode, Is.Not.EqualTo(0), first.ToString());
        Assert.That(first.BuildLog,
            Does.Match(Regex.Escape(Path.Combine(project.ProjectDirectory, "perfgate.yml"))
                + @"\(7,7\): error PG6003: \d+ new findings? of rule PG1\*; the budget allows at most 0 new \(there is no baseline"), first.ToString());

        // Accept today's findings, as `perfgate baseline` would: the baseline is a budget input, so the budgets rerun and pass.
        string policyPath = Path.Combine(project.ProjectDirectory, "perfgate.yml");
        var policy = PerfGate.Core.Policy.PolicyLoader.Load(policyPath).Policy!;
        var findings = PerfGate.Core.Gate.EvidenceCollector.FromSarifFiles(policy, new[] { project.IntermediateFile("perfgate.findings.sarif") }).Findings;
        Assert.That(findings.Where(f => f.RuleId.StartsWith("PG1", System.StringComparison.Ordinal)), Is.Not.Empty);
        string root = PerfGate.Core.RepositoryRoot.Find(project.ProjectDirectory, policy.BaseDirectory);
        PerfGate.Core.Baseline.BaselineFile.Write(Path.Combine(project.ProjectDirectory, "perfgate.baseline.json"),
            PerfGate.Core.Baseline.BaselineMatcher.FromFindings(findings, root));
        ProcessResult accepted = project.Build(ci: true);
        Assert.That(accepted.ExitCode, Is.EqualTo(0), accepted.ToString());
        Assert.That(accepted.Output, Does.Contain("PerfGate: budgets passed"), accepted.ToString());

        // A broken baseline is PG0005 at the file, not a stack trace.
        File.WriteAllText(Path.Combine(project.ProjectDirectory, "perfgate.baseline.json"), "{ \"version\": 2, \"findings\": [] }");
        ProcessResult broken = project.Build(ci: true);
        Assert.That(broken.ExitCode, Is.Not.EqualTo(0), broken.ToString());
        Assert.That(broken.BuildLog, Does.Contain("perfgate.baseline.json(1,1): error PG0005: PerfGate: expected \"version\": 1"), broken.ToString());
        Assert.That(broken.Output, Does.Not.Contain("   at PerfGate"));
    }

    [Test]
    public void A_policy_without_budgets_writes_no_flag_and_runs_no_budget_target()
    {
        using UserProject project = Create("regressed", Policy.Substring(0, Policy.IndexOf("budgets:", System.StringComparison.Ordinal)));
        ProcessResult build = project.Build(false, "-v:d");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        Assert.That(project.IntermediateFile("perfgate.budgets.flag"), Does.Not.Exist);
        Assert.That(build.Output, Does.Contain("Target \"PerfGateCheckBudgets\" skipped, due to false condition").Or.Not.Contain("CheckPerfGateBudgets"));
        Assert.That(build.Output, Does.Not.Contain("PerfGate: budgets"));
    }
}

using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;

namespace PerfGate.Cli.Tests;

/// <summary>
/// Budgets through the CLI entry point, in process, on the real BenchmarkDotNet and Artillery outputs in
/// tests/PerfGate.Core.Tests/Budgets/TestData ("baseline" and "rerun": the same code; "regressed":
/// BatchedLookup copies every product per call).
/// </summary>
public sealed class BudgetCheckTests
{
    private static string TestData => Path.Combine(RepositoryPaths.Root, "tests", "PerfGate.Core.Tests", "Budgets", "TestData");

    private const string BenchmarkPolicy =
        "budgets:\n" +
        "  benchmarks:\n" +
        "    - results: \"results/*-report-full.json\"\n" +
        "      baseline: \"perf/baseline\"\n" +
        "      maxRegression: 100%\n" +
        "      maxAllocatedRegression: 0%\n";

    /// <summary>A folder with a policy, the baseline run in perf/baseline, <paramref name="run"/> in results/, and a SARIF log with one PG1001
    /// finding.</summary>
    private static TempDir Setup(string run, string policy)
    {
        var dir = new TempDir();
        dir.Write("perfgate.yml", policy);
        foreach (string file in Directory.GetFiles(Path.Combine(TestData, "Benchmarks", "baseline")))
            File.Copy(file, Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, "perf", "baseline")).FullName, Path.GetFileName(file)));
        foreach (string file in Directory.GetFiles(Path.Combine(TestData, "Benchmarks", run)))
            File.Copy(file, Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, "results")).FullName, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(dir.Path, "load"));
        File.Copy(Path.Combine(TestData, "LoadTests", "artillery-report-errors.json"), Path.Combine(dir.Path, "load", "artillery.json"));
        string source = dir.Write("src/Orders.cs", "class Orders\n{\n    void M() { Query(); }\n}\n");
        dir.Write("build.sarif", CompilerSarif.WithOnePG1001(source));
        return dir;
    }

    [Test]
    public void A_regressed_benchmark_fails_check_with_PG6001_and_the_rerun_passes()
    {
        using (TempDir regressed = Setup("regressed", BenchmarkPolicy + "rules:\n  PG1001: warning\n"))
        {
            CliRun run = InProcess.Run(regressed.Path, "check", "--sarif", "build.sarif");
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stdout, Does.Contain("error PG6001: Benchmark 'OrderLookupBenchmarks.BatchedLookup' regressed"), run.ToString());
            Assert.That(run.Stdout, Does.Contain("14,336 B → 126,464 B"), run.ToString());
            Assert.That(run.Stdout, Does.Contain("warning PG1001"), "the SARIF's own findings are still there");
        }
        using (TempDir rerun = Setup("rerun", BenchmarkPolicy + "rules:\n  PG1001: warning\n"))
        {
            CliRun run = InProcess.Run(rerun.Path, "check", "--sarif", "build.sarif");
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.Not.Contain("PG6001"));
        }
    }

    [Test]
    public void Budget_levels_and_failOn_decide_the_exit_code_as_for_any_finding()
    {
        using TempDir dir = Setup("regressed", BenchmarkPolicy + "rules:\n  PG1001: warning\n  PG6001: warning\n");
        CliRun run = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("warning PG6001"));

        dir.Write("perfgate.yml", BenchmarkPolicy + "failOn: warning\nrules:\n  PG1001: warning\n  PG6001: warning\n");
        Assert.That(InProcess.Run(dir.Path, "check", "--sarif", "build.sarif").ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void A_finding_budget_counts_the_findings_of_the_checked_sarif()
    {
        string policy = "rules:\n  PG1001: warning\nbudgets:\n  findings:\n    - { rule: \"PG1*\", max: 0 }\n";
        using TempDir dir = Setup("rerun", policy);
        CliRun run = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain("perfgate.yml(5,7): error PG6003: 1 finding of rule PG1*; the budget allows at most 0."), run.ToString());

        dir.Write("perfgate.yml", policy.Replace("max: 0", "max: 1"));
        Assert.That(InProcess.Run(dir.Path, "check", "--sarif", "build.sarif").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_new_finding_budget_counts_what_the_baseline_does_not_hold()
    {
        string policy = "rules:\n  PG1001: warning\nbudgets:\n  findings:\n    - { rule: \"PG1*\", new: 0 }\n";
        using TempDir dir = Setup("rerun", policy);

        // No baseline yet: the one PG1001 finding is new, and the message says why.
        CliRun none = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(none.ExitCode, Is.EqualTo(1), none.ToString());
        Assert.That(none.Stdout,
            Does.Contain("perfgate.yml(5,7): error PG6003: 1 new finding of rule PG1*; the budget allows at most 0 new (there is no baseline: perfgate.baseline.json does not exist, so every finding counts as new"), none.ToString());

        // The baseline accepts it: nothing new, the gate passes.
        CliRun write = InProcess.Run(dir.Path, "baseline", "--sarif", "build.sarif");
        Assert.That(write.ExitCode, Is.EqualTo(0), write.ToString());
        CliRun accepted = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "--format", "markdown");
        Assert.That(accepted.ExitCode, Is.EqualTo(0), accepted.ToString());
        Assert.That(accepted.Stdout, Does.Contain("| rule PG1\\* | 1 (0 new) | 0 new | – |"), accepted.ToString());

        // --no-baseline: every finding is new again.
        CliRun ignored = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "--no-baseline");
        Assert.That(ignored.ExitCode, Is.EqualTo(1), ignored.ToString());
        Assert.That(ignored.Stdout, Does.Contain("(no findings baseline was compared, so every finding counts as new)"), ignored.ToString());
    }

    [Test]
    public void A_load_test_budget_gates_check()
    {
        string policy = "rules:\n  PG1001: warning\nbudgets:\n  loadTests:\n    - summary: load/artillery.json\n      thresholds:\n        http.error_rate: \"< 1%\"\n";
        using TempDir dir = Setup("rerun", policy);
        CliRun run = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain("error PG6002").And.Contain("http.error_rate is 4.17 %"), run.ToString());

        dir.Write("perfgate.yml", policy.Replace("< 1%", "< 5%"));
        Assert.That(InProcess.Run(dir.Path, "check", "--sarif", "build.sarif").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Check_without_sarif_gates_the_budgets_of_the_policy_alone()
    {
        // A Node service has no SARIF: its load tests and traces are the evidence.
        string policy = "budgets:\n  loadTests:\n    - summary: load/artillery.json\n      thresholds:\n        http.error_rate: \"< 1%\"\n";
        using TempDir dir = Setup("rerun", policy);
        CliRun failed = InProcess.Run(dir.Path, "check", "--policy", "perfgate.yml");
        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.Stdout, Does.Contain("error PG6002").And.Contain("http.error_rate is 4.17 %"), failed.ToString());
        Assert.That(failed.Stdout, Does.Not.Contain("PG1001"), "no SARIF was named, so none was read");

        dir.Write("perfgate.yml", policy.Replace("< 1%", "< 5%"));
        CliRun passed = InProcess.Run(dir.Path, "check");
        Assert.That(passed.ExitCode, Is.EqualTo(0), passed.ToString());
    }

    [Test]
    public void Check_without_sarif_or_budgets_says_what_it_needs()
    {
        using TempDir dir = Setup("rerun", "rules:\n  PG1001: warning\n");
        CliRun run = InProcess.Run(dir.Path, "check");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr,
            Does.Contain("PG0004: check needs --sarif FILES… (SARIF logs to evaluate) or a policy with budgets:").And.Contain("has no budgets"));
    }

    [Test]
    public void Fail_on_overrides_the_verdict_and_keeps_the_budgets()
    {
        string policy = "budgets:\n  loadTests:\n    - summary: load/artillery.json\n      thresholds:\n        http.error_rate: \"< 1%\"\n";
        using TempDir dir = Setup("rerun", policy);
        CliRun run = InProcess.Run(dir.Path, "check", "--fail-on", "never");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("error PG6002"), "--fail-on changes the verdict, not what is evaluated");
    }

    [Test]
    public void A_missing_budget_input_is_exit_2_with_PG0003_at_the_policy_entry()
    {
        using TempDir dir = Setup("rerun", BenchmarkPolicy.Replace("results/*-report-full.json", "nothing/*.json"));
        CliRun run = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "--format", "markdown");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"perfgate\.yml\(3,7\): error PG0003: .*nothing/\*\.json"), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("   at "), "never a stack trace");
        Assert.That(run.Stdout, Is.Empty, "no report on an input error");
    }

    [Test]
    public void Markdown_and_html_reports_carry_the_budget_figures()
    {
        using TempDir dir = Setup("regressed", BenchmarkPolicy + "rules:\n  PG1001: warning\n");
        string md = Path.Combine(dir.Path, "summary.md");
        CliRun markdown = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "--format", "markdown", "--output", md);
        Assert.That(markdown.ExitCode, Is.EqualTo(1), markdown.ToString());
        string text = File.ReadAllText(md);
        Assert.That(text, Does.StartWith("# PerfGate: failed"));
        Assert.That(text, Does.Contain("## Benchmarks").And.Contain("15.4 μs → 42.4 μs").And.Contain("14,336 B → 126,464 B"));
        Assert.That(text, Does.Contain("## Findings").And.Contain("PG1001"));

        string html = Path.Combine(dir.Path, "report.html");
        CliRun report = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "-f", "html", "-o", html);
        Assert.That(report.ExitCode, Is.EqualTo(1), report.ToString());
        string page = File.ReadAllText(html);
        Assert.That(page, Does.StartWith("<!DOCTYPE html>").IgnoreCase);
        Assert.That(page, Does.Contain("BatchedLookup").And.Contain("<svg"));
        Assert.That(InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "-f", "html", "-o", html).ExitCode, Is.EqualTo(1));
        Assert.That(File.ReadAllText(html), Is.EqualTo(page), "same inputs, byte-identical report");
    }

    [Test]
    public void Scan_of_a_folder_evaluates_the_budgets_too()
    {
        using TempDir dir = Setup("regressed", BenchmarkPolicy);
        File.Delete(Path.Combine(dir.Path, "build.sarif"));
        CliRun run = InProcess.Run(dir.Path, "scan", ".", "--sources", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain("error PG6001"), run.ToString());
        Assert.That(run.Stdout.Split('\n').Count(l => l.Contains("PG6001")), Is.GreaterThanOrEqualTo(1));
    }
}

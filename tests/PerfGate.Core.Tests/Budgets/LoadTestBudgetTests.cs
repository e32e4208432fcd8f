using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

/// <summary>
/// PG6002. The Artillery reports are real (Artillery 2.0.34 against TestData/LoadTests/artillery-server.js);
/// k6 does not install here, so the k6 files are hand-made to follow k6's documented formats exactly:
/// --summary-export (a threshold's true means it FAILED) and handleSummary data ({ "ok": false } means failed).
/// </summary>
public sealed class LoadTestBudgetTests
{
    private static BudgetOutcome Evaluate(TempFolder folder, string summaryFile, string thresholds, string warn = "")
    {
        BudgetTestData.Copy(folder, BudgetTestData.LoadTest(summaryFile), "perf/summary.json");
        string yaml = "budgets:\n  loadTests:\n    - summary: perf/summary.json\n      thresholds:\n" + thresholds
            + (warn.Length > 0 ? "      warn:\n" + warn : "");
        return BudgetEvaluator.Evaluate(BudgetTestData.Policy(folder, yaml), folder.Path);
    }

    [Test]
    public void Recognises_each_format_from_its_content()
    {
        Assert.That(LoadTestSummaryReader.Read(BudgetTestData.LoadTest("k6-summary-export.json")).Tool, Is.EqualTo(LoadTestSummaryReader.K6SummaryExport));
        Assert.That(LoadTestSummaryReader.Read(BudgetTestData.LoadTest("k6-handle-summary.json")).Tool, Is.EqualTo(LoadTestSummaryReader.K6HandleSummary));
        Assert.That(LoadTestSummaryReader.Read(BudgetTestData.LoadTest("artillery-report.json")).Tool, Is.EqualTo(LoadTestSummaryReader.Artillery));
    }

    [Test]
    public void Normalises_metric_names()
    {
        LoadTestSummary k6 = LoadTestSummaryReader.Read(BudgetTestData.LoadTest("k6-summary-export.json"));
        Assert.That(k6.Metrics["http_req_duration.p95"], Is.EqualTo(new MetricValue(215.95, MetricKind.Time)));
        Assert.That(k6.Metrics["http_req_duration.median"].Value, Is.EqualTo(110.47));
        Assert.That(k6.Metrics["http_req_failed.rate"], Is.EqualTo(new MetricValue(0.022222222222222223, MetricKind.Rate)));
        Assert.That(k6.Metrics["http_reqs.count"], Is.EqualTo(new MetricValue(180, MetricKind.Plain)));

        LoadTestSummary artillery = LoadTestSummaryReader.Read(BudgetTestData.LoadTest("artillery-report-errors.json"));
        Assert.That(artillery.Metrics["http.response_time.p99"].Kind, Is.EqualTo(MetricKind.Time));
        Assert.That(artillery.Metrics["http.requests.count"].Value, Is.EqualTo(96));
        Assert.That(artillery.Metrics["http.error_rate"].Value, Is.EqualTo(4.0 / 96).Within(1e-12));
    }

    [Test]
    public void K6_summary_export_true_means_a_threshold_failed()
    {
        LoadTestSummary k6 = LoadTestSummaryReader.Read(BudgetTestData.LoadTest("k6-summary-export.json"));
        Assert.That(k6.ToolThresholds.Select(t => (t.Metric, t.Expression, t.Failed)), Is.EqualTo(new[]
        {
            ("http_req_duration", "p(95)<500", false),
            ("http_req_duration", "p(90)<200", true),
            ("http_req_failed", "rate<0.01", true),
        }));
    }

    [Test]
    public void K6_summary_export_conditions_and_the_failed_k6_thresholds_are_findings()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, "k6-summary-export.json",
            "        http_req_duration.p95: \"< 300ms\"\n        http_req_failed.rate: \"< 1%\"\n");

        Assert.That(outcome.Thresholds.Select(t => (t.Condition.Metric, t.ActualDisplay, t.Status)), Is.EqualTo(new[]
        {
            ("http_req_duration.p95", "215.95 ms", BudgetStatus.Pass),
            ("http_req_failed.rate", "2.22 %", BudgetStatus.Fail),
        }));
        Assert.That(outcome.Findings.Select(f => f.Message), Is.EquivalentTo(new[]
        {
            "http_req_failed.rate is 2.22 %; the budget requires < 1% (k6 (--summary-export) summary summary.json).",
            "k6 threshold 'p(90)<200' on 'http_req_duration' failed in the run that wrote this summary.",
            "k6 threshold 'rate<0.01' on 'http_req_failed' failed in the run that wrote this summary.",
        }));
        Finding policyFinding = outcome.Findings.Single(f => f.Message.StartsWith("http_req_failed"));
        Assert.That((policyFinding.RuleId, policyFinding.Region!.StartLine), Is.EqualTo(("PG6002", 6)));
    }

    [Test]
    public void K6_handle_summary_passes_when_every_condition_holds()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, "k6-handle-summary.json",
            "        http_req_duration.p95: \"< 0.3s\"\n        http_req_duration.p99: \"<= 301.4ms\"\n        http_req_failed.rate: \"< 1%\"\n        http_reqs.count: \">= 100\"\n");
        Assert.That(outcome.Findings, Is.Empty, string.Join("\n", outcome.Findings.Select(f => f.Message)));
        Assert.That(outcome.Thresholds.Select(t => t.ActualDisplay), Is.EqualTo(new[] { "0.19 s", "301.4 ms", "0.56 %", "180" }));
    }

    [Test]
    public void A_real_artillery_report_is_gated()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, "artillery-report-errors.json",
            "        http.response_time.p99: \"< 500ms\"\n        http.error_rate: \"< 1%\"\n",
            "        http.response_time.p95: \"< 10ms\"\n");

        Assert.That(outcome.Thresholds.Select(t => (t.Condition.Metric, t.IsWarnTier, t.Status)), Is.EqualTo(new[]
        {
            ("http.response_time.p99", false, BudgetStatus.Pass),
            ("http.error_rate", false, BudgetStatus.Fail),
            ("http.response_time.p95", true, BudgetStatus.Warn),
        }));
        Assert.That(outcome.Findings.Select(f => (f.Level, f.Message.Split(';')[0])), Is.EquivalentTo(new[]
        {
            (RuleLevel.Error, "http.error_rate is 4.17 %"),
            (RuleLevel.Warning, "http.response_time.p95 is " + outcome.Thresholds[2].ActualDisplay),
        }));
    }

    [Test]
    public void A_clean_artillery_report_passes()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, "artillery-report.json", "        http.error_rate: \"< 1%\"\n        vusers.failure_rate: \"<= 0%\"\n");
        Assert.That(outcome.Findings, Is.Empty);
        Assert.That(outcome.Thresholds.All(t => t.Status == BudgetStatus.Pass));
    }

    [Test]
    public void An_unknown_metric_is_a_PG0003_error_with_a_suggestion()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, "k6-handle-summary.json", "        http_req_duraton.p95: \"< 300ms\"\n");
        Finding finding = outcome.Findings.Single();
        Assert.That((finding.RuleId, finding.Region!.StartLine, finding.Region.StartColumn), Is.EqualTo(("PG0003", 5, 9)));
        Assert.That(finding.Message, Does.Contain("has no metric 'http_req_duraton.p95'; did you mean 'http_req_duration.p95'?"));
    }

    [TestCase("http_req_duration.p95: \"< 1%\"", "mixes units: the metric is a duration")]
    [TestCase("http_req_duration.p95: \"< 300\"", "has no unit: the metric is a duration")]
    [TestCase("http_req_failed.rate: \"< 5ms\"", "mixes units: the metric is a rate")]
    [TestCase("http_reqs.count: \"< 5s\"", "mixes units: the metric is a plain number")]
    public void Mixed_units_are_refused_not_passed(string condition, string expected)
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, "k6-handle-summary.json", "        " + condition + "\n");
        Finding finding = outcome.Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG0003"));
        Assert.That(finding.Message, Does.Contain(expected));
        Assert.That(outcome.Thresholds.Single().Status, Is.EqualTo(BudgetStatus.NotComparable));
    }

    [Test]
    public void A_missing_summary_is_a_PG0003_error_at_the_policy_entry()
    {
        using var folder = new TempFolder();
        var policy = BudgetTestData.Policy(
            folder, "budgets:\n  loadTests:\n    - summary: perf/none.json\n      thresholds:\n        http_req_duration.p95: \"< 300ms\"\n");
        Finding finding = BudgetEvaluator.Evaluate(policy, folder.Path).Findings.Single();
        Assert.That((finding.RuleId, finding.Region!.StartLine), Is.EqualTo(("PG0003", 3)));
        Assert.That(finding.Message, Does.Contain("'perf/none.json' does not exist"));
    }

    [Test]
    public void A_file_of_the_wrong_shape_is_an_error_with_its_position()
    {
        using var folder = new TempFolder();
        string path = folder.Write(
            "s.json", "{\n  \"metrics\": {\n    \"http_req_duration\": {\"type\": \"trend\", \"values\": {\"p(95)\": \"fast\"}}\n  }\n}");
        var e = Assert.Throws<EvidenceException>(() => LoadTestSummaryReader.Read(path))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((3, 64)));
        Assert.That(e.Message, Does.Contain("expected 'p(95)' of metric 'http_req_duration' to be a number, found a string"));
    }

    [Test]
    public void An_unrecognised_summary_says_what_it_expected()
    {
        using var folder = new TempFolder();
        string path = folder.Write("s.json", "{\"Benchmarks\": []}");
        var e = Assert.Throws<EvidenceException>(() => LoadTestSummaryReader.Read(path))!;
        Assert.That(e.Message, Does.Contain("neither k6 JSON").And.Contain("nor an Artillery report"));
    }
}

using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

/// <summary>
/// Issue 18 item 9: a figure the tool cannot have measured (a negative duration, count or allocation, a rate above 1, an
/// export with no benchmark) is PG0003 at the number, never a silent pass. A ⟦…⟧ marks where the error must point.
/// </summary>
public sealed class ImpossibleFigureTests
{
    private const string Host = "\"HostEnvironmentInfo\":{\"Architecture\":\"X64\",\"RuntimeVersion\":\".NET 10.0.1\"}";

    private static EvidenceException Refused(string marked, System.Func<string, object> read, out (int Line, int Column) expected)
    {
        int at = marked.IndexOf('⟦');
        string before = marked.Substring(0, at);
        expected = (before.Count(c => c == '\n') + 1, System.Text.Encoding.UTF8.GetByteCount(before.Substring(before.LastIndexOf('\n') + 1)) + 1);
        using var folder = new TempFolder();
        string path = folder.Write("input.json", marked.Replace("⟦", "").Replace("⟧", ""));
        var e = Assert.Throws<EvidenceException>(() => read(path))!;
        Assert.That(e.Code, Is.EqualTo(RuleIdentifiers.UnreadableEvidence));
        Assert.That(e.FilePath, Is.EqualTo(path));
        return e;
    }

    private static void AssertRefusedAt(string marked, System.Func<string, object> read, string expectedText)
    {
        EvidenceException e = Refused(marked, read, out var position);
        Assert.That((e.Line, e.Column), Is.EqualTo(position), e.Message);
        Assert.That(e.Message, Does.Contain(expectedText));
    }

    [TestCase("\"Statistics\":{\"Median\":⟦-3⟧}", "'Median' to be a number of nanoseconds (0 or more), found -3")]
    [TestCase("\"Statistics\":{\"Mean\":⟦-1e9⟧}", "'Mean' to be a number of nanoseconds (0 or more), found -1000000000")]
    [TestCase("\"Statistics\":{\"OriginalValues\":[1,2,⟦-5⟧]}", "a measurement in nanoseconds (0 or more), found -5")]
    [TestCase("\"Statistics\":{\"Median\":1,\"ConfidenceInterval\":{\"Lower\":2,\"Upper\":⟦1⟧}}", "'Upper' to be at least 0 and at least 'Lower', found 1")]
    [TestCase("\"Memory\":{\"BytesAllocatedPerOperation\":⟦-8⟧}", "'BytesAllocatedPerOperation' to be a number of bytes (0 or more), found -8")]
    [TestCase("\"Measurements\":[{\"IterationMode\":\"Workload\",\"IterationStage\":\"Result\",\"Operations\":4,\"Nanoseconds\":⟦-400⟧}]",
        "'Nanoseconds' to be a number of nanoseconds (0 or more), found -400")]
    public void A_negative_benchmark_figure_is_refused_at_the_number(string benchmark, string expected)
    {
        string json = "{" + Host + ",\n\"Benchmarks\":[{\"FullName\":\"N.T.M\",\n" + benchmark + "}]}";
        AssertRefusedAt(json, path => BenchmarkResultsReader.Read(path), "impossible figure: expected " + expected);
    }

    [Test]
    public void A_negative_lower_confidence_bound_is_a_real_figure_of_a_tiny_noisy_benchmark()
    {
        using var folder = new TempFolder();
        string path = folder.Write("tiny.json", "{" + Host + ",\"Benchmarks\":[{\"FullName\":\"N.T.M\",\"Statistics\":"
            + "{\"Median\":0.01,\"Mean\":0.02,\"ConfidenceInterval\":{\"Lower\":-0.03,\"Upper\":0.07}}}]}");
        Assert.That(BenchmarkResultsReader.Read(path).Benchmarks.Single().ConfidenceLower, Is.EqualTo(-0.03));
    }

    [Test]
    public void An_export_without_benchmarks_is_refused_at_the_empty_array()
    {
        AssertRefusedAt("{" + Host + ",\n  \"Benchmarks\":⟦[]⟧}", path => BenchmarkResultsReader.Read(path), "has no benchmarks (an empty 'Benchmarks' array)");
    }

    [Test]
    public void An_empty_current_export_fails_the_budget_instead_of_passing_it()
    {
        using var folder = new TempFolder();
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("baseline", "full"), "perf/baseline/run.json");
        folder.Write("results/run.json", "{" + Host + ",\"Benchmarks\":[]}");
        var policy = BudgetTestData.Policy(
            folder, "budgets:\n  benchmarks:\n    - results: results/*.json\n      baseline: perf/baseline\n      maxRegression: 10%\n");

        BudgetOutcome outcome = BudgetEvaluator.Evaluate(policy, folder.Path);

        var finding = outcome.Findings.Single();
        Assert.That((finding.RuleId, finding.Level, Path.GetFileName(finding.FilePath)),
            Is.EqualTo((RuleIdentifiers.UnreadableEvidence, RuleLevel.Error, "run.json")));
        Assert.That(finding.Message, Does.Contain("no benchmarks"));
    }

    [TestCase("\"http_req_duration\":{\"avg\":1,\"p(95)\":⟦-1e9⟧}",
        "'p(95)' of metric 'http_req_duration' to be a duration of 0 ms or more, found -1000000000")]
    [TestCase("\"http_req_failed\":{\"passes\":1,\"fails\":2,\"value\":⟦-5⟧}", "'value' of metric 'http_req_failed' to be a rate from 0 to 1, found -5")]
    [TestCase("\"checks\":{\"passes\":1,\"fails\":2,\"value\":⟦1.5⟧}", "'value' of metric 'checks' to be a rate from 0 to 1, found 1.5")]
    [TestCase("\"http_reqs\":{\"count\":⟦-180⟧,\"rate\":3}", "'count' of metric 'http_reqs' to be a number of 0 or more, found -180")]
    [TestCase("\"http_reqs\":{\"count\":180,\"rate\":⟦-3⟧}", "'rate' of metric 'http_reqs' to be a number of 0 or more, found -3")]
    public void An_impossible_k6_summary_export_figure_is_refused(string metric, string expected)
    {
        AssertRefusedAt("{\"metrics\":{\n" + metric + "}}", path => LoadTestSummaryReader.Read(path), "impossible figure: expected " + expected);
    }

    [TestCase("\"http_req_failed\":{\"type\":\"rate\",\"contains\":\"default\",\"values\":{\"rate\":⟦-5⟧,\"passes\":1,\"fails\":1}}",
        "'rate' of metric 'http_req_failed' to be a rate from 0 to 1, found -5")]
    [TestCase("\"http_req_duration\":{\"type\":\"trend\",\"contains\":\"time\",\"values\":{\"p(95)\":⟦-1⟧}}",
        "'p(95)' of metric 'http_req_duration' to be a duration of 0 ms or more, found -1")]
    [TestCase("\"http_reqs\":{\"type\":\"counter\",\"contains\":\"default\",\"values\":{\"count\":⟦-1⟧,\"rate\":1}}",
        "'count' of metric 'http_reqs' to be a number of 0 or more, found -1")]
    public void An_impossible_k6_handle_summary_figure_is_refused(string metric, string expected)
    {
        AssertRefusedAt("{\"metrics\":{\n" + metric + "}}", path => LoadTestSummaryReader.Read(path), "impossible figure: expected " + expected);
    }

    [Test]
    public void A_custom_k6_gauge_may_be_negative()
    {
        using var folder = new TempFolder();
        string path = folder.Write("k6.json", "{\"metrics\":{\"temperature\":{\"value\":-4,\"min\":-9,\"max\":2}}}");
        Assert.That(LoadTestSummaryReader.Read(path).Metrics["temperature.value"].Value, Is.EqualTo(-4));
    }

    [TestCase("\"summaries\":{\"http.response_time\":{\"min\":1,\"p95\":⟦-100⟧}}",
        "'p95' of summary 'http.response_time' to be a duration in ms of 0 or more, found -100")]
    [TestCase("\"summaries\":{\"http.response_time\":{\"count\":⟦-2⟧}}", "'count' of summary 'http.response_time' to be a count of 0 or more, found -2")]
    [TestCase("\"counters\":{\"http.requests\":⟦-96⟧}", "counter 'http.requests' to be a count of 0 or more, found -96")]
    [TestCase("\"rates\":{\"http.request_rate\":⟦-1⟧},\"counters\":{\"http.requests\":1}",
        "rate 'http.request_rate' to be a number per second of 0 or more, found -1")]
    public void An_impossible_artillery_figure_is_refused(string aggregate, string expected)
    {
        AssertRefusedAt("{\"aggregate\":{\n" + aggregate + "}}", path => LoadTestSummaryReader.Read(path), "impossible figure: expected " + expected);
    }

    [TestCase("\"NaN\"")]
    [TestCase("\"Infinity\"")]
    [TestCase("\"-1e9\"")]
    public void A_figure_written_as_a_string_is_refused_as_the_wrong_shape(string text)
    {
        AssertRefusedAt("{\"metrics\":{\n\"http_req_duration\":{\"p(95)\":⟦" + text + "⟧}}}", path => LoadTestSummaryReader.Read(path),
            "expected 'p(95)' of metric 'http_req_duration' to be a duration of 0 ms or more, found a string");
        AssertRefusedAt("{" + Host + ",\"Benchmarks\":[{\"FullName\":\"N.T.M\",\n\"Statistics\":{\"Median\":⟦" + text + "⟧}}]}",
            path => BenchmarkResultsReader.Read(path), "expected 'Median' to be a number of nanoseconds (0 or more), found a string");
    }

    [Test]
    public void A_number_beyond_double_range_is_refused_at_the_number()
    {
        AssertRefusedAt("{\"metrics\":{\n\"http_req_duration\":{\"p(95)\":⟦1e999⟧}}}", path => LoadTestSummaryReader.Read(path), "number out of range");
    }
}

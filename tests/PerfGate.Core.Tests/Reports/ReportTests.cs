using System.Collections.Generic;
using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Reports;
using PerfGate.Core.Tests.Budgets;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Reports;

public sealed class ReportTests
{
    private static readonly IReadOnlyDictionary<string, ReportedRule> NoForeignRules = new Dictionary<string, ReportedRule>();

    /// <summary>A gate result with real benchmark and Artillery evidence, a finding budget and a static finding.</summary>
    private static GateResult RealResult(TempFolder folder, string extraMessage = "'FirstAsync' runs an EF Core query on every iteration")
    {
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("baseline", "full"), "perf/baseline/results.json");
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("regressed", "full"), "BenchmarkDotNet.Artifacts/results/current.json");
        BudgetTestData.Copy(folder, BudgetTestData.LoadTest("artillery-report-errors.json"), "perf/artillery.json");
        var trace = new PerfGate.Core.Tests.Traces.OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        for (int i = 0; i < 6; i++) trace.Query(request, "SELECT * FROM c WHERE id = @p0", "h" + i);
        folder.Write("traces/run.json", trace.Json());
        GatePolicy policy = BudgetTestData.Policy(folder, """
            budgets:
              benchmarks:
                - results: "BenchmarkDotNet.Artifacts/results/*.json"
                  baseline: "perf/baseline"
                  maxRegression: 10%
                  maxAllocatedRegression: 0%
              loadTests:
                - summary: perf/artillery.json
                  thresholds:
                    http.response_time.p99: "< 500ms"
                    http.error_rate: "< 1%"
              findings:
                - rule: "PG1*"
                  max: 0
              traces:
                - files: "traces/*.json"
            """);
        var staticFindings =
            new[] { new Finding(
                "PG1001", RuleLevel.Warning, extraMessage, System.IO.Path.Combine(folder.Path, "src/Orders.cs"), new SourceRegion(19, 48, 19, 58)) };
        var result = new GateResult(policy, staticFindings, NoForeignRules);
        return result.WithBudgets(BudgetEvaluator.Evaluate(policy, folder.Path, result.Findings));
    }

    [Test]
    public void Markdown_shows_before_after_figures_and_the_verdict()
    {
        using var folder = new TempFolder();
        string markdown = MarkdownReport.Render(RealResult(folder));

        Assert.That(markdown, Does.StartWith("# PerfGate: failed\n"));
        Assert.That(markdown,
            Does.Contain("| OrderLookupBenchmarks.BatchedLookup | 15.4 μs → 42.4 μs | +176 % | 14,336 B → 126,464 B (+782 %) | FAIL | Mann–Whitney equivalence test on 12 vs 10 measurements"));
        Assert.That(markdown, Does.Contain("| http.error_rate | 4.17 % | \\< 1% | −317 % | fail | FAIL | Artillery: perf/artillery.json |"));
        Assert.That(markdown, Does.Contain("| http.response_time.p99 | "));
        Assert.That(markdown, Does.Contain("| rule PG1\\* | 1 | 0 | – | FAIL |"));
        Assert.That(markdown, Does.Contain("- Traces 'traces/\\*.json': 1 file(s), 7 spans, 1 requests, 6 DB and 0 HTTP calls, 1 finding(s)."));
        Assert.That(markdown, Does.Contain("| warning | PG5001 | perfgate.yml("));
        Assert.That(markdown, Does.Contain("| warning | PG1001 | src/Orders.cs(19,48) |"));
    }

    [Test]
    public void Markdown_lists_the_most_severe_findings_first()
    {
        using var folder = new TempFolder();
        string markdown = MarkdownReport.Render(RealResult(folder));
        string[] rows = markdown.Split('\n').SkipWhile(l => l != "## Findings").Where(
            l => l.StartsWith("| error") || l.StartsWith("| warning") || l.StartsWith("| note")).ToArray();
        Assert.That(rows, Is.Not.Empty);
        int firstWarning = System.Array.FindIndex(rows, r => r.StartsWith("| warning"));
        int lastError = System.Array.FindLastIndex(rows, r => r.StartsWith("| error"));
        Assert.That(lastError, Is.LessThan(firstWarning));
    }

    [Test]
    public void Markdown_is_cut_with_a_notice_under_the_limit()
    {
        using var folder = new TempFolder();
        GatePolicy policy = GatePolicy.Default(folder.Path);
        var findings = Enumerable.Range(0, 5000)
            .Select(i => new Finding(
                "PG1001", i % 2 == 0 ? RuleLevel.Error : RuleLevel.Warning, new string('x', 200) + i,
                    System.IO.Path.Combine(folder.Path, $"src/F{i:D5}.cs"), new SourceRegion(1, 1, 1, 2)))
            .ToArray();
        var result = new GateResult(policy, GateEvaluator.Sort(findings), NoForeignRules);

        string markdown = MarkdownReport.Render(result, maxBytes: 64 * 1024);

        Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(64 * 1024));
        Assert.That(markdown, Does.Match(@"\*\*Truncated:\*\* \d+ more findings not shown"));
        Assert.That(markdown, Does.Not.Contain("| warning |"), "errors come first, so the cut drops warnings");
        Assert.That(Encoding.UTF8.GetByteCount(MarkdownReport.Render(result)), Is.LessThan(MarkdownReport.GitHubStepSummaryLimit));
    }

    [Test]
    public void Markdown_escapes_table_breaking_text()
    {
        using var folder = new TempFolder();
        string markdown = MarkdownReport.Render(RealResult(folder, "a | b\nc <img src=x>"));
        Assert.That(markdown, Does.Contain("a \\| b c \\<img src=x\\>"));
    }

    [Test]
    public void Reports_are_deterministic()
    {
        using var a = new TempFolder();
        string markdown = MarkdownReport.Render(RealResult(a));
        string html = HtmlReport.Render(RealResult(a));
        Assert.That(MarkdownReport.Render(RealResult(a)), Is.EqualTo(markdown));
        Assert.That(HtmlReport.Render(RealResult(a)), Is.EqualTo(html));
    }

    [Test]
    public void Html_is_self_contained_and_escaped()
    {
        using var folder = new TempFolder();
        string html = HtmlReport.Render(RealResult(folder, "<script>alert('x')</script> & more"));

        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
        Assert.That(html, Does.Not.Contain(" src=").And.Not.Contain(" href=").And.Not.Contain("<link"));
        Assert.That(html, Does.Contain("15.4 μs → 42.4 μs").And.Contain("<svg"));
        Assert.That(html, Does.Contain("aria-label=\"OrderLookupBenchmarks.BatchedLookup: 15.4 μs → 42.4 μs\""));
    }

    [Test]
    public void A_passing_result_says_passed()
    {
        using var folder = new TempFolder();
        var result = new GateResult(GatePolicy.Default(folder.Path), new Finding[0], NoForeignRules);
        Assert.That(MarkdownReport.Render(result), Is.EqualTo("# PerfGate: passed\n\n0 errors, 0 warnings, 0 notes (fails on error).\n"));
        Assert.That(HtmlReport.Render(result), Does.Contain("<span class=\"passed\">passed</span>"));
    }
}

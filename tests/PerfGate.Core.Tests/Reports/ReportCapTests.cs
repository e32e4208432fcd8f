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
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Reports;

/// <summary>
/// Issue 18 item 12: the step summary's 1 MiB holds the findings first; 100k benchmark rows (8.4 MiB when kept whole) are cut
/// with a line saying how many were left out.
/// </summary>
public sealed class ReportCapTests
{
    private static BenchmarkComparison Comparison(int i, BudgetStatus status)
    {
        var before = new BenchmarkResult(
            $"Shop.Benchmarks.Lookup.Run(n: {i})", "Shop.Benchmarks", "Lookup", "Run", 100, 100, 90, 110, null, 64, "/b.json", 1, 1);
        var after = before with { Median = 150, Mean = 150, BytesAllocatedPerOperation = 72 };
        return new BenchmarkComparison(before.FullName, after, before, "ratio of medians: no raw measurements in the files", status, status,
            "median 100 ns → 150 ns (+50 %)");
    }

    private static GateResult Result(TempFolder folder, int benchmarks, int findings)
    {
        GatePolicy policy = GatePolicy.Default(folder.Path);
        var found = Enumerable.Range(0, findings)
            .Select(i => new Finding(
                "PG1001", RuleLevel.Error, "query per item " + i, System.IO.Path.Combine(folder.Path, $"src/F{i:D5}.cs"), new SourceRegion(3, 1, 3, 2)))
            .ToArray();
        var outcome = BudgetOutcome.Empty with
        {
            Benchmarks = Enumerable.Range(0, benchmarks).Select(i => Comparison(i, i == 77_777 ? BudgetStatus.Fail : BudgetStatus.Pass)).ToArray(),
            Notes = new[] { "Traces 'traces/*.json': 1 file(s), 10 spans." },
        };
        return new GateResult(policy, GateEvaluator.Sort(found), new Dictionary<string, ReportedRule>()) { Budgets = outcome };
    }

    [Test]
    public void Findings_are_kept_and_benchmark_rows_are_cut_with_a_count()
    {
        using var folder = new TempFolder();
        GateResult result = Result(folder, benchmarks: 100_000, findings: 300);

        string markdown = MarkdownReport.Render(result);

        Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(MarkdownReport.GitHubStepSummaryLimit));
        Assert.That(Enumerable.Range(0, 300).All(i => markdown.Contains($"| query per item {i} |")), Is.True, "every finding is shown");
        // The '*' is escaped so the note's text cannot start emphasis (UntrustedText.ForMarkdown); it renders as written.
        Assert.That(markdown, Does.Contain("## Notes\n\n- Traces 'traces/\\*.json': 1 file(s), 10 spans.\n"));
        Assert.That(markdown, Does.Match(@"\n> \*\*Truncated:\*\* \d{5} more benchmark rows not shown \(a step summary holds at most 1024 KiB\)\."
            + @" Regressions come first; the HTML report has every row\.\n"));
        int shown = markdown.Split('\n').Count(line => line.StartsWith("| Lookup.Run(n: ", System.StringComparison.Ordinal));
        int omitted = int.Parse(System.Text.RegularExpressions.Regex.Match(markdown, @"(\d+) more benchmark rows").Groups[1].Value);
        Assert.That(shown + omitted, Is.EqualTo(100_000));
        Assert.That(shown, Is.GreaterThan(1000));
        Assert.That(markdown, Does.Contain("| Lookup.Run(n: 77777) |"), "the failing benchmark sorts first, so the cut keeps it");
        Assert.That(markdown.IndexOf("## Benchmarks"), Is.LessThan(markdown.IndexOf("## Findings")), "the sections keep their order");
    }

    [Test]
    public void When_findings_alone_overflow_every_section_still_says_what_it_left_out()
    {
        using var folder = new TempFolder();
        GateResult result = Result(folder, benchmarks: 2_000, findings: 40_000);

        string markdown = MarkdownReport.Render(result, maxBytes: 256 * 1024);

        Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(256 * 1024));
        Assert.That(markdown, Does.Contain("2000 more benchmark rows not shown"));
        Assert.That(markdown, Does.Match(@"\d+ more findings not shown"));
        Assert.That(markdown, Does.Contain("| query per item 0 |"));
    }

    [Test]
    public void A_report_that_fits_is_not_cut()
    {
        using var folder = new TempFolder();
        string markdown = MarkdownReport.Render(Result(folder, benchmarks: 50, findings: 50));
        Assert.That(markdown, Does.Not.Contain("Truncated"));
        Assert.That(markdown.Split('\n').Count(line => line.StartsWith("| Lookup.Run(n: ", System.StringComparison.Ordinal)), Is.EqualTo(50));
    }
}

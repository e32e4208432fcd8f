using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Tests.Shared;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Reports;
using PerfGate.Core.Tests.Budgets;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Reports;

/// <summary>
/// Renders the HTML report in headless Chromium (Debian's chromium package; .ci/run installs it): the
/// browser must parse the charts as SVG and produce a screenshot of the page.
/// </summary>
[Category("Integration")]
public sealed class HtmlReportBrowserTests
{
    [Test]
    [CancelAfter(180_000)]
    public void Chromium_renders_the_report_with_its_charts()
    {
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium == null) RequiredService.Missing("headless Chromium (/usr/bin/chromium)", "apt-get install chromium");

        using var folder = new TempFolder();
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("baseline", "full"), "perf/baseline/results.json");
        BudgetTestData.Copy(folder, BudgetTestData.Benchmarks("regressed", "full"), "BenchmarkDotNet.Artifacts/results/current.json");
        BudgetTestData.Copy(folder, BudgetTestData.LoadTest("artillery-report-errors.json"), "perf/artillery.json");
        var policy = BudgetTestData.Policy(folder, """
            budgets:
              benchmarks:
                - results: "BenchmarkDotNet.Artifacts/results/*.json"
                  baseline: "perf/baseline"
                  maxRegression: 10%
              loadTests:
                - summary: perf/artillery.json
                  thresholds:
                    http.error_rate: "< 1%"
            """);
        var result = new GateResult(policy, new Finding[0], new System.Collections.Generic.Dictionary<string, Evidence.ReportedRule>())
            .WithBudgets(BudgetEvaluator.Evaluate(policy, folder.Path));
        string html = folder.Write("report.html", HtmlReport.Render(result));
        string png = Path.Combine(folder.Path, "report.png");

        string dom = Run(chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", new Uri(html).AbsoluteUri);
        Run(chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--screenshot=" + png, new Uri(html).AbsoluteUri);

        Assert.That(dom, Does.Contain("<svg").And.Contain("<rect").And.Contain("OrderLookupBenchmarks.BatchedLookup"));
        byte[] image = File.ReadAllBytes(png);
        Assert.That(image.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        int width = (image[16] << 24) | (image[17] << 16) | (image[18] << 8) | image[19];
        Assert.That(width, Is.EqualTo(1280));
        Assert.That(image.Length, Is.GreaterThan(20_000), "a page with tables and charts, not a blank screenshot");
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), stderr.Result);
        return stdout.Result;
    }
}

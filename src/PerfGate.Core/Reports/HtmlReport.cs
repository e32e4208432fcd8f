using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Reports;

/// <summary>
/// A self-contained HTML report of a <see cref="GateResult"/> (inline CSS and SVG, no scripts, no external
/// resources): verdict, benchmark before/after bars with confidence intervals, load-test figures against
/// their limits, finding budgets, and findings by rule and file. Every text is HTML-encoded; the output
/// is deterministic.
/// </summary>
public static class HtmlReport
{
    private const int BarWidth = 320;

    public static string Render(GateResult result)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>PerfGate report</title>\n<style>\n")
          .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1f2328;max-width:72rem}\n")
          .Append("h1 .failed{color:#cf222e}h1 .passed{color:#1a7f37}\n")
          .Append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f6f8fa}\n")
          .Append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
          .Append(".s-fail,.l-error{color:#cf222e;font-weight:600}.s-warn,.l-warning{color:#9a6700;font-weight:600}.s-pass{color:#1a7f37}.s-nc{color:#6e7781;font-weight:600}.l-note{color:#0969da}\n")
          .Append("svg text{font:12px system-ui,sans-serif}.chart{margin:.25rem 0 1rem}\n")
          .Append("</style>\n</head>\n<body>\n");
        string verdict = ReportModel.Verdict(result);
        sb.Append("<h1>PerfGate: <span class=\"").Append(verdict).Append("\">").Append(verdict).Append("</span></h1>\n");
        sb.Append("<p>").Append(E(ReportModel.Counts(result))).Append(" (fails on ").Append(E(result.Policy.FailOn.ToString().ToLowerInvariant()))
            .Append(").</p>\n");

        BudgetOutcome budgets = result.Budgets;
        if (budgets.Benchmarks.Count > 0) Benchmarks(sb, budgets.Benchmarks);
        if (budgets.Thresholds.Count > 0) LoadTests(sb, result, budgets.Thresholds);
        if (budgets.FindingCounts.Count > 0)
        {
            sb.Append("<h2>Finding budgets</h2>\n<table>\n<tr><th>Findings of</th><th>Count</th><th>Max</th><th>Warn above</th><th>Verdict</th></tr>\n");
            foreach (FindingCount f in budgets.FindingCounts)
            {
                sb.Append("<tr><td>").Append(E(f.Selector)).Append("</td><td class=\"num\">").Append(E(ReportModel.FindingCountText(f)))
                  .Append("</td><td class=\"num\">").Append(E(ReportModel.Limits(f.Budget.Max, f.Budget.New)))
                  .Append("</td><td class=\"num\">").Append(E(ReportModel.Limits(f.Budget.WarnMax, f.Budget.WarnNew)))
                  .Append("</td>").Append(StatusCell(f.Status)).Append("</tr>\n");
            }
            sb.Append("</table>\n");
        }
        if (budgets.Notes.Count > 0)
        {
            sb.Append("<h2>Notes</h2>\n<ul>\n");
            foreach (string note in budgets.Notes) sb.Append("<li>").Append(E(note)).Append("</li>\n");
            sb.Append("</ul>\n");
        }
        Findings(sb, result);
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Benchmarks(StringBuilder sb, IReadOnlyList<BenchmarkComparison> comparisons)
    {
        sb.Append("<h2>Benchmarks</h2>\n<table>\n<tr><th>Benchmark</th><th>Median before → after</th><th>Change</th><th>Allocated per op</th><th>Verdict</th><th>Decided by</th></tr>\n");
        var ordered = comparisons.OrderByDescending(c => c.Status).ThenBy(c => c.FullName, StringComparer.Ordinal).ToArray();
        foreach (BenchmarkComparison c in ordered)
        {
            sb.Append("<tr><td>").Append(E(ReportModel.ShortName(c))).Append("</td><td class=\"num\">").Append(E(ReportModel.TimeCell(c)))
              .Append("</td><td class=\"num\">").Append(E(c.TimeChange is { } change ? Figures.Change(change) : "–"))
              .Append("</td><td class=\"num\">").Append(E(ReportModel.AllocationCell(c)))
              .Append("</td>").Append(StatusCell(c.Status))
              .Append("<td>").Append(E(c.Baseline == null ? c.Summary : c.Method)).Append("</td></tr>\n");
        }
        sb.Append("</table>\n");

        // Before/after bars per benchmark, each on its own scale, with the 99.9 % confidence interval as a whisker.
        foreach (BenchmarkComparison c in ordered.Where(c => c.Baseline?.Median != null && c.Current.Median != null))
        {
            double max = new[] { c.Baseline!.Median!.Value, c.Current.Median!.Value, c.Baseline.ConfidenceUpper ?? 0, c.Current.ConfidenceUpper ?? 0 }.Max();
            sb.Append("<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(BarWidth + 260).Append(
                "\" height=\"62\" role=\"img\" aria-label=\"")
              .Append(E(ReportModel.ShortName(c) + ": " + ReportModel.TimeCell(c))).Append("\">\n");
            sb.Append("<text x=\"0\" y=\"12\">").Append(E(ReportModel.ShortName(c))).Append("</text>\n");
            Bar(sb, 20, "before", c.Baseline.Median.Value, c.Baseline.ConfidenceLower, c.Baseline.ConfidenceUpper, max, "#8c959f");
            Bar(sb, 40, "after", c.Current.Median.Value, c.Current.ConfidenceLower, c.Current.ConfidenceUpper, max, Colour(c.TimeStatus));
            sb.Append("</svg></div>\n");
        }
    }

    private static void Bar(StringBuilder sb, int y, string label, double value, double? lower, double? upper, double max, string colour)
    {
        double width = max > 0 ? value / max * BarWidth : 0;
        sb.Append("<text x=\"0\" y=\"").Append(y + 11).Append("\">").Append(label).Append("</text>\n");
        sb.Append("<rect x=\"50\" y=\"").Append(y).Append("\" width=\"").Append(F(width)).Append("\" height=\"14\" fill=\"").Append(colour).Append("\"/>\n");
        if (lower is { } lo && upper is { } hi && max > 0)
        {
            double x1 = 50 + Math.Max(0, lo) / max * BarWidth, x2 = 50 + hi / max * BarWidth;
            sb.Append("<line x1=\"").Append(F(x1)).Append("\" x2=\"").Append(F(x2)).Append("\" y1=\"").Append(y + 7).Append("\" y2=\"").Append(y + 7)
                .Append("\" stroke=\"#1f2328\"/>\n");
            sb.Append("<line x1=\"").Append(F(x1)).Append("\" x2=\"").Append(F(x1)).Append("\" y1=\"").Append(y + 3).Append("\" y2=\"").Append(y + 11)
                .Append("\" stroke=\"#1f2328\"/>\n");
            sb.Append("<line x1=\"").Append(F(x2)).Append("\" x2=\"").Append(F(x2)).Append("\" y1=\"").Append(y + 3).Append("\" y2=\"").Append(y + 11)
                .Append("\" stroke=\"#1f2328\"/>\n");
        }
        sb.Append("<text x=\"").Append(BarWidth + 60).Append("\" y=\"").Append(y + 11).Append("\">").Append(E(Figures.Time(value))).Append("</text>\n");
    }

    private static void LoadTests(StringBuilder sb, GateResult result, IReadOnlyList<ThresholdCheck> checks)
    {
        sb.Append("<h2>Load tests</h2>\n<table>\n<tr><th>Metric</th><th>Value</th><th>Must hold</th><th>Headroom</th><th>Tier</th><th>Verdict</th><th>Chart</th><th>Summary</th></tr>\n");
        foreach (ThresholdCheck t in checks.OrderByDescending(t => t.Status))
        {
            sb.Append("<tr><td>").Append(E(t.Condition.Metric)).Append("</td><td class=\"num\">").Append(E(t.ActualDisplay))
              .Append("</td><td>").Append(E(t.Condition.Display)).Append("</td><td class=\"num\">").Append(E(ReportModel.Headroom(t)))
              .Append("</td><td>").Append(t.IsWarnTier ? "warn" : "fail").Append("</td>").Append(StatusCell(t.Status))
              .Append("<td>").Append(LimitChart(t)).Append("</td><td>").Append(E(t.Tool + ": " + ReportModel.Relative(result, t.SummaryPath))).Append(
                  "</td></tr>\n");
        }
        sb.Append("</table>\n");
    }

    /// <summary>The figure as a bar against its limit (a vertical line), on a scale of 1.5× the larger of the two.</summary>
    private static string LimitChart(ThresholdCheck t)
    {
        if (t.Actual is not { } actual) return "";
        double limit = t.Condition.Value;
        double max = Math.Max(Math.Abs(actual), Math.Abs(limit)) * 1.5;
        if (max <= 0) return "";
        const int width = 160;
        double bar = Math.Abs(actual) / max * width, line = Math.Abs(limit) / max * width;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"16\" role=\"img\" aria-label=\""
            + E(t.ActualDisplay + " against " + t.Condition.Display) + "\">"
            + "<rect x=\"0\" y=\"3\" width=\"" + F(bar) + "\" height=\"10\" fill=\"" + Colour(t.Status) + "\"/>"
            + "<line x1=\"" + F(line) + "\" x2=\"" + F(line) + "\" y1=\"0\" y2=\"16\" stroke=\"#1f2328\" stroke-width=\"2\"/></svg>";
    }

    private static void Findings(StringBuilder sb, GateResult result)
    {
        IReadOnlyList<Finding> findings = ReportModel.MostSevereFirst(result);
        if (findings.Count == 0) return;
        sb.Append("<h2>Findings by rule</h2>\n<table>\n<tr><th>Rule</th><th>Errors</th><th>Warnings</th><th>Notes</th></tr>\n");
        foreach (var group in findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("<tr><td>").Append(E(group.Key)).Append("</td><td class=\"num\">").Append(group.Count(f => f.Level == Analyzers.RuleLevel.Error))
              .Append("</td><td class=\"num\">").Append(group.Count(f => f.Level == Analyzers.RuleLevel.Warning))
              .Append("</td><td class=\"num\">").Append(group.Count(f => f.Level == Analyzers.RuleLevel.Note)).Append("</td></tr>\n");
        }
        sb.Append("</table>\n<h2>Findings by file</h2>\n");
        foreach (var file in findings.GroupBy(f => f.FilePath == null ? "(no file)" : ReportModel.Relative(result, f.FilePath))
                     .OrderByDescending(g => g.Max(f => f.Level)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("<h3>").Append(E(file.Key)).Append("</h3>\n<table>\n<tr><th>Level</th><th>Rule</th><th>Line</th><th>Message</th></tr>\n");
            foreach (Finding f in file)
            {
                string level = ReportModel.Level(f.Level);
                sb.Append("<tr><td class=\"l-").Append(level).Append("\">").Append(level).Append("</td><td>").Append(E(f.RuleId))
                  .Append("</td><td class=\"num\">").Append(f.Region == null ? "" : f.Region.StartLine.ToString(CultureInfo.InvariantCulture))
                  .Append("</td><td>").Append(E(f.Message)).Append("</td></tr>\n");
            }
            sb.Append("</table>\n");
        }
    }

    private static string StatusCell(BudgetStatus status)
    {
        string css = status switch
        {
            BudgetStatus.Fail => "s-fail",
            BudgetStatus.Warn => "s-warn",
            BudgetStatus.Pass => "s-pass",
            _ => "s-nc",
        };
        return "<td class=\"" + css + "\">" + E(ReportModel.Status(status)) + "</td>";
    }

    private static string Colour(BudgetStatus status) => status switch
    {
        BudgetStatus.Fail => "#cf222e",
        BudgetStatus.Warn => "#bf8700",
        BudgetStatus.Pass => "#1a7f37",
        _ => "#8c959f",
    };

    /// <summary>
    /// Encoded, and with line breaks and invisible characters made visible: the report may be printed on a CI log, where a line
    /// of a message that starts with <c>::</c> or holds <c>##vso[</c> would be run (<see cref="Analyzers.UntrustedText.ForLog"/>).
    /// </summary>
    private static string E(string text) => WebUtility.HtmlEncode(Analyzers.UntrustedText.ForLog(text));

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

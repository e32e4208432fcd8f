using System.Collections.Generic;
using System.Linq;
using System.Text;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Reports;

/// <summary>
/// A Markdown summary of a <see cref="GateResult"/> for GitHub's step summary ($GITHUB_STEP_SUMMARY, which
/// takes at most 1 MiB): verdict, budgets with before/after figures, then findings most severe first,
/// cut with a notice when the limit would be passed. Same result → byte-identical text.
/// </summary>
public static class MarkdownReport
{
    public const int GitHubStepSummaryLimit = 1024 * 1024;

    public static string Render(GateResult result, int maxBytes = GitHubStepSummaryLimit)
    {
        var sb = new StringBuilder();
        sb.Append("# PerfGate: ").Append(ReportModel.Verdict(result)).Append('\n').Append('\n');
        sb.Append(ReportModel.Counts(result)).Append(" (fails on ").Append(result.Policy.FailOn.ToString().ToLowerInvariant()).Append(").\n");

        BudgetOutcome budgets = result.Budgets;
        if (budgets.Benchmarks.Count > 0)
        {
            sb.Append("\n## Benchmarks\n\n");
            sb.Append("| Benchmark | Median (before → after) | Change | Allocated per op | Verdict | Decided by |\n");
            sb.Append("|---|---|---:|---|---|---|\n");
            foreach (BenchmarkComparison c in budgets.Benchmarks.OrderByDescending(c => c.Status).ThenBy(c => c.FullName, System.StringComparer.Ordinal))
            {
                sb.Append("| ").Append(Cell(ReportModel.ShortName(c)))
                  .Append(" | ").Append(Cell(ReportModel.TimeCell(c)))
                  .Append(" | ").Append(c.TimeChange is { } change ? Figures.Change(change) : "–")
                  .Append(" | ").Append(Cell(ReportModel.AllocationCell(c)))
                  .Append(" | ").Append(ReportModel.Status(c.Status))
                  .Append(" | ").Append(Cell(c.Baseline == null ? c.Summary : c.Method)).Append(" |\n");
            }
        }
        if (budgets.Thresholds.Count > 0)
        {
            sb.Append("\n## Load tests\n\n");
            sb.Append("| Metric | Value | Must hold | Headroom | Tier | Verdict | Summary |\n");
            sb.Append("|---|---:|---|---:|---|---|---|\n");
            foreach (ThresholdCheck t in budgets.Thresholds.OrderByDescending(t => t.Status))
            {
                sb.Append("| ").Append(Cell(t.Condition.Metric))
                  .Append(" | ").Append(Cell(t.ActualDisplay))
                  .Append(" | ").Append(Cell(t.Condition.Display))
                  .Append(" | ").Append(ReportModel.Headroom(t))
                  .Append(" | ").Append(t.IsWarnTier ? "warn" : "fail")
                  .Append(" | ").Append(ReportModel.Status(t.Status))
                  .Append(" | ").Append(Cell(t.Tool + ": " + ReportModel.Relative(result, t.SummaryPath))).Append(" |\n");
            }
        }
        if (budgets.FindingCounts.Count > 0)
        {
            sb.Append("\n## Finding budgets\n\n| Findings of | Count | Max | Warn above | Verdict |\n|---|---:|---:|---:|---|\n");
            foreach (FindingCount f in budgets.FindingCounts)
            {
                sb.Append("| ").Append(Cell(f.Selector)).Append(" | ").Append(ReportModel.FindingCountText(f))
                  .Append(" | ").Append(ReportModel.Limits(f.Budget.Max, f.Budget.New))
                  .Append(" | ").Append(ReportModel.Limits(f.Budget.WarnMax, f.Budget.WarnNew))
                  .Append(" | ").Append(ReportModel.Status(f.Status)).Append(" |\n");
            }
        }
        if (budgets.Notes.Count > 0)
        {
            sb.Append("\n## Notes\n\n");
            foreach (string note in budgets.Notes) sb.Append("- ").Append(Cell(note)).Append('\n');
        }

        IReadOnlyList<Finding> findings = ReportModel.MostSevereFirst(result);
        if (findings.Count > 0)
        {
            sb.Append("\n## Findings\n\n| Level | Rule | Location | Message |\n|---|---|---|---|\n");
            int reserve = 400; // room for the truncation notice
            int bytes = Encoding.UTF8.GetByteCount(sb.ToString());
            for (int i = 0; i < findings.Count; i++)
            {
                Finding f = findings[i];
                string row = $"| {ReportModel.Level(f.Level)} | {Cell(f.RuleId)} | {Cell(ReportModel.Location(result, f))} | {Cell(f.Message)} |\n";
                int rowBytes = Encoding.UTF8.GetByteCount(row);
                if (bytes + rowBytes > maxBytes - reserve)
                {
                    int rest = findings.Count - i;
                    sb.Append("\n> **Truncated:** ").Append(rest).Append(" more finding").Append(rest == 1 ? "" : "s")
                      .Append(" not shown (a step summary holds at most ").Append(maxBytes / 1024).Append(" KiB). The SARIF log and the HTML report have them all.\n");
                    break;
                }
                sb.Append(row);
                bytes += rowBytes;
            }
        }
        return sb.ToString();
    }

    /// <summary>A table cell: the literal text on one line, with no link, image, HTML, entity or table break (the input chose it).</summary>
    private static string Cell(string text) => Analyzers.UntrustedText.ForMarkdown(text);
}

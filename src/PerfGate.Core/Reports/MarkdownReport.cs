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
        string head = "# PerfGate: " + ReportModel.Verdict(result) + "\n\n" + ReportModel.Counts(result)
            + " (fails on " + result.Policy.FailOn.ToString().ToLowerInvariant() + ").\n";
        BudgetOutcome budgets = result.Budgets;
        Section benchmarks = Benchmarks(budgets), loadTests = LoadTests(result, budgets), findingBudgets = FindingBudgets(budgets);
        var notes = Section.Of("\n## Notes\n\n", budgets.Notes, note => "- " + Cell(note) + "\n", "note");
        var findings = Section.Of("\n## Findings\n\n| Level | Rule | Location | Message |\n|---|---|---|---|\n", ReportModel.MostSevereFirst(result),
            f => $"| {ReportModel.Level(f.Level)} | {Cell(f.RuleId)} | {Cell(ReportModel.Location(result, f))} | {Cell(f.Message)} |\n",
            "finding", " The SARIF log and the HTML report have them all.");

        // The findings are what a reader acts on: they claim the room first, leaving each other section its heading and a
        // notice; budget rows and notes fill what is left in that order, benchmark rows last (a run can have 100k of them).
        Section[] inOrder = { benchmarks, loadTests, findingBudgets, notes, findings };
        Section[] byClaim = { findings, findingBudgets, loadTests, notes, benchmarks };
        int room = maxBytes - Bytes(head);
        foreach (Section section in byClaim) room -= section.MinimumBytes(maxBytes);
        foreach (Section section in byClaim)
        {
            room += section.MinimumBytes(maxBytes);
            room -= section.Fit(room, maxBytes);
        }
        var sb = new StringBuilder(head);
        foreach (Section section in inOrder) sb.Append(section.Rendered);
        return sb.ToString();
    }

    private static Section Benchmarks(BudgetOutcome budgets) => Section.Of(
        "\n## Benchmarks\n\n| Benchmark | Median (before → after) | Change | Allocated per op | Verdict | Decided by |\n|---|---|---:|---|---|---|\n",
        budgets.Benchmarks.OrderByDescending(c => c.Status).ThenBy(c => c.FullName, System.StringComparer.Ordinal).ToArray(), c =>
            "| " + Cell(ReportModel.ShortName(c))
            + " | " + Cell(ReportModel.TimeCell(c))
            + " | " + (c.TimeChange is { } change ? Figures.Change(change) : "–")
            + " | " + Cell(ReportModel.AllocationCell(c))
            + " | " + ReportModel.Status(c.Status)
            + " | " + Cell(c.Baseline == null ? c.Summary : c.Method) + " |\n",
        "benchmark row", " Regressions come first; the HTML report has every row.");

    private static Section LoadTests(GateResult result, BudgetOutcome budgets) => Section.Of(
        "\n## Load tests\n\n| Metric | Value | Must hold | Headroom | Tier | Verdict | Summary |\n|---|---:|---|---:|---|---|---|\n",
        budgets.Thresholds.OrderByDescending(t => t.Status).ToArray(), t =>
            "| " + Cell(t.Condition.Metric)
            + " | " + Cell(t.ActualDisplay)
            + " | " + Cell(t.Condition.Display)
            + " | " + ReportModel.Headroom(t)
            + " | " + (t.IsWarnTier ? "warn" : "fail")
            + " | " + ReportModel.Status(t.Status)
            + " | " + Cell(t.Tool + ": " + ReportModel.Relative(result, t.SummaryPath)) + " |\n",
        "load-test row");

    private static Section FindingBudgets(BudgetOutcome budgets) => Section.Of(
        "\n## Finding budgets\n\n| Findings of | Count | Max | Warn above | Verdict |\n|---|---:|---:|---:|---|\n",
        budgets.FindingCounts, f =>
            "| " + Cell(f.Selector) + " | " + ReportModel.FindingCountText(f)
            + " | " + ReportModel.Limits(f.Budget.Max, f.Budget.New)
            + " | " + ReportModel.Limits(f.Budget.WarnMax, f.Budget.WarnNew)
            + " | " + ReportModel.Status(f.Status) + " |\n",
        "finding budget row");

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>A heading and its rows, cut to the bytes it is given with a notice saying how many rows were left out.</summary>
    private sealed class Section
    {
        private readonly string _heading;
        private readonly int _count;
        private readonly System.Func<int, string> _row;
        private readonly string _noun;
        private readonly string _where;

        private Section(string heading, int count, System.Func<int, string> row, string noun, string where)
        {
            _heading = heading;
            _count = count;
            _row = row;
            _noun = noun;
            _where = where;
        }

        /// <summary>Rows are rendered only while they fit: a cut section costs its shown rows, not all of them.</summary>
        public static Section Of<T>(string heading, IReadOnlyList<T> items, System.Func<T, string> row, string noun, string where = "") =>
            new(heading, items.Count, i => row(items[i]), noun, where);

        public string Rendered { get; private set; } = "";

        private bool Empty => _count == 0;

        // Room for the heading and the longest notice: what the section needs to say it was cut.
        public int MinimumBytes(int maxBytes) => Empty ? 0 : Bytes(_heading) + Bytes(Notice(int.MaxValue, maxBytes));

        private string Notice(int omitted, int maxBytes) =>
            $"\n> **Truncated:** {omitted} more {_noun}{(omitted == 1 ? "" : "s")} not shown (a step summary holds at most {maxBytes / 1024} KiB).{_where}\n";

        /// <summary>Renders into at most <paramref name="room"/> bytes (never less than <see cref="MinimumBytes"/>); returns the bytes used.</summary>
        public int Fit(int room, int maxBytes)
        {
            if (Empty) return 0;
            var text = new StringBuilder(_heading);
            int used = Bytes(_heading), shown = 0;
            int limit = room - Bytes(Notice(int.MaxValue, maxBytes));
            for (; shown < _count; shown++)
            {
                string row = _row(shown);
                int size = Bytes(row);
                if (used + size > limit) break;
                text.Append(row);
                used += size;
            }
            if (shown < _count)
            {
                string notice = Notice(_count - shown, maxBytes);
                text.Append(notice);
                used += Bytes(notice);
            }
            Rendered = text.ToString();
            return used;
        }
    }

    /// <summary>A table cell: the literal text on one line, with no link, image, HTML, entity or table break (the input chose it).</summary>
    private static string Cell(string text) => Analyzers.UntrustedText.ForMarkdown(text);
}

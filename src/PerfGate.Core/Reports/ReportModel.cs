using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Reports;

/// <summary>What both reports show, ordered once: most severe first, then by rule, file and line.</summary>
internal static class ReportModel
{
    /// <summary>A finding budget's count, with how many are new when the budget limits new findings: "3 (1 new)".</summary>
    public static string FindingCountText(FindingCount count) =>
        count.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (count.NewCount is { } n ? " (" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " new)" : "");

    /// <summary>A finding budget's limits: "5", "0 new", "5, 0 new", or "–" when there is none.</summary>
    public static string Limits(int? max, int? newMax)
    {
        var parts = new List<string>();
        if (max is { } m) parts.Add(m.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (newMax is { } n) parts.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " new");
        return parts.Count == 0 ? "–" : string.Join(", ", parts);
    }

    public static IReadOnlyList<Finding> MostSevereFirst(GateResult result) => result.Findings
        .OrderByDescending(f => f.Level)
        .ThenBy(f => f.RuleId, StringComparer.Ordinal)
        .ThenBy(f => f.FilePath ?? "", StringComparer.Ordinal)
        .ThenBy(f => f.Region?.StartLine ?? 0)
        .ThenBy(f => f.Region?.StartColumn ?? 0)
        .ThenBy(f => f.Message, StringComparer.Ordinal)
        .ToArray();

    public static string Verdict(GateResult result) => result.Passed ? "passed" : "failed";

    public static string Counts(GateResult result) =>
        $"{result.Errors} error{(result.Errors == 1 ? "" : "s")}, {result.Warnings} warning{(result.Warnings == 1 ? "" : "s")}, {result.Notes} note{(result.Notes == 1 ? "" : "s")}";

    public static string Location(GateResult result, Finding finding)
    {
        if (finding.FilePath == null) return "";
        string path = PathGlob.RelativeTo(result.Policy.BaseDirectory, finding.FilePath) ?? finding.FilePath.Replace('\\', '/');
        return finding.Region == null ? path : $"{path}({finding.Region.StartLine},{finding.Region.StartColumn})";
    }

    public static string Level(RuleLevel level) => level switch
    {
        RuleLevel.Error => "error",
        RuleLevel.Warning => "warning",
        RuleLevel.Note => "note",
        _ => "off",
    };

    public static string Status(BudgetStatus status) => status switch
    {
        BudgetStatus.Pass => "pass",
        BudgetStatus.Warn => "warn",
        BudgetStatus.Fail => "FAIL",
        BudgetStatus.NotComparable => "not comparable",
        _ => "not evaluated",
    };

    public static string ShortName(BenchmarkComparison comparison) => BenchmarkName(comparison.Current);

    private static string BenchmarkName(BenchmarkResult result)
    {
        if (result.Type == null || result.Method == null) return result.FullName;
        string prefix = (result.Namespace == null ? "" : result.Namespace + ".") + result.Type + "." + result.Method;
        string rest = result.FullName.StartsWith(prefix, StringComparison.Ordinal) ? result.FullName.Substring(prefix.Length) : "";
        return result.Type + "." + result.Method + rest;
    }

    public static string TimeCell(BenchmarkComparison c) =>
        c.Baseline?.Median is { } before && c.Current.Median is { } after
            ? $"{Figures.Time(before)} → {Figures.Time(after)}"
            : c.Current.Median is { } only ? Figures.Time(only) : "–";

    public static string AllocationCell(BenchmarkComparison c) =>
        c.Baseline?.BytesAllocatedPerOperation is { } before && c.Current.BytesAllocatedPerOperation is { } after
            ? $"{Figures.Bytes(before)} → {Figures.Bytes(after)}" + (c.AllocationChange is { } change ? $" ({Figures.Change(change)})" : "")
            : c.Current.BytesAllocatedPerOperation is { } only ? Figures.Bytes(only) : "–";

    public static string Headroom(ThresholdCheck check) =>
        check.Actual is { } actual && check.Condition.Headroom(actual) is { } room ? Figures.Change(room).Replace("+", "") : "–";

    public static string Relative(GateResult result, string path) =>
        PathGlob.RelativeTo(result.Policy.BaseDirectory, path) ?? path.Replace('\\', '/');
}

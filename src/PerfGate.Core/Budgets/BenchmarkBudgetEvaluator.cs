using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;

using PerfGate.Core.IO;

namespace PerfGate.Core.Budgets;

/// <summary>PG6001: current BenchmarkDotNet results against a baseline folder.</summary>
internal static class BenchmarkBudgetEvaluator
{
    public static IReadOnlyList<BenchmarkComparison> Evaluate(BudgetContext context, BenchmarkBudget budget)
    {
        var comparisons = new List<BenchmarkComparison>();
        IReadOnlyList<string> currentFiles = FileGlob.Expand(context.BaseDirectory, budget.Results);
        if (currentFiles.Count == 0)
        {
            context.Missing(budget.Position,
                $"no BenchmarkDotNet result file matches '{Echo.Cap(budget.Results)}' (relative to {context.BaseDirectory}): run the benchmarks with --exporters json (or fulljson) first");
            return comparisons;
        }
        IReadOnlyList<string> baselineFiles = BaselineFiles(context.BaseDirectory, budget.Baseline);
        if (baselineFiles.Count == 0)
        {
            context.Missing(budget.Position,
                $"the baseline '{Echo.Cap(budget.Baseline)}' has no BenchmarkDotNet JSON result files: copy the results of an earlier run there");
            return comparisons;
        }

        var current = Load(context, currentFiles);
        var baseline = Load(context, baselineFiles);
        if (current.Count == 0 || baseline.Count == 0) return comparisons;

        foreach (var (fullName, (result, run)) in current.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!baseline.TryGetValue(fullName, out var before))
            {
                comparisons.Add(new BenchmarkComparison(
                    fullName, result, null, "none", BudgetStatus.Pass, BudgetStatus.Pass, "new benchmark: no baseline to compare with"));
                continue;
            }
            comparisons.Add(Compare(context, budget, result, run, before.Result, before.Run));
        }
        foreach (string gone in baseline.Keys.Where(name => !current.ContainsKey(name)).OrderBy(n => n, StringComparer.Ordinal))
            context.Notes.Add($"Benchmark '{Echo.Cap(gone)}' is in the baseline but not in the current results.");
        return comparisons;
    }

    private static IReadOnlyList<string> BaselineFiles(string baseDirectory, string baseline)
    {
        string folder = Path.GetFullPath(Path.Combine(baseDirectory, baseline));
        if (Directory.Exists(folder))
            return DirectoryWalker.Walk(folder, null, f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Files;
        return FileGlob.Expand(baseDirectory, baseline);
    }

    /// <summary>
    /// Every benchmark by full name. When several files hold the same benchmark (a glob that matches both
    /// the full and the brief export of one run), the one with raw measurements wins.
    /// </summary>
    private static Dictionary<string, (BenchmarkResult Result, BenchmarkRun Run)> Load(BudgetContext context, IReadOnlyList<string> files)
    {
        var byName = new Dictionary<string, (BenchmarkResult, BenchmarkRun)>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            BenchmarkRun run;
            try
            {
                run = BenchmarkResultsReader.Read(file);
            }
            catch (EvidenceException e)
            {
                context.Unreadable(e);
                continue;
            }
            foreach (BenchmarkResult result in run.Benchmarks)
            {
                if (!byName.TryGetValue(result.FullName, out var existing) || (existing.Item1.Values == null && result.Values != null))
                    byName[result.FullName] = (result, run);
            }
        }
        return byName;
    }

    private static BenchmarkComparison Compare(
        BudgetContext context, BenchmarkBudget budget, BenchmarkResult now, BenchmarkRun nowRun, BenchmarkResult before, BenchmarkRun beforeRun)
    {
        string name = ShortName(now);
        var (file, region) = Locate(context, now);

        string? incompatibility = Incompatible(beforeRun.Host, nowRun.Host);
        if (incompatibility != null)
        {
            string message = $"Benchmark '{Echo.Cap(name)}' is not comparable with its baseline: {incompatibility}. Record the baseline on the same architecture and runtime.";
            if (context.FailLevel(RuleIdentifiers.BenchmarkRegression) is { } level)
                context.Add(RuleIdentifiers.BenchmarkRegression, level, message, file, region);
            return new BenchmarkComparison(now.FullName, now, before, "not compared", BudgetStatus.NotComparable, BudgetStatus.NotComparable, incompatibility);
        }
        if (now.Median == null || before.Median == null)
        {
            string which = now.Median == null ? "the current results" : "the baseline";
            string reason = $"{which} hold no statistics for it (did the benchmark fail?)";
            if (context.FailLevel(RuleIdentifiers.BenchmarkRegression) is { } level)
                context.Add(RuleIdentifiers.BenchmarkRegression, level, $"Benchmark '{Echo.Cap(name)}' is not comparable with its baseline: {reason}.",
                    file, region);
            return new BenchmarkComparison(now.FullName, now, before, "not compared", BudgetStatus.NotComparable, BudgetStatus.NotComparable, reason);
        }

        string processorNote = beforeRun.Host.ProcessorName != null && nowRun.Host.ProcessorName != null
            && beforeRun.Host.ProcessorName != nowRun.Host.ProcessorName
            ? $"; note: the baseline ran on '{Echo.Cap(beforeRun.Host.ProcessorName)}', this run on '{Echo.Cap(nowRun.Host.ProcessorName)}'"
            : "";

        bool statistical = before.Values != null && now.Values != null && MannWhitney.CanTest(before.Values.Count, now.Values.Count);
        string method = statistical
            ? $"Mann–Whitney equivalence test on {before.Values!.Count} vs {now.Values!.Count} measurements, α 0.05, noise floor {Figures.Time(budget.NoiseNanoseconds)}"
            : "ratio of medians: "
                + (before.Values == null || now.Values == null ? "no raw measurements in the files" : "too few measurements for the statistical test");

        BudgetStatus time = BudgetStatus.Pass;
        double change = now.Median.Value / before.Median.Value - 1;
        if (budget.MaxRegression is { } max && Regressed(budget, before, now, max, statistical)) time = BudgetStatus.Fail;
        else if (budget.WarnRegression is { } warn && Regressed(budget, before, now, warn, statistical)) time = BudgetStatus.Warn;
        string timeFigures = $"median {Figures.Time(before.Median.Value)} → {Figures.Time(now.Median.Value)} ({Figures.Change(change)})";
        if (time != BudgetStatus.Pass)
        {
            double limit = time == BudgetStatus.Fail ? budget.MaxRegression!.Value : budget.WarnRegression!.Value;
            AddFinding(context, time,
                $"Benchmark '{Echo.Cap(name)}' regressed: {timeFigures}, more than the {(time == BudgetStatus.Warn ? "warning " : "")}limit of +{Figures.Percent(limit)} (decided by {method}){processorNote}.", file, region);
        }

        BudgetStatus allocation = BudgetStatus.Pass;
        string allocationFigures = "";
        if (before.BytesAllocatedPerOperation is { } beforeBytes && now.BytesAllocatedPerOperation is { } nowBytes)
        {
            allocationFigures =
                $"allocated {Figures.Bytes(beforeBytes)} → {Figures.Bytes(nowBytes)} per operation" + (beforeBytes > 0
                    ? $" ({Figures.Change(nowBytes / beforeBytes - 1)})" : "");
            bool beyondNoise = nowBytes - beforeBytes >= BenchmarkBudget.AllocationNoiseBytes;
            if (beyondNoise && budget.MaxAllocatedRegression is { } maxBytes && nowBytes > beforeBytes * (1 + maxBytes)) allocation = BudgetStatus.Fail;
            else if (beyondNoise && budget.WarnAllocatedRegression is { } warnBytes && nowBytes > beforeBytes * (1 + warnBytes)) allocation = BudgetStatus.Warn;
            if (allocation != BudgetStatus.Pass)
            {
                double limit = allocation == BudgetStatus.Fail ? budget.MaxAllocatedRegression!.Value : budget.WarnAllocatedRegression!.Value;
                AddFinding(context, allocation,
                    $"Benchmark '{Echo.Cap(name)}' allocates more: {allocationFigures}, more than the {(allocation == BudgetStatus.Warn ? "warning " : "")}limit of +{Figures.Percent(limit)}.", file, region);
            }
        }
        else if (budget.MaxAllocatedRegression != null || budget.WarnAllocatedRegression != null)
        {
            allocation = BudgetStatus.NotComparable;
            allocationFigures = "allocations not measured (add [MemoryDiagnoser] to the benchmark class)";
            if (context.FailLevel(RuleIdentifiers.BenchmarkRegression) is { } level)
                context.Add(RuleIdentifiers.BenchmarkRegression, level,
                    $"Benchmark '{Echo.Cap(name)}' has an allocation budget but {(now.BytesAllocatedPerOperation == null ? "the current results" : "the baseline")} hold no allocation figures: add [MemoryDiagnoser] to the benchmark class.", file, region);
        }

        string summary = timeFigures + (allocationFigures.Length > 0 ? "; " + allocationFigures : "") + processorNote;
        return new BenchmarkComparison(now.FullName, now, before, method, time, allocation, summary);
    }

    private static bool Regressed(BenchmarkBudget budget, BenchmarkResult before, BenchmarkResult now, double threshold, bool statistical)
    {
        if (statistical)
        {
            if (MannWhitney.CompareRelative(before.Values!, now.Values!, threshold) != EquivalenceConclusion.Slower) return false;
            return MannWhitney.CompareAbsolute(before.Values!, now.Values!, budget.NoiseNanoseconds) == EquivalenceConclusion.Slower;
        }
        double b = before.Median!.Value, n = now.Median!.Value;
        return n > b * (1 + threshold) && n - b > budget.NoiseNanoseconds;
    }

    private static void AddFinding(BudgetContext context, BudgetStatus status, string message, string? file, Evidence.SourceRegion? region)
    {
        RuleLevel? level = status == BudgetStatus.Warn ? context.WarnLevel(RuleIdentifiers.BenchmarkRegression)
            : context.FailLevel(RuleIdentifiers.BenchmarkRegression);
        if (level != null) context.Add(RuleIdentifiers.BenchmarkRegression, level.Value, message, file, region);
    }

    private static string? Incompatible(BenchmarkHost before, BenchmarkHost now)
    {
        if (before.Architecture != null && now.Architecture != null
            && !string.Equals(before.Architecture, now.Architecture, StringComparison.OrdinalIgnoreCase))
            return $"the baseline was measured on {Echo.Cap(before.Architecture)}, these results on {Echo.Cap(now.Architecture)}";
        if (before.RuntimeFamily != null && now.RuntimeFamily != null
            && !string.Equals(before.RuntimeFamily, now.RuntimeFamily, StringComparison.OrdinalIgnoreCase))
            return $"the baseline was measured on {Echo.Cap(before.RuntimeFamily)}, these results on {Echo.Cap(now.RuntimeFamily)}";
        return null;
    }

    private static (string? File, Evidence.SourceRegion? Region) Locate(BudgetContext context, BenchmarkResult result)
    {
        var source = context.Sources.Find(result.Namespace, result.Type, result.Method);
        if (source != null) return (source.Value.Path, source.Value.Region);
        return (result.FilePath, new Evidence.SourceRegion(result.Line, result.Column, result.Line, result.Column));
    }

    /// <summary>"OrderLookupBenchmarks.BatchedLookup" (with parameters when there are any): what people call the benchmark.</summary>
    public static string ShortName(BenchmarkResult result)
    {
        if (result.Type == null || result.Method == null) return result.FullName;
        string prefix = (result.Namespace == null ? "" : result.Namespace + ".") + result.Type + "." + result.Method;
        string rest = result.FullName.StartsWith(prefix, StringComparison.Ordinal) ? result.FullName.Substring(prefix.Length) : "";
        return result.Type + "." + result.Method + rest;
    }
}

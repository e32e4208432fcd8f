using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Core.IO;

namespace PerfGate.Core.Budgets;

/// <summary>
/// What the build gate watches for a policy's budgets: MSBuild wildcard patterns (full paths) that cover
/// every input file a budget can read, so the budget target reruns when any of them changes and stays
/// skipped otherwise. A superset is fine (a glob's whole search folder); a literal file is itself, and a
/// missing one makes MSBuild run the target, which then reports it (PG0003).
/// </summary>
public static class BudgetInputs
{
    public static IReadOnlyList<string> Patterns(BudgetPolicy budgets, string baseDirectory)
    {
        var patterns = new SortedSet<string>(StringComparer.Ordinal);
        InputScope scope = InputScope.Around(baseDirectory);
        void Add(string glob)
        {
            if (Pattern(baseDirectory, glob, scope) is { } pattern) patterns.Add(pattern);
        }
        foreach (BenchmarkBudget b in budgets.Benchmarks)
        {
            Add(b.Results);
            Add(b.Baseline);
        }
        foreach (LoadTestBudget l in budgets.LoadTests) Add(l.Summary);
        foreach (TraceBudget t in budgets.Traces) Add(t.Files);
        // `new:` finding budgets read the findings baseline beside the policy. A wildcard, so that a missing
        // baseline matches nothing (a missing literal input would rerun the target on every build) while one
        // written later is seen as a changed input.
        if (budgets.Findings.Any(f => f.CountsNew))
            patterns.Add(Path.Combine(Path.GetFullPath(baseDirectory), Baseline.BaselineFile.FileName + "*"));
        return patterns.ToArray();
    }

    private static string? Pattern(string baseDirectory, string glob, InputScope scope)
    {
        var (root, rest) = FileGlob.Split(baseDirectory, glob);
        // Outside the repository nothing is read (the budget step says so), so nothing is watched: MSBuild would search
        // the whole file system for "/**/*".
        if (!scope.Contains(root)) return null;
        // A literal file is watched as itself; a folder (a baseline) or a glob's search folder, with everything below it.
        bool isFile = rest == null && !Directory.Exists(root);
        return isFile ? root : Path.Combine(root, "**", "*");
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

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
        foreach (BenchmarkBudget b in budgets.Benchmarks)
        {
            patterns.Add(Pattern(baseDirectory, b.Results));
            patterns.Add(Pattern(baseDirectory, b.Baseline));
        }
        foreach (LoadTestBudget l in budgets.LoadTests) patterns.Add(Pattern(baseDirectory, l.Summary));
        foreach (TraceBudget t in budgets.Traces) patterns.Add(Pattern(baseDirectory, t.Files));
        // `new:` finding budgets read the findings baseline beside the policy. A wildcard, so that a missing
        // baseline matches nothing (a missing literal input would rerun the target on every build) while one
        // written later is seen as a changed input.
        if (budgets.Findings.Any(f => f.CountsNew))
            patterns.Add(Path.Combine(Path.GetFullPath(baseDirectory), Baseline.BaselineFile.FileName + "*"));
        return patterns.ToArray();
    }

    private static string Pattern(string baseDirectory, string glob)
    {
        string normalized = glob.Replace('\\', '/').Trim();
        string[] segments = normalized.Split('/');
        int literal = 0;
        while (literal < segments.Length && segments[literal].IndexOfAny(new[] { '*', '?' }) < 0) literal++;
        string prefix = string.Join("/", segments.Take(literal));
        string full = Path.GetFullPath(Path.Combine(baseDirectory, prefix.Length == 0 ? "." : prefix));
        // A literal file is watched as itself; a folder (a baseline) or a glob's search folder, with everything below it.
        bool isFile = literal == segments.Length && !Directory.Exists(full);
        return isFile ? full : Path.Combine(full, "**", "*");
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Baseline;

/// <summary>The findings of a run compared with a baseline.</summary>
/// <param name="Findings">Every finding with <see cref="Finding.BaselineState"/> set to <c>new</c> or <c>unchanged</c>.</param>
/// <param name="Stale">Baseline entries no finding matched any more: fixed (SARIF <c>absent</c>).</param>
public sealed record BaselineComparison(IReadOnlyList<Finding> Findings, IReadOnlyList<BaselineEntry> Stale)
{
    public IEnumerable<Finding> New => Findings.Where(f => f.BaselineState == BaselineMatcher.New);
    public IEnumerable<Finding> Unchanged => Findings.Where(f => f.BaselineState == BaselineMatcher.Unchanged);
}

/// <summary>Baseline identities and matching. The CLI, the Action and the tasks share it.</summary>
public static class BaselineMatcher
{
    public const string New = "new";
    public const string Unchanged = "unchanged";
    public const string Absent = "absent";

    /// <summary>The identity of a finding as a baseline entry (paths relative to <paramref name="repositoryRoot"/>, forward slashes).</summary>
    public static BaselineEntry EntryFor(Finding finding, string repositoryRoot, LineHashCache hashes)
    {
        string path = RelativePath(repositoryRoot, finding.FilePath);
        string? hash = finding.FilePath != null && finding.Region is { StartLine: >= 1 } region
            ? hashes.Get(Path.GetFullPath(finding.FilePath), region.StartLine)
            : null;
        return new BaselineEntry(finding.RuleId, path, hash, finding.Symbol, finding.Message);
    }

    public static string RelativePath(string repositoryRoot, string? fullPath)
    {
        if (fullPath == null) return "";
        string relative = Path.GetRelativePath(Path.GetFullPath(repositoryRoot), Path.GetFullPath(fullPath));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) relative = Path.GetFullPath(fullPath);
        return relative.Replace('\\', '/');
    }

    /// <summary>
    /// Marks each finding <c>new</c> or <c>unchanged</c>. An entry matches one finding at most:
    /// first by rule + path + line hash; where either side has no line hash, by rule + path + symbol;
    /// where neither has a symbol either, by rule + path + message.
    /// </summary>
    public static BaselineComparison Compare(IReadOnlyList<Finding> findings, IReadOnlyList<BaselineEntry> baseline, string repositoryRoot)
    {
        var hashes = new LineHashCache(repositoryRoot);
        var identities = findings.Select(f => EntryFor(f, repositoryRoot, hashes)).ToArray();
        var used = new bool[baseline.Count];
        var matched = new bool[findings.Count];

        void Pass(Func<BaselineEntry, string?> key, Func<BaselineEntry, bool> eligible)
        {
            var pool = new Dictionary<(string, string, string), Queue<int>>();
            for (int i = 0; i < baseline.Count; i++)
            {
                if (used[i] || !eligible(baseline[i]) || key(baseline[i]) is not { } k) continue;
                var id = (baseline[i].RuleId, baseline[i].Path, k);
                if (!pool.TryGetValue(id, out var queue)) pool[id] = queue = new Queue<int>();
                queue.Enqueue(i);
            }
            for (int f = 0; f < identities.Length; f++)
            {
                if (matched[f] || !eligible(identities[f]) || key(identities[f]) is not { } k) continue;
                if (pool.TryGetValue((identities[f].RuleId, identities[f].Path, k), out var queue) && queue.Count > 0)
                {
                    used[queue.Dequeue()] = true;
                    matched[f] = true;
                }
            }
        }

        Pass(e => e.LineHash, _ => true);
        // Fallbacks only where a side has no line hash (a file that could not be read, a result without a line).
        var hashless = new HashSet<BaselineEntry>(baseline.Where(e => e.LineHash == null).Concat(identities.Where(e => e.LineHash == null)));
        Pass(e => e.Symbol, e => e.LineHash == null || HasHashlessCounterpart(e));
        Pass(e => e.Symbol == null ? e.Message : null, e => e.LineHash == null || HasHashlessCounterpart(e));

        bool HasHashlessCounterpart(BaselineEntry e) =>
            hashless.Any(h => h.RuleId == e.RuleId && h.Path == e.Path);

        var annotated = findings.Select((f, i) => f with { BaselineState = matched[i] ? Unchanged : New }).ToArray();
        var stale = baseline.Where((_, i) => !used[i]).ToList();
        stale.Sort(BaselineEntry.Compare);
        return new BaselineComparison(annotated, stale);
    }

    /// <summary>
    /// The baseline after <c>perfgate baseline --update</c>: fixed entries removed, the rest kept as
    /// they are; new findings added only with <paramref name="acceptNew"/>.
    /// </summary>
    public static IReadOnlyList<BaselineEntry> Update(IReadOnlyList<BaselineEntry> existing, BaselineComparison comparison,
        string repositoryRoot, bool acceptNew)
    {
        var stale = new List<BaselineEntry>(comparison.Stale);
        var kept = new List<BaselineEntry>();
        foreach (BaselineEntry entry in existing)
        {
            int at = stale.IndexOf(entry);
            if (at >= 0) stale.RemoveAt(at);
            else kept.Add(entry);
        }
        if (acceptNew)
        {
            var hashes = new LineHashCache(repositoryRoot);
            kept.AddRange(comparison.New.Select(f => EntryFor(f with { BaselineState = null }, repositoryRoot, hashes)));
        }
        return kept;
    }

    /// <summary>A baseline that accepts every current finding.</summary>
    public static IReadOnlyList<BaselineEntry> FromFindings(IEnumerable<Finding> findings, string repositoryRoot)
    {
        var hashes = new LineHashCache(repositoryRoot);
        return findings.Select(f => EntryFor(f, repositoryRoot, hashes)).ToList();
    }
}

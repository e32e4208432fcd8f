using System;
using System.Collections.Generic;
using System.Linq;

namespace PerfGate.Core.Gate;

/// <summary>
/// Evidence beats guesses: a static finding (PG1001 N+1 in a loop, …) at the same file and line as a runtime finding
/// (a trace's <c>code.filepath</c>/<c>code.lineno</c>) is confirmed. Its message gains
/// "— seen at run time: 10 queries in GET /orders" and SARIF marks it <c>perfgate/confirmedAtRuntime</c>.
/// </summary>
public static class RuntimeCorrelation
{
    public static IReadOnlyList<Finding> Confirm(IReadOnlyList<Finding> staticFindings, IReadOnlyList<Finding> runtimeFindings)
    {
        var evidence = runtimeFindings.Where(f => f.RuntimeSummary != null && f.FilePath != null && f.Region is { StartLine: > 0 }).ToList();
        if (evidence.Count == 0) return staticFindings;
        var result = new List<Finding>(staticFindings.Count);
        foreach (Finding finding in staticFindings)
        {
            if (finding.ConfirmedAtRuntime != null || finding.RuntimeSummary != null || finding.FilePath == null || finding.Region is not { } region
                || IsRuntimeRule(finding.RuleId))
            {
                result.Add(finding);
                continue;
            }
            Finding? match = evidence
                .Where(e => e.Region!.StartLine == region.StartLine && SameFile(e.FilePath!, finding.FilePath))
                .OrderBy(e => e.RuleId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (match == null)
            {
                result.Add(finding);
                continue;
            }
            string seen = "seen at run time: " + match.RuntimeSummary;
            result.Add(finding with { Message = finding.Message.TrimEnd() + " — " + seen, ConfirmedAtRuntime = match.RuntimeSummary });
        }
        return result;
    }

    private static bool IsRuntimeRule(string id) => id.StartsWith("PG5", StringComparison.Ordinal) || id.StartsWith("PG6", StringComparison.Ordinal)
        || id.StartsWith("PG0", StringComparison.Ordinal);

    /// <summary>
    /// The same file: equal paths, or (traces recorded on another machine or checkout) the same last segments —
    /// at least the file name and its folder, or all of the shorter path.
    /// </summary>
    internal static bool SameFile(string a, string b)
    {
        string[] x = a.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string[] y = b.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int common = 0;
        while (common < x.Length && common < y.Length && string.Equals(x[x.Length - 1 - common], y[y.Length - 1 - common], StringComparison.Ordinal)) common++;
        return common == Math.Min(x.Length, y.Length) || common >= 2;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Gate;

/// <summary>Turns evidence into findings under a policy. The one place a gate decision is made.</summary>
public static class GateEvaluator
{
    public static GateResult Evaluate(GatePolicy policy, CompilerLog log)
    {
        var findings = new List<Finding>();
        var foreignRules = new SortedDictionary<string, ReportedRule>(StringComparer.Ordinal);
        foreach (CompilerFinding result in log.Findings)
        {
            // The compiler logs suppressed results too (#pragma, [SuppressMessage]); they are not findings.
            if (result.IsSuppressed || result.Level == "none") continue;
            if (policy.IsExcluded(result.FilePath)) continue;

            RuleMetadata? own = RuleCatalog.Find(result.RuleId);
            log.Rules.TryGetValue(result.RuleId, out ReportedRule? reported);
            RuleLevel? level = policy.LevelFor(result.RuleId, own?.Category ?? reported?.Category);
            if (level is null or RuleLevel.Off) continue;
            // PerfGate records a finding its hotness model could not place in a whole app as a note (docs/policy.md#reach).
            if (own != null && result.Level == "note") level = RuleLevel.Note;

            findings.Add(new Finding(own?.Id ?? result.RuleId, level.Value, result.Message, result.FilePath, result.Region, result.Related));
            if (own == null)
                foreignRules[result.RuleId] = reported ?? new ReportedRule(result.RuleId, null, null, null, null);
        }
        return new GateResult(policy, Sort(findings), foreignRules);
    }

    public static IReadOnlyList<Finding> Sort(IEnumerable<Finding> findings) => findings
        .OrderBy(f => f.FilePath ?? "", StringComparer.Ordinal)
        .ThenBy(f => f.Region?.StartLine ?? 0)
        .ThenBy(f => f.Region?.StartColumn ?? 0)
        .ThenBy(f => f.RuleId, StringComparer.Ordinal)
        .ThenBy(f => f.Message, StringComparer.Ordinal)
        .ToArray();
}

using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Core.Evidence;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Gate;

/// <summary>
/// The one seam where every kind of evidence becomes findings under a policy. Today it reads
/// compiler/PerfGate SARIF logs; budget evidence (benchmarks, load tests, traces: PG6xxx) joins here
/// by adding its findings to the same list, so every host gets budgets without changing.
/// </summary>
public static class EvidenceCollector
{
    /// <summary>Reads the SARIF logs (each may throw <see cref="EvidenceException"/>) and evaluates them as one.</summary>
    public static GateResult FromSarifFiles(GatePolicy policy, IEnumerable<string> sarifFiles) =>
        FromLogs(policy, sarifFiles.Select(CompilerLogReader.Read).ToList());

    /// <summary>Merges logs (results concatenated and de-duplicated, first rule metadata wins) and evaluates them.</summary>
    public static GateResult FromLogs(GatePolicy policy, IReadOnlyList<CompilerLog> logs)
    {
        var findings = new List<CompilerFinding>();
        var seen = new HashSet<CompilerFinding>();
        var rules = new Dictionary<string, ReportedRule>(StringComparer.Ordinal);
        foreach (CompilerLog log in logs)
        {
            // A project built for several target frameworks reports the same result once per framework.
            foreach (CompilerFinding finding in log.Findings)
                if (seen.Add(finding)) findings.Add(finding);
            foreach (var (id, rule) in log.Rules) rules.TryAdd(id, rule);
        }
        GateResult result = GateEvaluator.Evaluate(policy, new CompilerLog(findings, rules));
        return result with { Findings = GateEvaluator.Sort(result.Findings.Concat(CollectBudgetFindings(policy))) };
    }

    /// <summary>Findings of the policy's budgets. None yet: budgets are the next step (PG6xxx).</summary>
    public static IEnumerable<Finding> CollectBudgetFindings(GatePolicy policy) => Array.Empty<Finding>();
}

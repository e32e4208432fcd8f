using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Gate;

/// <summary>
/// The one seam where every kind of evidence becomes findings under a policy: compiler/PerfGate SARIF
/// logs (<see cref="FromLogs"/>), then the policy's budgets (<see cref="AddBudgets"/>: benchmarks, load
/// tests, finding counts; PG6xxx). Hosts (the CLI, the build gate) call both, in that order.
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
        return GateEvaluator.Evaluate(policy, new CompilerLog(findings, rules));
    }

    /// <summary>
    /// Evaluates the policy's budgets and merges their findings and figures into <paramref name="result"/>.
    /// Finding budgets (PG6003) count <paramref name="counted"/> (default: the result's own findings), so a
    /// host that filters findings afterwards (PR mode, baseline) still counts everything the evidence held.
    /// Unreadable or missing budget inputs come back as PG0003 findings: see <see cref="UnreadableBudgetInputs"/>.
    /// Paths in the policy are relative to its folder.
    /// </summary>
    public static GateResult AddBudgets(GateResult result, IReadOnlyList<Finding>? counted = null)
    {
        if (result.Policy.Budgets.IsEmpty) return result;
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(result.Policy, result.Policy.BaseDirectory, counted ?? result.Findings);
        return result.WithBudgets(outcome);
    }

    /// <summary>The budget inputs that could not be read (PG0003 at the policy entry or in the file): an input error, not a verdict.</summary>
    public static IReadOnlyList<Finding> UnreadableBudgetInputs(GateResult result) =>
        result.Budgets.Findings.Where(f => f.RuleId == RuleIdentifiers.UnreadableEvidence).ToArray();
}

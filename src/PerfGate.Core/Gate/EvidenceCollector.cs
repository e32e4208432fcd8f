using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
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
    /// <param name="baseline">
    /// The baseline <paramref name="counted"/> was compared with (see <see cref="CompareForBudgets"/>), for
    /// <c>new:</c> finding budgets; null: no baseline, every finding counts as new.
    /// </param>
    public static GateResult AddBudgets(GateResult result, IReadOnlyList<Finding>? counted = null, BudgetBaseline? baseline = null)
    {
        if (result.Policy.Budgets.IsEmpty) return result;
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(result.Policy, result.Policy.BaseDirectory, counted ?? result.Findings, baseline);
        return result.WithBudgets(outcome);
    }

    /// <summary>Whether any finding budget has a <c>new</c> limit, so the host should compare with the baseline first.</summary>
    public static bool BudgetsCountNewFindings(GatePolicy policy) => policy.Budgets.Findings.Any(b => b.CountsNew);

    /// <summary>
    /// For hosts without a baseline step of their own (the build gate): reads the baseline at
    /// <paramref name="baselinePath"/> when it exists and marks <paramref name="findings"/> <c>new</c> or
    /// <c>unchanged</c>, returning what <see cref="AddBudgets"/> needs. A baseline that cannot be read throws
    /// <see cref="BaselineException"/> (PG0005 with its position).
    /// </summary>
    public static (IReadOnlyList<Finding> Counted, BudgetBaseline Baseline) CompareForBudgets(
        IReadOnlyList<Finding> findings, string baselinePath, string repositoryRoot)
    {
        string full = System.IO.Path.GetFullPath(baselinePath);
        if (!System.IO.File.Exists(full)) return (findings, new BudgetBaseline(full, Compared: false));
        IReadOnlyList<BaselineEntry> entries = BaselineFile.Read(full);
        return (BaselineMatcher.Compare(findings, entries, repositoryRoot).Findings, new BudgetBaseline(full, Compared: true));
    }

    /// <summary>The budget inputs that could not be read (PG0003 at the policy entry or in the file): an input error, not a verdict.</summary>
    public static IReadOnlyList<Finding> UnreadableBudgetInputs(GateResult result) =>
        result.Budgets.Findings.Where(f => f.RuleId == RuleIdentifiers.UnreadableEvidence).ToArray();
}

using System.Collections.Generic;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Gate;

/// <summary>The verdict and the findings it rests on, sorted for byte-identical reports.</summary>
public sealed record GateResult(
    GatePolicy Policy,
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<string, ReportedRule> ForeignRules)
{
    public int Errors => Findings.Count(f => f.Level == RuleLevel.Error);
    public int Warnings => Findings.Count(f => f.Level == RuleLevel.Warning);
    public int Notes => Findings.Count(f => f.Level == RuleLevel.Note);

    /// <summary>
    /// Findings whose level fails the gate under the policy's <c>failOn</c>. With a baseline, only new
    /// findings fail: those the baseline holds (<c>unchanged</c>) and fixed ones (<c>absent</c>) do not.
    /// </summary>
    public IEnumerable<Finding> Failing => Findings.Where(f => Policy.Fails(f.Level) && f.BaselineState is not ("unchanged" or "absent"));

    public bool Passed => !Failing.Any();

    /// <summary>The figures behind budget findings (benchmarks, load-test checks, finding counts); empty without budgets.</summary>
    public BudgetOutcome Budgets { get; init; } = BudgetOutcome.Empty;

    /// <summary>This result with a budget evaluation's findings merged in (sorted) and its figures attached.</summary>
    /// Static findings at the call site of a runtime finding are marked confirmed (<see cref="RuntimeCorrelation"/>).
    public GateResult WithBudgets(BudgetOutcome outcome) =>
        this with { Findings = GateEvaluator.Sort(RuntimeCorrelation.Confirm(Findings, outcome.Findings).Concat(outcome.Findings)), Budgets = outcome };
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

public sealed class FindingBudgetTests
{
    private static IReadOnlyList<Finding> Findings(string root) => new[]
    {
        new Finding("PG1001", RuleLevel.Warning, "n+1", Path.Combine(root, "src/Orders/OrderService.cs"), new SourceRegion(3, 1, 3, 5)),
        new Finding("PG1001", RuleLevel.Warning, "n+1", Path.Combine(root, "src/Reports/ReportService.cs"), new SourceRegion(9, 1, 9, 5)),
        new Finding("PG1005", RuleLevel.Note, "save", Path.Combine(root, "src/Orders/Import.cs"), new SourceRegion(4, 1, 4, 5)),
        new Finding("PG2002", RuleLevel.Error, "client", Path.Combine(root, "src/Clients/Rates.cs"), new SourceRegion(7, 1, 7, 5)),
        new Finding("PG0003", RuleLevel.Error, "unreadable", Path.Combine(root, "perf/x.json"), null),
    };

    private static BudgetOutcome Evaluate(TempFolder folder, string entries)
    {
        GatePolicy policy = BudgetTestData.Policy(folder, "budgets:\n  findings:\n" + entries);
        return BudgetEvaluator.Evaluate(policy, folder.Path, Findings(folder.Path));
    }

    [Test]
    public void Counts_by_rule_glob_category_and_path()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, """
                - rule: "PG1*"
                  max: 3
                - category: external-calls
                  max: 1
                - path: "src/Orders/**"
                  max: 5
                - rule: PG1001
                  path: "src/Reports/**"
                  max: 1
                - max: 10
            """);
        Assert.That(outcome.FindingCounts.Select(c => (c.Selector, c.Count, c.Status)), Is.EqualTo(new[]
        {
            ("rule PG1*", 3, BudgetStatus.Pass),
            ("category external-calls", 1, BudgetStatus.Pass),
            ("path src/Orders/**", 2, BudgetStatus.Pass),
            ("rule PG1001, path src/Reports/**", 1, BudgetStatus.Pass),
            ("all rules", 4, BudgetStatus.Pass),
        }));
        Assert.That(outcome.Findings, Is.Empty);
    }

    [Test]
    public void More_findings_than_max_fail_at_the_budget_entry()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, """
                - rule: "PG1*"
                  max: 0
            """);
        Finding finding = outcome.Findings.Single();
        Assert.That((finding.RuleId, finding.Level, finding.Region!.StartLine), Is.EqualTo(("PG6003", RuleLevel.Error, 3)));
        Assert.That(finding.Message, Is.EqualTo("3 findings of rule PG1*; the budget allows at most 0."));
    }

    [Test]
    public void The_warn_tier_annotates()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, """
                - category: data-access
                  max: 5
                  warn: { max: 1 }
            """);
        Finding finding = outcome.Findings.Single();
        Assert.That(finding.Level, Is.EqualTo(RuleLevel.Warning));
        Assert.That(finding.Message, Is.EqualTo("3 findings of category data-access; the warning tier allows at most 1."));
    }
}

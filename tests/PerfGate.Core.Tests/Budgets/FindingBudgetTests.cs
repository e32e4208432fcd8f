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

    [Test]
    public void New_counts_only_findings_the_baseline_does_not_hold()
    {
        using var folder = new TempFolder();
        GatePolicy policy =
            BudgetTestData.Policy(
                folder, "budgets:\n  findings:\n    - rule: \"PG1*\"\n      new: 0\n    - rule: \"PG1*\"\n      max: 5\n      warn: { new: 0 }\n");
        string baseline = Path.Combine(folder.Path, "perfgate.baseline.json");
        // Two of the three PG1xxx findings are in the baseline; PG1005 in Import.cs is new.
        IReadOnlyList<Finding> compared = Findings(folder.Path)
            .Select(f => f with { BaselineState = f.RuleId == "PG1005" ? "new" : "unchanged" }).ToArray();
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(policy, folder.Path, compared, new BudgetBaseline(baseline, Compared: true));

        Assert.That(outcome.FindingCounts.Select(c => (c.Count, c.NewCount, c.Status)), Is.EqualTo(new[]
        {
            (3, (int?)1, BudgetStatus.Fail),
            (3, (int?)1, BudgetStatus.Warn),
        }));
        Assert.That(outcome.Findings.Select(f => (f.Level, f.Region!.StartLine, f.Message)), Is.EqualTo(new[]
        {
            (RuleLevel.Error, 3, "1 new finding of rule PG1*; the budget allows at most 0 new (compared with perfgate.baseline.json)."),
            (RuleLevel.Warning, 5, "1 new finding of rule PG1*; the warning tier allows at most 0 new (compared with perfgate.baseline.json)."),
        }));

        // Once the baseline holds PG1005 too, nothing is new and the budget passes.
        BudgetOutcome clean = BudgetEvaluator.Evaluate(policy, folder.Path,
            compared.Select(f => f with { BaselineState = "unchanged" }).ToArray(), new BudgetBaseline(baseline, Compared: true));
        Assert.That(clean.FindingCounts.Select(c => (c.NewCount, c.Status)), Is.All.EqualTo(((int?)0, BudgetStatus.Pass)));
        Assert.That(clean.Findings, Is.Empty);
    }

    [Test]
    public void Without_a_baseline_every_finding_is_new_and_the_message_says_so()
    {
        using var folder = new TempFolder();
        GatePolicy policy = BudgetTestData.Policy(folder, "budgets:\n  findings:\n    - rule: PG1001\n      new: 1\n");
        string baseline = Path.Combine(folder.Path, "perfgate.baseline.json");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(policy, folder.Path, Findings(folder.Path), new BudgetBaseline(baseline, Compared: false));
        Assert.That(outcome.FindingCounts.Single().NewCount, Is.EqualTo(2));
        Assert.That(outcome.Findings.Single().Message, Is.EqualTo(
            "2 new findings of rule PG1001; the budget allows at most 1 new (there is no baseline: perfgate.baseline.json does not exist, so every finding counts as new; 'perfgate baseline' writes it)."));

        BudgetOutcome uncompared = BudgetEvaluator.Evaluate(policy, folder.Path, Findings(folder.Path));
        Assert.That(uncompared.Findings.Single().Message, Does.EndWith("(no findings baseline was compared, so every finding counts as new)."));
    }

    [Test]
    public void The_build_gate_helper_compares_with_the_baseline_file_and_reports_a_broken_one()
    {
        using var folder = new TempFolder();
        IReadOnlyList<Finding> findings = Findings(folder.Path).Where(f => f.RuleId != "PG0003").ToArray();
        string baselinePath = Path.Combine(folder.Path, "perfgate.baseline.json");

        var (counted, missing) = EvidenceCollector.CompareForBudgets(findings, baselinePath, folder.Path);
        Assert.That(missing.Compared, Is.False);
        Assert.That(counted.Select(f => f.BaselineState), Is.All.Null);

        // A baseline holding the two PG1001 findings.
        PerfGate.Core.Baseline.BaselineFile.Write(baselinePath,
            PerfGate.Core.Baseline.BaselineMatcher.FromFindings(findings.Where(f => f.RuleId == "PG1001"), folder.Path));
        var (marked, present) = EvidenceCollector.CompareForBudgets(findings, baselinePath, folder.Path);
        Assert.That(present.Compared, Is.True);
        Assert.That(marked.Select(f => (f.RuleId, f.BaselineState)), Is.EquivalentTo(new[]
        {
            ("PG1001", "unchanged"), ("PG1001", "unchanged"), ("PG1005", "new"), ("PG2002", "new"),
        }));

        File.WriteAllText(baselinePath, "{ \"version\": 1, \"findings\": [ ");
        var broken = Assert.Throws<PerfGate.Core.Baseline.BaselineException>(() => EvidenceCollector.CompareForBudgets(findings, baselinePath, folder.Path))!;
        Assert.That((broken.FilePath, broken.Line), Is.EqualTo((baselinePath, 1)));
    }
}


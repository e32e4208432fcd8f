using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Tests.Gate;

public sealed class GateEvaluatorTests
{
    private static readonly SourceRegion Region = new(10, 5, 10, 30);

    private static GatePolicy Load(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, "/repo/perfgate.yml");
        Assert.That(result.Errors, Is.Empty);
        return result.Policy!;
    }

    private static CompilerLog Log(params CompilerFinding[] findings) => new(
        findings,
        new Dictionary<string, ReportedRule>
        {
            ["CA1849"] = new("CA1849", "Call async methods when in an async method", null, null, "Performance"),
            ["CS0168"] = new("CS0168", "Variable is declared but never used", null, null, "Compiler"),
        });

    private static CompilerFinding Result(string id, string level = "warning", string path = "/repo/src/A.cs", bool suppressed = false) =>
        new(id, level, id + " message", path, Region, suppressed);

    [Test]
    public void Findings_take_the_policy_level_and_fail_the_gate_at_failOn()
    {
        GateResult result = GateEvaluator.Evaluate(
            Load("rules:\n  PG1001: error\n  PG2002: warning\n"),
            Log(Result("PG1001", "error"), Result("PG2002")));

        Assert.That(result.Findings.Select(f => (f.RuleId, f.Level)), Is.EquivalentTo(new[] { ("PG1001", RuleLevel.Error), ("PG2002", RuleLevel.Warning) }));
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Failing.Select(f => f.RuleId), Is.EqualTo(new[] { "PG1001" }));
        Assert.That((result.Errors, result.Warnings), Is.EqualTo((1, 1)));
    }

    [Test]
    public void A_PerfGate_finding_recorded_as_a_note_stays_a_note_and_does_not_fail()
    {
        // The analyzers record a finding of unknown reach in a whole app as a note (docs/policy.md#reach), whatever the rule's level.
        GateResult result = GateEvaluator.Evaluate(Load("rules:\n  PG1001: error\n  CA1849: error\n"),
            Log(Result("PG1001", "note"), Result("CA1849", "note")));

        Assert.That(result.Findings.Select(f => (f.RuleId, f.Level)), Is.EquivalentTo(new[] { ("PG1001", RuleLevel.Note), ("CA1849", RuleLevel.Error) }));
        Assert.That(result.Failing.Select(f => f.RuleId), Is.EqualTo(new[] { "CA1849" }));
    }

    [Test]
    public void Warnings_pass_under_failOn_error_and_fail_under_failOn_warning()
    {
        CompilerLog log = Log(Result("PG2006"));

        Assert.That(GateEvaluator.Evaluate(Load("failOn: error"), log).Passed, Is.True);
        Assert.That(GateEvaluator.Evaluate(Load("failOn: warning"), log).Passed, Is.False);
        Assert.That(GateEvaluator.Evaluate(Load("failOn: never\nrules:\n  PG2006: error"), log).Passed, Is.True);
    }

    [Test]
    public void Suppressed_excluded_and_switched_off_results_are_not_findings()
    {
        GateResult result = GateEvaluator.Evaluate(
            Load("rules:\n  PG1005: off\npaths:\n  exclude: [\"**/Migrations/**\"]\n"),
            Log(
                Result("PG1001", suppressed: true),
                Result("PG1001", path: "/repo/src/Migrations/Init.cs"),
                Result("PG1005")));

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Passed, Is.True);
    }

    [Test]
    public void Foreign_rules_are_gated_only_when_the_policy_names_them()
    {
        GateResult unnamed = GateEvaluator.Evaluate(Load("version: 1"), Log(Result("CA1849"), Result("CS0168")));
        GateResult named = GateEvaluator.Evaluate(Load("rules:\n  category/Performance: error\n"), Log(Result("CA1849"), Result("CS0168")));

        Assert.That(unnamed.Findings, Is.Empty);
        Assert.That(named.Findings.Single().RuleId, Is.EqualTo("CA1849"));
        Assert.That(named.Findings.Single().Level, Is.EqualTo(RuleLevel.Error));
        Assert.That(named.ForeignRules.Keys, Is.EqualTo(new[] { "CA1849" }));
    }

    [Test]
    public void Findings_are_sorted_by_file_position_and_rule()
    {
        GateResult result = GateEvaluator.Evaluate(
            Load("version: 1"),
            Log(
                new CompilerFinding("PG2002", "warning", "m", "/repo/b.cs", new SourceRegion(1, 1, 1, 2), false),
                new CompilerFinding("PG1002", "warning", "m", "/repo/a.cs", new SourceRegion(9, 1, 9, 2), false),
                new CompilerFinding("PG1001", "warning", "m", "/repo/a.cs", new SourceRegion(9, 1, 9, 2), false),
                new CompilerFinding("PG1001", "warning", "m", "/repo/a.cs", new SourceRegion(2, 1, 2, 2), false)));

        Assert.That(
            result.Findings.Select(f => $"{f.FilePath}:{f.Region!.StartLine}:{f.RuleId}"),
            Is.EqualTo(new[] { "/repo/a.cs:2:PG1001", "/repo/a.cs:9:PG1001", "/repo/a.cs:9:PG1002", "/repo/b.cs:1:PG2002" }));
    }
}

using System;
using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
using PerfGate.Core.Compiler;
using PerfGate.Core.Errors;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Tests.Hostile;

/// <summary>
/// Issue 18, item 11: inputs that stopped a reader with a bare exception (PG0008, "internal error") get their own code and a
/// position; and the policy key that decides what an incomplete scan means is validated like every other.
/// </summary>
public sealed class InputErrorCodeTests
{
    [Test]
    public void An_unclosed_YAML_flow_sequence_is_PG0001_where_the_reader_stopped()
    {
        PolicyLoadResult loaded = PolicyLoader.Parse("rules: [b\nc: d\n", "/repo/perfgate.yml");
        PolicyError error = loaded.Errors.Single();
        Assert.That((error.Line, error.Column), Is.EqualTo((2, 1)));
        Assert.That(error.Message, Is.EqualTo("invalid YAML: the flow sequence opened with '[' at line 1, column 8 is not closed: expected ']' before this"));
    }

    [TestCase("rules: {PG1001: error\nfailOn: warning\n", "flow mapping opened with '{' at line 1, column 8")]
    [TestCase("paths:\n  exclude: [\"a\", \"b\"\n", "flow sequence opened with '[' at line 2, column 12")]
    public void Other_unclosed_flow_collections_name_their_opening(string yaml, string expected)
    {
        PolicyLoadResult loaded = PolicyLoader.Parse(yaml, "/repo/perfgate.yml");
        Assert.That(loaded.Succeeded, Is.False);
        Assert.That(loaded.Errors.Single().Message, Does.Contain("invalid YAML"));
        Assert.That(loaded.Errors.Single().Line, Is.GreaterThan(0));
        if (loaded.Errors.Single().Message.Contains("flow")) Assert.That(loaded.Errors.Single().Message, Does.Contain(expected));
    }

    [Test]
    public void A_baseline_that_is_not_UTF_8_is_PG0005_at_the_bad_byte()
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes("{\"version\":1,\"findings\":[{\"ruleId\":\"PG1001\",\n  \"path\":\"aXb.cs\",\"message\":\"x\"}]}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        var e = Assert.Throws<BaselineException>(() => BaselineFile.Parse(bytes, "/repo/perfgate.baseline.json"))!;
        Assert.That(GateErrors.Diagnose(e).ToString(),
            Is.EqualTo("/repo/perfgate.baseline.json(2,12): error PG0005: the baseline is not valid UTF-8 (it is written as UTF-8 JSON; was it re-encoded or cut?)"));
    }

    [TestCase("incompleteScan: error\n", RuleLevel.Error)]
    [TestCase("incompleteScan: note\n", RuleLevel.Note)]
    [TestCase("version: 1\n", RuleLevel.Warning)]
    public void IncompleteScan_sets_the_level_of_PG0009(string yaml, RuleLevel level)
    {
        GatePolicy policy = PolicyLoader.Parse(yaml, "/repo/perfgate.yml").Policy!;
        Assert.That(policy.IncompleteScan, Is.EqualTo(level));
        Assert.That(policy.LevelFor(RuleIdentifiers.AnalysisIncomplete, RuleCategories.Gate), Is.EqualTo(level));
        // The build's compiler reports PG0009 at the same level (failing when failOn says so).
        Assert.That(CompilerConfigWriter.Render(policy), Does.Contain("dotnet_diagnostic.PG0009.severity = "
            + CompilerConfigWriter.CompilerSeverity(level, policy) + "\n"));
    }

    [TestCase("incompleteScan: off\n", "unknown incompleteScan value 'off': expected one of error, warning, note (a scan that skipped code always says so)")]
    [TestCase("incompleteScan: eror\n", "unknown incompleteScan value 'eror': expected one of error, warning, note; did you mean 'error'?")]
    [TestCase("incompleteScan: [error]\n", "expected one of error, warning, note, found a list")]
    [TestCase("incompletScan: error\n", "unknown top-level key 'incompletScan'")]
    public void IncompleteScan_is_validated_at_its_position(string yaml, string message)
    {
        PolicyError error = PolicyLoader.Parse(yaml, "/repo/perfgate.yml").Errors.Single();
        Assert.That(error.Message, Does.StartWith(message));
        Assert.That(error.Line, Is.EqualTo(1));
    }

    [Test]
    public void PG0009_cannot_be_set_under_rules()
    {
        PolicyError error = PolicyLoader.Parse("rules:\n  PG0009: off\n", "/repo/perfgate.yml").Errors.Single();
        Assert.That(error.Message, Does.Contain("'PG0009' is a diagnostic of the gate itself and cannot be configured"));
    }
}

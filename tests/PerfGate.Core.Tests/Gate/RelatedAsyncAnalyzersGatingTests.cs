using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Compiler;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Tests.Gate;

/// <summary>
/// docs/external-calls.md recommends gating four rules of other analyzers next to PG2xxx
/// (CA1849, CA2016, MA0042, VSTHRD103): the policy names them, the compiler config carries them,
/// and the gate decides on their results like on its own.
/// </summary>
public sealed class RelatedAsyncAnalyzersGatingTests
{
    private const string Policy = "rules:\n  category/external-calls: warning\n  CA1849: error\n  CA2016: warning\n  MA0042: error\n  VSTHRD103: warning\n";

    private static GatePolicy Load(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, "/repo/perfgate.yml");
        Assert.That(result.Errors, Is.Empty);
        return result.Policy!;
    }

    [Test]
    public void The_recommended_foreign_rules_reach_the_compiler_config()
    {
        string config = CompilerConfigWriter.Render(Load(Policy));

        Assert.That(config, Does.Contain("dotnet_diagnostic.CA1849.severity = error\n"));
        Assert.That(config, Does.Contain("dotnet_diagnostic.CA2016.severity = warning\n"));
        Assert.That(config, Does.Contain("dotnet_diagnostic.MA0042.severity = error\n"));
        Assert.That(config, Does.Contain("dotnet_diagnostic.VSTHRD103.severity = warning\n"));
        Assert.That(config, Does.Contain("dotnet_diagnostic.PG2006.severity = warning\n"));
    }

    [Test]
    public void Their_results_take_the_policy_level_and_fail_the_gate()
    {
        var region = new SourceRegion(3, 1, 3, 20);
        var log = new CompilerLog(
            new[]
            {
                new CompilerFinding("CA1849", "warning", "CA1849 message", "/repo/src/A.cs", region, false),
                new CompilerFinding("MA0042", "warning", "MA0042 message", "/repo/src/B.cs", region, false),
                new CompilerFinding("VSTHRD103", "warning", "VSTHRD103 message", "/repo/src/C.cs", region, false),
                new CompilerFinding("CA2016", "note", "CA2016 message", "/repo/src/D.cs", region, false),
            },
            new Dictionary<string, ReportedRule>
            {
                ["CA1849"] = new("CA1849", "Call async methods when in an async method", null, null, "Performance"),
                ["CA2016"] = new("CA2016", "Forward the CancellationToken parameter to methods that take one", null, null, "Reliability"),
                ["MA0042"] = new("MA0042", "Do not use blocking calls in an async method", null, null, "Design"),
                ["VSTHRD103"] = new("VSTHRD103", "Call async methods when in an async method", null, null, "Usage"),
            });

        GateResult result = GateEvaluator.Evaluate(Load(Policy), log);

        Assert.That(result.Findings.Select(f => (f.RuleId, f.Level)), Is.EquivalentTo(new[]
        {
            ("CA1849", RuleLevel.Error), ("MA0042", RuleLevel.Error), ("VSTHRD103", RuleLevel.Warning), ("CA2016", RuleLevel.Warning),
        }));
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Failing.Select(f => f.RuleId).OrderBy(id => id), Is.EqualTo(new[] { "CA1849", "MA0042" }));
    }
}

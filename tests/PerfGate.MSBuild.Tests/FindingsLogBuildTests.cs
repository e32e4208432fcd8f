using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.MSBuild.Tests;

/// <summary>
/// The findings log (src/PerfGate.Analyzers/Findings): real `dotnet build` runs of the packed package. SARIF comes
/// from the log PerfGate's suppressor writes, not from the compiler's ErrorLog, and says the same thing.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class FindingsLogBuildTests
{
    // PG2002 at note level: notes reach the log although the compiler drops info-level diagnostics. A second N+1 under
    // #pragma: the log honours it as the compiler does.
    private const string Policy = "version: 1\nfailOn: error\nrules:\n  PG1001: error\n  PG2002: note\n";

    private const string Suppressed = """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public sealed class QuietReport(ShopContext db)
        {
            public async Task<int> CountAsync(IReadOnlyList<Order> orders)
            {
                int found = 0;
                foreach (var order in orders)
                {
        #pragma warning disable PG1001
                    if (await db.Customers.AnyAsync(c => c.Id == order.CustomerId)) found++;
        #pragma warning restore PG1001
                }
                return found;
            }
        }
        """;

    private static UserProject CreateShop(string policy = Policy)
    {
        var project = new UserProject();
        project.Write("Orders.cs", ShopSources.Orders);
        project.Write("Rates.cs", ShopSources.Rates);
        project.Write("Quiet.cs", Suppressed);
        project.Write("perfgate.yml", policy);
        return project;
    }

    [Test]
    public void SARIF_from_the_findings_log_equals_SARIF_from_the_compiler_log()
    {
        using UserProject project = CreateShop();

        ProcessResult findings = project.Build(ci: true);
        string fromFindings = File.ReadAllText(project.IntermediateFile("perfgate.sarif"));
        ProcessResult compiler = project.Build(true, "-p:ErrorLog=compiler.sarif%2Cversion=2.1");
        string fromCompiler = File.ReadAllText(project.IntermediateFile("perfgate.sarif"));

        Assert.That(findings.ExitCode, Is.Not.EqualTo(0), findings.ToString());
        Assert.That(findings.Output, Does.Contain("PerfGate: gate failed (1 error(s), 0 warning(s), 1 note(s))"), findings.ToString());
        Assert.That(findings.Output, Does.Not.Contain("PG2002"), "a note stays out of the build output:\n" + findings);
        Assert.That(findings.Output, Does.Not.Contain("PG0000"), "the end marker stays out of the build output:\n" + findings);
        Assert.That(File.Exists(project.IntermediateFile("perfgate.compiler.sarif")), Is.False, "no compiler ErrorLog in the findings route");
        Assert.That(File.Exists(project.IntermediateFile("perfgate.findings.sarif")), Is.True);
        Assert.That(compiler.Output, Does.Contain("PerfGate: gate failed (1 error(s), 0 warning(s), 1 note(s))"), compiler.ToString());
        Assert.That(fromFindings, Is.EqualTo(fromCompiler));
        using JsonDocument sarif = JsonDocument.Parse(fromFindings);
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString() + ":" + r.GetProperty("level").GetString()).ToArray();
        Assert.That(rules, Is.EquivalentTo(new[] { "PG1001:error", "PG2002:note" }), "the #pragma'd N+1 is not a finding");
    }

    [Test]
    public void A_clean_project_gets_an_empty_log_and_a_no_op_build_keeps_it_without_compiling()
    {
        using UserProject project = CreateShop("version: 1\nrules:\n  PG1001: off\n  PG2002: off\n");

        ProcessResult first = project.Build(ci: true);
        string log = project.IntermediateFile("perfgate.findings.sarif");
        var written = File.GetLastWriteTimeUtc(log);
        ProcessResult second = project.Build(true, "-v:n");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(File.ReadAllText(log), Does.Contain("\"results\":[]"));
        Assert.That(first.Output, Does.Contain("PerfGate: gate passed (0 error(s), 0 warning(s), 0 note(s))"));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain("Skipping target \"CoreCompile\""), "the log is a compile output that exists, so nothing recompiles:\n"
            + second);
        Assert.That(File.GetLastWriteTimeUtc(log), Is.EqualTo(written));
    }

    [Test]
    public void A_policy_that_gates_another_analyzers_rule_uses_the_compiler_log()
    {
        using UserProject project = CreateShop(Policy + "  CA1822: warning\n");
        project.Write("Util.cs", "namespace Shop;\n\npublic sealed class Util\n{\n    public int Two() => 2;\n}\n");

        ProcessResult build = project.Build(ci: true);

        Assert.That(build.Output, Does.Contain(": warning CA1822: "), build.ToString());
        Assert.That(File.Exists(project.IntermediateFile("perfgate.compiler.sarif")), Is.True, build.ToString());
        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(project.IntermediateFile("perfgate.sarif")));
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString())
            .Distinct();
        Assert.That(rules, Is.SupersetOf(new[] { "PG1001", "PG2002", "CA1822" }));
    }

    [Test]
    public void A_design_time_build_names_no_findings_log()
    {
        using UserProject project = CreateShop();
        project.Build();
        File.Delete(project.IntermediateFile("perfgate.findings.globalconfig"));

        ProcessResult designTime = project.Build(false, "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-v:d");

        Assert.That(File.Exists(project.IntermediateFile("perfgate.findings.globalconfig")), Is.False, designTime.ToString());
        Assert.That(designTime.Output, Does.Not.Contain("perfgate.findings.globalconfig"), "the IDE's compiler options must not name it");
        Assert.That(designTime.Output, Does.Contain("perfgate.globalconfig"), "the policy's config is the same for the IDE");
    }
}

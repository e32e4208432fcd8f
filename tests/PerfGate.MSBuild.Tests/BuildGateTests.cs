using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.MSBuild.Tests;

/// <summary>Real `dotnet build` runs of a project that references the packed PerfGate package.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class BuildGateTests
{
    private const string FailingPolicy = """
        version: 1
        failOn: error
        rules:
          PG1001: error
          PG2002: warning
        """;

    // Where each rule reports: the executing call of a query, the `new` of a client.
    private const string QueryMarker = "FirstAsync(c => c.Id";
    private const string ClientMarker = "new HttpClient()";

    private static UserProject CreateShop(string? policy = FailingPolicy)
    {
        var project = new UserProject();
        project.Write("Orders.cs", ShopSources.Orders);
        project.Write("Rates.cs", ShopSources.Rates);
        if (policy != null) project.Write("perfgate.yml", policy);
        return project;
    }

    private static string DiagnosticLine(UserProject project, string file, string source, string marker, string level, string id)
    {
        var (line, column) = ShopSources.PositionOf(source, marker);
        return $"{Path.Combine(project.ProjectDirectory, file)}({line},{column}): {level} {id}: ";
    }

    private static int Occurrences(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;

    [Test]
    public void Policy_error_fails_the_build_with_canonical_lines_printed_once()
    {
        using UserProject project = CreateShop();

        ProcessResult build = project.Build();

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        string error = DiagnosticLine(project, "Orders.cs", ShopSources.Orders, QueryMarker, "error", "PG1001");
        string warning = DiagnosticLine(project, "Rates.cs", ShopSources.Rates, ClientMarker, "warning", "PG2002");
        Assert.That(Occurrences(build.BuildLog, error), Is.EqualTo(1), build.ToString());
        Assert.That(Occurrences(build.BuildLog, warning), Is.EqualTo(1), build.ToString());
        Assert.That(Occurrences(build.BuildLog, ": error PG"), Is.EqualTo(1), "the clean query and the shared client are not flagged:\n" + build);
        Assert.That(File.Exists(project.IntermediateFile("perfgate.sarif")), Is.False, "no SARIF is written locally unless asked");
    }

    [Test]
    public void A_rebuild_with_nothing_changed_still_fails()
    {
        using UserProject project = CreateShop();

        ProcessResult first = project.Build();
        ProcessResult second = project.Build();

        string error = DiagnosticLine(project, "Orders.cs", ShopSources.Orders, QueryMarker, "error", "PG1001");
        Assert.That(first.ExitCode, Is.Not.EqualTo(0), first.ToString());
        Assert.That(second.ExitCode, Is.Not.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain(error));
    }

    [Test]
    public void Without_a_policy_the_defaults_warn_a_note_rule_does_not_and_the_build_passes()
    {
        using UserProject project = CreateShop(policy: null);

        ProcessResult build = project.Build();

        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        Assert.That(build.Output, Does.Contain(DiagnosticLine(project, "Orders.cs", ShopSources.Orders, QueryMarker, "warning", "PG1001")));
        // PG2002 is a note by default (its measured precision is low): it shows in the findings, not among the build's warnings.
        Assert.That(build.Output, Does.Not.Contain("warning PG2002"));
    }

    [Test]
    public void The_nearest_policy_wins_and_a_parent_policy_applies_when_there_is_none_nearer()
    {
        using UserProject project = CreateShop(policy: null);
        project.WriteAtRoot("perfgate.yml", "rules:\n  PG1001: off\n  PG2002: error\n");

        ProcessResult parentOnly = project.Build();
        Assert.That(parentOnly.ExitCode, Is.Not.EqualTo(0), parentOnly.ToString());
        Assert.That(parentOnly.Output, Does.Contain(": error PG2002: "));
        Assert.That(parentOnly.Output, Does.Not.Contain("PG1001"));

        project.Write("perfgate.yml", "rules:\n  PG2002: off\n");
        ProcessResult nearest = project.Build();
        Assert.That(nearest.ExitCode, Is.EqualTo(0), nearest.ToString());
        Assert.That(nearest.Output, Does.Contain(": warning PG1001: "), "the nearer policy does not inherit the parent's entries");
        Assert.That(nearest.Output, Does.Not.Contain("PG2002"));
    }

    [Test]
    public void In_CI_the_build_writes_PerfGate_SARIF_even_when_the_gate_fails()
    {
        using UserProject project = CreateShop();

        ProcessResult build = project.Build(ci: true);

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        Assert.That(Occurrences(build.BuildLog, ": error PG1001: "), Is.EqualTo(1), "SARIF mode must not print findings twice:\n" + build);
        Assert.That(build.Output, Does.Contain("PerfGate: gate failed (1 error(s), 1 warning(s), 0 note(s))"));
        string sarifPath = project.IntermediateFile("perfgate.sarif");
        Assert.That(File.Exists(sarifPath), Is.True, build.ToString());

        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        JsonElement run = sarif.RootElement.GetProperty("runs").EnumerateArray().Single();
        Assert.That(sarif.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        Assert.That(run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString(), Is.EqualTo("PerfGate"));
        var results = run.GetProperty("results").EnumerateArray()
            .Select(r => (
                Rule: r.GetProperty("ruleId").GetString(),
                Level: r.GetProperty("level").GetString(),
                Uri: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
                Line: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToArray();
        Assert.That(results, Is.EqualTo(new[]
        {
            ("PG1001", "error", "src/Shop/Orders.cs", ShopSources.PositionOf(ShopSources.Orders, QueryMarker).Line),
            ("PG2002", "warning", "src/Shop/Rates.cs", ShopSources.PositionOf(ShopSources.Rates, ClientMarker).Line),
        }));
    }

    [Test]
    public void An_invalid_policy_is_a_PG0001_error_at_its_position()
    {
        using UserProject project = CreateShop("version: 1\nrules:\n  PG1001: eror\n");

        ProcessResult build = project.Build();

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        string policy = Path.Combine(project.ProjectDirectory, "perfgate.yml");
        Assert.That(build.Output,
            Does.Contain($"{policy}(3,11): error PG0001: PerfGate: unknown level 'eror': expected error, warning, note or off; did you mean 'error'?"));
        Assert.That(build.Output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void A_named_policy_that_does_not_exist_is_a_PG0002_error()
    {
        using UserProject project = CreateShop(policy: null);

        ProcessResult build = project.Build(false, "-p:PerfGatePolicyFile=policies/missing.yml");

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        Assert.That(build.Output,
            Does.Contain("error PG0002: PerfGate: the policy file '" + Path.Combine(project.ProjectDirectory, "policies", "missing.yml")));
    }

    [Test]
    public void A_compiler_log_that_is_not_SARIF_2_1_is_a_PG0003_error_not_a_stack_trace()
    {
        using UserProject project = CreateShop(policy: "version: 1\n");

        // ErrorLog without ",version=2.1" makes the compiler write SARIF 1.0.
        ProcessResult build = project.Build(true, "-p:ErrorLog=build.sarif");

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        Assert.That(build.Output, Does.Contain(Path.Combine(project.ProjectDirectory, "build.sarif")));
        Assert.That(build.Output, Does.Match(@"build\.sarif\(\d+,\d+\): error PG0003: PerfGate: "));
        Assert.That(build.Output, Does.Not.Contain("   at "), "no stack trace");
    }
}

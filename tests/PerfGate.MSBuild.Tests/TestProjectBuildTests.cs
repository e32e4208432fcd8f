using System.IO;
using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.MSBuild.Tests;

/// <summary>
/// Test code is off by default in the build (docs/policy.md, reach): a project that references a test framework or says
/// IsTestProject reports nothing, until the policy says <c>reach: { tests: report }</c>.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TestProjectBuildTests
{
    private const string QueryMarker = "FirstAsync(c => c.Id";

    private static UserProject CreateTestProject()
    {
        var project = new UserProject("Shop.Tests");
        // A test project as `dotnet new nunit` makes one, minus the runner: the framework reference is what marks it.
        File.WriteAllText(project.ProjectFile, File.ReadAllText(project.ProjectFile).Replace(
            "<PackageReference Include=\"Microsoft.EntityFrameworkCore\"",
            "<PackageReference Include=\"NUnit\" Version=\"4.6.1\" />\n    <PackageReference Include=\"Microsoft.EntityFrameworkCore\""));
        project.Write("Orders.cs", ShopSources.Orders);
        return project;
    }

    [Test]
    public void A_test_project_is_silent_by_default_and_reported_when_the_policy_asks()
    {
        using UserProject project = CreateTestProject();
        project.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\n");

        ProcessResult silent = project.Build();

        Assert.That(silent.ExitCode, Is.EqualTo(0), silent.ToString());
        Assert.That(silent.Output, Does.Not.Contain("PG1001"), silent.ToString());

        project.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\nreach:\n  tests: report\n");
        ProcessResult reported = project.Build();

        var (line, column) = ShopSources.PositionOf(ShopSources.Orders, QueryMarker);
        Assert.That(reported.ExitCode, Is.Not.EqualTo(0), reported.ToString());
        Assert.That(reported.Output, Does.Contain($"{Path.Combine(project.ProjectDirectory, "Orders.cs")}({line},{column}): error PG1001: "),
            reported.ToString());
    }

    [Test]
    public void PerfGateTestProject_false_gates_a_project_that_references_a_test_framework()
    {
        using UserProject project = CreateTestProject();

        ProcessResult build = project.Build(false, "-p:PerfGateTestProject=false");

        Assert.That(build.Output, Does.Contain(": warning PG1001: "), build.ToString());
    }
}

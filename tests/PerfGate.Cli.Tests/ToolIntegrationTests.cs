using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.Cli.Tests;

/// <summary>The packed tool, installed from a local feed, run on a temp project (real `dotnet build`) and a temp folder.</summary>
[Category("Integration")]
public sealed class ToolIntegrationTests
{
    [OneTimeTearDown]
    public void RemovePackedTool() => InstalledTool.Cleanup();

    private static Dictionary<string, string> Snapshot(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
        .ToDictionary(f => Path.GetRelativePath(root, f), f => System.Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Test]
    public void Scan_builds_a_project_with_PerfGate_injected_and_edits_no_file()
    {
        using var dir = new TempDir();
        dir.Write("Shop/Shop.csproj", ShopSources.Project);
        dir.Write("Shop/Orders.cs", ShopSources.Orders);
        dir.Write("Shop/Rates.cs", ShopSources.Rates);
        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\n  PG2002: warning\n");
        var before = Snapshot(dir.Path);

        CliRun run = InstalledTool.Run(InstalledTool.Command, dir.Path, "scan", "Shop/Shop.csproj");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        string[] lines = run.Stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.That(lines, Is.EqualTo(new[]
        {
            Path.Combine("Shop", "Orders.cs")
                + "(21,47): error PG1001: 'FirstAsync' runs an EF Core query on every iteration of the enclosing foreach loop: one database round trip per item (N+1) [reach unknown]",
            Path.Combine("Shop", "Rates.cs")
                + "(9,28): warning PG2002: A new HttpClient is created on every call of 'GetAsync': each instance opens its own connections (socket exhaustion, no DNS refresh); use IHttpClientFactory or a shared instance [reach unknown]",
            "PerfGate: gate failed (1 error(s), 1 warning(s), 0 note(s))",
        }), run.ToString());
        Assert.That(run.Stderr, Is.Empty, "no progress when output is redirected");
        Assert.That(Snapshot(dir.Path), Is.EqualTo(before), "scan must not add or change any file outside bin/ and obj/");

        // Up to date: the build is incremental and the gate still has its evidence.
        CliRun again = InstalledTool.Run(InstalledTool.Command, dir.Path, "scan", "Shop", "--format", "json");
        Assert.That(again.ExitCode, Is.EqualTo(1), again.ToString());
        Assert.That(again.Stdout, Does.Contain("\"ruleId\": \"PG1001\""));
    }

    [Test]
    public void Scan_takes_an_slnx_solution_and_reports_its_projects()
    {
        using var dir = new TempDir();
        dir.Write("Shop/Shop.csproj", ShopSources.Project);
        dir.Write("Shop/Orders.cs", ShopSources.Orders);
        dir.Write("Shop/Rates.cs", ShopSources.Rates);
        dir.Write("Shop.slnx", "<Solution>\n  <Project Path=\"Shop/Shop.csproj\" />\n</Solution>\n");
        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\n  PG2002: warning\n");

        CliRun run = InstalledTool.Run(InstalledTool.Command, dir.Path, "scan", "Shop.slnx");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain(Path.Combine("Shop", "Orders.cs") + "(21,47): error PG1001: "), run.ToString());
        Assert.That(run.Stdout, Does.Contain(Path.Combine("Shop", "Rates.cs") + "(9,28): warning PG2002: "), run.ToString());
    }

    [Test]
    public void Scan_of_a_folder_needs_no_project_and_bad_input_is_one_line()
    {
        using var dir = new TempDir();
        dir.Write("src/Orders.cs", ShopSources.Orders);
        dir.Write("src/Rates.cs", ShopSources.Rates);

        CliRun run = InstalledTool.Run(InstalledTool.Command, dir.Path, "scan", "src", "--format", "sarif");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString()); // both rules default to warning
        Assert.That(run.Stdout, Does.Contain("\"ruleId\": \"PG1001\"").And.Contain("\"ruleId\": \"PG2002\"").And.Contain("primaryLocationLineHash"));

        CliRun bad = InstalledTool.Run(InstalledTool.Command, dir.Path, "scan", "src", "--changed-since", "main");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(bad.Stderr, Does.Contain("error PG0006"));
    }

    [Test]
    public void Fix_runs_from_the_package_with_its_code_fixes_and_workspace()
    {
        using var dir = new TempDir();
        dir.Write("src/Orders.cs", ShopSources.Orders);
        string dashboard = dir.Write("src/Dashboard.cs", """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class Dashboard(HttpClient http)
            {
                public async Task<string> BuildAsync(int id)
                {
                    var profile = await http.GetStringAsync("profiles/" + id);
                    var orders = await http.GetStringAsync("orders/" + id);
                    return profile + orders;
                }
            }
            """);
        string before = File.ReadAllText(dashboard);
        CliRun run = InstalledTool.Run(InstalledTool.Command, dir.Path, "fix", "src", "--dry-run");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("+        await Task.WhenAll(profileTask, ordersTask);").And.Contain("PG2003: 1 fixed")
            .And.Contain("PG1001: 1 finding, no automatic fix (see docs/rules/PG1001.md)"), run.ToString());
        Assert.That(File.ReadAllText(dashboard), Is.EqualTo(before));
    }
}

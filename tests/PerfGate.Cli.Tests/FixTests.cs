using System.Diagnostics;
using System.IO;
using System.Text;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.Cli.Tests;

/// <summary>`perfgate fix`: PG2003's code fix applied in a workspace, PG1001 (no fix) left alone and reported.</summary>
public sealed class FixTests
{
    // Two independent HTTP reads awaited one after the other: PG2003, with a code fix.
    private const string Dashboard = """
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

        """;

    private const string FixedDashboard = """
        using System.Net.Http;
        using System.Threading.Tasks;

        public sealed class Dashboard(HttpClient http)
        {
            public async Task<string> BuildAsync(int id)
            {
                var profileTask = http.GetStringAsync("profiles/" + id);
                var ordersTask = http.GetStringAsync("orders/" + id);
                await Task.WhenAll(profileTask, ordersTask);
                var profile = await profileTask;
                var orders = await ordersTask;
                return profile + orders;
            }
        }

        """;

    private const string ExpectedDiff = """
        --- a/src/Dashboard.cs
        +++ b/src/Dashboard.cs
        @@ -5,8 +5,11 @@
         {
             public async Task<string> BuildAsync(int id)
             {
        -        var profile = await http.GetStringAsync("profiles/" + id);
        -        var orders = await http.GetStringAsync("orders/" + id);
        +        var profileTask = http.GetStringAsync("profiles/" + id);
        +        var ordersTask = http.GetStringAsync("orders/" + id);
        +        await Task.WhenAll(profileTask, ordersTask);
        +        var profile = await profileTask;
        +        var orders = await ordersTask;
                 return profile + orders;
             }
         }

        """;

    private static TempDir Folder()
    {
        var dir = new TempDir();
        dir.Write("src/Dashboard.cs", Dashboard);
        dir.Write("src/Orders.cs", ShopSources.Orders); // PG1001: a query per loop iteration, no automatic fix
        return dir;
    }

    private static byte[] Bytes(TempDir dir, string relative) => File.ReadAllBytes(Path.Combine(dir.Path, relative));

    [Test]
    public void Dry_run_prints_the_diff_and_changes_no_file()
    {
        using TempDir dir = Folder();
        byte[] dashboard = Bytes(dir, "src/Dashboard.cs"), orders = Bytes(dir, "src/Orders.cs");
        CliRun run = InProcess.Run(dir.Path, "fix", ".", "--dry-run");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout.Replace("\r\n", "\n"), Is.EqualTo(ExpectedDiff.Replace("\r\n", "\n")
            + "PG2003: 1 fixed\n"
            + "PG1001: 1 finding, no automatic fix (see docs/rules/PG1001.md)\n"
            + "PerfGate: 1 fix(es) in 1 file(s) (dry run: no file changed).\n"), run.ToString());
        Assert.That(Bytes(dir, "src/Dashboard.cs"), Is.EqualTo(dashboard));
        Assert.That(Bytes(dir, "src/Orders.cs"), Is.EqualTo(orders));
        Assert.That(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories), Has.Length.EqualTo(2));
    }

    [Test]
    public void Fix_rewrites_the_PG2003_file_and_leaves_the_PG1001_file_byte_identical()
    {
        using TempDir dir = Folder();
        byte[] orders = Bytes(dir, "src/Orders.cs");
        CliRun run = InProcess.Run(dir.Path, "fix", ".");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "src/Dashboard.cs")), Is.EqualTo(FixedDashboard));
        Assert.That(Bytes(dir, "src/Orders.cs"), Is.EqualTo(orders));
        Assert.That(run.Stdout, Does.Contain("PG2003: 1 fixed\n")
            .And.Contain("PG1001: 1 finding, no automatic fix (see docs/rules/PG1001.md)\n")
            .And.Contain("PerfGate: 1 fix(es), 1 file(s) changed.")
            .And.Not.Contain("---"));
        Assert.That(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories), Has.Length.EqualTo(2), "no temp file left behind");

        // Fixed code is clean: a second run has nothing to fix for PG2003.
        CliRun again = InProcess.Run(dir.Path, "fix", ".", "--dry-run");
        Assert.That(again.Stdout, Does.Not.Contain("PG2003").And.Contain("PerfGate: nothing to fix; no file changed."), again.ToString());
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Fix_keeps_the_mode_of_the_file_and_writes_through_a_link()
    {
        // Issue 18, item 6: fix reset 0600 and 0755 to 0644, cleared setuid, and replaced a linked .cs with a regular file.
        Assume.That(System.OperatingSystem.IsWindows(), Is.False, "Unix modes and symbolic links");
        using var dir = new TempDir(git: true); // the repository bounds where a link may lead
        string shared = dir.Write("shared/Dashboard.cs", Dashboard);
        dir.Write("src/Orders.cs", ShopSources.Orders);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "src/Dashboard.cs"), Path.Combine("..", "shared", "Dashboard.cs"));
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(shared, mode);

        CliRun run = InProcess.Run(dir.Path, "fix", "src");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.ReadAllText(shared), Is.EqualTo(FixedDashboard), run.ToString());
        Assert.That(new FileInfo(Path.Combine(dir.Path, "src/Dashboard.cs")).LinkTarget, Is.EqualTo(Path.Combine("..", "shared", "Dashboard.cs")));
        Assert.That(File.GetUnixFileMode(shared), Is.EqualTo(mode));
    }

    [Test]
    public void Rule_PG1001_fixes_nothing()
    {
        using TempDir dir = Folder();
        byte[] dashboard = Bytes(dir, "src/Dashboard.cs"), orders = Bytes(dir, "src/Orders.cs");
        CliRun run = InProcess.Run(dir.Path, "fix", ".", "--rule", "PG1001");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("PG1001: 1 finding, no automatic fix (see docs/rules/PG1001.md)\nPerfGate: nothing to fix; no file changed.\n"));
        Assert.That(Bytes(dir, "src/Dashboard.cs"), Is.EqualTo(dashboard));
        Assert.That(Bytes(dir, "src/Orders.cs"), Is.EqualTo(orders));
    }

    [Test]
    public void A_CRLF_file_with_a_BOM_keeps_both()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "Dashboard.cs");
        File.WriteAllText(path, Dashboard.Replace("\n", "\r\n"), new UTF8Encoding(true));
        CliRun run = InProcess.Run(dir.Path, "fix", ".");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        byte[] bytes = File.ReadAllBytes(path);
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        string text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.That(text, Is.EqualTo(FixedDashboard.Replace("\n", "\r\n")));
    }

    [Test]
    public void The_policy_can_switch_a_rule_off_and_exclude_paths()
    {
        using TempDir dir = Folder();
        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG2003: off\n");
        CliRun off = InProcess.Run(dir.Path, "fix", ".", "--dry-run");
        Assert.That(off.Stdout, Does.Not.Contain("PG2003").And.Not.Contain("---"), off.ToString());

        dir.Write("perfgate.yml", "version: 1\npaths:\n  exclude: [\"src/Dashboard.cs\"]\n");
        CliRun excluded = InProcess.Run(dir.Path, "fix", ".", "--dry-run");
        Assert.That(excluded.Stdout, Does.Not.Contain("PG2003").And.Not.Contain("---"), excluded.ToString());
    }

    [Test]
    public void Bad_input_is_one_line_and_exit_2()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# nothing");
        CliRun empty = InProcess.Run(dir.Path, "fix", ".");
        Assert.That(empty.ExitCode, Is.EqualTo(2));
        Assert.That(empty.Stderr, Does.Contain("error PG0007: no C# source files"));

        CliRun rule = InProcess.Run(dir.Path, "fix", ".", "--rule", "PG2030");
        Assert.That(rule.ExitCode, Is.EqualTo(2));
        Assert.That(rule.Stderr.Trim(), Does.Match("^perfgate: error PG0004: unknown rule 'PG2030'[^\n]*$"));

        CliRun missing = InProcess.Run(dir.Path, "fix", "nowhere");
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Stderr, Does.Contain("error PG0004: the path 'nowhere' does not exist"));

        CliRun policy = InProcess.Run(dir.Path, "fix", ".", "--policy", "none.yml");
        Assert.That(policy.ExitCode, Is.EqualTo(2));
        Assert.That(policy.Stderr, Does.Contain("error PG0002"));
    }

    [Test]
    public void A_restored_project_is_loaded_with_MSBuildWorkspace()
    {
        using var dir = new TempDir();
        dir.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        dir.Write("App/Dashboard.cs", Dashboard);
        Restore(Path.Combine(dir.Path, "App"));
        CliRun run = InProcess.Run(dir.Path, "fix", "App/App.csproj");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("PG2003: 1 fixed"), run.ToString());
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "App/Dashboard.cs")), Is.EqualTo(FixedDashboard));
    }

    private static void Restore(string folder)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "restore", "-nologo", "-v:q" }) start.ArgumentList.Add(a);
        foreach (string name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" }) start
            .Environment.Remove(name);
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), output);
    }
}

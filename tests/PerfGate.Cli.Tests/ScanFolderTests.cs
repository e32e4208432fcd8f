using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.Cli.Tests;

/// <summary>`perfgate scan FOLDER` (in-process Roslyn), `check`, `baseline` and PR mode, run in process.</summary>
public sealed class ScanFolderTests
{
    private static TempDir Shop(bool git = false)
    {
        var dir = new TempDir(git);
        dir.Write("src/Orders.cs", ShopSources.Orders);
        dir.Write("src/Rates.cs", ShopSources.Rates);
        dir.Write("src/obj/Ignored.cs", "this is not C#");
        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\n  PG2002: warning\nreach:\n  unknown: report\n");
        return dir;
    }

    [Test]
    public void Flags_the_N_plus_1_and_the_per_call_client_and_not_their_clean_neighbours()
    {
        using var dir = Shop();
        CliRun run = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        string[] lines = run.Stdout.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(3), run.ToString());
        Assert.That(lines[0], Does.StartWith(Path.Combine("src", "Orders.cs") + "(21,47): error PG1001: 'FirstAsync'"));
        Assert.That(lines[1], Does.StartWith(Path.Combine("src", "Rates.cs") + "(9,28): warning PG2002:"));
        Assert.That(lines[2], Is.EqualTo("PerfGate: gate failed (1 error(s), 1 warning(s), 0 note(s))"));
    }

    // A test folder and a startup migration: silent by default, reported with their path when perfgate.yml's reach asks.
    private const string OrderTests = """
        namespace Shop.Tests;

        public sealed class RatesTests
        {
            public async Task Downloads_rates()
            {
                using var client = new HttpClient();
                await client.GetStringAsync("https://rates.invalid/EUR");
            }
        }
        """;

    private const string StartupMigration = """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public static class Program
        {
            public static async Task Main(string[] args)
            {
                await MigrateCustomerNames(null!);
            }

            private static async Task MigrateCustomerNames(ShopContext db)
            {
                foreach (var order in await db.Orders.ToListAsync())
                {
                    var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId);
                    customer.Name = customer.Name.Trim();
                }
                await db.SaveChangesAsync();
            }
        }
        """;

    [Test]
    public void Test_folders_and_cold_code_are_silent_and_unknown_reach_a_note_until_the_policy_reports_them_with_their_path()
    {
        using var dir = Shop();
        dir.Write("tests/Shop.Tests/RatesTests.cs", OrderTests);
        dir.Write("src/Program.cs", StartupMigration);
        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\n");
        CliRun silent = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(silent.Stdout, Does.Not.Contain("RatesTests.cs").And.Not.Contain("Program.cs"), silent.ToString());
        // Nothing in the folder calls OrderReport: the finding cannot say why it matters, so it is a note and the gate passes.
        Assert.That(silent.Stdout, Does.Contain("note PG1001: 'FirstAsync'").And.Contain("[reach unknown]"), silent.ToString());
        Assert.That(silent.ExitCode, Is.EqualTo(0), silent.ToString());

        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: error\n  PG2002: warning\nreach:\n  cold: report\n  tests: report\n  unknown: report\n");
        CliRun reported = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(reported.Stdout, Does.Contain(Path.Combine("src", "Program.cs") + "(16,47): error PG1001: 'FirstAsync'")
            .And.Contain("[cold: reached only from migration code Program.MigrateCustomerNames]"), reported.ToString());
        Assert.That(reported.Stdout, Does.Contain(Path.Combine("tests", "Shop.Tests", "RatesTests.cs") + "(7,28): warning PG2002:"), reported.ToString());
    }

    [Test]
    public void The_policy_decides_levels()
    {
        using var dir = Shop();
        dir.Write("perfgate.yml", "rules:\n  PG1001: warning\n  PG2002: off\nreach:\n  unknown: report\n");
        CliRun run = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("warning PG1001").And.Not.Contain("PG2002"));
    }

    [Test]
    public void Fail_on_overrides_the_policy_for_the_verdict_only()
    {
        using var dir = Shop();
        CliRun never = InProcess.Run(dir.Path, "scan", ".", "--fail-on", "never");
        Assert.That(never.ExitCode, Is.EqualTo(0), never.ToString());
        Assert.That(never.Stdout, Does.Contain("error PG1001").And.Contain("gate passed"));

        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: warning\nreach:\n  unknown: report\n");
        CliRun warning = InProcess.Run(dir.Path, "scan", ".", "--fail-on", "warning");
        Assert.That(warning.ExitCode, Is.EqualTo(1), warning.ToString());

        CliRun bad = InProcess.Run(dir.Path, "scan", ".", "--fail-on", "eror");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Stderr, Does.Contain("PG0004").And.Contain("'error'"));
    }

    [Test]
    public void A_bad_policy_is_PG0001_at_its_position()
    {
        using var dir = Shop();
        dir.Write("perfgate.yml", "version: 1\nfailOn: eror\n");
        CliRun run = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Match(@"perfgate\.yml\(2,9\): error PG0001: unknown failOn value 'eror'.*did you mean 'error'"));
    }

    [Test]
    public void A_folder_without_sources_is_PG0007()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# nothing");
        CliRun run = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("error PG0007: no C# source files"));
    }

    [Test]
    public void Sarif_output_carries_github_fingerprints_and_check_reevaluates_it()
    {
        using var dir = Shop();
        string sarif = Path.Combine(dir.Path, "out.sarif");
        CliRun scan = InProcess.Run(dir.Path, "scan", ".", "--format", "sarif", "--output", sarif, "--category", "perfgate/static/");
        Assert.That(scan.ExitCode, Is.EqualTo(1), scan.ToString());
        using (var doc = JsonDocument.Parse(File.ReadAllText(sarif)))
        {
            var run = doc.RootElement.GetProperty("runs")[0];
            Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("perfgate/static/"));
            var result = run.GetProperty("results")[0];
            Assert.That(result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString(), Does.Match("^[0-9a-f]+:1$"));
        }

        Assert.That(InProcess.Run(dir.Path, "check", "--sarif", sarif).ExitCode, Is.EqualTo(1));
        dir.Write("perfgate.yml", "failOn: never\nrules:\n  PG1001: error\nreach:\n  unknown: report\n");
        Assert.That(InProcess.Run(dir.Path, "check", "--sarif", sarif).ExitCode, Is.EqualTo(0));

        dir.Write("broken.sarif", "{ \"version\": \"2.1.0\", \"runs\": 3 }");
        CliRun broken = InProcess.Run(dir.Path, "check", "--sarif", "broken.sarif");
        Assert.That(broken.ExitCode, Is.EqualTo(2));
        Assert.That(broken.Stderr, Does.Match(@"broken\.sarif\(1,\d+\): error PG0003: expected 'runs' to be an array"));
    }

    [Test]
    public void With_a_baseline_only_new_findings_fail_and_fixed_ones_are_stale()
    {
        using var dir = Shop();
        CliRun write = InProcess.Run(dir.Path, "baseline", ".");
        Assert.That(write.ExitCode, Is.EqualTo(0), write.ToString());
        string baselinePath = Path.Combine(dir.Path, "perfgate.baseline.json");
        string written = File.ReadAllText(baselinePath);
        Assert.That(written, Does.Contain("\"path\": \"src/Orders.cs\"").And.Contain("\"symbol\": \"M:Shop.OrderReport.CustomerNamesAsync"));

        CliRun again = InProcess.Run(dir.Path, "baseline", ".");
        Assert.That(again.ExitCode, Is.EqualTo(2), "never overwrites without --update");
        Assert.That(File.ReadAllText(baselinePath), Is.EqualTo(written));

        Assert.That(InProcess.Run(dir.Path, "scan", ".").ExitCode, Is.EqualTo(0));

        // A second N+1 lines below the first: new, and it fails; the old one stays baselined.
        string more = ShopSources.Orders.Replace("    public async Task<Dictionary<int, Customer>>", """
                public async Task<int> CountAsync(IReadOnlyList<Order> orders)
                {
                    int n = 0;
                    foreach (var order in orders) n += await db.Orders.CountAsync(o => o.CustomerId == order.CustomerId);
                    return n;
                }

                public async Task<Dictionary<int, Customer>>
            """.TrimEnd());
        dir.Write("src/Orders.cs", "// moved down\n\n" + more);
        CliRun scan = InProcess.Run(dir.Path, "scan", ".", "--format", "json");
        Assert.That(scan.ExitCode, Is.EqualTo(1), scan.ToString());
        using (var doc = JsonDocument.Parse(scan.Stdout))
        {
            var states = doc.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => (f.GetProperty("ruleId").GetString(), f.GetProperty("line").GetInt32(), f.GetProperty("baselineState").GetString())).ToArray();
            Assert.That(states, Is.EqualTo(new[] { ("PG1001", 23, "unchanged"), ("PG1001", 32, "new"), ("PG2002", 9, "unchanged") }));
        }

        // Fixing the old N+1: its entry is stale; --update removes it but does not accept the new one.
        dir.Write("src/Orders.cs", more.Replace("await db.Customers.FirstAsync(c => c.Id == order.CustomerId)", "new Customer()"));
        CliRun stale = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(stale.Stdout, Does.Contain("stale baseline entry PG1001").And.Contain("1 new, 1 baselined, 1 stale baseline entry"));
        Assert.That(InProcess.Run(dir.Path, "baseline", ".", "--update").ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(baselinePath), Does.Not.Contain("src/Orders.cs"));
        Assert.That(InProcess.Run(dir.Path, "scan", ".").ExitCode, Is.EqualTo(1));
        Assert.That(InProcess.Run(dir.Path, "baseline", ".", "--update", "--accept-new").ExitCode, Is.EqualTo(0));
        Assert.That(InProcess.Run(dir.Path, "scan", ".").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_corrupt_baseline_stops_the_gate()
    {
        using var dir = Shop();
        dir.Write("perfgate.baseline.json", "{ \"version\": 1,\n  \"findings\": [ ,] }");
        CliRun run = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Match(@"perfgate\.baseline\.json\(2,\d+\): error PG0005: the baseline is not valid JSON"));
    }

    [Test]
    public void PR_mode_reports_only_findings_on_changed_lines()
    {
        using var dir = new TempDir(git: true);
        dir.Write("src/Orders.cs", ShopSources.Orders);
        dir.Git("add", "-A");
        dir.Git("commit", "-qm", "base");
        dir.Write("src/Rates.cs", ShopSources.Rates); // untracked: every line is new

        CliRun run = InProcess.Run(dir.Path, "scan", ".", "--changed-since", "HEAD");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("PG2002").And.Not.Contain("PG1001"));

        CliRun badRef = InProcess.Run(dir.Path, "scan", ".", "--changed-since", "origin/nope");
        Assert.That(badRef.ExitCode, Is.EqualTo(2));
        Assert.That(badRef.Stderr, Does.Contain("error PG0006: the git ref 'origin/nope' does not exist"));
    }

    [Test]
    public void PR_mode_outside_git_is_PG0006()
    {
        using var dir = Shop();
        CliRun run = InProcess.Run(dir.Path, "scan", ".", "--changed-since", "main");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("error PG0006:").And.Contain("not inside a git repository"));
    }
}

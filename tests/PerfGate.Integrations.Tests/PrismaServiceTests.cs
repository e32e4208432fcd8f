using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NUnit.Framework;

namespace PerfGate.Integrations.Tests;

/// <summary>
/// samples/PrismaService (Express 5 + Prisma 7 + better-sqlite3, traced by @prisma/instrumentation and the OpenTelemetry
/// Node SDK) gated by the perfgate CLI this solution built: `perfgate collect` wraps a real run and receives its spans
/// over OTLP/HTTP (protobuf and JSON), and a real Artillery run is held to p95 budgets.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PrismaServiceTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        NodeSample.EnsureReady();
        _dir = Directory.CreateTempSubdirectory("perfgate-prisma-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private void Policy(string text) => File.WriteAllText(Path.Combine(_dir, "perfgate.yml"), text);

    [TestCase("http/protobuf")]
    [TestCase("http/json")]
    public void Collect_finds_the_N_plus_one_at_its_route_and_not_its_include_twin(string protocol)
    {
        Policy("version: 1\nbudgets:\n  traces:\n    - files: \"traces/*.otlp.json\"\n");
        ProcessRun run = NodeSample.Run(_dir, TimeSpan.FromMinutes(3), null, NodeSample.Cli, "collect", "--port", "0", "--protocol", protocol,
            "--", "node", Path.Combine(NodeSample.Folder, "dist", "smoke.js"));
        TestContext.Out.WriteLine(run);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        string[] findings = run.Stdout.Split('\n').Where(l => Regex.IsMatch(l, @": (error|warning|note) PG")).ToArray();
        Assert.That(findings, Has.Length.EqualTo(1), run.ToString());
        Assert.That(findings[0],
            Does.Contain("perfgate.yml(4,7): error PG5001: 12 × Post.findMany under GET /users/slow (one query shape, parameters not recorded): SELECT `main`.`Post`"));
        Assert.That(run.Stdout, Does.Contain("GET /users: 200, 12 users"), "the smoke run called the include twin too, which makes two queries: no finding");
        bool json = protocol == "http/json";
        Assert.That(run.Stderr,
            Does.Match($@"received [0-9]+ span\(s\) in [0-9]+ export\(s\) \({(json ? "0" : "[1-9][0-9]*")} protobuf, {(json ? "[1-9][0-9]*" : "0")} JSON\)"), run.ToString());
        Assert.That(run.Stdout, Does.Contain("2 requests, 15 DB and 0 HTTP calls"), run.ToString());
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "traces"), "collect-*.otlp.json"), Has.Length.EqualTo(1));
    }

    [Test]
    public void An_Artillery_run_against_the_N_plus_one_fails_a_p95_budget_it_cannot_meet_and_passes_one_it_meets()
    {
        string report = Path.Combine(_dir, "artillery.json");
        string ready = Path.Combine(_dir, "ready.txt");
        using Process service = NodeSample.Start(NodeSample.Folder, new Dictionary<string, string>
        {
            ["PORT"] = "0", ["USERS"] = "50", ["READY_FILE"] = ready, ["OTEL_SDK_DISABLED"] = "true",
            ["DATABASE_FILE"] = Path.Combine(_dir, "users.db"),
        }, "node", "dist/server.js");
        try
        {
            for (int i = 0; i < 300 && !File.Exists(ready); i++) Thread.Sleep(100);
            Assert.That(File.Exists(ready), Is.True, "the service did not start: " + (service.HasExited ? service.StandardError.ReadToEnd() : "no answer"));
            string target = File.ReadAllText(ready).Trim();
            ProcessRun load = NodeSample.Run(NodeSample.Folder, TimeSpan.FromMinutes(4),
                new Dictionary<string, string> { ["LOAD_DURATION"] = "3", ["LOAD_RATE"] = "4" },
                "node", Path.Combine("node_modules", "artillery", "bin", "run"), "run", "load/users.yml", "--target", target,
                "--variables", "{\"path\": \"/users/slow\"}", "--output", report);
            Assert.That(load.ExitCode, Is.EqualTo(0), load.ToString());
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
        }

        // Every request of the N+1 makes 51 queries through Prisma: no p95 of 1 ms; 60 s is met.
        const string budget =
            "version: 1\nbudgets:\n  loadTests:\n    - summary: artillery.json\n      thresholds:\n        http.response_time.p95: \"{0}\"\n        http.codes.200.count: \"> 0\"\n";
        Policy(budget.Replace("{0}", "< 1ms"));
        ProcessRun failing = NodeSample.Run(_dir, TimeSpan.FromMinutes(1), null, NodeSample.Cli, "check", "--policy", "perfgate.yml");
        Assert.That(failing.ExitCode, Is.EqualTo(1), failing.ToString());
        Assert.That(failing.Stdout,
            Does.Match(@"perfgate\.yml\(6,9\): error PG6002: http\.response_time\.p95 is [0-9.,]+ ms; the budget requires < 1ms \(Artillery summary artillery\.json\)"), failing.ToString());

        Policy(budget.Replace("{0}", "< 60000ms"));
        ProcessRun passing = NodeSample.Run(_dir, TimeSpan.FromMinutes(1), null, NodeSample.Cli, "check", "--policy", "perfgate.yml", "--format", "markdown");
        Assert.That(passing.ExitCode, Is.EqualTo(0), passing.ToString());
        Assert.That(passing.Stdout, Does.Contain("http.response_time.p95"), passing.ToString());
    }
}

using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;

namespace PerfGate.Cli.Tests.Collect;

/// <summary>
/// `perfgate collect` end to end, in process, with a real child process (node) that exports OTLP the way an SDK does:
/// to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, which collect sets for it.
/// </summary>
[NonParallelizable]
public sealed class CollectCommandTests
{
    // Posts a file to the endpoint collect gave it, records the OTLP variables it saw, then exits with the code asked for.
    private const string Sender = """
        const fs = require('fs');
        const [file, type, exitCode] = process.argv.slice(2);
        (async () => {
          const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('OTEL_EXPORTER_OTLP_')));
          fs.writeFileSync('child-env.json', JSON.stringify(env));
          if (file !== '-') {
            const res = await fetch(process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, { method: 'POST', headers: { 'content-type': type }, body: fs.readFileSync(file) });
            if (res.status !== 200) { console.error('export refused: ' + res.status); process.exit(9); }
          }
          process.exit(Number(exitCode || 0));
        })();
        """;

    private static TempDir Setup(string policy = "budgets:\n  traces:\n    - files: \"traces/*.json\"\n")
    {
        if (!NodeIsAvailable()) Assert.Ignore("node is not on the PATH: the collect tests run a node child process");
        var dir = new TempDir();
        dir.Write("perfgate.yml", policy);
        dir.Write("send.js", Sender);
        dir.Write("n-plus-one.json", TraceExports.Json(12));
        File.WriteAllBytes(Path.Combine(dir.Path, "n-plus-one.pb"), TraceExports.Protobuf(12).ToByteArray());
        return dir;
    }

    private static bool NodeIsAvailable()
    {
        try
        {
            using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", "--version") { RedirectStandardOutput = true });
            node!.WaitForExit();
            return node.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [TestCase("n-plus-one.pb", "application/x-protobuf")]
    [TestCase("n-plus-one.json", "application/json")]
    public void Collect_wraps_a_command_and_gates_the_spans_it_exported(string file, string type)
    {
        using TempDir dir = Setup();
        CliRun run = InProcess.Run(dir.Path, "collect", "--port", "0", "--", "node", "send.js", file, type);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout,
            Does.Contain("perfgate.yml(3,7): error PG5001: 12 × Post.findMany under GET /users/slow (one query shape, parameters not recorded)"),
                run.ToString());
        Assert.That(run.Stderr, Does.Contain("received 25 span(s) in 1 export(s)"), run.ToString());
        Assert.That(Directory.GetFiles(Path.Combine(dir.Path, "traces"), "collect-*.otlp.json"), Has.Length.EqualTo(1),
            "the run's file, where the policy reads traces");

        string env = File.ReadAllText(Path.Combine(dir.Path, "child-env.json"));
        Assert.That(env, Does.Match("\"OTEL_EXPORTER_OTLP_ENDPOINT\":\"http://127\\.0\\.0\\.1:[0-9]+\""));
        Assert.That(env, Does.Match("\"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT\":\"http://127\\.0\\.0\\.1:[0-9]+/v1/traces\""));
        Assert.That(env, Does.Contain("\"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL\":\"http/protobuf\""));

        // `check` later reads the same files through the policy's glob.
        CliRun check = InProcess.Run(dir.Path, "check");
        Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
        Assert.That(check.Stdout, Does.Contain("error PG5001: 12 × Post.findMany"), check.ToString());
    }

    [Test]
    public void A_command_that_exports_nothing_is_no_spans_received_never_a_pass()
    {
        using TempDir dir = Setup();
        CliRun run = InProcess.Run(dir.Path, "collect", "--port", "0", "--protocol", "http/json", "--", "node", "send.js", "-", "-", "0");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr,
            Does.Match(@"perfgate\.yml\(3,7\): error PG0003: no spans received on http://127\.0\.0\.1:[0-9]+/v1/traces while 'node send\.js - - 0' ran \(exit code 0\)"), run.ToString());
        Assert.That(run.Stdout, Is.Empty, "no report on an input error");
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "child-env.json")), Does.Contain("\"OTEL_EXPORTER_OTLP_PROTOCOL\":\"http/json\""));
    }

    [Test]
    public void The_commands_failure_is_the_exit_code_and_the_gate_is_still_reported()
    {
        using TempDir dir = Setup();
        CliRun run = InProcess.Run(dir.Path, "collect", "--port", "0", "--", "node", "send.js", "n-plus-one.json", "application/json", "3");
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain("the command exited with code 3"));
        Assert.That(run.Stdout, Does.Contain("error PG5001"), run.ToString());
    }

    [Test]
    public void Without_a_traces_budget_the_run_is_gated_all_the_same_from_artifacts_traces()
    {
        using TempDir dir = Setup("rules:\n  PG5001: warning\n");
        CliRun run = InProcess.Run(dir.Path, "collect", "--port", "0", "--", "node", "send.js", "n-plus-one.pb", "application/x-protobuf");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("warning PG5001: 12 × Post.findMany under GET /users/slow"), run.ToString());
        Assert.That(Directory.GetFiles(Path.Combine(dir.Path, "artifacts", "traces"), "collect-*.otlp.json"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Without_a_command_it_receives_until_the_duration_has_passed_then_gates()
    {
        using TempDir dir = Setup();
        string endpointFile = Path.Combine(dir.Path, "endpoint.txt");
        Task<CliRun> collect = Task.Run(() => InProcess.Run(dir.Path, "collect", "--port", "0", "--duration", "4s", "--endpoint-file", endpointFile));
        for (int i = 0; i < 100 && !File.Exists(endpointFile); i++) await Task.Delay(100);
        Assert.That(File.Exists(endpointFile), Is.True, "collect wrote no endpoint file");
        string endpoint = File.ReadAllText(endpointFile).Trim();
        using var http = new HttpClient();
        using var content = new ByteArrayContent(TraceExports.Protobuf(12).ToByteArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        Assert.That((await http.PostAsync(endpoint + "/v1/traces", content)).IsSuccessStatusCode, Is.True);
        CliRun run = await collect;
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("stopping (--duration has passed)"), run.ToString());
        Assert.That(run.Stdout, Does.Contain("error PG5001: 12 × Post.findMany"), run.ToString());
    }

    [Test]
    public async Task A_long_running_collect_stops_on_SIGTERM_and_gates_what_it_received()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("POSIX signals");
        using TempDir dir = Setup();
        string cli = Path.Combine(RepositoryPaths.Root, "src", "PerfGate.Cli", "bin", RepositoryPaths.Configuration, "net10.0", "perfgate");
        string endpointFile = Path.Combine(dir.Path, "endpoint.txt");
        var start = new System.Diagnostics.ProcessStartInfo(cli) { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "collect", "--port", "0", "--endpoint-file", endpointFile }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            for (int i = 0; i < 200 && !File.Exists(endpointFile); i++) await Task.Delay(100);
            if (!File.Exists(endpointFile)) Assert.Fail("collect wrote no endpoint file: " + await Finish(process, stderr));
            using var http = new HttpClient();
            using var content = new StringContent(TraceExports.Json(12), Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await http.PostAsync(File.ReadAllText(endpointFile).Trim() + "/v1/traces", content);
            Assert.That(response.IsSuccessStatusCode, Is.True);
            using (var kill = System.Diagnostics.Process.Start(
                "kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })) kill!.WaitForExit();
            Assert.That(process.WaitForExit(30_000), Is.True, "collect did not stop on SIGTERM");
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
        string output = await stdout, errors = await stderr;
        Assert.That(process.ExitCode, Is.EqualTo(1), output + errors);
        Assert.That(errors, Does.Contain("stopping (SIGTERM)").And.Contain("received 25 span(s) in 1 export(s) (0 protobuf, 1 JSON)"), errors);
        Assert.That(output, Does.Contain("error PG5001: 12 × Post.findMany under GET /users/slow"), output + errors);
    }

    private static async Task<string> Finish(System.Diagnostics.Process process, Task<string> stderr)
    {
        if (!process.HasExited) process.Kill();
        return await stderr;
    }

    [TestCase(new[] { "collect", "--" }, "nothing follows '--'")]
    [TestCase(new[] { "collect", "npm", "test" }, "unexpected argument 'npm' for 'collect' (usage: perfgate collect [options] [-- COMMAND ARGS…])")]
    [TestCase(new[] { "collect", "--protocol", "grpc", "--", "node" }, "--protocol must be http/protobuf or http/json, not 'grpc'")]
    [TestCase(new[] { "collect", "--duration", "5m", "--", "node" }, "--duration is for collecting without a command")]
    [TestCase(new[] { "collect", "--duration", "soon" }, "--duration needs a time such as 90s, 5m or 1h")]
    [TestCase(new[] { "collect", "--max-body", "lots" }, "--max-body needs a size such as 16MiB")]
    [TestCase(new[] { "collect", "--port", "70000" }, "--port needs a port number from 0 to 65535")]
    [TestCase(new[] { "collect", "--listen", "everywhere" }, "--listen needs an IP address")]
    [TestCase(new[] { "collect", "--port", "0", "--", "no-such-program-perfgate" }, "cannot run 'no-such-program-perfgate'")]
    public void Bad_collect_lines_are_one_PG0004_line_and_exit_2(string[] args, string expected)
    {
        using var dir = new TempDir();
        dir.Write("perfgate.yml", "version: 1\n");
        CliRun run = InProcess.Run(dir.Path, args);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("error PG0004: " + expected), run.ToString());
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using NUnit.Framework;

namespace PerfGate.Integrations.Tests;

/// <summary>The result of one process run: exit code and what it printed.</summary>
public sealed record ProcessRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// samples/PrismaService made ready for a test: its npm packages (`npm ci`, which .ci/run does first; outside CI the
/// tests do it themselves, or skip with the reason when the npm registry cannot be reached) and its build (prisma
/// generate offline + tsc). Nothing is downloaded but npm packages: better-sqlite3 is compiled from source against the
/// installed Node's headers, Prisma's engine download and Playwright's browser download are switched off.
/// </summary>
internal static class NodeSample
{
    private static string Metadata(string key) =>
        typeof(NodeSample).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static readonly string Root = Path.GetFullPath(Metadata("PerfGateRepositoryRoot"));
    public static readonly string Folder = Path.Combine(Root, "samples", "PrismaService");

    public static string Cli => Path.Combine(Root, "src", "PerfGate.Cli", "bin", Metadata("PerfGateBuildConfiguration"), "net10.0",
        OperatingSystem.IsWindows() ? "perfgate.exe" : "perfgate");

    private static readonly object Gate = new();
    private static string? _notReady;
    private static bool _ready;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Installs and builds the sample once per test run; skips (outside CI) when npm cannot reach its registry.</summary>
    public static void EnsureReady()
    {
        lock (Gate)
        {
            if (_ready) return;
            if (_notReady != null) Assert.Ignore(_notReady);
            Assert.That(File.Exists(Cli), Is.True, "the perfgate CLI is not built at " + Cli);
            if (Which("node") == null || Which("npm") == null) Skip("node and npm are not on the PATH: the Node + Prisma sample cannot run");
            if (!Directory.Exists(Path.Combine(Folder, "node_modules", "better-sqlite3", "build")))
            {
                ProcessRun install = Run(Folder, TimeSpan.FromMinutes(20), null, Npm("ci", "--no-audit", "--no-fund", "--loglevel=error"));
                if (install.ExitCode != 0)
                {
                    string output = install.Stdout + install.Stderr;
                    bool offline = new[] { "ENOTFOUND", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN", "ECONNRESET", "network" }.Any(output.Contains);
                    if (offline) Skip("npm ci in samples/PrismaService could not reach the npm registry:\n" + Tail(output));
                    Assert.Fail("npm ci in samples/PrismaService failed:\n" + install);
                }
            }
            ProcessRun build = Run(Folder, TimeSpan.FromMinutes(5), null, Npm("run", "build"));
            Assert.That(build.ExitCode, Is.EqualTo(0), "npm run build in samples/PrismaService failed:\n" + build);
            _ready = true;
        }
    }

    private static void Skip(string reason)
    {
        // CI installs everything first (.ci/run): there a missing tool is a failure, never a skip.
        if (InCi) Assert.Fail(reason);
        _notReady = reason;
        Assert.Ignore(reason);
    }

    private static string[] Npm(params string[] args) => new[] { "npm" }.Concat(args).ToArray();

    /// <summary>What npm and the sample's tools need to stay offline but for the registry (see .ci/run).</summary>
    public static Dictionary<string, string> InstallEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1",
            ["ARTILLERY_DISABLE_TELEMETRY"] = "true",
            ["PRISMA_HIDE_UPDATE_MESSAGE"] = "1",
        };
        if (Which("node") is { } node)
        {
            environment["PRISMA_SCHEMA_ENGINE_BINARY"] = node;
            // node-gyp compiles better-sqlite3 against these headers instead of downloading them.
            string real = new FileInfo(node).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? node;
            string prefix = Path.GetDirectoryName(Path.GetDirectoryName(real))!;
            if (File.Exists(Path.Combine(prefix, "include", "node", "node.h"))) environment["npm_config_nodedir"] = prefix;
        }
        return environment;
    }

    public static ProcessRun Run(string directory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] command)
    {
        using Process process = Start(directory, environment, command);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(" ", command)} timed out after {timeout}:\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        return new ProcessRun(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public static Process Start(string directory, IReadOnlyDictionary<string, string>? environment, params string[] command)
    {
        var start = new ProcessStartInfo(
            command[0]) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in command.Skip(1)) start.ArgumentList.Add(argument);
        foreach (var (name, value) in InstallEnvironment()) start.Environment[name] = value;
        // The sample's own runs must not inherit a CI's or a developer's OpenTelemetry settings.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        if (environment != null) foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start " + command[0]);
    }

    public static string? Which(string program)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(15));
}

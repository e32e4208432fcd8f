using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.Tests.Shared;

namespace PerfGate.Integrations.Tests;

/// <summary>
/// The CI integrations' own tests are node:test files; each runs here as one NUnit test
/// (`node --test --test-reporter=tap FILE`), so they count in `dotnet test` and .ci/run. The perfgate
/// they drive is the CLI this solution just built (PERFGATE_CLI). `.ci/run` installs their npm
/// packages (npm ci in actions/ and pipelines/PerfGateTask/); on a fresh clone the tests do it themselves.
/// </summary>
[Category("Integration")]
public sealed class NodeTests
{
    private static string Metadata(string key) =>
        typeof(NodeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static readonly string Root = Path.GetFullPath(Metadata("PerfGateRepositoryRoot"));

    public static IEnumerable<TestCaseData> Files()
    {
        foreach (string folder in new[] { "actions/test", "pipelines/PerfGateTask/test" })
            foreach (string file in Directory.GetFiles(Path.Combine(Root, folder), "*.test.js").OrderBy(f => f, StringComparer.Ordinal))
                yield return new TestCaseData(Path.GetRelativePath(Root, file).Replace('\\', '/')).SetName(
                    "node " + Path.GetRelativePath(Root, file).Replace('\\', '/'));
    }

    [Test]
    public void Every_integration_has_node_tests() =>
        Assert.That(Files().Count(), Is.GreaterThanOrEqualTo(4));

    [TestCaseSource(nameof(Files))]
    public void Node_test_file_passes(string file)
    {
        string packageDir = file.StartsWith("actions/", StringComparison.Ordinal) ? "actions" : "pipelines/PerfGateTask";
        // A fresh clone has no node_modules: the test installs the locked packages itself (`npm ci`), as .ci/run does.
        NpmTools.EnsureInstalled(Path.Combine(Root, packageDir), "node_modules");
        string cli = Path.Combine(Root, "src", "PerfGate.Cli", "bin", Metadata("PerfGateBuildConfiguration"), "net10.0",
            OperatingSystem.IsWindows() ? "perfgate.exe" : "perfgate");
        Assert.That(File.Exists(cli), Is.True, "the perfgate CLI is not built at " + cli);

        var start = new ProcessStartInfo(
            "node") { WorkingDirectory = Path.Combine(Root, packageDir), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--test", "--test-reporter=tap", Path.Combine(Root, file) }) start.ArgumentList.Add(a);
        start.Environment["PERFGATE_CLI"] = cli;
        foreach (string name in new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath" }) start
            .Environment.Remove(name);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8))) { process.Kill(entireProcessTree: true); Assert.Fail("node --test timed out:\n" + stdout); }
        process.WaitForExit();

        string tap = stdout.ToString();
        int Count(string name) => Regex.Match(tap, $@"^# {name} (\d+)", RegexOptions.Multiline) is { Success: true } m ? int.Parse(m.Groups[1].Value) : -1;
        TestContext.Out.WriteLine($"{file}: {Count("pass")} passed, {Count("fail")} failed");
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(0), "node --test failed:\n" + tap + stderr);
            Assert.That(Count("fail"), Is.EqualTo(0), tap);
            Assert.That(Count("pass"), Is.GreaterThan(0), "no node test ran:\n" + tap + stderr);
        });
    }
}

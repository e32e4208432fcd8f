using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>
/// Scans a project or solution with a real <c>dotnet build</c>: PerfGate's targets, analyzer and
/// tasks are injected from the tool through <c>-p:CustomAfterMicrosoftCommonTargets</c>, so no file of
/// the user's changes. Each compiled project writes its SARIF into a temporary folder; the logs are
/// merged and evaluated with the policy.
/// </summary>
public static class ProjectScanner
{
    private static readonly string[] InheritedVariablesToDrop =
        { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" };

    public static string InjectedTargets => Path.Combine(AppContext.BaseDirectory, "msbuild", "PerfGate.Cli.targets");

    public static IReadOnlyList<string> BuildArguments(string target, string outputDirectory, string? policyPath, string? configuration) =>
        new[]
        {
            "build", target, "-nologo", "-tl:off", "-clp:NoSummary", "-v:m",
            "-p:CustomAfterMicrosoftCommonTargets=" + InjectedTargets,
            "-p:PerfGateEnabled=true",
            "-p:PerfGateSarif=true",
            // The CLI evaluates the budgets once, over every project's findings; the build gate must not as well.
            "-p:PerfGateBudgets=false",
            "-p:PerfGateCliOutputDirectory=" + outputDirectory,
        }
        .Concat(policyPath != null ? new[] { "-p:PerfGatePolicyFile=" + policyPath } : Array.Empty<string>())
        .Concat(configuration != null ? new[] { "-c", configuration } : Array.Empty<string>())
        .ToArray();

    public static GateResult Scan(string target, GatePolicy policy, string? policyPath, string? configuration, Progress progress)
    {
        if (!File.Exists(InjectedTargets))
            throw new PerfGateException(RuleIdentifiers.NothingToScan, $"the tool is incomplete: {InjectedTargets} is missing (reinstall PerfGate.Cli)");
        string output = Directory.CreateTempSubdirectory("perfgate-scan-").FullName;
        try
        {
            progress.Report($"dotnet build {target} (PerfGate injected)");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".",
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in BuildArguments(target, output, policyPath, configuration)) start.ArgumentList.Add(a);
            foreach (string name in InheritedVariablesToDrop) start.Environment.Remove(name);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            var log = new StringBuilder();
            int exitCode;
            using (var process = new Process { StartInfo = start })
            {
                process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
                process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
                try
                {
                    process.Start();
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception)
                {
                    throw new PerfGateException(RuleIdentifiers.NothingToScan, "cannot start 'dotnet': " + e.Message);
                }
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.WaitForExit();
                exitCode = process.ExitCode;
            }
            string[] sarif = Directory.GetFiles(output, "*.sarif").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            progress.Report($"build exited {exitCode}; {sarif.Length} project log(s)");
            string[] buildErrors = log.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => l.Contains(": error ", StringComparison.Ordinal) && !l.Contains(": error PG", StringComparison.Ordinal))
                .Distinct().Take(20).ToArray();
            if (sarif.Length == 0)
                throw new PerfGateException(RuleIdentifiers.NothingToScan,
                    exitCode != 0 ? $"the build failed (dotnet exit code {exitCode}) before any project was compiled; see the errors above"
                                  : "the build compiled no C# project, so there is no evidence to gate", Path.GetFullPath(target)) { Preceding = buildErrors };
            GateResult result = EvidenceCollector.FromSarifFiles(policy, sarif);
            if (exitCode != 0 && !result.Failing.Any() && buildErrors.Length > 0)
                throw new PerfGateException(RuleIdentifiers.NothingToScan,
                    $"the build failed (dotnet exit code {exitCode}) for reasons other than the gate; see the errors above", Path.GetFullPath(target))
                    { Preceding = buildErrors };
            return result;
        }
        finally
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { }
        }
    }
}

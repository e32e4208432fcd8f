using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace PerfGate.Cli.Tests.Infrastructure;

/// <summary>
/// The tool as a user gets it: `dotnet pack` into a temporary folder feed (a version of its own, so
/// no cache serves a stale copy), then `dotnet tool install --tool-path`. Done once per test run.
/// </summary>
public static class InstalledTool
{
    private static readonly object Gate = new();
    private static string? s_command;
    private static string? s_root;

    public static string Version { get; } = "0.1.0-it" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");

    public static string Command
    {
        get
        {
            lock (Gate)
            {
                if (s_command != null) return s_command;
                s_root = Directory.CreateTempSubdirectory("perfgate-tool-").FullName;
                string feed = Path.Combine(s_root, "feed");
                string tools = Path.Combine(s_root, "tools");
                CliRun pack = Run("dotnet", RepositoryPaths.Root, "pack", "src/PerfGate.Cli/PerfGate.Cli.csproj", "--no-build",
                    "-c", RepositoryPaths.Configuration, "-o", feed, "-p:PackageVersion=" + Version, "-nologo", "-tl:off");
                if (pack.ExitCode != 0) Assert.Fail("dotnet pack failed:\n" + pack);
                CliRun install = Run("dotnet", s_root, "tool", "install", "PerfGate.Cli", "--tool-path", tools,
                    "--add-source", feed, "--version", Version);
                if (install.ExitCode != 0) Assert.Fail("dotnet tool install failed:\n" + install);
                s_command = Path.Combine(tools, OperatingSystem.IsWindows() ? "perfgate.exe" : "perfgate");
                return s_command;
            }
        }
    }

    public static void Cleanup()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, "perfgate.cli", Version);
        try
        {
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
            if (s_root != null && Directory.Exists(s_root)) Directory.Delete(s_root, recursive: true);
        }
        catch (IOException) { }
    }

    private static readonly string[] InheritedVariablesToDrop =
    {
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "CI", "TF_BUILD", "GITHUB_ACTIONS",
    };

    public static CliRun Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        foreach (string name in InheritedVariablesToDrop) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish");
        }
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}

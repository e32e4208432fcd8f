using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace PerfGate.MSBuild.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>
    /// What MSBuild printed while building, without the recap it prints after "Build FAILED."
    /// (the `dotnet` CLI turns that recap on whatever -clp says).
    /// </summary>
    public string BuildLog
    {
        get
        {
            int recap = Output.IndexOf("\nBuild FAILED.", System.StringComparison.Ordinal);
            if (recap < 0) recap = Output.IndexOf("\nBuild succeeded.", System.StringComparison.Ordinal);
            return recap < 0 ? Output : Output.Substring(0, recap);
        }
    }

    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}

/// <summary>Runs real `dotnet` commands, as a user would, isolated from the test host's MSBuild.</summary>
public static class ProcessRunner
{
    // `dotnet test` leaks its own MSBuild into the environment; a child build must find its own.
    private static readonly string[] InheritedVariablesToDrop =
    {
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly",
        "CI", "TF_BUILD", "GITHUB_ACTIONS",
    };

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (string name in InheritedVariablesToDrop) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment != null)
            foreach (var (name, value) in environment) start.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ProcessResult(process.ExitCode, output.ToString());
    }

    public static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, environment);
}

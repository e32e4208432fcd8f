using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace PerfGate.Tests.Shared;

/// <summary>
/// The npm packages a test drives (the SARIF validator, the Action's and the Azure task's test tooling), installed by
/// the tests themselves on a fresh clone: `npm ci` from the folder's lock file when node_modules is missing, once per
/// folder and test run. Only the registry's packages are fetched; nothing downloads a binary of its own.
/// </summary>
internal static class NpmTools
{
    private static readonly ConcurrentDictionary<string, Lazy<string?>> Installs = new(StringComparer.Ordinal);

    /// <summary>Installs <paramref name="folder"/>'s packages unless <paramref name="probe"/> (a path inside it) exists; fails the test when npm
    /// fails.</summary>
    public static void EnsureInstalled(string folder, string probe)
    {
        string full = Path.GetFullPath(folder);
        string? failure = Installs.GetOrAdd(full, f => new Lazy<string?>(() => Install(f, probe))).Value;
        if (failure != null) Assert.Fail(failure);
    }

    private static string? Install(string folder, string probe)
    {
        if (File.Exists(Path.Combine(folder, probe)) || Directory.Exists(Path.Combine(folder, probe))) return null;
        bool locked = File.Exists(Path.Combine(folder, "package-lock.json"));
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { locked ? "ci" : "install", "--no-audit", "--no-fund", "--loglevel=error" }) start.ArgumentList.Add(argument);
        TestContext.Progress.WriteLine($"npm {(locked ? "ci" : "install")} in {folder} (node_modules is missing)");
        try
        {
            using Process process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                return $"npm in {folder} did not finish within 5 minutes";
            }
            process.WaitForExit();
            if (process.ExitCode != 0) return $"npm {(locked ? "ci" : "install")} in {folder} failed (exit {process.ExitCode}):\n{stdout.Result}{stderr.Result}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot start npm (Node.js and npm are needed by these tests): {e.Message}";
        }
        return File.Exists(Path.Combine(folder, probe)) || Directory.Exists(Path.Combine(folder, probe))
            ? null
            : $"npm ran in {folder} but {probe} is still missing";
    }
}

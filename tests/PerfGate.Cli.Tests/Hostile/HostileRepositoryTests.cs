using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.Cli.Tests.Hostile;

/// <summary>
/// Issue 18, items 5, 8 and 11 and "real repositories must not sink the scan", through the command line: a report never
/// replaces what the run reads or the user owns, a folder scan reads regular files once each and finishes, a file it cannot
/// read is PG0009 (and the policy's <c>incompleteScan</c> decides whether that fails), and an empty option is a usage error.
/// </summary>
[NonParallelizable]
public sealed class HostileRepositoryTests
{
    private static TempDir Shop()
    {
        var dir = new TempDir(git: true);
        dir.Write("src/Orders.cs", ShopSources.Orders);
        dir.Write("perfgate.yml", "version: 1\nrules:\n  PG1001: warning\nreach:\n  unknown: report\n");
        return dir;
    }

    private static void RequireUnix() => Assume.That(OperatingSystem.IsWindows(), Is.False, "FIFOs and symbolic links as a repository holds them");

    private static void Fifo(string path)
    {
        using Process mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.EqualTo(0), "mkfifo " + path);
    }

    /// <summary>A scan that blocks on a FIFO or walks a link loop fails here instead of hanging the suite.</summary>
    private static CliRun Within(int seconds, string directory, params string[] args)
    {
        Task<CliRun> run = Task.Run(() => InProcess.Run(directory, args));
        Assert.That(run.Wait(TimeSpan.FromSeconds(seconds)), Is.True, $"perfgate {string.Join(' ', args)} did not finish within {seconds} s");
        return run.Result;
    }

    [TestCase("perfgate.baseline.json", "is an input of this run")]
    [TestCase("perfgate.yml", "is an input of this run")]
    [TestCase("App.vbproj", "names a source, project or configuration file")]
    [TestCase("global.json", "names a source, project or configuration file")]
    [TestCase(".editorconfig", "names a source, project or configuration file")]
    [TestCase("Directory.Build.props", "names a source, project or configuration file")]
    public void Output_never_replaces_an_input_or_a_file_the_user_owns(string output, string why)
    {
        using TempDir dir = Shop();
        dir.Write("perfgate.baseline.json", "{\"version\":1,\"findings\":[]}");
        string target = Path.Combine(dir.Path, output);
        if (!File.Exists(target)) File.WriteAllText(target, "mine");
        string before = File.ReadAllText(target);
        CliRun run = InProcess.Run(dir.Path, "scan", ".", "-o", output);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("PG0004").And.Contain(why));
        Assert.That(File.ReadAllText(target), Is.EqualTo(before));
    }

    [Test]
    public void Output_refuses_a_symbolic_link_and_a_device_and_writes_a_new_report()
    {
        RequireUnix();
        using TempDir dir = Shop();
        string victim = dir.Write("notes.txt", "mine");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "report.txt"), victim);
        CliRun link = InProcess.Run(dir.Path, "scan", ".", "-o", "report.txt");
        Assert.That(link.ExitCode, Is.EqualTo(2), link.ToString());
        Assert.That(link.Stderr, Does.Contain("is a symbolic link, not a regular file"));
        Assert.That(File.ReadAllText(victim), Is.EqualTo("mine"));

        CliRun device = InProcess.Run(dir.Path, "scan", ".", "-o", "/dev/null");
        Assert.That(device.ExitCode, Is.EqualTo(2), device.ToString());
        Assert.That(device.Stderr, Does.Contain("is a character device"));

        CliRun fresh = InProcess.Run(dir.Path, "scan", ".", "-f", "sarif", "-o", "out/report.sarif");
        Assert.That(fresh.ExitCode, Is.EqualTo(0), fresh.ToString());
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "out/report.sarif")), Does.Contain("PG1001"));
    }

    [TestCase("--policy")]
    [TestCase("-o")]
    public void An_empty_option_value_is_a_usage_error(string option)
    {
        using TempDir dir = Shop();
        CliRun run = InProcess.Run(dir.Path, "scan", ".", option, "");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("PG0004").And.Contain("not an empty string").And.Not.Contain("PG0008"));
    }

    [Test]
    public void A_folder_scan_skips_a_FIFO_and_a_broken_link_with_PG0009_and_reads_a_folder_behind_a_parent_link_once()
    {
        RequireUnix();
        using TempDir dir = Shop();
        Fifo(Path.Combine(dir.Path, "src", "Pipe.cs"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "src", "Gone.cs"), "nowhere.cs");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "src", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "src", "self"), ".");

        CliRun run = Within(120, dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        string[] lines = run.Stdout.Split('\n');
        Assert.That(lines.Count(l => l.Contains("PG1001", StringComparison.Ordinal)), Is.EqualTo(1), "Orders.cs once: " + run);
        Assert.That(lines.Single(l => l.Contains("Pipe.cs", StringComparison.Ordinal)), Does.Contain("warning PG0009").And.Contain("not analyzed"));
        Assert.That(lines.Single(l => l.Contains("Gone.cs", StringComparison.Ordinal)), Does.Contain("warning PG0009").And.Contain("not analyzed"));
    }

    [Test]
    public void The_policy_decides_whether_an_incomplete_scan_fails()
    {
        RequireUnix();
        using TempDir dir = Shop();
        File.CreateSymbolicLink(Path.Combine(dir.Path, "src", "Gone.cs"), "nowhere.cs");
        CliRun lenient = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(lenient.ExitCode, Is.EqualTo(0), lenient.ToString());
        Assert.That(lenient.Stdout, Does.Contain("warning PG0009"));

        dir.Write("perfgate.yml", "version: 1\nincompleteScan: error\nrules:\n  PG1001: warning\nreach:\n  unknown: report\n");
        CliRun strict = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.ToString());
        Assert.That(strict.Stdout, Does.Contain("error PG0009").And.Contain("PG1001").And.Contain("gate failed"));
    }

    [Test]
    public void A_folder_scan_binds_CSharp_14_extension_members()
    {
        // Roslyn 4.14 threw IndexOutOfRangeException in overload resolution on C# 14 extension members (PG0008, scan lost);
        // the CLI compiles with Roslyn 5.12.
        using TempDir dir = Shop();
        string extensions = dir.Write("src/Extensions.cs", """
            using System.Collections.Generic;
            using System.Linq;

            public static class SequenceExtensions
            {
                extension<T>(IEnumerable<T> source)
                {
                    public bool IsEmpty => !source.Any();
                    public IEnumerable<T> Every(int step) => source.Where((_, i) => i % step == 0);
                }
            }

            public static class Use
            {
                public static int Count(List<int> numbers) => numbers.IsEmpty ? 0 : numbers.Every(2).Count();
            }
            """);
        // The scan's parser knows the syntax (Roslyn 4.14 reports CS1513 and friends here), and the scan still finds the N+1.
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(extensions), FolderScanner.ParseOptions);
        Assert.That(tree.GetDiagnostics().Select(d => d.ToString()), Is.Empty);
        CliRun run = InProcess.Run(dir.Path, "scan", ".");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("warning PG1001"), run.ToString());
        Assert.That(run.Stdout + run.Stderr, Does.Not.Contain("PG0008").And.Not.Contain("PG0009"), run.ToString());
    }
}

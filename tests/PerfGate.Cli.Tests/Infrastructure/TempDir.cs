using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace PerfGate.Cli.Tests.Infrastructure;

public sealed class TempDir : IDisposable
{
    public TempDir(bool git = false)
    {
        Path = Directory.CreateTempSubdirectory("perfgate-cli-").FullName;
        if (git)
        {
            Git("init", "-q", "-b", "main");
            Git("config", "user.email", "t@example.com");
            Git("config", "user.name", "t");
            Git("config", "commit.gpgsign", "false");
        }
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {output}");
        return output;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PerfGateBuildConfiguration").Value!;

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "PerfGate.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("PerfGate.sln not found above the test assembly");
    }
}

public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

public static class InProcess
{
    /// <summary>Runs the CLI in process, from <paramref name="directory"/> (the current directory is process-wide: tests using it are not parallel).</summary>
    public static CliRun Run(string? directory, params string[] args)
    {
        string previous = Environment.CurrentDirectory;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        try
        {
            if (directory != null) Environment.CurrentDirectory = directory;
            int code = Program.Execute(args, stdout, stderr);
            return new CliRun(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}

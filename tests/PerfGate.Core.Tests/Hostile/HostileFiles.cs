using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;

namespace PerfGate.Core.Tests.Hostile;

/// <summary>What a hostile repository can hold: FIFOs, links to devices, to parents, to nothing (Unix only).</summary>
internal static class HostileFiles
{
    public static void RequireUnix() => Assume.That(OperatingSystem.IsWindows(), Is.False, "FIFOs and symbolic links as a repository holds them: Unix");

    public static string Fifo(string path)
    {
        using Process mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.EqualTo(0), "mkfifo " + path);
        return path;
    }

    public static string Link(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Runs <paramref name="action"/>, failing (not hanging) when it blocks: a FIFO opened for reading waits for a writer.</summary>
    public static T WithinSeconds<T>(int seconds, Func<T> action)
    {
        Task<T> task = Task.Run(action);
        Assert.That(task.Wait(TimeSpan.FromSeconds(seconds)), Is.True, $"did not finish within {seconds} s (blocked on a FIFO or reading a device?)");
        return task.Result;
    }

    public static void WithinSeconds(int seconds, Action action) => WithinSeconds(seconds, () =>
    {
        action();
        return 0;
    });
}

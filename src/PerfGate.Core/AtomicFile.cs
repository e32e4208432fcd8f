using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using PerfGate.Core.IO;

namespace PerfGate.Core;

/// <summary>
/// Writes a file through a temporary file in the same folder and a rename, so no reader ever sees half of it: the content
/// is flushed to disk before the rename and the folder's entry after it, so a crash leaves the old file or the new one.
/// A temporary file never outlives its write: it is deleted when the write fails, when the process is stopped (SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT, once <see cref="CleanUpOnTermination"/> is called), and — after a SIGKILL, which nothing can
/// catch — by the next write of the same file, which removes those of processes that are gone (their PID is in the name).
/// </summary>
public static class AtomicFile
{
    private const string TempSuffix = ".perfgate-tmp";
    private static readonly HashSet<string> InFlight = new(StringComparer.Ordinal);
    private static readonly List<PosixSignalRegistration> Registrations = new();

    public static void WriteAllText(string path, string content) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(content));

    public static void WriteAllBytes(string path, byte[] content) => Write(path, stream => stream.Write(content));

    /// <summary>Writes what <paramref name="write"/> puts in the stream, atomically, as a new file or over an existing one.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        WriteThrough(fullPath, write, keep: null);
    }

    /// <summary>
    /// Replaces an existing regular file's content (what <c>perfgate fix</c> does to a source file), keeping what the user set
    /// on it: its permission bits (setuid, setgid and sticky included), owner and group. A symbolic link is written through:
    /// its target gets the content and the link stays a link, unless the target lies outside <paramref name="scope"/>. When the
    /// owner cannot be kept (another user's file, not running as root), the file is refused rather than given away.
    /// </summary>
    public static void Replace(string path, byte[] content, InputScope scope)
    {
        string fullPath = Path.GetFullPath(path);
        string target = NativeFileSystem.RealPathOf(fullPath) ?? throw new FileNotFoundException($"Could not find file '{fullPath}'.", fullPath);
        if (!string.Equals(target, fullPath, StringComparison.Ordinal) && !scope.Contains(target))
            throw new IOException($"'{fullPath}' is a symbolic link to '{target}', outside the repository; it is not written");
        RegularFile.Require(target);
        WriteThrough(target, stream => stream.Write(content), keep: NativeFileSystem.Ownership(target));
    }

    /// <summary>
    /// Deletes the temporary files of writes in flight when the process is asked to stop. Hosts that own the process (the CLI)
    /// call it once; an MSBuild task must not, the build owns its signals.
    /// </summary>
    public static void CleanUpOnTermination()
    {
        lock (Registrations)
        {
            if (Registrations.Count > 0) return;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteInFlight();
            if (OperatingSystem.IsWindows()) return;
            // SIGINT and SIGQUIT end in ProcessExit; SIGTERM and SIGHUP end the process without it. A handler registered later
            // (collect stops its receiver on SIGINT/SIGTERM and goes on) runs first and cancels the default: then nothing is deleted.
            foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                Registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    if (!context.Cancel) DeleteInFlight();
                }));
        }
    }

    private static void WriteThrough(string target, Action<Stream> write, (uint Owner, uint Group, UnixFileMode Mode)? keep)
    {
        string directory = Path.GetDirectoryName(target) ?? ".";
        RemoveAbandoned(target);
        string temp = Path.Combine(directory, "." + Path.GetFileName(target) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
            + "." + Guid.NewGuid().ToString("N") + TempSuffix);
        lock (InFlight) InFlight.Add(temp);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (keep is { } original && !OperatingSystem.IsWindows())
            {
                // The owner first: a change of owner clears setuid and setgid, which the mode then restores.
                var current = NativeFileSystem.Ownership(temp)!.Value;
                bool sameOwner = current.Owner == original.Owner && current.Group == original.Group;
                if (!sameOwner && !NativeFileSystem.TryChangeOwner(temp, original.Owner, original.Group))
                    throw new IOException($"'{target}' belongs to user {original.Owner} (group {original.Group}); rewriting it would make it this user's, "
                        + "so it is not written (run as its owner)");
                File.SetUnixFileMode(temp, original.Mode);
            }
            File.Move(temp, target, overwrite: true);
            NativeFileSystem.FlushFolder(directory);
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            finally
            {
                lock (InFlight) InFlight.Remove(temp);
            }
        }
    }

    /// <summary>Deletes temporary files of <paramref name="target"/> left by processes that no longer run (a SIGKILL mid-write).</summary>
    private static void RemoveAbandoned(string target)
    {
        string directory = Path.GetDirectoryName(target) ?? ".";
        string prefix = "." + Path.GetFileName(target) + ".";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, prefix + "*" + TempSuffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string candidate in candidates)
        {
            string middle = Path.GetFileName(candidate)[prefix.Length..^TempSuffix.Length];
            int dot = middle.IndexOf('.');
            if (dot <= 0 || !int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                File.Delete(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteInFlight()
    {
        string[] temps;
        lock (InFlight) temps = new List<string>(InFlight).ToArray();
        foreach (string temp in temps)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}

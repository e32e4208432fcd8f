using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using NUnit.Framework;
using PerfGate.Core.IO;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Hostile;

/// <summary>
/// Issue 18, items 6 and 7: an atomic write leaves no temporary file behind (failed, stopped, or killed: the next write clears
/// what a dead process left), and replacing a user's file keeps its mode and owner and writes through a link.
/// </summary>
[NonParallelizable]
public sealed class AtomicFileTests
{
    [Test]
    public void A_write_that_fails_leaves_the_old_file_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        string target = folder.Write("perfgate.baseline.json", "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write(new byte[1 << 20]);
            throw new InvalidOperationException("disk full, say");
        }));
        Assert.That(File.ReadAllText(target), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { target }));
    }

    [Test]
    public void The_next_write_removes_what_a_killed_writer_left_and_keeps_what_a_live_one_is_writing()
    {
        using var folder = new TempFolder();
        string target = folder.Write("perfgate.baseline.json", "old");
        int dead = DeadProcessId();
        string abandoned = folder.Write($".perfgate.baseline.json.{dead}.0123456789abcdef0123456789abcdef.perfgate-tmp", new string('x', 1000));
        using Process live = Process.GetCurrentProcess();
        string inFlight = folder.Write($".perfgate.baseline.json.{ParentOrSelf()}.fedcba9876543210fedcba9876543210.perfgate-tmp", "busy");
        string unrelated = folder.Write(".other.json.1.0123.perfgate-tmp", "not ours to judge");

        AtomicFile.WriteAllText(target, "new");

        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(File.Exists(abandoned), Is.False, "the temp file of a process that is gone (a SIGKILL mid-write)");
        Assert.That(File.Exists(inFlight), Is.True, "a running process may still be writing it");
        Assert.That(File.Exists(unrelated), Is.True, "another file's temp files are left to that file's writes");
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public void Replacing_a_file_keeps_its_permission_bits_including_setuid()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        foreach (UnixFileMode mode in new[]
        {
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.SetUser | UnixFileMode.SetGroup,
        })
        {
            string file = folder.Write("Tool.cs", "before");
            File.SetUnixFileMode(file, mode);
            AtomicFile.Replace(file, "after"u8.ToArray(), InputScope.Of(folder.Path));
            Assert.That(File.ReadAllText(file), Is.EqualTo("after"));
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(mode));
        }
    }

    [Test]
    public void Replacing_a_file_keeps_its_owner_when_running_as_root()
    {
        HostileFiles.RequireUnix();
        Assume.That(NativeFileSystem.IsRoot, Is.True, "only root can give a file to another user");
        using var folder = new TempFolder();
        string file = folder.Write("Owned.cs", "before");
        Assert.That(NativeFileSystem.TryChangeOwner(file, 1234, 4321), Is.True);
        AtomicFile.Replace(file, "after"u8.ToArray(), InputScope.Of(folder.Path));
        var owner = NativeFileSystem.Ownership(file)!.Value;
        Assert.That((owner.Owner, owner.Group), Is.EqualTo((1234u, 4321u)));
        Assert.That(File.ReadAllText(file), Is.EqualTo("after"));
    }

    [Test]
    public void A_symbolic_link_is_written_through_and_stays_a_link_unless_it_leads_out_of_the_repository()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        using var outside = new TempFolder();
        string target = folder.Write("shared/Orders.cs", "before");
        string link = HostileFiles.Link(Path.Combine(folder.Path, "Orders.cs"), Path.Combine("shared", "Orders.cs"));
        AtomicFile.Replace(link, "after"u8.ToArray(), InputScope.Of(folder.Path));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(Path.Combine("shared", "Orders.cs")));
        Assert.That(File.ReadAllText(target), Is.EqualTo("after"));

        string foreign = outside.Write("Other.cs", "theirs");
        string away = HostileFiles.Link(Path.Combine(folder.Path, "Away.cs"), foreign);
        var refused = Assert.Throws<IOException>(() => AtomicFile.Replace(away, "mine"u8.ToArray(), InputScope.Of(folder.Path)))!;
        Assert.That(refused.Message, Does.Contain("outside the repository"));
        Assert.That(File.ReadAllText(foreign), Is.EqualTo("theirs"));
        Assert.That(Directory.GetFiles(folder.Path).Where(f => f.EndsWith(".perfgate-tmp", StringComparison.Ordinal)), Is.Empty);
    }

    private static int ParentOrSelf() => Environment.ProcessId;

    /// <summary>The id of a process that has exited (started and waited for here).</summary>
    private static int DeadProcessId()
    {
        using Process process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })
            ?? Process.Start(new ProcessStartInfo("cmd", "/c exit 0") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}

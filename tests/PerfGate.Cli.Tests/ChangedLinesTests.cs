using System.IO;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Core.Changes;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;

namespace PerfGate.Cli.Tests;

public sealed class ChangedLinesTests
{
    private static Finding At(string root, string file, int line) =>
        new("PG1001", RuleLevel.Error, "N+1", Path.Combine(root, file), new SourceRegion(line, 1, line, 2));

    [Test]
    public void Hunks_mark_added_lines_and_deletions_mark_none()
    {
        const string diff = """
            diff --git a/src/A.cs b/src/A.cs
            --- a/src/A.cs
            +++ b/src/A.cs
            @@ -3,0 +4,2 @@ class A
            +x
            +y
            @@ -10 +11 @@
            -old
            +new
            @@ -20,3 +21,0 @@
            diff --git a/gone.cs b/gone.cs
            --- a/gone.cs
            +++ /dev/null
            @@ -1,2 +0,0 @@
            """;
        var changed = ChangedLines.Parse(diff, "/repo");
        Assert.Multiple(() =>
        {
            Assert.That(changed.Contains(At("/repo", "src/A.cs", 4)), Is.True);
            Assert.That(changed.Contains(At("/repo", "src/A.cs", 5)), Is.True);
            Assert.That(changed.Contains(At("/repo", "src/A.cs", 6)), Is.False);
            Assert.That(changed.Contains(At("/repo", "src/A.cs", 11)), Is.True);
            Assert.That(changed.Contains(At("/repo", "src/A.cs", 21)), Is.False);
            Assert.That(changed.Contains(At("/repo", "src/B.cs", 4)), Is.False);
        });
    }

    [Test]
    public void Real_git_diff_reports_changed_and_untracked_lines_only()
    {
        using var repo = new TempDir(git: true);
        repo.Write("A.cs", "one\ntwo\nthree\n");
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "base");
        repo.Write("A.cs", "one\nTWO\nthree\nfour\n");
        repo.Write("New.cs", "fresh\n");

        var changed = ChangedLines.FromGit(repo.Path, "HEAD");
        Assert.Multiple(() =>
        {
            Assert.That(changed.Contains(At(repo.Path, "A.cs", 1)), Is.False);
            Assert.That(changed.Contains(At(repo.Path, "A.cs", 2)), Is.True);
            Assert.That(changed.Contains(At(repo.Path, "A.cs", 3)), Is.False);
            Assert.That(changed.Contains(At(repo.Path, "A.cs", 4)), Is.True);
            Assert.That(changed.Contains(At(repo.Path, "New.cs", 1)), Is.True);
        });
    }

    [Test]
    public void A_ref_that_does_not_exist_is_an_error()
    {
        using var repo = new TempDir(git: true);
        repo.Write("A.cs", "x\n");
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "base");
        var e = Assert.Throws<ChangedLinesException>(() => ChangedLines.FromGit(repo.Path, "origin/nope"))!;
        Assert.That(e.Message, Does.Contain("'origin/nope' does not exist"));
    }

    [Test]
    public void A_folder_outside_git_is_an_error()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ChangedLinesException>(() => ChangedLines.FromGit(dir.Path, "HEAD"))!;
        Assert.That(e.Message, Does.Contain("not inside a git repository"));
    }
}

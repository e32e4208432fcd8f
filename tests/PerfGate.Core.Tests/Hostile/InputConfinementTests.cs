using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Baseline;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.IO;
using PerfGate.Core.Policy;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Hostile;

/// <summary>
/// Issue 18, items 3 and 8: paths that come from evidence or a policy are read only when they are regular files inside the
/// repository (or a folder PERFGATE_INPUT_FOLDERS lists), and a walk visits each real folder once.
/// </summary>
[NonParallelizable]
public sealed class InputConfinementTests
{
    [Test]
    public void A_FIFO_a_device_and_a_folder_are_refused_without_being_opened()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        string fifo = HostileFiles.Fifo(Path.Combine(folder.Path, "evidence.json"));
        var refused = HostileFiles.WithinSeconds(10, () => Assert.Throws<NotARegularFileException>(() => RegularFile.OpenRead(fifo).Dispose())!);
        Assert.That(refused.Message, Does.Contain("a FIFO (named pipe), not a regular file"));
        Assert.That(Assert.Throws<NotARegularFileException>(() => RegularFile.ReadAllBytes("/dev/zero"))!.Kind, Is.EqualTo(FileKind.CharacterDevice));
        Assert.That(Assert.Throws<NotARegularFileException>(() => RegularFile.ReadAllBytes(folder.Path))!.Kind, Is.EqualTo(FileKind.Directory));
        // The JSON readers of every evidence file go through it: a FIFO is PG0003 at once.
        var evidence = HostileFiles.WithinSeconds(10, () => Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(fifo))!);
        Assert.That(evidence.Message, Does.Contain("not a regular file"));
    }

    [Test]
    public void Line_hashes_read_only_regular_files_inside_the_repository()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        string inside = folder.Write("src/A.cs", "class A\n{\n}\n");
        string zero = HostileFiles.Link(Path.Combine(folder.Path, "src", "Zero.cs"), "/dev/zero");
        string passwd = HostileFiles.Link(Path.Combine(folder.Path, "src", "Passwd.cs"), "/etc/passwd");
        string fifo = HostileFiles.Fifo(Path.Combine(folder.Path, "src", "Pipe.cs"));
        var hashes = new LineHashCache(folder.Path);
        Assert.That(hashes.Get(inside, 1), Is.Not.Null);
        HostileFiles.WithinSeconds(10, () =>
        {
            // file:///etc/passwd in a SARIF log, a link to /dev/zero (4 GB read before), a link out, a FIFO (a hang before).
            Assert.That(hashes.Get("/etc/passwd", 1), Is.Null);
            Assert.That(hashes.Get(zero, 1), Is.Null);
            Assert.That(hashes.Get(passwd, 1), Is.Null);
            Assert.That(hashes.Get(fifo, 1), Is.Null);
        });
    }

    [TestCase("benchmarks:\n    - results: \"/**/*.json\"\n      baseline: perf/baseline\n      maxRegression: 10%\n", "/**/*.json")]
    [TestCase("benchmarks:\n    - results: \"../../../**/*.json\"\n      baseline: perf/baseline\n      maxRegression: 10%\n", "../../../**/*.json")]
    [TestCase("benchmarks:\n    - results: \"perf/*.json\"\n      baseline: /\n      maxRegression: 10%\n", "/")]
    [TestCase("loadTests:\n    - summary: /etc/shadow\n      thresholds: { http_req_duration.p95: \"< 300ms\" }\n", "/etc/shadow")]
    [TestCase("traces:\n    - files: \"/proc/*/environ\"\n      queriesPerRequest: { max: 20 }\n", "/proc/*/environ")]
    public void A_budget_path_outside_the_repository_is_PG0003_at_its_entry_and_nothing_is_read(string budgets, string named)
    {
        using var folder = new TempFolder();
        GatePolicy policy = Policy(folder, "version: 1\nbudgets:\n  " + budgets);
        BudgetOutcome outcome = HostileFiles.WithinSeconds(30, () => BudgetEvaluator.Evaluate(policy, folder.Path));
        var finding = outcome.Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG0003"));
        Assert.That(finding.FilePath, Is.EqualTo(policy.SourcePath));
        Assert.That(finding.Region!.StartLine, Is.EqualTo(4));
        Assert.That(finding.Message, Does.StartWith($"'{named}' is outside the repository ({folder.Path})").And.Contain("PERFGATE_INPUT_FOLDERS"));
        // The build watches nothing outside either (MSBuild would glob the whole file system).
        Assert.That(BudgetInputs.Patterns(policy.Budgets, folder.Path), Has.None.StartsWith("/etc").And.None.EqualTo("/**/*"));
    }

    [Test]
    public void A_link_inside_the_repository_to_a_file_outside_stays_outside()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "perf"));
        HostileFiles.Link(Path.Combine(folder.Path, "perf", "k6.json"), "/etc/passwd");
        GatePolicy policy =
            Policy(folder, "version: 1\nbudgets:\n  loadTests:\n    - summary: perf/k6.json\n      thresholds: { http_req_duration.p95: \"< 300ms\" }\n");
        var finding = BudgetEvaluator.Evaluate(policy, folder.Path).Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG0003"));
        Assert.That(finding.Message, Does.Contain("outside the repository").And.Not.Contain("root:"));
    }

    [Test]
    public void PERFGATE_INPUT_FOLDERS_lets_the_CI_name_more_folders()
    {
        using var repository = new TempFolder();
        using var elsewhere = new TempFolder();
        string file = elsewhere.Write("baseline/a.json", "{}");
        Assert.That(InputScope.Of(repository.Path).Contains(file), Is.False);
        string? saved = Environment.GetEnvironmentVariable(InputScope.AllowedFoldersVariable);
        try
        {
            Environment.SetEnvironmentVariable(InputScope.AllowedFoldersVariable, "/nonexistent" + Path.PathSeparator + elsewhere.Path);
            Assert.That(InputScope.Of(repository.Path).Contains(file), Is.True);
            Assert.That(InputScope.Of(repository.Path).Contains("/etc/passwd"), Is.False);
        }
        finally
        {
            Environment.SetEnvironmentVariable(InputScope.AllowedFoldersVariable, saved);
        }
    }

    [Test]
    public void A_walk_visits_each_real_folder_once_and_says_what_it_left_out()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        folder.Write("src/A.cs", "class A { }");
        folder.Write("src/deep/B.cs", "class B { }");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "self"), ".");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "deep", "up"), "..");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "deep", "root"), "/");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "Broken.cs"), "nowhere.cs");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "Loop.cs"), "Loop.cs");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "Zero.cs"), "/dev/zero");
        HostileFiles.Link(Path.Combine(folder.Path, "src", "Shadow.cs"), "/etc/passwd");
        HostileFiles.Fifo(Path.Combine(folder.Path, "src", "Pipe.cs"));

        WalkResult walk = HostileFiles.WithinSeconds(30, () => DirectoryWalker.Walk(folder.Path, null, f => f.EndsWith(".cs", StringComparison.Ordinal)));
        Assert.That(walk.Files.Select(f => Path.GetRelativePath(folder.Path, f)),
            Is.EqualTo(new[] { Path.Combine("src", "A.cs"), Path.Combine("src", "deep", "B.cs") }), "each file once, through no link");
        Assert.That(walk.Skipped.Select(s => Path.GetFileName(s.Path) + ": " + s.Reason.Split(' ')[1]).OrderBy(s => s, StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "Broken.cs: symbolic", "Loop.cs: symbolic", "Pipe.cs: is", "Shadow.cs: is", "Zero.cs: is",
        }));
        Assert.That(walk.Skipped.Single(s => s.Path.EndsWith("Shadow.cs", StringComparison.Ordinal)).Reason, Does.Contain("outside the repository"));
        Assert.That(walk.Skipped.Single(s => s.Path.EndsWith("Zero.cs", StringComparison.Ordinal)).Reason, Does.Contain("a character device"));
    }

    [Test]
    public void A_glob_does_not_follow_a_link_out_of_the_repository_or_around_a_loop()
    {
        HostileFiles.RequireUnix();
        using var folder = new TempFolder();
        string result = folder.Write("perf/results/a-report-full.json", "{}");
        HostileFiles.Link(Path.Combine(folder.Path, "perf", "results", "again"), "..");
        HostileFiles.Link(Path.Combine(folder.Path, "perf", "etc"), "/etc");
        var files = HostileFiles.WithinSeconds(30, () => FileGlob.Expand(folder.Path, "perf/**/*.json"));
        Assert.That(files, Is.EqualTo(new[] { result }));
    }

    private static GatePolicy Policy(TempFolder folder, string yaml)
    {
        string path = folder.Write("perfgate.yml", yaml);
        PolicyLoadResult loaded = PolicyLoader.Load(path);
        Assert.That(loaded.Errors, Is.Empty, string.Join("\n", loaded.Errors.Select(e => e.Message)));
        return loaded.Policy!;
    }
}

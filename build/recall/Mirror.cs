using System.Diagnostics;
using System.Text;

/// <summary>A changed C# file between two commits (<c>git diff --name-status</c>): A, D, M, or R with both paths.</summary>
readonly record struct FileChange(char Status, string OldPath, string NewPath);

/// <summary>One <c>@@ -a,b +c,d @@</c> hunk of a zero-context diff: the lines removed from the old file and added to the new.</summary>
readonly record struct Hunk(int OldStart, int OldCount, int NewStart, int NewCount);

/// <summary>
/// Reads a repository fetched as a bare git mirror (the search tool's <c>fetch</c> puts it at
/// &lt;mirrors&gt;/&lt;owner&gt;+&lt;name&gt;/repo) and materializes a commit's C# sources into a cache folder with
/// <c>git archive</c>, once per commit. Reads nothing from the network.
/// </summary>
sealed class Mirror(string mirrorsRoot, string cacheRoot)
{
    public string GitDir(string repo)
    {
        string dir = Path.Combine(mirrorsRoot, repo.Replace('/', '+'), "repo");
        if (!Directory.Exists(dir))
            throw new ManifestException($"no mirror of {repo} at {dir}: fetch github:{repo} with the search tool's fetch first (README.md)");
        return dir;
    }

    /// <summary>The folder holding the C# files of <paramref name="scope"/> at <paramref name="commit"/>, extracted on first use.</summary>
    public string Materialize(RepoScope scope, string commit)
    {
        string target = Path.Combine(cacheRoot, scope.Repo.Replace('/', '+'), commit);
        if (File.Exists(Path.Combine(target, ".complete"))) return target;
        string partial = target + ".part";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        string tar = partial + ".tar";
        var pathspecs = scope.Roots.Select(r => r == "." ? ":(glob)**/*.cs" : $":(glob){r.TrimEnd('/')}/**/*.cs");
        Git(scope.Repo, new[] { "archive", "--format=tar", "-o", tar, commit, "--" }.Concat(pathspecs).ToArray());
        Run("tar", new[] { "-xf", tar, "-C", partial }, null);
        File.Delete(tar);
        File.WriteAllText(Path.Combine(partial, ".complete"), commit);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.Move(partial, target);
        return target;
    }

    public string ReadFile(string repo, string commit, string path) => Git(repo, "show", $"{commit}:{path}");

    public string FirstParent(string repo, string commit) => Git(repo, "rev-parse", commit + "^1").Trim();

    public IReadOnlyList<FileChange> ChangedFiles(string repo, string bad, string fixedCommit) =>
        Git(repo, "diff", "--name-status", "-M", bad, fixedCommit, "--", "*.cs")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => new FileChange(f[0][0], f[1], f[^1]))
            .ToList();

    public IReadOnlyList<Hunk> Hunks(string repo, string bad, string fixedCommit, string badPath, string fixedPath)
    {
        var hunks = new List<Hunk>();
        string diff = Git(repo, "diff", "-U0", "-M", bad, fixedCommit, "--", badPath, fixedPath);
        foreach (string line in diff.Split('\n').Where(l => l.StartsWith("@@ ", StringComparison.Ordinal)))
        {
            // @@ -12,3 +12,0 @@  (a missing count means 1)
            string[] parts = line.Split(' ');
            var (oldStart, oldCount) = Range(parts[1][1..]);
            var (newStart, newCount) = Range(parts[2][1..]);
            hunks.Add(new Hunk(oldStart, oldCount, newStart, newCount));
        }
        return hunks;

        static (int Start, int Count) Range(string text)
        {
            string[] p = text.Split(',');
            return (int.Parse(p[0]), p.Length > 1 ? int.Parse(p[1]) : 1);
        }
    }

    private string Git(string repo, params string[] args) =>
        Run("git", new[] { "--git-dir", GitDir(repo) }.Concat(args).ToArray(), repo);

    private static string Run(string file, string[] args, string? repo)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new ManifestException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new ManifestException($"{file} {string.Join(' ', args.Where(a => !a.Contains('/') || a.Length < 60))}"
                + $"{(repo is null ? "" : $" ({repo})")} failed: {stderr.Result.Trim()}");
        return stdout;
    }
}

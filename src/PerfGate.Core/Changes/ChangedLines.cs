using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Changes;

/// <summary>
/// The lines added or changed since a git ref (PR mode): what <c>git diff --unified=0 REF</c> marks
/// as new on the working tree's side, plus every line of untracked files. That is where GitHub shows
/// an alert on a pull request.
/// </summary>
public sealed class ChangedLines
{
    private static readonly Regex Hunk = new(@"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, List<(int Start, int Count)>> _ranges;
    private readonly HashSet<string> _wholeFiles;

    private ChangedLines(string root, Dictionary<string, List<(int, int)>> ranges, HashSet<string> wholeFiles)
    {
        RepositoryRoot = root;
        _ranges = ranges;
        _wholeFiles = wholeFiles;
    }

    public string RepositoryRoot { get; }

    public IEnumerable<string> Files => _ranges.Keys.Concat(_wholeFiles).Distinct().OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>Parses unified diff text (<c>--unified=0</c>); paths in it are relative to <paramref name="repositoryRoot"/>.</summary>
    public static ChangedLines Parse(string diff, string repositoryRoot, IEnumerable<string>? untrackedFiles = null)
    {
        var ranges = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        string? current = null;
        foreach (string raw in diff.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                string target = line.Substring(4);
                current = target == "/dev/null" ? null : Unquote(target.StartsWith("b/", StringComparison.Ordinal) ? target.Substring(2) : target);
                continue;
            }
            if (current == null) continue;
            Match m = Hunk.Match(line);
            if (!m.Success) continue;
            int start = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int count = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 1;
            if (count == 0) continue; // a pure deletion adds no line
            if (!ranges.TryGetValue(current, out var list)) ranges[current] = list = new List<(int, int)>();
            list.Add((start, count));
        }
        var whole = new HashSet<string>(untrackedFiles ?? Array.Empty<string>(), StringComparer.Ordinal);
        return new ChangedLines(Path.GetFullPath(repositoryRoot), ranges, whole);
    }

    /// <summary>Runs git in <paramref name="workingDirectory"/>; throws <see cref="ChangedLinesException"/> with one clear sentence on any problem.</summary>
    public static ChangedLines FromGit(string workingDirectory, string gitRef)
    {
        if (string.IsNullOrWhiteSpace(gitRef) || gitRef.StartsWith('-'))
            throw new ChangedLinesException($"'{gitRef}' is not a git ref");
        string root = Git(workingDirectory, out int code, "rev-parse", "--show-toplevel").Trim();
        if (code != 0) throw new ChangedLinesException(
            $"'{Path.GetFullPath(workingDirectory)}' is not inside a git repository (PR mode compares with a git ref)");
        Git(root, out code, "rev-parse", "--verify", "--quiet", gitRef + "^{commit}");
        if (code != 0) throw new ChangedLinesException($"the git ref '{gitRef}' does not exist in {root} (fetch it first, e.g. git fetch origin {gitRef})");
        string diff = Git(root, out code, "-c", "core.quotePath=false", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", gitRef, "--");
        if (code != 0) throw new ChangedLinesException($"git diff against '{gitRef}' failed");
        string untracked = Git(root, out code, "-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard");
        var untrackedFiles = code == 0 ? untracked.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')) : null;
        return Parse(diff, root, untrackedFiles);
    }

    /// <summary>True when the finding's first line is added or changed. Findings without a file or line never are.</summary>
    public bool Contains(Finding finding)
    {
        if (finding.FilePath == null || finding.Region is not { StartLine: >= 1 } region) return false;
        string relative = Path.GetRelativePath(RepositoryRoot, Path.GetFullPath(finding.FilePath)).Replace('\\', '/');
        if (_wholeFiles.Contains(relative)) return true;
        return _ranges.TryGetValue(relative, out var list)
            && list.Any(r => region.StartLine >= r.Start && region.StartLine < r.Start + r.Count);
    }

    public GateResult Filter(GateResult result) => result with { Findings = result.Findings.Where(Contains).ToArray() };

    private static string Unquote(string path) =>
        path.Length >= 2 && path[0] == '"' && path[^1] == '"' ? Regex.Unescape(path.Substring(1, path.Length - 2)) : path;

    private static string Git(string workingDirectory, out int exitCode, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
            exitCode = process.ExitCode;
            return output;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ChangedLinesException("git could not be started: " + e.Message);
        }
    }
}

using System.IO;

namespace PerfGate.Core;

/// <summary>Where repo-relative paths (SARIF URIs, baselines, fingerprints) start.</summary>
public static class RepositoryRoot
{
    /// <summary>
    /// The nearest folder at or above <paramref name="startDirectory"/> that holds <c>.git</c>
    /// (a folder, or a file in worktrees and submodules); otherwise <paramref name="fallback"/>.
    /// </summary>
    public static string Find(string startDirectory, string fallback)
    {
        for (DirectoryInfo? directory = new(Path.GetFullPath(startDirectory)); directory != null; directory = directory.Parent)
        {
            string marker = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(marker) || File.Exists(marker)) return directory.FullName;
        }
        return Path.GetFullPath(fallback);
    }
}

/// <summary>One app of the trial set (trial-repos.tsv): where it comes from, what is compiled, how it is sampled.</summary>
sealed record TrialRepo(string Name, string Repo, string Commit, string Role, string Sources, string[] Excludes, bool ImplicitUsings,
    int SampleSize);

/// <summary>
/// trial-repos.tsv: '#' comments, a header, then name, repo (owner/name), commit, role (tuning|heldout), sources
/// (folder in the repo, '.' for all), excludes (space-separated substrings of '/'-led repo-relative paths, '-' for none),
/// usings (implicit|none: whether the app's projects turn ImplicitUsings on), sample (findings judged per app), notes.
/// </summary>
static class TrialManifest
{
    public static List<TrialRepo> Read(string path)
    {
        var repos = new List<TrialRepo>();
        bool header = true;
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (header) { header = false; continue; }
            var f = line.Split('\t');
            if (f.Length < 8 || f[3] is not ("tuning" or "heldout") || f[6] is not ("implicit" or "none") || !int.TryParse(f[7], out int sample))
                throw new FormatException(
                    $"{path}:{number}: expected name, repo, commit, role (tuning|heldout), sources, excludes, usings (implicit|none), sample (a number), notes");
            repos.Add(new TrialRepo(f[0], f[1], f[2], f[3], f[4], f[5] == "-" ? Array.Empty<string>() : f[5].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                f[6] == "implicit", sample));
        }
        return repos;
    }

    /// <summary>A role ("tuning", "heldout"), or app names separated by commas.</summary>
    public static List<TrialRepo> Select(List<TrialRepo> all, string set)
    {
        if (set is "tuning" or "heldout") return all.Where(r => r.Role == set).ToList();
        var names = set.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Where(n => all.All(r => r.Name != n)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException(
            $"not in the manifest: {string.Join(", ", unknown)} (names: {string.Join(", ", all.Select(r => r.Name))})");
        return all.Where(r => names.Contains(r.Name)).ToList();
    }
}

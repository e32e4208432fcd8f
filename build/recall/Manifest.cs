/// <summary>Inclusive 1-based line range of a fix site; <c>?</c> in the manifest until <c>--suggest</c> fills it in.</summary>
readonly record struct LineSpan(int First, int Last)
{
    public bool IsKnown => First > 0;

    public bool Contains(int line) => IsKnown && line >= First && line <= Last;

    public override string ToString() => IsKnown ? $"{First}-{Last}" : "?";

    public static LineSpan Parse(string text, string where)
    {
        if (text == "?") return default;
        string[] parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out int first) && int.TryParse(parts[1], out int last) && first > 0 && last >= first)
            return new LineSpan(first, last);
        throw new ManifestException($"{where}: expected a line range 'first-last' or '?', found '{text}'");
    }
}

/// <summary>
/// One real performance fix: the site in the bad version (the fixed commit's parent) that a rule should report, and
/// the same site after the fix, where no rule should report any more.
/// </summary>
sealed record FixPair(
    string Id, string Repo, string BadCommit, string FixedCommit, string BadFile, string FixedFile,
    string BadMember, string FixedMember, LineSpan BadLines, LineSpan FixedLines,
    string Shape, IReadOnlyList<string> Rules, string Description, int ManifestLine)
{
    public const string Header = "id\trepo\tbad\tfixed\tfile\tmember\tbad_lines\tfixed_lines\tshape\trules\tdescription";

    public string ToRow() => string.Join('\t', Id, Repo, BadCommit, FixedCommit,
        BadFile == FixedFile ? BadFile : $"{BadFile}=>{FixedFile}",
        BadMember == FixedMember ? BadMember : $"{BadMember}|{FixedMember}",
        BadLines, FixedLines, Shape, Rules.Count == 0 ? "none" : string.Join(',', Rules), Description);
}

/// <summary>Which folders of a repository form its one compilation, and which paths to leave out (tests, migrations).</summary>
sealed record RepoScope(string Repo, IReadOnlyList<string> Roots, IReadOnlyList<string> Excludes)
{
    public bool Includes(string path) =>
        path.EndsWith(".cs", StringComparison.Ordinal)
        && Roots.Any(r => r == "." || path.StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal))
        && !Excludes.Any(e => ("/" + path).Contains(e, StringComparison.Ordinal));
}

sealed class ManifestException(string message) : Exception(message);

static class Manifest
{
    public static List<FixPair> ReadPairs(string path)
    {
        var pairs = new List<FixPair>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fields, line) in Rows(path, 11))
        {
            string where = $"{path}:{line}";
            if (!ids.Add(fields[0])) throw new ManifestException($"{where}: duplicate id '{fields[0]}'");
            foreach (int i in new[] { 2, 3 })
                if (fields[i].Length != 40 || !fields[i].All(Uri.IsHexDigit))
                    throw new ManifestException($"{where}: expected a 40-digit commit hash in column {i + 1}, found '{fields[i]}'");
            string[] files = fields[4].Split("=>");
            string[] members = fields[5].Split('|');
            var rules = fields[9] == "none" ? Array.Empty<string>() : fields[9].Split(',');
            if (rules.Any(r => r.Length != 6 || !r.StartsWith("PG", StringComparison.Ordinal)))
                throw new ManifestException($"{where}: expected rule ids like PG1001 (comma-separated) or 'none', found '{fields[9]}'");
            pairs.Add(new FixPair(fields[0], fields[1], fields[2], fields[3], files[0], files[^1], members[0], members[^1],
                LineSpan.Parse(fields[6], where), LineSpan.Parse(fields[7], where), fields[8], rules, fields[10], line));
        }
        return pairs;
    }

    public static Dictionary<string, RepoScope> ReadScopes(string path) =>
        Rows(path, 3).ToDictionary(
            r => r.Fields[0],
            r => new RepoScope(r.Fields[0], r.Fields[1].Split(','), r.Fields[2] == "-" ? Array.Empty<string>() : r.Fields[2].Split(',')),
            StringComparer.Ordinal);

    /// <summary>Rewrites the manifest with <paramref name="pairs"/> in place of the rows of the same id, keeping everything else.</summary>
    public static void WritePairs(string path, IReadOnlyDictionary<string, FixPair> pairs)
    {
        var lines = File.ReadAllLines(path).Select(line =>
        {
            string id = line.Split('\t')[0];
            return !line.StartsWith('#') && pairs.TryGetValue(id, out var pair) ? pair.ToRow() : line;
        });
        string temp = path + ".tmp";
        File.WriteAllLines(temp, lines);
        File.Move(temp, path, overwrite: true);
    }

    // Tab-separated rows with a header line; '#' starts a comment line.
    private static IEnumerable<(string[] Fields, int Line)> Rows(string path, int columns)
    {
        if (!File.Exists(path)) throw new ManifestException($"{path}: no such file");
        string[] lines = File.ReadAllLines(path);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#')) continue;
            string[] fields = lines[i].Split('\t');
            if (fields.Length != columns)
                throw new ManifestException($"{path}:{i + 1}: expected {columns} tab-separated columns, found {fields.Length}");
            yield return (fields, i + 1);
        }
    }
}

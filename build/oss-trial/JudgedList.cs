/// <summary>A judged finding: verdict true|false (anything else, e.g. '?', is not judged yet), a cause for false ones.</summary>
sealed record Judgement(string Key, string Rule, string Location, string Verdict, string Category, string Reason)
{
    public bool IsJudged => Verdict is "true" or "false";

    public string Member => Key.Split('|') is { Length: >= 3 } parts ? parts[2] : "-";
    public string File => Key.Split('|') is { Length: >= 2 } parts ? parts[1] : "-";
}

/// <summary>
/// judged/&lt;app&gt;.tsv: '#' comments, a header, then key, rule, file:line, verdict (true|false), category (false ones:
/// one of <see cref="Categories"/>), one-line reason. Entries stay when a finding goes away: they show what a rule
/// change removed (a judged-true entry that is gone is a lost true finding).
/// </summary>
static class JudgedList
{
    public const string Header = "key\trule\tlocation\tverdict\tcategory\treason";

    public static readonly string[] Categories =
        { "cold-path", "test-code", "cache-aside", "guard-or-small-set", "not-an-item-loop", "type-only", "bad-advice", "other" };

    public static List<Judgement> Read(string path)
    {
        var list = new List<Judgement>();
        if (!System.IO.File.Exists(path)) return list;
        bool header = true;
        foreach (var (line, number) in System.IO.File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (header) { header = false; continue; }
            var f = line.Split('\t');
            if (f.Length != 6) throw new FormatException($"{path}:{number}: expected 6 tab-separated fields ({Header.Replace('\t', ' ')})");
            var j = new Judgement(f[0], f[1], f[2], f[3], f[4], f[5]);
            if (j.Verdict == "false" && !Categories.Contains(j.Category))
                throw new FormatException($"{path}:{number}: a false finding needs a category ({string.Join(", ", Categories)}), found '{j.Category}'");
            list.Add(j);
        }
        var duplicate = list.GroupBy(j => j.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new FormatException($"{path}: key judged twice: {duplicate.Key}");
        return list;
    }

    /// <summary>Appends findings to judge (verdict '?', the message as a reminder), creating the file with its header.</summary>
    public static void AppendTodo(string path, IEnumerable<FindingRow> rows)
    {
        var lines = rows.Select(r => string.Join("\t", r.Key, r.Rule, $"{r.File}:{r.Line}", "?", "", r.Message)).ToList();
        if (lines.Count == 0) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!System.IO.File.Exists(path)) lines.Insert(0, Header);
        System.IO.File.AppendAllLines(path, lines);
    }
}

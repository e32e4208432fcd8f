using System.Text;

/// <summary>What happened at one pair's fix site in its bad and fixed versions.</summary>
sealed record PairResult(
    FixPair Pair, IReadOnlyList<Finding> BadSite, IReadOnlyList<Finding> FixedSite, int BadFileErrors, int BadSiteErrors,
    string? FirstSiteError, IReadOnlyList<string> Problems)
{
    public bool Caught => BadSite.Any(f => Pair.Rules.Contains(f.Id));
    public bool CaughtAny => BadSite.Any(f => f.Id.StartsWith("PG", StringComparison.Ordinal));
    public bool Reflagged => FixedSite.Any(f => Pair.Rules.Contains(f.Id));
    public bool ReflaggedAny => FixedSite.Any(f => f.Id.StartsWith("PG", StringComparison.Ordinal));
}

/// <summary>
/// Recall (bad versions whose fix site carries a finding of an expected rule; of any PerfGate rule, separately) and
/// re-flags (the same in fixed versions), per shape and overall, as Markdown and as one TSV row a pair. Sorted, no
/// timestamps: the same mirrors and rules give the same bytes.
/// </summary>
static class Report
{
    public static string Markdown(IReadOnlyList<PairResult> results, IReadOnlyDictionary<string, string> whyMissed, string command)
    {
        var md = new StringBuilder();
        int repos = results.Select(r => r.Pair.Repo).Distinct().Count();
        md.AppendLine($"{results.Count} pairs from {repos} repositories, {results.Select(r => r.Pair.Shape).Distinct().Count()} shapes. Command: `{command}`");
        md.AppendLine();
        md.AppendLine("| shape | pairs | caught (expected rule) | recall | caught (any PG rule) | re-flagged (expected) | re-flag rate | re-flagged (any PG rule) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Pair.Shape).OrderBy(g => g.Key, StringComparer.Ordinal))
            md.AppendLine(Row(group.Key, group.ToList()));
        md.AppendLine(Row("**all**", results));
        md.AppendLine();
        md.AppendLine("| id | repo | shape | expected | bad site: findings | fixed site: findings | verdict | errors in bad file (site) | why missed |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            string verdict = (r.Caught ? "caught" : r.CaughtAny ? "other rule" : "missed")
                + (r.Reflagged ? ", re-flagged" : r.ReflaggedAny ? ", other rule in fixed" : "");
            string why = r.Caught ? "" : whyMissed.GetValueOrDefault(r.Pair.Id, "(no reason recorded)");
            md.AppendLine($"| {r.Pair.Id} | {r.Pair.Repo} | {r.Pair.Shape} | {Rules(r.Pair)} | {List(r.BadSite)} | {List(r.FixedSite)} | {verdict} "
                + $"| {r.BadFileErrors} ({r.BadSiteErrors}) | {Escape(why)} |");
        }
        var problems = results.SelectMany(r => r.Problems.Select(p => $"- {r.Pair.Id}: {p}")).ToList();
        var stale = results.Where(r => r.Caught && whyMissed.ContainsKey(r.Pair.Id)).Select(
            r => $"- {r.Pair.Id}: caught, but a reason for a miss is recorded").ToList();
        if (problems.Count + stale.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Problems:");
            foreach (string p in problems.Concat(stale)) md.AppendLine(p);
        }
        return md.ToString();
    }

    public static string Tsv(IReadOnlyList<PairResult> results)
    {
        var tsv = new StringBuilder(
            "id\trepo\tshape\trules\tcaught\tcaught_any\treflagged\treflagged_any\tbad_site\tfixed_site\tbad_file_errors\tbad_site_errors\tfirst_site_error\tproblems\n");
        foreach (var r in results)
            tsv.AppendLine(string.Join('\t', r.Pair.Id, r.Pair.Repo, r.Pair.Shape, Rules(r.Pair), Bit(r.Caught), Bit(r.CaughtAny), Bit(r.Reflagged),
                Bit(r.ReflaggedAny), List(r.BadSite), List(r.FixedSite), r.BadFileErrors, r.BadSiteErrors, r.FirstSiteError ?? "",
                    string.Join("; ", r.Problems)));
        return tsv.ToString();
    }

    /// <summary>Each site finding with its message, for reading why a rule fired (or what fired instead).</summary>
    public static string Findings(IReadOnlyList<PairResult> results)
    {
        var text = new StringBuilder();
        foreach (var r in results)
        {
            text.AppendLine($"{r.Pair.Id} {r.Pair.BadFile} bad {r.Pair.BadLines} / fixed {r.Pair.FixedLines}");
            foreach (var f in r.BadSite) text.AppendLine($"  bad   {f.Id} line {f.Line}: {f.Message}");
            foreach (var f in r.FixedSite) text.AppendLine($"  fixed {f.Id} line {f.Line}: {f.Message}");
            if (r.FirstSiteError is not null) text.AppendLine($"  error at site: {r.FirstSiteError}");
        }
        return text.ToString();
    }

    private static string Row(string shape, IReadOnlyList<PairResult> rs)
    {
        int n = rs.Count, caught = rs.Count(r => r.Caught), any = rs.Count(r => r.CaughtAny);
        int reflag = rs.Count(r => r.Reflagged), reflagAny = rs.Count(r => r.ReflaggedAny);
        return $"| {shape} | {n} | {caught} | {Percent(caught, n)} | {any} | {reflag} | {Percent(reflag, n)} | {reflagAny} |";
    }

    private static string Percent(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F0} %";

    private static string Rules(FixPair pair) => pair.Rules.Count == 0 ? "none" : string.Join(",", pair.Rules);

    private static string List(IReadOnlyList<Finding> findings) => findings.Count == 0 ? "-" : string.Join(" ", findings);

    private static string Bit(bool value) => value ? "1" : "0";

    private static string Escape(string text) => text.Replace("|", "\\|");
}

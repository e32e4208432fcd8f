/// <summary>
/// score: for every app of a set, draws the deterministic sample from its findings file, matches it to the judged list,
/// and prints precision per rule and per app, the sampled findings nobody has judged yet (a figure counts only when
/// there are none), and the judged findings that are no longer reported (a judged-true one is a lost true finding).
/// </summary>
static class Scoring
{
    public static int Run(string[] args)
    {
        string Arg(string name, string? fallback = null) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback ?? throw new ArgumentException($"score needs {name}");
        var apps = TrialManifest.Select(TrialManifest.Read(Arg("--manifest")), Arg("--set"));
        string findingsDir = Arg("--findings"), judgedDir = Arg("--judged");
        bool todo = args.Contains("--todo");

        var perRule = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var totals = new Tally();
        var warnings = new Tally(); // what fails or annotates a build: notes (unknown reach in a whole app) left out
        int unjudgedTotal = 0;
        foreach (var app in apps)
        {
            string findingsPath = Path.Combine(findingsDir, app.Name + ".findings.tsv");
            if (!File.Exists(findingsPath)) throw new FileNotFoundException($"{findingsPath}: no findings for {app.Name}; run the set first (README)");
            var findings = FindingsTable.Read(findingsPath);
            string judgedPath = Path.Combine(judgedDir, app.Name + ".tsv");
            var judged = JudgedList.Read(judgedPath);
            var match = Match(findings, judged);
            var sample = Sampling.Draw(findings, app.SampleSize);

            var appTally = new Tally();
            var appRules = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
            var unjudged = new List<FindingRow>();
            foreach (var row in sample)
            {
                var j = match.Judged.GetValueOrDefault(row.Key);
                if (j is not { IsJudged: true }) { unjudged.Add(row); continue; }
                foreach (var t in new[] { appTally, totals, Get(perRule, row.Rule), Get(appRules, row.Rule) }) t.Add(j);
                if (row.Level == "warning") warnings.Add(j);
            }
            foreach (var g in findings.GroupBy(f => f.Rule))
            {
                Get(perRule, g.Key).Reported += g.Count();
                Get(appRules, g.Key).Reported += g.Count();
            }
            appTally.Reported = findings.Count;
            totals.Reported += findings.Count;
            warnings.Reported += findings.Count(f => f.Level == "warning");
            unjudgedTotal += unjudged.Count;

            Console.WriteLine($"== {app.Name} ({app.Repo} @ {app.Commit[..12]}): {findings.Count} findings, sample {sample.Count}, " +
                $"judged {appTally.Judged}, true {appTally.True}, precision {appTally.Precision}, estimated over all findings {Estimate(appRules.Values)}");
            var sampled = sample.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            var outside = match.Judged.Where(p => !sampled.Contains(p.Key) && p.Value.IsJudged).Select(p => p.Value).ToList();
            if (outside.Count > 0)
                Console.WriteLine($"   also judged, outside the sample (not counted): {outside.Count}, true {outside.Count(j => j.Verdict == "true")}");
            foreach (var (rule, t) in appRules) Console.WriteLine(
                $"   {rule,-7} reported {t.Reported,4}  judged {t.Judged,3}  true {t.True,3}  precision {t.Precision}");
            foreach (var (row, how) in match.Loose) Console.WriteLine($"   matched loosely (anchor changed): {row.Rule} {row.File}:{row.Line} {how}");
            foreach (var j in match.Gone.Where(j => j.IsJudged))
                Console.WriteLine($"   {(j.Verdict == "true" ? "LOST true finding" : "gone (was false)")}: {j.Rule} {j.Location} {j.Member}");
            foreach (var row in unjudged) Console.WriteLine($"   unjudged: {row.Rule} {row.File}:{row.Line} {row.Key}");
            if (todo) JudgedList.AppendTodo(judgedPath, unjudged.Where(r => !match.Judged.ContainsKey(r.Key)));
        }

        Console.WriteLine($"== per rule ({string.Join(", ", apps.Select(a => a.Name))})");
        foreach (var (rule, t) in perRule)
            Console.WriteLine($"   {rule,-7} reported {t.Reported,4}  judged {t.Judged,3}  true {t.True,3}  precision {t.Precision}  " +
                string.Join(" ", t.FalseBy.OrderByDescending(p => p.Value).Select(p => $"{p.Key}:{p.Value}")));
        Console.WriteLine($"== false findings by cause: {string.Join(", ", totals.FalseBy.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))}");
        Console.WriteLine($"== total: reported {totals.Reported}, judged {totals.Judged}, true {totals.True}, precision {totals.Precision}" +
            (unjudgedTotal > 0 ? $"; {unjudgedTotal} sampled findings unjudged: NOT a final figure (judge them: README)" : ""));
        Console.WriteLine($"== warnings (notes and rules off by default left out): reported {warnings.Reported}, judged {warnings.Judged}, true {warnings.True}, " +
            $"precision {warnings.Precision}");
        return 0;
    }

    /// <summary>Exact keys first; then, per rule, file and member, one judged entry left and one finding left match loosely.</summary>
    private static (Dictionary<string, Judgement> Judged, List<(FindingRow, string)> Loose, List<Judgement> Gone) Match(
        List<FindingRow> findings, List<Judgement> judged)
    {
        var byKey = judged.ToDictionary(j => j.Key, StringComparer.Ordinal);
        var result = new Dictionary<string, Judgement>(StringComparer.Ordinal);
        var loose = new List<(FindingRow, string)>();
        var unmatched = new List<FindingRow>();
        foreach (var f in findings)
            if (byKey.Remove(f.Key, out var j)) result[f.Key] = j; else unmatched.Add(f);
        var leftByPlace = byKey.Values.GroupBy(j => (j.Rule, j.File, j.Member)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var g in unmatched.GroupBy(f => (f.Rule, f.File, f.Member)))
        {
            if (g.Count() != 1 || !leftByPlace.TryGetValue(g.Key, out var left) || left.Count != 1) continue;
            result[g.Single().Key] = left[0];
            loose.Add((g.Single(), $"was {left[0].Key}"));
            byKey.Remove(left[0].Key);
        }
        return (result, loose, byKey.Values.OrderBy(j => j.Key, StringComparer.Ordinal).ToList());
    }

    private static string Estimate(IEnumerable<Tally> rules)
    {
        var judgedRules = rules.Where(t => t.Judged > 0).ToList();
        int weight = judgedRules.Sum(t => t.Reported);
        return weight == 0 ? "-" : $"{100.0 * judgedRules.Sum(t => t.Reported * (double)t.True / t.Judged) / weight:F0} %";
    }

    private static Tally Get(IDictionary<string, Tally> map, string rule) => map.TryGetValue(rule, out var t) ? t : map[rule] = new Tally();

    private sealed class Tally
    {
        public int Reported, Judged, True;
        public Dictionary<string, int> FalseBy { get; } = new(StringComparer.Ordinal);
        public string Precision => Judged == 0 ? "-" : $"{True}/{Judged} = {100.0 * True / Judged:F0} %";

        public void Add(Judgement j)
        {
            Judged++;
            if (j.Verdict == "true") True++;
            else FalseBy[j.Category] = FalseBy.GetValueOrDefault(j.Category) + 1;
        }
    }
}

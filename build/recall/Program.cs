using System.Diagnostics;
using Microsoft.CodeAnalysis;

// Recall harness (issue 14). Usage (from the repository root; README.md has the full list):
//   dotnet run --project build/recall -c Release --no-build -- [--only id,id] [--repo owner/name] [--out prefix] [--suggest]
try
{
    var options = RecallOptions.Parse(args);
    var pairs = Manifest.ReadPairs(options.PairsPath)
        .Where(p => options.Only.Count == 0 || options.Only.Contains(p.Id))
        .Where(p => options.Repo is null || p.Repo == options.Repo)
        .ToList();
    if (pairs.Count == 0) throw new ManifestException("no pair selected (check --only/--repo)");
    var mirror = new Mirror(options.Mirrors, options.Cache);
    if (options.Suggest)
    {
        SuggestSites(options, pairs, mirror);
        return 0;
    }

    var scopes = Manifest.ReadScopes(options.ReposPath);
    var results = new List<PairResult>();
    foreach (var group in pairs.GroupBy(p => (p.Repo, p.BadCommit, p.FixedCommit)))
    {
        var watch = Stopwatch.StartNew();
        var scope = scopes.GetValueOrDefault(group.Key.Repo)
            ?? throw new ManifestException($"{options.ReposPath}: no row for {group.Key.Repo}");
        var badTrees = VersionAnalysis.Parse(mirror.Materialize(scope, group.Key.BadCommit), scope);
        var fixedTrees = new Dictionary<string, SyntaxTree>(badTrees, StringComparer.Ordinal);
        foreach (var change in mirror.ChangedFiles(group.Key.Repo, group.Key.BadCommit, group.Key.FixedCommit))
        {
            if (change.Status != 'A') fixedTrees.Remove(change.OldPath);
            if (change.Status != 'D' && scope.Includes(change.NewPath))
                fixedTrees[change.NewPath] = TrialCompilation.Parse(mirror.ReadFile(group.Key.Repo, group.Key.FixedCommit, change.NewPath),
                    Path.Combine(options.Cache, scope.Repo.Replace('/', '+'), group.Key.FixedCommit, change.NewPath));
        }
        var bad = VersionAnalysis.Of(badTrees);
        var good = VersionAnalysis.Of(fixedTrees);
        foreach (var pair in group)
            results.Add(await Judge(pair, bad, good));
        Console.Error.WriteLine($"{group.Key.Repo} {group.Key.FixedCommit[..10]}: {string.Join(", ", group.Select(p => p.Id))} "
            + $"({bad.FileCount} files, {watch.Elapsed.TotalSeconds:F0} s)");
    }

    results = results.OrderBy(r => r.Pair.ManifestLine).ToList();
    var whyMissed = File.Exists(options.WhyMissedPath)
        ? File.ReadAllLines(options.WhyMissedPath).Skip(1).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2)).ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "", StringComparer.Ordinal)
        : new Dictionary<string, string>();
    string markdown = Report.Markdown(results, whyMissed, "dotnet run --project build/recall -c Release --no-build -- " + string.Join(' ', args));
    Console.Write(markdown);
    if (options.Out is not null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
        File.WriteAllText(options.Out + ".md", markdown);
        File.WriteAllText(options.Out + ".tsv", Report.Tsv(results));
        File.WriteAllText(options.Out + ".findings.txt", Report.Findings(results));
    }
    return 0;
}
catch (ManifestException e)
{
    Console.Error.WriteLine($"recall: {e.Message}");
    return 2;
}

static async Task<PairResult> Judge(FixPair pair, VersionAnalysis bad, VersionAnalysis good)
{
    var problems = new List<string>();
    var badVerdict = await bad.AnalyzeAsync(pair.BadFile, CancellationToken.None);
    var fixedVerdict = await good.AnalyzeAsync(pair.FixedFile, CancellationToken.None);
    if (badVerdict is null) problems.Add($"{pair.BadFile} is not in the compiled scope of the bad version");
    if (fixedVerdict is null) problems.Add($"{pair.FixedFile} is not in the compiled scope of the fixed version");
    if (!pair.BadLines.IsKnown || !pair.FixedLines.IsKnown) problems.Add("site lines unknown: run --suggest");
    if (badVerdict is not null && pair.BadLines.IsKnown && Sites.CheckSite(badVerdict.Tree, pair.BadMember, pair.BadLines) is { } badProblem)
        problems.Add("bad: " + badProblem);
    if (fixedVerdict is not null && pair.FixedLines.IsKnown && Sites.CheckSite(fixedVerdict.Tree, pair.FixedMember, pair.FixedLines) is { } fixedProblem)
        problems.Add("fixed: " + fixedProblem);
    var badSite = badVerdict?.Findings.Where(f => pair.BadLines.Contains(f.Line)).ToList() ?? new List<Finding>();
    var fixedSite = fixedVerdict?.Findings.Where(f => pair.FixedLines.Contains(f.Line)).ToList() ?? new List<Finding>();
    foreach (var crash in (badVerdict?.Findings ?? []).Concat(fixedVerdict?.Findings ?? []).Where(f => f.Id == "AD0001").Distinct())
        problems.Add($"analyzer exception: {crash.Message}");
    var siteErrors = badVerdict?.Errors.Where(e => pair.BadLines.Contains(e.Line)).ToList() ?? new List<Finding>();
    return new PairResult(pair, badSite, fixedSite, badVerdict?.Errors.Count ?? 0, siteErrors.Count,
        siteErrors.Count > 0 ? $"{siteErrors[0].Id} line {siteErrors[0].Line}: {siteErrors[0].Message}" : null, problems);
}

// Proposes fix sites from each pair's diff (the statements its changed lines fall in, within the named member) and
// writes them into the manifest where it says '?'; prints the proposal for every selected pair, to review by hand.
static void SuggestSites(RecallOptions options, List<FixPair> pairs, Mirror mirror)
{
    var filled = new Dictionary<string, FixPair>(StringComparer.Ordinal);
    foreach (var pair in pairs)
    {
        var badTree = TrialCompilation.Parse(mirror.ReadFile(pair.Repo, pair.BadCommit, pair.BadFile), pair.BadFile);
        var fixedTree = TrialCompilation.Parse(mirror.ReadFile(pair.Repo, pair.FixedCommit, pair.FixedFile), pair.FixedFile);
        var hunks = mirror.Hunks(pair.Repo, pair.BadCommit, pair.FixedCommit, pair.BadFile, pair.FixedFile);
        // A pure insertion (count 0) sits after its start line: the lines on both sides of it are the site.
        var oldLines = hunks.SelectMany(h => h.OldCount == 0 ? new[] { h.OldStart, h.OldStart + 1 } : Enumerable.Range(h.OldStart, h.OldCount));
        var newLines = hunks.SelectMany(h => h.NewCount == 0 ? new[] { h.NewStart, h.NewStart + 1 } : Enumerable.Range(h.NewStart, h.NewCount));
        if (pair.BadMember == "?")
        {
            var touched = oldLines.Select(l => Sites.MemberAt(badTree, l)).OfType<string>().Distinct();
            Console.WriteLine($"{pair.Id}\tmembers the diff touches (bad version): {string.Join(", ", touched)}");
            continue;
        }
        var badSite = Sites.Suggest(badTree, pair.BadMember, oldLines);
        var fixedSite = Sites.Suggest(fixedTree, pair.FixedMember, newLines);
        Console.WriteLine($"{pair.Id}\tbad {badSite} (manifest {pair.BadLines})\tfixed {fixedSite} (manifest {pair.FixedLines})"
            + (badSite.IsKnown && fixedSite.IsKnown ? "" : "\tno changed line inside the named member"));
        if ((!pair.BadLines.IsKnown && badSite.IsKnown) || (!pair.FixedLines.IsKnown && fixedSite.IsKnown))
            filled[pair.Id] = pair with
            {
                BadLines = pair.BadLines.IsKnown ? pair.BadLines : badSite,
                FixedLines = pair.FixedLines.IsKnown ? pair.FixedLines : fixedSite,
            };
    }
    if (filled.Count > 0) Manifest.WritePairs(options.PairsPath, filled);
    Console.WriteLine($"filled {filled.Count} site(s) in {options.PairsPath}");
}

sealed record RecallOptions(
    string PairsPath, string ReposPath, string WhyMissedPath, string Mirrors, string Cache,
    IReadOnlySet<string> Only, string? Repo, string? Out, bool Suggest)
{
    public static RecallOptions Parse(string[] args)
    {
        var o = new RecallOptions("build/recall/pairs.tsv", "build/recall/repos.tsv", "build/recall/why-missed.tsv",
            Environment.GetEnvironmentVariable("PG_RECALL_MIRRORS") ?? "/work/.mirror",
            Environment.GetEnvironmentVariable("PG_RECALL_CACHE") ?? Path.Combine(Path.GetTempPath(), "perfgate-recall"),
            new HashSet<string>(), null, null, false);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ManifestException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--pairs" => o with { PairsPath = Value() },
                "--repos" => o with { ReposPath = Value() },
                "--why-missed" => o with { WhyMissedPath = Value() },
                "--mirrors" => o with { Mirrors = Value() },
                "--cache" => o with { Cache = Value() },
                "--only" => o with { Only = Value().Split(',').ToHashSet(StringComparer.Ordinal) },
                "--repo" => o with { Repo = Value() },
                "--out" => o with { Out = Value() },
                "--suggest" => o with { Suggest = true },
                _ => throw new ManifestException(
                    $"unknown argument '{args[i]}' (expected --pairs, --repos, --why-missed, --mirrors, --cache, --only, --repo, --out, --suggest)"),
            };
        }
        return o;
    }
}

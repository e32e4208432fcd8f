using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;

namespace PerfGate.Core.Sarif;

/// <summary>
/// Writes PerfGate's SARIF 2.1.0: one run, rule metadata for every rule with a result, repo-relative
/// URIs under <c>SRCROOT</c>, and line-shift-stable <c>partialFingerprints</c>. The same report always
/// produces the same bytes (sorted results and rules, LF line endings, no timestamps).
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SarifVersion = "2.1.0";
    public const string SourceRootId = "SRCROOT";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>
    /// Writes the log, kept within code scanning's limits (<see cref="SarifLimits"/>; GitHub's by default): a log that fits
    /// is written as is; one with too many results keeps its most severe (ties in the log's order) and says so in the run.
    /// The results are chosen before any is written and the log streams to <paramref name="output"/>, so memory follows the
    /// results kept (at most <see cref="SarifLimitSettings.MaxResultsPerRun"/>), not the findings: a million findings write a
    /// 25,000-result log without a million-result document in memory.
    /// </summary>
    public static void Write(SarifReport report, Stream output, SarifLimitSettings? limits = null)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        limits ??= SarifLimitSettings.GitHub;
        string root = SarifUris.NormalizeFolder(report.RepositoryRoot);
        List<PreparedResult> results = PrepareResults(report.Findings, root, limits, out CutCounts cut);
        var notes = new List<string>();
        if (cut.ResultsBefore > results.Count) notes.Add(SarifLimits.TruncationNote(cut.ResultsBefore, results.Count, limits));
        if (cut.Locations > 0) notes.Add(SarifLimits.LocationsNote(cut.Locations, limits));

        long compressed = SarifLimits.GzipSize(stream => WriteLog(report, root, results, stream, notes, cut.ResultsBefore, limits));
        if (compressed <= limits.MaxGzipBytes)
        {
            WriteLog(report, root, results, output, notes, cut.ResultsBefore, limits);
            return;
        }

        // Rare: the kept results are still too large compressed. The node model cuts further; it holds only the results kept.
        using var buffer = new MemoryStream();
        WriteLog(report, root, results, buffer, Array.Empty<string>(), results.Count, limits);
        var log = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(buffer.ToArray())!;
        SarifLimits.Enforce(log, limits, cut.ResultsBefore, cut.Locations > 0 ? new[] { SarifLimits.LocationsNote(cut.Locations, limits) } : null);
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(SarifLimits.Render(log));
        output.Write(bytes, 0, bytes.Length);
    }

    private static void WriteLog(SarifReport report, string root, List<PreparedResult> results, Stream output, IReadOnlyList<string> notes,
        int resultsBefore, SarifLimitSettings limits)
    {
        var rules = results
            .Select(result => result.Finding.RuleId)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(id => id, StringComparer.Ordinal)
            .Select(id => SarifRule.Resolve(id, report.ForeignRules, report.HelpUriBase))
            .ToList();
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Count; i++)
        {
            ruleIndex[rules[i].Id] = i;
        }

        using (var json = new Utf8JsonWriter(output, Options))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", SarifVersion);
            json.WriteStartArray("runs");
            json.WriteStartObject();

            WriteTool(json, report.ToolVersion, string.IsNullOrWhiteSpace(report.HelpUriBase) ? RuleCatalog.InformationUri
                : report.HelpUriBase.TrimEnd('/'), rules);
            if (!string.IsNullOrEmpty(report.AutomationId))
            {
                json.WriteStartObject("automationDetails");
                json.WriteString("id", report.AutomationId);
                json.WriteEndObject();
            }

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRootId);
            json.WriteString("uri", SarifUris.ToFileUri(root, isFolder: true));
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var result in results)
            {
                WriteResult(json, result, ruleIndex[result.Finding.RuleId]);
            }

            json.WriteEndArray();
            json.WriteString("columnKind", "utf16CodeUnits");
            if (notes.Count > 0) WriteCut(json, notes, resultsBefore, results.Count, limits);

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>What the writer left out, recorded as <see cref="SarifLimits.Enforce"/> records it: run properties and notifications.</summary>
    private static void WriteCut(Utf8JsonWriter json, IReadOnlyList<string> notes, int resultsBefore, int resultsKept, SarifLimitSettings limits)
    {
        if (resultsKept < resultsBefore)
        {
            json.WriteStartObject("properties");
            json.WriteStartObject(SarifLimits.TruncatedProperty);
            json.WriteNumber("resultsBefore", resultsBefore);
            json.WriteNumber("resultsKept", resultsKept);
            json.WriteNumber("maxResultsPerRun", limits.MaxResultsPerRun);
            json.WriteNumber("maxGzipBytes", limits.MaxGzipBytes);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (string note in notes)
        {
            json.WriteStartObject();
            json.WriteString("level", "warning");
            json.WriteStartObject("message");
            json.WriteString("text", note);
            json.WriteEndObject();
            json.WriteStartObject("descriptor");
            json.WriteString("id", SarifLimits.TruncatedNotification);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and moves it into place, so readers never see half a log.</summary>
    public static void WriteFile(SarifReport report, string path) => AtomicFile.Write(path, stream => Write(report, stream));

    private static void WriteTool(Utf8JsonWriter json, string toolVersion, string? informationUri, IReadOnlyList<SarifRule> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", RuleCatalog.ToolName);
        json.WriteString("semanticVersion", toolVersion);
        if (informationUri != null) json.WriteString("informationUri", informationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, SarifRule rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        WriteIfPresent(json, "name", rule.Name);
        WriteMessage(json, "shortDescription", rule.ShortDescription);
        WriteMessage(json, "fullDescription", rule.FullDescription);
        if (rule.HelpText is not null || rule.HelpMarkdown is not null)
        {
            json.WriteStartObject("help");
            // SARIF requires text whenever markdown is given.
            json.WriteString("text", rule.HelpText ?? rule.HelpMarkdown);
            WriteIfPresent(json, "markdown", rule.HelpMarkdown);
            json.WriteEndObject();
        }

        WriteIfPresent(json, "helpUri", rule.HelpUri);
        if (rule.DefaultLevel is not null)
        {
            json.WriteStartObject("defaultConfiguration");
            if (rule.DefaultLevel == "none")
            {
                json.WriteBoolean("enabled", false);
            }

            json.WriteString("level", rule.DefaultLevel);
            json.WriteEndObject();
        }

        if (rule.Category is not null || rule.Precision is not null || rule.Tags.Count > 0)
        {
            json.WriteStartObject("properties");
            WriteIfPresent(json, "category", rule.Category);
            WriteIfPresent(json, "precision", rule.Precision);
            if (rule.Tags.Count > 0)
            {
                json.WriteStartArray("tags");
                foreach (string tag in rule.Tags)
                {
                    json.WriteStringValue(tag);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, PreparedResult result, int ruleIndex)
    {
        var finding = result.Finding;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", SarifLevels.ToSarif(finding.Level));
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message);
        json.WriteEndObject();

        if (result.Uri is not null)
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", result.Uri);
            if (result.IsRelative)
            {
                json.WriteString("uriBaseId", SourceRootId);
            }

            json.WriteEndObject();
            WriteRegion(json, finding.Region);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        else
        {
            // Code scanning requires a location on every result (GitHub rules GH1015/GH1017): a finding about
            // no file (an unreadable input outside the sources) points at the repository root.
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", "./");
            json.WriteString("uriBaseId", SourceRootId);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        if (result.Related is { Count: > 0 } related)
        {
            // The evidence behind the result (PG1002's call chain, PG1011's first execution), in order.
            json.WriteStartArray("relatedLocations");
            for (int i = 0; i < related.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", i + 1);
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", related[i].Uri);
                if (related[i].IsRelative)
                {
                    json.WriteString("uriBaseId", SourceRootId);
                }

                json.WriteEndObject();
                WriteRegion(json, related[i].Region);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartObject("partialFingerprints");
        json.WriteString(SarifFingerprint.Key, result.Fingerprint);
        // GitHub's own fingerprint, computed as its upload does, so code scanning keeps alerts across line shifts.
        WriteIfPresent(json, Baseline.LineHash.Key, result.LineHash);
        json.WriteEndObject();
        WriteIfPresent(json, "baselineState", finding.BaselineState);
        if (finding.ConfirmedAtRuntime is not null)
        {
            json.WriteStartObject("properties");
            json.WriteString("perfgate/confirmedAtRuntime", finding.ConfirmedAtRuntime);
            json.WriteString("perfgate/precision", "confirmed");
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Writes the parts of the region SARIF accepts (1-based, end not before start); nothing without a start line.</summary>
    private static void WriteRegion(Utf8JsonWriter json, SourceRegion? sourceRegion)
    {
        if (sourceRegion is not { StartLine: >= 1 } region)
        {
            return;
        }

        json.WriteStartObject("region");
        json.WriteNumber("startLine", region.StartLine);
        bool hasStartColumn = region.StartColumn >= 1;
        if (hasStartColumn)
        {
            json.WriteNumber("startColumn", region.StartColumn);
        }

        bool hasEndLine = region.EndLine >= region.StartLine;
        if (hasEndLine)
        {
            json.WriteNumber("endLine", region.EndLine);
        }

        int endLine = hasEndLine ? region.EndLine : region.StartLine;
        int startColumn = hasStartColumn ? region.StartColumn : 1;
        if (region.EndColumn >= 1 && (endLine > region.StartLine || region.EndColumn >= startColumn))
        {
            json.WriteNumber("endColumn", region.EndColumn);
        }

        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string? text)
    {
        if (text is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>How much the writer cut to stay within the limits.</summary>
    private readonly record struct CutCounts(int ResultsBefore, int Locations);

    /// <summary>
    /// Sorts the findings, keeps the <see cref="SarifLimitSettings.MaxResultsPerRun"/> most severe (ties in sorted order),
    /// cuts related locations to <see cref="SarifLimitSettings.MaxLocationsPerResult"/>, and computes URIs and fingerprints
    /// of what is kept. Fingerprint ordinals count every result, kept or not, so a cut never changes a kept fingerprint.
    /// </summary>
    private static List<PreparedResult> PrepareResults(IReadOnlyList<Finding> findings, string root, SarifLimitSettings limits, out CutCounts cut)
    {
        var located = new List<(Finding Finding, string? FullPath, string SortPath, string? Uri, bool IsRelative)>(findings.Count);
        // One URI per distinct path: a million findings usually sit in a few thousand files.
        var uris = new Dictionary<string, (string FullPath, string Uri, bool IsRelative)>(StringComparer.Ordinal);
        (string FullPath, string Uri, bool IsRelative) UriOf(string path)
        {
            if (uris.TryGetValue(path, out var known)) return known;
            string fullPath = Path.GetFullPath(path, root);
            string? relative = SarifUris.TryMakeRelative(root, fullPath);
            return uris[path] = (fullPath, relative ?? SarifUris.ToFileUri(fullPath, isFolder: false), relative is not null);
        }

        foreach (var finding in findings)
        {
            if (finding.FilePath is null)
            {
                located.Add((finding, null, string.Empty, null, false));
                continue;
            }

            var (fullPath, uri, isRelative) = UriOf(finding.FilePath);
            located.Add((finding, fullPath, uri, uri, isRelative));
        }

        var sorted = located
            .OrderBy(x => x.SortPath, StringComparer.Ordinal)
            .ThenBy(x => x.Finding.Region?.StartLine ?? 0)
            .ThenBy(x => x.Finding.Region?.StartColumn ?? 0)
            .ThenBy(x => x.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(x => x.Finding.Message, StringComparer.Ordinal)
            .ThenBy(x => x.Finding.Region?.EndLine ?? 0)
            .ThenBy(x => x.Finding.Region?.EndColumn ?? 0)
            .ThenBy(x => x.Finding.Level)
            .ToList();
        located.Clear();
        bool[] keep = MostSevere(sorted.Select(x => x.Finding.Level).ToList(), limits.MaxResultsPerRun);

        var lines = new SourceLineReader(root);
        var lineHashes = new Baseline.LineHashCache(root);
        // Ordinals count per (rule, text) within one file; results are sorted by file, so one file's keys are held at a time.
        var ordinals = new Dictionary<(string Rule, string Text), int>();
        string? ordinalsFile = null;
        var prepared = new List<PreparedResult>(Math.Min(sorted.Count, limits.MaxResultsPerRun));
        int cutLocations = 0;
        for (int i = 0; i < sorted.Count; i++)
        {
            var item = sorted[i];
            if (!string.Equals(ordinalsFile, item.SortPath, StringComparison.Ordinal))
            {
                ordinals.Clear();
                ordinalsFile = item.SortPath;
            }

            string? lineText = item.FullPath is not null && item.Finding.Region is { } region
                ? lines.GetLine(item.FullPath, region.StartLine)
                : null;
            string text = SarifFingerprint.Normalize(lineText ?? item.Finding.Message);
            var key = (item.Finding.RuleId, text);
            ordinals.TryGetValue(key, out int ordinal);
            ordinals[key] = ordinal + 1;
            if (!keep[i]) continue;

            string fingerprint = SarifFingerprint.Compute(item.Finding.RuleId, item.SortPath, text, ordinal);
            string? lineHash = item.FullPath is not null && item.Finding.Region is { StartLine: >= 1 } hashed
                ? lineHashes.Get(item.FullPath, hashed.StartLine)
                : null;
            List<(string Uri, bool IsRelative, SourceRegion? Region)>? related = null;
            if (item.Finding.Related is { Count: > 0 } relatedLocations)
            {
                related = new List<(string Uri, bool IsRelative, SourceRegion? Region)>(Math.Min(relatedLocations.Count, limits.MaxLocationsPerResult));
                foreach (var location in relatedLocations.Take(limits.MaxLocationsPerResult))
                {
                    var (_, relatedUri, relatedIsRelative) = UriOf(location.FilePath);
                    related.Add((relatedUri, relatedIsRelative, location.Region));
                }

                cutLocations += relatedLocations.Count - related.Count;
            }

            prepared.Add(new PreparedResult(item.Finding, item.Uri, item.IsRelative, fingerprint, lineHash, related));
        }

        cut = new CutCounts(sorted.Count, cutLocations);
        return prepared;
    }

    /// <summary>Which results to keep: the <paramref name="max"/> most severe, ties broken by their order.</summary>
    private static bool[] MostSevere(List<RuleLevel> levels, int max)
    {
        var keep = new bool[levels.Count];
        int left = max;
        foreach (RuleLevel level in levels.Distinct().OrderByDescending(SeverityRank))
        {
            for (int i = 0; i < levels.Count && left > 0; i++)
            {
                if (levels[i] != level) continue;
                keep[i] = true;
                left--;
            }
        }

        return keep;
    }

    // The rank SarifLimits cuts by: error, warning, note, none (SARIF's levels).
    private static int SeverityRank(RuleLevel level) => SarifLevels.ToSarif(level) switch
    {
        "error" => 3,
        "warning" => 2,
        "note" => 1,
        _ => 0,
    };

    private sealed record PreparedResult(Finding Finding, string? Uri, bool IsRelative, string Fingerprint, string? LineHash,
        List<(string Uri, bool IsRelative, SourceRegion? Region)>? Related = null);
}

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
    /// Writes the log, kept within code scanning's limits (<see cref="SarifLimits"/>; GitHub's by default):
    /// a log that fits is written as is, one that does not keeps its most severe results and says so in the run.
    /// </summary>
    public static void Write(SarifReport report, Stream output, SarifLimitSettings? limits = null)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        limits ??= SarifLimitSettings.GitHub;
        using var buffer = new MemoryStream();
        WriteUnlimited(report, buffer);
        bool mayExceed = report.Findings.Count > limits.MaxResultsPerRun
            || buffer.Length > limits.MaxGzipBytes
            || report.Findings.Any(f => (f.Related?.Count ?? 0) > limits.MaxLocationsPerResult);
        if (mayExceed)
        {
            var log = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(buffer.ToArray())!;
            if (!SarifLimits.Fits(log, limits))
            {
                SarifLimits.Enforce(log, limits);
                byte[] cut = System.Text.Encoding.UTF8.GetBytes(SarifLimits.Render(log));
                output.Write(cut, 0, cut.Length);
                return;
            }
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void WriteUnlimited(SarifReport report, Stream output)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        string root = SarifUris.NormalizeFolder(report.RepositoryRoot);
        var results = PrepareResults(report.Findings, root);
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

            WriteTool(json, report.ToolVersion, string.IsNullOrWhiteSpace(report.HelpUriBase) ? RuleCatalog.InformationUri : report.HelpUriBase.TrimEnd('/'), rules);
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

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and moves it into place, so readers never see half a log.</summary>
    public static void WriteFile(SarifReport report, string path)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(report, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

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

    /// <summary>Sorts the findings and computes their URIs and fingerprints.</summary>
    private static List<PreparedResult> PrepareResults(IReadOnlyList<Finding> findings, string root)
    {
        var located = new List<(Finding Finding, string? FullPath, string SortPath, string? Uri, bool IsRelative)>(findings.Count);
        var relatedUris = new Dictionary<Finding, List<(string Uri, bool IsRelative, SourceRegion? Region)>>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            if (finding.Related is not { Count: > 0 } related) continue;
            var list = new List<(string Uri, bool IsRelative, SourceRegion? Region)>(related.Count);
            foreach (var location in related)
            {
                string relatedPath = Path.GetFullPath(location.FilePath, root);
                string? relatedRelative = SarifUris.TryMakeRelative(root, relatedPath);
                list.Add((relatedRelative ?? SarifUris.ToFileUri(relatedPath, isFolder: false), relatedRelative is not null, location.Region));
            }

            relatedUris[finding] = list;
        }

        foreach (var finding in findings)
        {
            if (finding.FilePath is null)
            {
                located.Add((finding, null, string.Empty, null, false));
                continue;
            }

            string fullPath = Path.GetFullPath(finding.FilePath, root);
            string? relative = SarifUris.TryMakeRelative(root, fullPath);
            string uri = relative ?? SarifUris.ToFileUri(fullPath, isFolder: false);
            located.Add((finding, fullPath, uri, uri, relative is not null));
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

        var lines = new SourceLineReader();
        var lineHashes = new Baseline.LineHashCache();
        var ordinals = new Dictionary<(string Rule, string Uri, string Text), int>();
        var prepared = new List<PreparedResult>(sorted.Count);
        foreach (var item in sorted)
        {
            string? lineText = item.FullPath is not null && item.Finding.Region is { } region
                ? lines.GetLine(item.FullPath, region.StartLine)
                : null;
            string text = SarifFingerprint.Normalize(lineText ?? item.Finding.Message);
            var key = (item.Finding.RuleId, item.SortPath, text);
            ordinals.TryGetValue(key, out int ordinal);
            ordinals[key] = ordinal + 1;

            string fingerprint = SarifFingerprint.Compute(item.Finding.RuleId, item.SortPath, text, ordinal);
            string? lineHash = item.FullPath is not null && item.Finding.Region is { StartLine: >= 1 } hashed
                ? lineHashes.Get(item.FullPath, hashed.StartLine)
                : null;
            relatedUris.TryGetValue(item.Finding, out var relatedOfItem);
            prepared.Add(new PreparedResult(item.Finding, item.Uri, item.IsRelative, fingerprint, lineHash, relatedOfItem));
        }

        return prepared;
    }

    private sealed record PreparedResult(Finding Finding, string? Uri, bool IsRelative, string Fingerprint, string? LineHash,
        List<(string Uri, bool IsRelative, SourceRegion? Region)>? Related = null);
}

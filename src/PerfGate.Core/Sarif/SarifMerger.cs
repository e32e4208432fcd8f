using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Sarif;

/// <summary>
/// Merges SARIF 2.1.0 logs (per-project logs of one build, or several tools) into one log with one
/// run per tool and category (<c>automationDetails.id</c>): GitHub rejects an upload with several
/// runs of the same tool and category. Results are de-duplicated (same rule, location, message and
/// fingerprints); rules are unioned by id and <c>ruleIndex</c> rewritten. Output is sorted and stable.
/// </summary>
public static class SarifMerger
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>Reads and parses a log; problems become <see cref="EvidenceException"/> with line and column.</summary>
    public static JsonObject ReadLog(string path)
    {
        string fullPath = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = IO.RegularFile.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvidenceException(fullPath, 0, 0, "cannot read the SARIF log: " + e.Message, e);
        }
        if (Json.Utf8Validation.FirstInvalid(bytes) is var (badLine, badColumn))
            throw new EvidenceException(fullPath, badLine, badColumn, "the SARIF log is not valid UTF-8 (SARIF is UTF-8 JSON)");
        JsonNode? node;
        try
        {
            // A repeated property would surface later, without a position, as an ArgumentException of the node model.
            node = JsonNode.Parse(
                bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new EvidenceException(fullPath, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                "the SARIF log is not valid JSON: " + Errors.Echo.Cap(e.Message.Split(" Path:")[0]), e);
        }
        if (node is not JsonObject log || log["version"]?.GetValueKind() != JsonValueKind.String
            || log["version"]!.GetValue<string>() != SarifWriter.SarifVersion)
            throw new EvidenceException(fullPath, 1, 1, "expected a SARIF log object with \"version\": \"2.1.0\"");
        if (log["runs"] is not JsonArray)
            throw new EvidenceException(fullPath, 1, 1, "expected a 'runs' array");
        return log;
    }

    public static JsonObject Merge(IEnumerable<string> paths) => MergeLogs(paths.Select(p => (ReadLog(p), Path.GetFullPath(p))).ToList());

    public static JsonObject MergeLogs(IReadOnlyList<(JsonObject Log, string Path)> logs)
    {
        var groups = new SortedDictionary<(string Tool, string Category), MergedRun>();
        foreach (var (log, path) in logs)
        {
            foreach (JsonNode? runNode in (JsonArray)log["runs"]!)
            {
                if (runNode is not JsonObject run) throw new EvidenceException(path, 1, 1, "expected every run to be an object");
                string tool = run["tool"]?["driver"]?["name"]?.GetValueKind() == JsonValueKind.String
                    ? run["tool"]!["driver"]!["name"]!.GetValue<string>()
                    : throw new EvidenceException(path, 1, 1, "expected every run to have tool.driver.name");
                string category = run["automationDetails"]?["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : "";
                if (!groups.TryGetValue((tool, category), out var merged)) groups[(tool, category)] = merged = new MergedRun(run);
                merged.Add(run);
            }
        }
        var runs = new JsonArray();
        foreach (var merged in groups.Values) runs.Add(merged.Build());
        return new JsonObject
        {
            ["$schema"] = SarifWriter.SchemaUri,
            ["version"] = SarifWriter.SarifVersion,
            ["runs"] = runs,
        };
    }

    public static string Render(JsonObject log) => log.ToJsonString(WriteOptions) + "\n";

    private sealed class MergedRun
    {
        private readonly JsonObject _template;
        private readonly Dictionary<string, JsonNode> _rules = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonNode> _baseIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonObject> _results = new(StringComparer.Ordinal);

        public MergedRun(JsonObject first) => _template = first;

        public void Add(JsonObject run)
        {
            var ruleIds = new List<string?>();
            foreach (JsonNode? rule in RulesOf(run))
            {
                string? id = rule?["id"]?.GetValueKind() == JsonValueKind.String ? rule["id"]!.GetValue<string>() : null;
                ruleIds.Add(id);
                if (id != null && rule != null) _rules.TryAdd(id, rule.DeepClone());
            }
            var localBases = new Dictionary<string, string>(StringComparer.Ordinal);
            if (run["originalUriBaseIds"] is JsonObject bases)
                foreach (var (name, value) in bases)
                    if (value?["uri"] is JsonValue u && u.GetValueKind() == JsonValueKind.String) localBases[name] = u.GetValue<string>();
            var artifacts = run["artifacts"] as JsonArray;

            if (run["results"] is not JsonArray results) return;
            foreach (JsonNode? node in results)
            {
                if (node is not JsonObject original) continue;
                var result = (JsonObject)original.DeepClone();
                if (result["ruleId"] == null && result["ruleIndex"] is JsonValue ri && ri.TryGetValue(out int index)
                    && index >= 0 && index < ruleIds.Count && ruleIds[index] != null)
                    result["ruleId"] = ruleIds[index];
                result.Remove("ruleIndex");
                NormalizeLocations(result, localBases, artifacts);
                string key = DedupKey(result);
                _results.TryAdd(key, result);
            }
        }

        /// <summary>Inlines artifact references and keeps a base id only when every log agrees on it; otherwise the URI is made absolute.</summary>
        private void NormalizeLocations(JsonObject result, Dictionary<string, string> localBases, JsonArray? artifacts)
        {
            if (result["locations"] is not JsonArray locations) return;
            foreach (JsonNode? location in locations)
            {
                if (location?["physicalLocation"]?["artifactLocation"] is not JsonObject artifact) continue;
                if (artifact["uri"] == null && artifact["index"] is JsonValue ix && ix.TryGetValue(out int ai)
                    && artifacts != null && ai >= 0 && ai < artifacts.Count && artifacts[ai]?["location"] is JsonObject target)
                {
                    foreach (var (name, value) in target) if (name != "index") artifact[name] = value?.DeepClone();
                }
                artifact.Remove("index");
                if (artifact["uriBaseId"] is JsonValue b && b.GetValueKind() == JsonValueKind.String)
                {
                    string baseId = b.GetValue<string>();
                    if (!localBases.TryGetValue(baseId, out string? baseUri)) continue;
                    if (!_baseIds.TryGetValue(baseId, out JsonNode? known))
                    {
                        _baseIds[baseId] = new JsonObject { ["uri"] = baseUri };
                    }
                    else if (known["uri"]!.GetValue<string>() != baseUri
                             && artifact["uri"] is JsonValue rel && Uri.TryCreate(new Uri(baseUri), rel.GetValue<string>(), out Uri? absolute))
                    {
                        artifact["uri"] = absolute.AbsoluteUri;
                        artifact.Remove("uriBaseId");
                    }
                }
            }
        }

        private static string DedupKey(JsonObject result)
        {
            var key = new StringBuilder();
            key.Append(result["ruleId"]?.ToJsonString()).Append('|');
            key.Append(result["message"]?["text"]?.ToJsonString()).Append('|');
            var physical = result["locations"]?[0]?["physicalLocation"];
            key.Append(physical?["artifactLocation"]?["uri"]?.ToJsonString()).Append('|');
            key.Append(physical?["artifactLocation"]?["uriBaseId"]?.ToJsonString()).Append('|');
            key.Append(physical?["region"]?.ToJsonString()).Append('|');
            key.Append(result["level"]?.ToJsonString()).Append('|');
            key.Append(result["suppressions"]?.ToJsonString());
            return key.ToString();
        }

        private static IEnumerable<JsonNode?> RulesOf(JsonObject run) =>
            run["tool"]?["driver"]?["rules"] is JsonArray rules ? rules : Enumerable.Empty<JsonNode?>();

        public JsonObject Build()
        {
            var run = new JsonObject();
            var tool = (JsonObject)_template["tool"]!.DeepClone();
            var ruleIds = _rules.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            var rules = new JsonArray();
            foreach (string id in ruleIds) rules.Add(_rules[id].DeepClone());
            ((JsonObject)tool["driver"]!)["rules"] = rules;
            tool.Remove("extensions");
            run["tool"] = tool;
            if (_template["automationDetails"] is JsonObject details) run["automationDetails"] = details.DeepClone();
            if (_baseIds.Count > 0)
            {
                var bases = new JsonObject();
                foreach (var (name, value) in _baseIds.OrderBy(p => p.Key, StringComparer.Ordinal)) bases[name] = value.DeepClone();
                run["originalUriBaseIds"] = bases;
            }
            var indexOf = ruleIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            var results = new JsonArray();
            foreach (var (_, result) in _results.OrderBy(r => SortKey(r.Value), StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal))
            {
                if (result["ruleId"] is JsonValue rid && rid.GetValueKind() == JsonValueKind.String && indexOf.TryGetValue(rid.GetValue<string>(), out int i))
                    result["ruleIndex"] = i;
                results.Add(result);
            }
            run["results"] = results;
            if (_template["columnKind"] is JsonNode columnKind) run["columnKind"] = columnKind.DeepClone();
            return run;
        }

        private static string SortKey(JsonObject result)
        {
            var physical = result["locations"]?[0]?["physicalLocation"];
            string uri = physical?["artifactLocation"]?["uri"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : "";
            int line = physical?["region"]?["startLine"] is JsonValue l && l.TryGetValue(out int ln) ? ln : 0;
            int column = physical?["region"]?["startColumn"] is JsonValue c && c.TryGetValue(out int cl) ? cl : 0;
            string rule = result["ruleId"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "";
            return $"{uri}\u0001{line:D9}\u0001{column:D9}\u0001{rule}";
        }
    }
}

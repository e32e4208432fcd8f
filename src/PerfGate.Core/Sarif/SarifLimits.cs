using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;

namespace PerfGate.Core.Sarif;

/// <summary>
/// GitHub code scanning's limits on an uploaded SARIF file ("SARIF support for code scanning",
/// "SARIF results exceed limit"): files above them are rejected or silently cut. The defaults are GitHub's.
/// </summary>
public sealed record SarifLimitSettings
{
    /// <summary>Hard limit: a file with more runs is rejected.</summary>
    public int MaxRunsPerFile { get; init; } = 20;

    /// <summary>Hard limit: a run with more results is rejected (GitHub shows the top 5,000 by severity).</summary>
    public int MaxResultsPerRun { get; init; } = 25_000;

    /// <summary>Hard limit: a result with more locations is rejected (GitHub shows 100). Applied to relatedLocations too.</summary>
    public int MaxLocationsPerResult { get; init; } = 1_000;

    /// <summary>Hard limit: thread-flow locations per result.</summary>
    public int MaxThreadFlowLocationsPerResult { get; init; } = 10_000;

    /// <summary>Hard limit: tags per rule (GitHub shows 10).</summary>
    public int MaxTagsPerRule { get; init; } = 20;

    /// <summary>The upload (gzip-compressed SARIF) may be at most 10 MB.</summary>
    public long MaxGzipBytes { get; init; } = 10L * 1024 * 1024;

    public static SarifLimitSettings GitHub { get; } = new();
}

/// <summary>
/// Keeps a SARIF log within code scanning's limits. When a run has too many results (or the compressed
/// file is too large) the most severe results are kept (error, then warning, note, none; ties keep the
/// log's order) and the cut is recorded in the run: <c>run.properties["perfgate/truncated"]</c> and a
/// warning in <c>invocations[0].toolExecutionNotifications</c>. Locations, thread flows and rule tags
/// over their limits are cut per result or rule and counted the same way.
/// </summary>
public static class SarifLimits
{
    private static readonly JsonSerializerOptions RenderOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>Whether <paramref name="log"/> already fits (cheap checks before any change).</summary>
    public static bool Fits(JsonObject log, SarifLimitSettings? limits = null)
    {
        limits ??= SarifLimitSettings.GitHub;
        if (log["runs"] is not JsonArray runs) return true;
        if (runs.Count > limits.MaxRunsPerFile) return false;
        foreach (JsonObject run in runs.OfType<JsonObject>())
        {
            if (run["results"] is JsonArray results && results.Count > limits.MaxResultsPerRun) return false;
            if (Results(run).Any(r => Count(r["locations"]) > limits.MaxLocationsPerResult || Count(r["relatedLocations"]) > limits.MaxLocationsPerResult
                                      || ThreadFlowLocations(r).Any(l => l.Count > limits.MaxThreadFlowLocationsPerResult))) return false;
            if (Rules(run).Any(rule => Count(rule["properties"]?["tags"]) > limits.MaxTagsPerRule)) return false;
        }
        return GzipSize(Render(log)) <= limits.MaxGzipBytes;
    }

    /// <summary>The run property that records a cut: results before and kept, and the limits.</summary>
    public const string TruncatedProperty = "perfgate/truncated";

    /// <summary>The descriptor of the notifications that say what was cut.</summary>
    public const string TruncatedNotification = "PerfGate.Truncated";

    public static string TruncationNote(int before, int after, SarifLimitSettings limits) =>
        $"Truncated for code scanning: {after:N0} of {before:N0} results kept, most severe first ({before - after:N0} left out; limits: "
        + $"{limits.MaxResultsPerRun:N0} results per run, {limits.MaxGzipBytes / (1024 * 1024)} MB gzip-compressed per file).";

    public static string LocationsNote(int cut, SarifLimitSettings limits) =>
        $"{cut} location(s) beyond {limits.MaxLocationsPerResult} per result were left out (code scanning's limit).";

    /// <summary>Cuts <paramref name="log"/> in place to fit; returns the notes written into the runs (empty when it already fit).</summary>
    public static IReadOnlyList<string> Enforce(JsonObject log, SarifLimitSettings? limits = null) => Enforce(log, limits, null, null);

    /// <summary>
    /// <see cref="Enforce(JsonObject, SarifLimitSettings?)"/> for a one-run log whose writer already left results or locations out:
    /// <paramref name="resultsBefore"/> is the count before that cut, <paramref name="earlierNotes"/> what else it left out.
    /// </summary>
    internal static IReadOnlyList<string> Enforce(JsonObject log, SarifLimitSettings? limits, int? resultsBefore, IReadOnlyList<string>? earlierNotes)
    {
        limits ??= SarifLimitSettings.GitHub;
        var notes = new List<string>();
        if (log["runs"] is not JsonArray runs) return notes;
        if (runs.Count > limits.MaxRunsPerFile)
            throw new PerfGateException(RuleIdentifiers.UnreadableEvidence,
                $"the merged log has {runs.Count} runs (tool and category pairs); code scanning accepts at most {limits.MaxRunsPerFile} per file: "
                + "merge and upload the categories in separate files");

        var runNotes = new Dictionary<JsonObject, List<string>>();
        List<string> NotesOf(JsonObject run) => runNotes.TryGetValue(run, out var list) ? list : runNotes[run] = new List<string>();

        foreach (JsonObject run in runs.OfType<JsonObject>())
        {
            int cutLocations = 0, cutFlows = 0, cutTags = 0;
            foreach (JsonObject result in Results(run))
            {
                cutLocations += Cut(result["locations"] as JsonArray, limits.MaxLocationsPerResult);
                cutLocations += Cut(result["relatedLocations"] as JsonArray, limits.MaxLocationsPerResult);
                foreach (JsonArray flow in ThreadFlowLocations(result)) cutFlows += Cut(flow, limits.MaxThreadFlowLocationsPerResult);
            }
            foreach (JsonObject rule in Rules(run)) cutTags += Cut(rule["properties"]?["tags"] as JsonArray, limits.MaxTagsPerRule);
            if (cutLocations > 0) NotesOf(run).Add(LocationsNote(cutLocations, limits));
            if (cutFlows > 0) NotesOf(run).Add(
                $"{cutFlows} thread-flow location(s) beyond {limits.MaxThreadFlowLocationsPerResult} per result were left out (code scanning's limit).");
            if (cutTags > 0) NotesOf(run).Add($"{cutTags} rule tag(s) beyond {limits.MaxTagsPerRule} per rule were left out (code scanning's limit).");
        }

        var original = new Dictionary<JsonObject, int>();
        foreach (JsonObject run in runs.OfType<JsonObject>())
        {
            int count = Count(run["results"]);
            original[run] = resultsBefore ?? count;
            if (earlierNotes != null) NotesOf(run).AddRange(earlierNotes);
            if (count > limits.MaxResultsPerRun) KeepMostSevere(run, limits.MaxResultsPerRun);
        }

        // The compressed size: drop the least severe results of the largest run until the file fits, with
        // 1 KiB to spare for the truncation notes written below.
        long budget = Math.Max(limits.MaxGzipBytes / 2, limits.MaxGzipBytes - 1024);
        for (int attempt = 0; attempt < 60; attempt++)
        {
            long size = GzipSize(Render(log));
            if (size <= (attempt == 0 ? limits.MaxGzipBytes : budget)) break;
            JsonObject? largest = runs.OfType<JsonObject>().OrderByDescending(r => Count(r["results"])).FirstOrDefault();
            int kept = largest == null ? 0 : Count(largest["results"]);
            if (largest == null || kept == 0)
                throw new PerfGateException(RuleIdentifiers.UnreadableEvidence,
                    $"the log is {size:N0} bytes gzip-compressed without any result; code scanning accepts at most {limits.MaxGzipBytes:N0}");
            int target = Math.Min(kept - 1, (int)(kept * ((double)budget / size) * 0.95));
            KeepMostSevere(largest, Math.Max(0, target));
        }

        foreach (JsonObject run in runs.OfType<JsonObject>())
        {
            int before = original[run], after = Count(run["results"]);
            if (after < before)
            {
                NotesOf(run).Insert(0, TruncationNote(before, after, limits));
                var properties = run["properties"] as JsonObject ?? new JsonObject();
                properties[TruncatedProperty] = new JsonObject
                {
                    ["resultsBefore"] = before,
                    ["resultsKept"] = after,
                    ["maxResultsPerRun"] = limits.MaxResultsPerRun,
                    ["maxGzipBytes"] = limits.MaxGzipBytes,
                };
                run["properties"] = properties;
            }
            if (!runNotes.TryGetValue(run, out var list) || list.Count == 0) continue;
            var invocations = run["invocations"] as JsonArray;
            if (invocations == null || invocations.Count == 0 || invocations[0] is not JsonObject invocation)
            {
                invocation = new JsonObject { ["executionSuccessful"] = true };
                run["invocations"] = invocations = new JsonArray(invocation);
            }
            var notifications = invocation["toolExecutionNotifications"] as JsonArray ?? new JsonArray();
            foreach (string note in list)
                notifications.Add(new JsonObject
                {
                    ["level"] = "warning",
                    ["message"] = new JsonObject { ["text"] = note },
                    ["descriptor"] = new JsonObject { ["id"] = TruncatedNotification },
                });
            invocation["toolExecutionNotifications"] = notifications;
            notes.AddRange(list);
        }
        return notes;
    }

    public static string Render(JsonObject log) => log.ToJsonString(RenderOptions) + "\n";

    /// <summary>The gzip-compressed size of what <paramref name="write"/> writes, counted as it streams (nothing is kept).</summary>
    public static long GzipSize(Action<Stream> write)
    {
        var counter = new CountingStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Optimal, leaveOpen: true))
        using (var buffered = new BufferedStream(gzip, 64 * 1024))
        {
            write(buffered);
        }
        return counter.Length;
    }

    public static long GzipSize(string text)
    {
        var counter = new CountingStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes, 0, bytes.Length);
        }
        return counter.Length;
    }

    /// <summary>Severity rank of a result for truncation: error 3, warning 2 (SARIF's default level), note 1, none 0.</summary>
    public static int Severity(JsonObject result) =>
        (result["level"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "warning") switch
        {
            "error" => 3,
            "warning" => 2,
            "note" => 1,
            _ => 0,
        };

    private static void KeepMostSevere(JsonObject run, int keep)
    {
        if (run["results"] is not JsonArray results || results.Count <= keep) return;
        var ordered = results.Select((r, i) => (Node: r, Index: i, Severity: r is JsonObject o ? Severity(o) : 0)).ToList();
        var kept = ordered.OrderByDescending(r => r.Severity).ThenBy(r => r.Index).Take(keep).OrderBy(r => r.Index).Select(r => r.Node).ToList();
        results.Clear();
        foreach (JsonNode? node in kept) results.Add(node);
    }

    private static int Cut(JsonArray? array, int max)
    {
        if (array == null || array.Count <= max) return 0;
        int cut = array.Count - max;
        while (array.Count > max) array.RemoveAt(array.Count - 1);
        return cut;
    }

    private static int Count(JsonNode? node) => node is JsonArray a ? a.Count : 0;

    private static IEnumerable<JsonObject> Results(JsonObject run) => run["results"] is JsonArray a ? a.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();

    private static IEnumerable<JsonObject> Rules(JsonObject run)
    {
        IEnumerable<JsonObject> Of(JsonNode? component) => component?["rules"] is JsonArray a ? a.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();
        var all = Of(run["tool"]?["driver"]);
        if (run["tool"]?["extensions"] is JsonArray extensions) all = all.Concat(extensions.SelectMany(Of));
        return all;
    }

    private static IEnumerable<JsonArray> ThreadFlowLocations(JsonObject result)
    {
        if (result["codeFlows"] is not JsonArray flows) yield break;
        foreach (JsonNode? flow in flows)
            if (flow?["threadFlows"] is JsonArray threads)
                foreach (JsonNode? thread in threads)
                    if (thread?["locations"] is JsonArray locations) yield return locations;
    }

    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        private long _length;
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}

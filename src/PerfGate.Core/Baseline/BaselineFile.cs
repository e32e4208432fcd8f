using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PerfGate.Core.Baseline;

/// <summary>
/// <c>perfgate.baseline.json</c>: the findings a team accepted. Sorted, indented, LF, one entry per
/// finding, so a diff shows exactly what was added or fixed. Written atomically.
/// </summary>
public static class BaselineFile
{
    public const string FileName = "perfgate.baseline.json";
    public const int CurrentVersion = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    public static string Render(IEnumerable<BaselineEntry> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort(BaselineEntry.Compare);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("version", CurrentVersion);
            json.WriteStartArray("findings");
            foreach (BaselineEntry entry in sorted)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", entry.RuleId);
                json.WriteString("path", entry.Path);
                if (entry.LineHash != null) json.WriteString("lineHash", entry.LineHash);
                if (entry.Symbol != null) json.WriteString("symbol", entry.Symbol);
                json.WriteString("message", entry.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes through a temporary file in the same folder, then renames: an interrupted run leaves the old file intact.</summary>
    public static void Write(string path, IEnumerable<BaselineEntry> entries) => AtomicFile.WriteAllText(path, Render(entries));

    public static IReadOnlyList<BaselineEntry> Read(string path)
    {
        string fullPath = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = IO.RegularFile.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException(fullPath, 0, 0, "cannot read the baseline: " + e.Message, e);
        }
        return Parse(bytes, fullPath);
    }

    public static IReadOnlyList<BaselineEntry> Parse(byte[] utf8, string path)
    {
        if (Json.Utf8Validation.FirstInvalid(utf8) is var (badLine, badColumn))
            throw new BaselineException(path, badLine, badColumn, "the baseline is not valid UTF-8 (it is written as UTF-8 JSON; was it re-encoded or cut?)");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new BaselineException(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                "the baseline is not valid JSON: " + Errors.Echo.Cap(FirstSentence(e.Message)), e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Shape(path, "expected an object with 'version' and 'findings'");
            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out int v) || v != CurrentVersion)
                throw Shape(path, $"expected \"version\": {CurrentVersion}");
            if (!root.TryGetProperty("findings", out JsonElement findings) || findings.ValueKind != JsonValueKind.Array)
                throw Shape(path, "expected a 'findings' array");
            var entries = new List<BaselineEntry>();
            int index = 0;
            foreach (JsonElement item in findings.EnumerateArray())
            {
                string where = $"findings[{index}]";
                if (item.ValueKind != JsonValueKind.Object) throw Shape(path, $"expected {where} to be an object");
                string ruleId = RequiredString(item, "ruleId", where, path);
                string file = RequiredString(item, "path", where, path);
                string? hash = OptionalString(item, "lineHash", where, path);
                string? symbol = OptionalString(item, "symbol", where, path);
                string message = OptionalString(item, "message", where, path) ?? string.Empty;
                entries.Add(new BaselineEntry(ruleId, file, hash, symbol, message));
                index++;
            }
            return entries;
        }
    }

    private static string RequiredString(JsonElement item, string name, string where, string path) =>
        OptionalString(item, name, where, path) is { Length: > 0 } value
            ? value
            : throw Shape(path, $"expected {where}.{name} to be a non-empty string");

    private static string? OptionalString(JsonElement item, string name, string where, string path)
    {
        try
        {
            if (!item.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.String) throw Shape(path, $"expected {where}.{name} to be a string");
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // A \uD800 escape without its pair is valid JSON but no string (in a value, or in a property name compared with this one).
            throw Shape(path, $"expected {where}.{name} to be text: {where} holds an unpaired UTF-16 surrogate escape");
        }
    }

    // JsonDocument keeps no positions; shape errors name the JSON path instead (line 1 = the file).
    private static BaselineException Shape(string path, string message) => new(path, 1, 1, message);

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end < 0 ? message : message.Substring(0, end);
    }
}

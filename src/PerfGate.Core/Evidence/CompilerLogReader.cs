using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using PerfGate.Core.Json;

namespace PerfGate.Core.Evidence;

/// <summary>
/// Reads the C# compiler's SARIF 2.1.0 error log (<c>&lt;ErrorLog&gt;file,version=2.1&lt;/ErrorLog&gt;</c>):
/// every run's rule descriptors (driver and extensions) and results, suppressed results included
/// and marked. One forward pass of <see cref="JsonTokenStream"/> over the file, streamed in bounded
/// memory; properties the gate does not use are skipped without being materialised.
/// </summary>
/// <remarks>
/// Every problem with the input becomes an <see cref="EvidenceException"/> with a 1-based line and
/// column (columns count UTF-8 bytes, as <see cref="JsonException.BytePositionInLine"/> does), or
/// line 0 when the file itself cannot be read. No other exception escapes.
/// </remarks>
public static class CompilerLogReader
{
    public const string SupportedVersion = "2.1.0";
    private const string What = "compiler SARIF log";

    public static CompilerLog Read(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        using Stream stream = JsonTokenStream.OpenFile(path, What);
        return Read(stream, path);
    }

    /// <summary>Reads a log from a stream; <paramref name="path"/> names it in errors and anchors relative URIs.</summary>
    public static CompilerLog Read(Stream stream, string path)
    {
        using var json = new JsonTokenStream(stream, path, What);
        try
        {
            return new Parser(json, path).ReadLog();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Defensive: a URI that is no valid path (an escaped NUL character) and the like.
            throw json.Error($"the {What} cannot be read: {e.Message}", e);
        }
    }

    private sealed class Parser
    {
        private readonly JsonTokenStream _json;
        private readonly string _path;

        private readonly List<CompilerFinding> _findings;
        private readonly Dictionary<string, ReportedRule> _rules;

        public Parser(JsonTokenStream json, string path)
        {
            _json = json;
            _path = path;
            _findings = new List<CompilerFinding>();
            _rules = new Dictionary<string, ReportedRule>(StringComparer.Ordinal);
        }

        public CompilerLog ReadLog()
        {
            Next();
            var rootStart = Position();
            ExpectToken(JsonTokenType.StartObject, "a SARIF log object");

            string? version = null;
            bool sawRuns = false;
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "version":
                        var versionAt = Position();
                        version = ReadString("the SARIF version string");
                        if (version != SupportedVersion)
                        {
                            throw Error(versionAt, "expected SARIF version \"" + SupportedVersion
                                + "\" (the compiler's <ErrorLog>file,version=2.1</ErrorLog>), found \"" + Errors.Echo.Cap(version) + "\"");
                        }
                        break;
                    case "runs":
                        ExpectToken(JsonTokenType.StartArray, "'runs' to be an array of run objects");
                        while (NextElement())
                        {
                            ReadRun();
                        }
                        sawRuns = true;
                        break;
                    default:
                        Skip();
                        break;
                }
            }

            if (version is null)
            {
                throw Error(rootStart, "expected a 'version' property with value \"" + SupportedVersion + "\"");
            }

            if (!sawRuns)
            {
                throw Error(rootStart, "expected a 'runs' array");
            }

            if (_json.Read())
            {
                throw Error(Position(), "expected the end of the file after the SARIF log object");
            }

            return new CompilerLog(_findings, _rules);
        }

        private void ReadRun()
        {
            ExpectToken(JsonTokenType.StartObject, "a run object");
            var pending = new List<PendingResult>();
            var baseIds = new Dictionary<string, string>(StringComparer.Ordinal);
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "tool":
                        ReadTool();
                        break;
                    case "results":
                        ExpectToken(JsonTokenType.StartArray, "'results' to be an array of result objects");
                        while (NextElement())
                        {
                            pending.Add(ReadResult());
                        }
                        break;
                    case "originalUriBaseIds":
                        ReadOriginalUriBaseIds(baseIds);
                        break;
                    default:
                        Skip();
                        break;
                }
            }

            // URIs resolve after the whole run: originalUriBaseIds may follow the results. A log of a million results names a
            // few thousand files: each is resolved once and its path shared.
            var resolved = new Dictionary<(string Uri, string? BaseId), string?>();
            string? Resolve(Location? location)
            {
                if (location is not { Uri: { } uri }) return null;
                if (!resolved.TryGetValue((uri, location.UriBaseId), out string? file))
                    resolved[(uri, location.UriBaseId)] = file = ResolveFile(location, baseIds);
                return file;
            }

            foreach (var result in pending)
            {
                string? file = Resolve(result.Location);
                List<RelatedLocation>? related = null;
                foreach (var relatedLocation in result.Related ?? (IReadOnlyList<Location>)Array.Empty<Location>())
                {
                    if (Resolve(relatedLocation) is { } relatedFile)
                    {
                        (related ??= new List<RelatedLocation>()).Add(new RelatedLocation(relatedFile, relatedLocation.Region));
                    }
                }

                _findings.Add(new CompilerFinding(result.RuleId, result.Level, result.Message, file, result.Region, result.IsSuppressed, related));
            }
        }

        private void ReadTool()
        {
            ExpectToken(JsonTokenType.StartObject, "'tool' to be an object");
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "driver":
                        ReadToolComponent();
                        break;
                    case "extensions":
                        ExpectToken(JsonTokenType.StartArray, "'extensions' to be an array of tool components");
                        while (NextElement())
                        {
                            ReadToolComponent();
                        }
                        break;
                    default:
                        Skip();
                        break;
                }
            }
        }

        private void ReadToolComponent()
        {
            ExpectToken(JsonTokenType.StartObject, "a tool component object");
            while (NextProperty(out string name))
            {
                if (name == "rules")
                {
                    ExpectToken(JsonTokenType.StartArray, "'rules' to be an array of reporting descriptors");
                    while (NextElement())
                    {
                        ReadRule();
                    }
                }
                else
                {
                    Skip();
                }
            }
        }

        private void ReadRule()
        {
            var start = Position();
            ExpectToken(JsonTokenType.StartObject, "a reporting descriptor (rule) object");
            string? id = null, title = null, fullDescription = null, helpUri = null, category = null;
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "id":
                        id = ReadString("the rule id string");
                        break;
                    case "shortDescription":
                        title = ReadMessageText("'shortDescription'");
                        break;
                    case "fullDescription":
                        fullDescription = ReadMessageText("'fullDescription'");
                        break;
                    case "helpUri":
                        helpUri = ReadString("'helpUri' to be a string");
                        break;
                    case "properties":
                        category = ReadCategory();
                        break;
                    default:
                        Skip();
                        break;
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                throw Error(start, "expected the rule to have a non-empty 'id'");
            }

            if (!_rules.ContainsKey(id!))
            {
                _rules.Add(id!, new ReportedRule(id!, title, fullDescription, helpUri, category));
            }
        }

        private string? ReadCategory()
        {
            ExpectToken(JsonTokenType.StartObject, "'properties' to be an object");
            string? category = null;
            while (NextProperty(out string name))
            {
                if (name == "category")
                {
                    category = ReadString("'category' to be a string");
                }
                else
                {
                    Skip();
                }
            }

            return category;
        }

        private PendingResult ReadResult()
        {
            var start = Position();
            ExpectToken(JsonTokenType.StartObject, "a result object");
            string? ruleId = null, level = null, kind = null, message = null;
            Location? location = null;
            bool suppressed = false;
            List<Location>? related = null;
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "ruleId":
                        ruleId = ReadSharedString("'ruleId' to be a string");
                        break;
                    case "rule":
                        ruleId ??= ReadRuleReferenceId();
                        break;
                    case "level":
                        var levelAt = Position();
                        level = ReadSharedString("'level' to be a string");
                        if (level is not ("error" or "warning" or "note" or "none"))
                        {
                            throw Error(levelAt, "expected 'level' to be one of \"error\", \"warning\", \"note\" or \"none\", found \""
                                + Errors.Echo.Cap(level) + "\"");
                        }
                        break;
                    case "kind":
                        kind = ReadString("'kind' to be a string");
                        break;
                    case "message":
                        message = ReadMessageText("'message'");
                        break;
                    case "locations":
                        ExpectToken(JsonTokenType.StartArray, "'locations' to be an array of location objects");
                        while (NextElement())
                        {
                            var read = ReadLocation();
                            location ??= read;
                        }
                        break;
                    case "suppressions":
                        suppressed = ReadSuppressions();
                        break;
                    case "relatedLocations":
                        ExpectToken(JsonTokenType.StartArray, "'relatedLocations' to be an array of location objects");
                        while (NextElement())
                        {
                            if (ReadLocation() is { } relatedLocation)
                            {
                                (related ??= new List<Location>()).Add(relatedLocation);
                            }
                        }
                        break;
                    default:
                        Skip();
                        break;
                }
            }

            if (string.IsNullOrEmpty(ruleId))
            {
                throw Error(start, "expected the result to have a 'ruleId'");
            }

            // SARIF 3.27.10: an absent level is "warning" for a failing result, "none" for other kinds.
            level ??= kind is null or "fail" ? "warning" : "none";
            return new PendingResult(ruleId!, level, message ?? string.Empty, location, suppressed, related);
        }

        private string? ReadRuleReferenceId()
        {
            ExpectToken(JsonTokenType.StartObject, "'rule' to be a reporting descriptor reference object");
            string? id = null;
            while (NextProperty(out string name))
            {
                if (name == "id")
                {
                    id = ReadString("'rule.id' to be a string");
                }
                else
                {
                    Skip();
                }
            }

            return id;
        }

        /// <summary>True when any suppression is in force (status absent or "accepted"; SARIF 3.35.3).</summary>
        private bool ReadSuppressions()
        {
            ExpectToken(JsonTokenType.StartArray, "'suppressions' to be an array of suppression objects");
            bool any = false;
            while (NextElement())
            {
                ExpectToken(JsonTokenType.StartObject, "a suppression object");
                string? status = null;
                while (NextProperty(out string name))
                {
                    if (name == "status")
                    {
                        status = ReadString("'status' to be a string");
                    }
                    else
                    {
                        Skip();
                    }
                }

                if (status is null or "accepted")
                {
                    any = true;
                }
            }

            return any;
        }

        private Location? ReadLocation()
        {
            ExpectToken(JsonTokenType.StartObject, "a location object");
            Location? location = null;
            while (NextProperty(out string name))
            {
                if (name == "physicalLocation")
                {
                    location = ReadPhysicalLocation();
                }
                else
                {
                    Skip();
                }
            }

            return location;
        }

        private Location ReadPhysicalLocation()
        {
            ExpectToken(JsonTokenType.StartObject, "'physicalLocation' to be an object");
            string? uri = null, uriBaseId = null;
            SourceRegion? region = null;
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "artifactLocation":
                        ExpectToken(JsonTokenType.StartObject, "'artifactLocation' to be an object");
                        while (NextProperty(out string inner))
                        {
                            switch (inner)
                            {
                                case "uri":
                                    uri = ReadSharedString("'uri' to be a string");
                                    break;
                                case "uriBaseId":
                                    uriBaseId = ReadSharedString("'uriBaseId' to be a string");
                                    break;
                                default:
                                    Skip();
                                    break;
                            }
                        }
                        break;
                    case "region":
                        region = ReadRegion();
                        break;
                    default:
                        Skip();
                        break;
                }
            }

            return new Location(uri, uriBaseId, region);
        }

        private SourceRegion? ReadRegion()
        {
            ExpectToken(JsonTokenType.StartObject, "'region' to be an object");
            int? startLine = null, startColumn = null, endLine = null, endColumn = null;
            while (NextProperty(out string name))
            {
                switch (name)
                {
                    case "startLine":
                        startLine = ReadPositiveInt("'startLine'");
                        break;
                    case "startColumn":
                        startColumn = ReadPositiveInt("'startColumn'");
                        break;
                    case "endLine":
                        endLine = ReadPositiveInt("'endLine'");
                        break;
                    case "endColumn":
                        endColumn = ReadPositiveInt("'endColumn'");
                        break;
                    default:
                        Skip();
                        break;
                }
            }

            if (startLine is null)
            {
                return null; // An offset-only region: no line to report.
            }

            int sc = startColumn ?? 1;
            return new SourceRegion(startLine.Value, sc, endLine ?? startLine.Value, endColumn ?? sc);
        }

        private void ReadOriginalUriBaseIds(Dictionary<string, string> baseIds)
        {
            ExpectToken(JsonTokenType.StartObject, "'originalUriBaseIds' to be an object");
            while (NextProperty(out string id))
            {
                ExpectToken(JsonTokenType.StartObject, "an artifact location object for '" + id + "'");
                while (NextProperty(out string name))
                {
                    if (name == "uri")
                    {
                        baseIds[id] = ReadString("'uri' to be a string");
                    }
                    else
                    {
                        Skip();
                    }
                }
            }
        }

        private string? ResolveFile(Location? resultLocation, Dictionary<string, string> baseIds)
        {
            if (resultLocation is not { Uri: { } uriText } location)
            {
                return null;
            }

            if (!Uri.TryCreate(uriText, UriKind.RelativeOrAbsolute, out var uri))
            {
                return null;
            }

            if (!uri.IsAbsoluteUri)
            {
                Uri? baseUri = null;
                if (location.UriBaseId is { } baseId
                    && baseIds.TryGetValue(baseId, out var baseText)
                    && Uri.TryCreate(baseText, UriKind.Absolute, out var resolvedBase))
                {
                    baseUri = resolvedBase;
                }

                if (baseUri is null)
                {
                    // Without a known base, a relative reference is relative to the log's folder.
                    string relative = Uri.UnescapeDataString(uriText);
                    string? folder = Path.GetDirectoryName(Path.GetFullPath(_path));
                    return Path.GetFullPath(Path.Combine(folder ?? string.Empty, relative));
                }

                if (!Uri.TryCreate(baseUri, uri, out uri))
                {
                    return null;
                }
            }

            return uri.IsFile ? uri.LocalPath : null;
        }

        // ---- reader primitives -------------------------------------------------------------

        private void Next()
        {
            if (!_json.Read())
            {
                throw Error(Position(), "expected more JSON, found the end of the file");
            }
        }

        /// <summary>Inside an object: advances to the next property name, then to its value.</summary>
        private bool NextProperty(out string name)
        {
            Next();
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                name = string.Empty;
                return false;
            }

            // The reader guarantees a property name here; anything else was a syntax error.
            name = _json.GetString();
            Next();
            return true;
        }

        /// <summary>Inside an array: advances to the next element's first token.</summary>
        private bool NextElement()
        {
            Next();
            return _json.TokenType != JsonTokenType.EndArray;
        }

        private void Skip() => _json.Skip();

        private void ExpectToken(JsonTokenType type, string expected)
        {
            if (_json.TokenType != type)
            {
                throw Error(Position(), "expected " + expected + ", found " + Describe(_json.TokenType));
            }
        }

        private string ReadString(string expected)
        {
            if (_json.TokenType != JsonTokenType.String)
            {
                throw Error(Position(), "expected " + expected + ", found " + Describe(_json.TokenType));
            }

            return _json.GetString();
        }

        // Rule IDs, levels and URIs repeat across a log's results: one string each, not one per result.
        private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);

        private string ReadSharedString(string expected)
        {
            string text = ReadString(expected);
            if (_shared.TryGetValue(text, out string? shared)) return shared;
            if (_shared.Count < 100_000) _shared[text] = text;
            return text;
        }

        private string? ReadMessageText(string owner)
        {
            ExpectToken(JsonTokenType.StartObject, owner + " to be a message object");
            string? text = null;
            while (NextProperty(out string name))
            {
                if (name == "text")
                {
                    text = ReadString(owner + ".text to be a string");
                }
                else
                {
                    Skip();
                }
            }

            return text;
        }

        private int ReadPositiveInt(string what)
        {
            if (!_json.TryGetInt32(out int value) || value < 1)
            {
                throw Error(Position(), "expected " + what + " to be a positive integer, found " + DescribeValue());
            }

            return value;
        }

        private string DescribeValue() =>
            _json.TokenType == JsonTokenType.Number
                ? Errors.Echo.Cap(_json.ValueSpan)
                : Describe(_json.TokenType);

        private static string Describe(JsonTokenType type) => JsonTokenStream.Describe(type);

        private (int Line, int Column) Position() => (_json.Line, _json.Column);

        private EvidenceException Error((int Line, int Column) at, string expected) => new(_path, at.Line, at.Column, expected);
    }

    private sealed record Location(string? Uri, string? UriBaseId, SourceRegion? Region);

    private sealed record PendingResult(string RuleId, string Level, string Message, Location? Location, bool IsSuppressed, List<Location>? Related)
    {
        public SourceRegion? Region => Location?.Region;
    }
}

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Json;

namespace PerfGate.Core.Traces;

/// <summary>
/// Streams OTLP/JSON trace files into <see cref="TraceData"/>: a single <c>ExportTraceServiceRequest</c> or the
/// collector file exporter's JSON lines (one request per line). int64 fields as strings or numbers, IDs in hex
/// (base64 accepted), old and new semantic-convention names. Structural problems throw
/// <see cref="EvidenceException"/> with a position; a span that cannot be used is skipped and counted.
/// </summary>
internal sealed class OtlpTraceReader
{
    private readonly TraceData _data;
    private readonly Dictionary<string, (int Template, bool Read, SqlValues Values)> _sqlCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _urlCache = new(StringComparer.Ordinal);
    private const int MaxCache = 200_000;
    private const int MaxTextLength = 64 * 1024;

    private readonly RouteTemplates _routes;
    private int _file = -1;

    public OtlpTraceReader(TraceData data, RouteTemplates? routes = null)
    {
        _data = data;
        _routes = routes ?? RouteTemplates.None;
    }

    private const string What = "trace file";

    /// <summary>JSON lines of requests, comments skipped, nesting as deep as OTLP's attribute values go.</summary>
    private static readonly JsonStreamOptions Options = new(AllowMultipleValues: true, SkipComments: true, MaxDepth: 256);

    public void ReadFile(string path)
    {
        using Stream stream = JsonTokenStream.OpenFile(path, What);
        Read(stream, path);
    }

    public void Read(Stream stream, string path)
    {
        _data.Files++;
        _file = _data.AddFile(path);
        using var json = new JsonTokenStream(stream, path, What, Options);
        bool any = false;
        while (json.Read())
        {
            any = true;
            if (json.TokenType != JsonTokenType.StartObject)
                throw json.Unexpected("an OTLP ExportTraceServiceRequest object ({\"resourceSpans\": [...]})");
            ReadRequest(json);
        }
        if (!any) throw new EvidenceException(path, 1, 1, "the trace file is empty: expected OTLP JSON ({\"resourceSpans\": [...]}) or JSON lines of it");
    }

    private void ReadRequest(JsonTokenStream json)
    {
        bool known = false;
        int line = json.Line, column = json.Column;
        while (NextProperty(json))
        {
            if (json.NameIs("resourceSpans"u8))
            {
                known = true;
                ReadArray(json, "a list of resourceSpans", ReadResourceSpans);
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }
        if (!known) throw new EvidenceException(
            json.Path, line, column, "not an OTLP trace export: expected an object with 'resourceSpans' (OTLP/JSON ExportTraceServiceRequest)");
    }

    private void ReadResourceSpans(JsonTokenStream json)
    {
        ExpectObject(json, "a resourceSpans entry");
        while (NextProperty(json))
        {
            if (json.NameIs("scopeSpans"u8) || json.NameIs("instrumentationLibrarySpans"u8)) ReadArray(json, "a list of scopeSpans", ReadScopeSpans);
            else { json.Read(); json.Skip(); }
        }
    }

    private void ReadScopeSpans(JsonTokenStream json)
    {
        ExpectObject(json, "a scopeSpans entry");
        while (NextProperty(json))
        {
            if (json.NameIs("spans"u8)) ReadArray(json, "a list of spans", ReadSpan);
            else { json.Read(); json.Skip(); }
        }
    }

    private void ReadArray(JsonTokenStream json, string what, Action<JsonTokenStream> item)
    {
        if (!json.Read()) throw json.Unexpected(what);
        if (json.TokenType == JsonTokenType.Null) return;
        if (json.TokenType != JsonTokenType.StartArray) throw json.Unexpected(what);
        while (true)
        {
            if (!json.Read()) throw json.Unexpected("the end of " + what);
            if (json.TokenType == JsonTokenType.EndArray) return;
            item(json);
        }
    }

    private static void ExpectObject(JsonTokenStream json, string what)
    {
        if (json.TokenType != JsonTokenType.StartObject) throw json.Unexpected(what + " (an object)");
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(JsonTokenStream json)
    {
        if (!json.Read()) throw json.Unexpected("a property or '}'");
        if (json.TokenType == JsonTokenType.EndObject) return false;
        if (json.TokenType != JsonTokenType.PropertyName) throw json.Unexpected("a property name");
        return true;
    }

    private ref struct SpanFields
    {
        public ulong TraceHigh, TraceLow, SpanId, ParentId;
        public IdState Trace, Span, Parent;
        public string? BadId;
        public long Start, End;
        public int Kind;
        public string? Name;
        public string? DbText, DbSystem, Method, UrlFull, Scheme, Host, Target, Route, Path, CodeFile, Encoding, ParamsHash, UrlHash;
        public string? OrmModel, OrmMethod;
        public long Port, Line, ResponseSize;
        public ulong ParamValues;
    }

    private void ReadSpan(JsonTokenStream json)
    {
        ExpectObject(json, "a span");
        int line = json.Line, column = json.Column;
        var f = new SpanFields { Port = -1, ResponseSize = -1 };
        while (NextProperty(json))
        {
            if (json.NameIs("traceId"u8)) { json.Read(); f.Trace = ReadId(json, 16, out f.TraceHigh, out f.TraceLow, ref f.BadId); }
            else if (json.NameIs("spanId"u8)) { json.Read(); f.Span = ReadId(json, 8, out _, out f.SpanId, ref f.BadId); }
            else if (json.NameIs("parentSpanId"u8)) { json.Read(); f.Parent = ReadId(json, 8, out _, out f.ParentId, ref f.BadId); }
            else if (json.NameIs("name"u8)) { json.Read(); f.Name = json.TokenType == JsonTokenType.String ? json.GetString() : null; }
            else if (json.NameIs("kind"u8)) { json.Read(); f.Kind = ReadKind(json); }
            else if (json.NameIs("startTimeUnixNano"u8)) { json.Read(); f.Start = ReadInt64(json); }
            else if (json.NameIs("endTimeUnixNano"u8)) { json.Read(); f.End = ReadInt64(json); }
            else if (json.NameIs("attributes"u8)) ReadAttributes(json, ref f);
            else { json.Read(); json.Skip(); }
        }
        // A parent that is there but unreadable is not "no parent": taking the span for a root would split its request.
        if (f.Trace != IdState.Valid || f.Span != IdState.Valid || f.Parent == IdState.Invalid)
        {
            _data.SkippedSpans++;
            if (_data.FirstSkipped == null)
            {
                string problem = f.Trace == IdState.Absent ? "it has no traceId"
                    : f.Span == IdState.Absent ? "it has no spanId"
                    : $"{(f.Trace == IdState.Invalid ? "its traceId" : f.Span == IdState.Invalid ? "its spanId" : "its parentSpanId")} {f.BadId} is not hex"
                      + $" ({(f.Trace == IdState.Invalid ? 32 : 16)} digits) nor base64, or is all zeros";
                _data.FirstSkipped = (new SpanPosition(_file, line, column), problem);
            }
            return;
        }
        var span = new TraceSpan
        {
            Source = new SpanPosition(_file, line, column),
            Trace = _data.TraceIndex(f.TraceHigh, f.TraceLow),
            SpanId = f.SpanId,
            ParentId = f.ParentId,
            Start = f.Start,
            End = f.End,
            Kind = (byte)Math.Clamp(f.Kind, 0, 5),
            Template = -1,
            Route = -1,
            Operation = -1,
            File = -1,
            ResponseSize = f.ResponseSize,
            Compressed = !string.IsNullOrEmpty(f.Encoding) && f.Encoding != "identity",
        };
        if (f.End < f.Start)
        {
            span.ClockBackwards = true;
            _data.BackwardClockSpans++;
        }
        if (f.CodeFile != null && f.Line > 0)
        {
            span.File = _data.Intern(f.CodeFile);
            span.Line = (int)Math.Min(f.Line, int.MaxValue);
        }
        if (f.Name != null && f.Name.StartsWith("prisma:client:operation", StringComparison.Ordinal) && f.OrmMethod != null)
            span.Operation = _data.Intern(f.OrmModel != null ? f.OrmModel + "." + f.OrmMethod : f.OrmMethod);
        bool isDb = (f.DbSystem != null || f.DbText != null || (f.Name?.StartsWith("prisma:engine:db_query", StringComparison.Ordinal) ?? false))
            && (f.DbText != null || !IsConnectionSpan(f.Name));
        bool isHttpClient = !isDb && f.Kind == 3 && (f.Method != null || f.UrlFull != null);
        if (isDb)
        {
            span.Category = SpanCategory.Db;
            _data.CallSpans++;
            if (string.IsNullOrWhiteSpace(f.DbText)) _data.UnusableSpans++;
            else
            {
                string text = f.DbText.Length > MaxTextLength ? f.DbText.Substring(0, MaxTextLength) : f.DbText;
                (span.Template, span.IsGetOrRead, SqlValues values) = SqlTemplateOf(text);
                span.Identity = Hash(Hash(text, f.ParamsHash) ^ f.ParamValues);
                // Placeholders whose values were not recorded ($1, ?, @p0: Prisma, node-postgres, Npgsql without a hash) are
                // unknown, not equal: the same text is the same shape, never proof of the same call.
                span.ValuesUnknown = f.ParamsHash == null && f.ParamValues == 0 && (values & SqlValues.Placeholders) != 0;
            }
        }
        else if (isHttpClient)
        {
            span.Category = SpanCategory.Http;
            _data.CallSpans++;
            string? url = f.UrlFull ?? BuildUrl(f.Scheme, f.Host, f.Port, f.Target);
            if (url == null) _data.UnusableSpans++;
            else
            {
                if (url.Length > MaxTextLength) url = url.Substring(0, MaxTextLength);
                string method = (f.Method ?? "GET").ToUpperInvariant();
                span.Template = UrlTemplateOf(method, url);
                span.IsGetOrRead = method is "GET" or "HEAD";
                // A GET is identified by its URL; other methods carry a body the span does not show: identity unknown.
                // A redacted query string ("?*", .NET's default) hides the identity unless the capture hashed the URL.
                bool known = span.IsGetOrRead && (f.UrlHash != null || !url.Contains("?*", StringComparison.Ordinal));
                span.Identity = known ? Hash(Hash(method + " " + url, f.UrlHash)) : 0;
            }
        }
        if (f.Kind == 2 || f.Route != null)
        {
            string? method = f.Method?.ToUpperInvariant();
            string? rawPath = f.Target ?? f.Path ?? (f.UrlFull != null ? PathOfUrl(f.UrlFull) : null);
            string? route = f.Route ?? (rawPath != null ? _routes.Match(rawPath) ?? UrlTemplate.Normalize(StripQuery(rawPath)) : null);
            if (f.Route == null && route == null) route = f.Name;
            if (route != null) span.Route =
                _data.Intern(method != null && !route.StartsWith(method + " ", StringComparison.Ordinal) ? method + " " + route : route);
            if (span.Category == SpanCategory.Other && f.ResponseSize >= 0) span.IsGetOrRead = method == "GET";
        }
        _data.Spans.Add(span);
    }

    // Connection lifecycle spans carry db.system but no statement; they are not queries (and not unusable ones).
    private static bool IsConnectionSpan(string? name) =>
        name != null && (name.StartsWith("CONNECT", StringComparison.OrdinalIgnoreCase) || name.StartsWith("OPEN", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("prisma:engine:connection", StringComparison.Ordinal) || name.StartsWith("prisma:client:connect", StringComparison.Ordinal));

    private static string StripQuery(string path)
    {
        int cut = path.IndexOf('?');
        return cut >= 0 ? path.Substring(0, cut) : path;
    }

    private static string? PathOfUrl(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        int slash = url.IndexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.Substring(slash);
    }

    private static string? BuildUrl(string? scheme, string? host, long port, string? target)
    {
        if (host == null && target == null) return null;
        if (host == null) return target;
        string portText = port > 0 && port != 80 && port != 443 ? ":" + port.ToString(CultureInfo.InvariantCulture) : "";
        return (scheme ?? "http") + "://" + host + portText + (target ?? "/");
    }

    private (int, bool, SqlValues) SqlTemplateOf(string text)
    {
        if (_sqlCache.TryGetValue(text, out var cached)) return cached;
        string template = SqlTemplate.Normalize(text, out SqlValues values);
        bool read = template.StartsWith("SELECT", StringComparison.Ordinal) || template.StartsWith("WITH", StringComparison.Ordinal);
        var result = (_data.Intern(template), read, values);
        if (_sqlCache.Count >= MaxCache) _sqlCache.Clear();
        _sqlCache[text] = result;
        return result;
    }

    private int UrlTemplateOf(string method, string url)
    {
        if (_urlCache.TryGetValue(method + " " + url, out int cached)) return cached;
        int id = _data.Intern(method + " " + (_routes.Match(url) ?? UrlTemplate.Normalize(url)));
        if (_urlCache.Count >= MaxCache) _urlCache.Clear();
        _urlCache[method + " " + url] = id;
        return id;
    }

    private void ReadAttributes(JsonTokenStream json, ref SpanFields f)
    {
        if (!json.Read()) throw json.Unexpected("a list of attributes");
        if (json.TokenType == JsonTokenType.Null) return;
        if (json.TokenType != JsonTokenType.StartArray) throw json.Unexpected("a list of attributes ([{\"key\": …, \"value\": {…}}])");
        while (true)
        {
            if (!json.Read()) throw json.Unexpected("an attribute or ']'");
            if (json.TokenType == JsonTokenType.EndArray) return;
            ExpectObject(json, "an attribute {\"key\": …, \"value\": {…}}");
            Key key = Key.None;
            string? keyText = null;
            Value value = default;
            while (NextProperty(json))
            {
                if (json.NameIs("key"u8))
                {
                    json.Read();
                    if (json.TokenType != JsonTokenType.String) throw json.Unexpected("the attribute's key (a string)");
                    key = KeyOf(json);
                    if (key == Key.DbParameter) keyText = json.GetString();
                }
                else if (json.NameIs("value"u8))
                {
                    json.Read();
                    value = ReadValue(json);
                }
                else { json.Read(); json.Skip(); }
            }
            Apply(key, keyText, value, ref f);
        }
    }

    private static void Apply(Key key, string? keyText, Value value, ref SpanFields f)
    {
        switch (key)
        {
            case Key.DbText: f.DbText ??= value.Text; break;
            case Key.DbSystem: f.DbSystem ??= value.Text ?? ""; break;
            case Key.Method: f.Method ??= value.Text; break;
            case Key.UrlFull: f.UrlFull ??= value.Text; break;
            case Key.Scheme: f.Scheme ??= value.Text; break;
            case Key.Host: f.Host ??= value.Text; break;
            case Key.Port: if (value.Number is { } port) f.Port = port; break;
            case Key.Target: f.Target ??= value.Text; break;
            case Key.Path: f.Path ??= value.Text; break;
            case Key.Route: f.Route ??= value.Text; break;
            case Key.CodeFile: f.CodeFile ??= value.Text; break;
            case Key.CodeLine: if (value.Number is { } line) f.Line = line; break;
            case Key.ResponseSize: if (value.Number is { } size) f.ResponseSize = size; break;
            case Key.Encoding: f.Encoding ??= value.Text; break;
            case Key.ParamsHash: f.ParamsHash ??= value.Text; break;
            case Key.UrlHash: f.UrlHash ??= value.Text; break;
            case Key.OrmModel: f.OrmModel ??= value.Text; break;
            case Key.OrmMethod: f.OrmMethod ??= value.Text; break;
            case Key.DbParameter: f.ParamValues ^= Hash(
                Hash(keyText + "=" + (value.Text ?? value.Number?.ToString(CultureInfo.InvariantCulture)), null)); break;
        }
    }

    private enum Key
    {
        None, DbText, DbSystem, Method, UrlFull, Scheme, Host, Port, Target, Path, Route, CodeFile, CodeLine, ResponseSize, Encoding, ParamsHash,
            UrlHash, DbParameter, OrmModel, OrmMethod,
    }

    private static Key KeyOf(JsonTokenStream json)
    {
        if (json.ValueIsEscaped) return Key.None;
        ReadOnlySpan<byte> k = json.ValueSpan;
        if (k.StartsWith("db."u8))
        {
            if (k.SequenceEqual("db.query.text"u8) || k.SequenceEqual("db.statement"u8)) return Key.DbText;
            if (k.SequenceEqual("db.system"u8) || k.SequenceEqual("db.system.name"u8)) return Key.DbSystem;
            if (k.StartsWith("db.query.parameter."u8)) return Key.DbParameter;
            return Key.None;
        }
        if (k.StartsWith("http."u8))
        {
            if (k.SequenceEqual("http.request.method"u8) || k.SequenceEqual("http.method"u8)) return Key.Method;
            if (k.SequenceEqual("http.url"u8)) return Key.UrlFull;
            if (k.SequenceEqual("http.scheme"u8)) return Key.Scheme;
            if (k.SequenceEqual("http.target"u8)) return Key.Target;
            if (k.SequenceEqual("http.route"u8)) return Key.Route;
            if (k.SequenceEqual("http.host"u8)) return Key.Host;
            if (k.SequenceEqual("http.response.body.size"u8) || k.SequenceEqual("http.response_content_length"u8)) return Key.ResponseSize;
            if (k.SequenceEqual("http.response.header.content-encoding"u8) || k.SequenceEqual("http.response.header.content_encoding"u8)) return Key.Encoding;
            return Key.None;
        }
        if (k.SequenceEqual("url.full"u8)) return Key.UrlFull;
        if (k.SequenceEqual("url.path"u8)) return Key.Path;
        if (k.SequenceEqual("url.scheme"u8)) return Key.Scheme;
        if (k.SequenceEqual("server.address"u8) || k.SequenceEqual("net.peer.name"u8)) return Key.Host;
        if (k.SequenceEqual("server.port"u8) || k.SequenceEqual("net.peer.port"u8)) return Key.Port;
        if (k.SequenceEqual("code.filepath"u8) || k.SequenceEqual("code.file.path"u8)) return Key.CodeFile;
        if (k.SequenceEqual("code.lineno"u8) || k.SequenceEqual("code.line.number"u8)) return Key.CodeLine;
        if (k.SequenceEqual("perfgate.db.parameters.hash"u8)) return Key.ParamsHash;
        if (k.SequenceEqual("perfgate.url.hash"u8)) return Key.UrlHash;
        // Prisma's prisma:client:operation span: "model": "Post", "method": "findMany".
        if (k.SequenceEqual("model"u8)) return Key.OrmModel;
        if (k.SequenceEqual("method"u8)) return Key.OrmMethod;
        return Key.None;
    }

    private readonly record struct Value(string? Text, long? Number);

    private static Value ReadValue(JsonTokenStream json)
    {
        if (json.TokenType == JsonTokenType.Null) return default;
        if (json.TokenType != JsonTokenType.StartObject) throw json.Unexpected("an attribute value object ({\"stringValue\": …} or {\"intValue\": …})");
        Value result = default;
        while (NextProperty(json))
        {
            if (json.NameIs("stringValue"u8))
            {
                json.Read();
                if (json.TokenType == JsonTokenType.String) result = new Value(json.GetString(), null);
            }
            else if (json.NameIs("intValue"u8) || json.NameIs("doubleValue"u8))
            {
                json.Read();
                long? n = TryInt64(json);
                result = new Value(n?.ToString(CultureInfo.InvariantCulture), n);
            }
            else if (json.NameIs("arrayValue"u8))
            {
                json.Read();
                // Header attributes are arrays of strings: keep the first element.
                string? first = null;
                if (json.TokenType == JsonTokenType.StartObject)
                {
                    while (NextProperty(json))
                    {
                        json.Read();
                        if (json.TokenType == JsonTokenType.StartArray)
                        {
                            while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                            {
                                Value item = ReadValue(json);
                                first ??= item.Text;
                            }
                        }
                        else json.Skip();
                    }
                }
                else json.Skip();
                result = new Value(first, null);
            }
            else { json.Read(); json.Skip(); }
        }
        return result;
    }

    private static int ReadKind(JsonTokenStream json)
    {
        if (json.TokenType == JsonTokenType.Number) return (int)(TryInt64(json) ?? 0);
        if (json.TokenType == JsonTokenType.String)
        {
            string kind = json.GetString();
            return kind switch
            {
                "SPAN_KIND_INTERNAL" => 1, "SPAN_KIND_SERVER" => 2, "SPAN_KIND_CLIENT" => 3, "SPAN_KIND_PRODUCER" => 4, "SPAN_KIND_CONSUMER" => 5, _ => 0,
            };
        }
        json.Skip();
        return 0;
    }

    private static long ReadInt64(JsonTokenStream json)
    {
        long? value = TryInt64(json);
        if (value == null && json.TokenType is not (JsonTokenType.Number or JsonTokenType.String or JsonTokenType.Null))
            throw json.Unexpected("an int64 (a number, or a string of digits)");
        return value ?? 0;
    }

    private static long? TryInt64(JsonTokenStream json)
    {
        if (json.TokenType is not (JsonTokenType.Number or JsonTokenType.String)) { json.Skip(); return null; }
        ReadOnlySpan<byte> span = json.ValueSpan;
        if (!json.ValueIsEscaped && Utf8Parser.TryParse(span, out long value, out int consumed) && consumed == span.Length) return value;
        if (double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && d is > long.MinValue and < long.MaxValue) return (long)d;
        return null;
    }

    internal enum IdState : byte
    {
        /// <summary>Not in the span, null, "" or all zeros: for a parent, the span is a root.</summary>
        Absent,
        Valid,

        /// <summary>Present but neither hex nor base64 of the right length (or not a string).</summary>
        Invalid,
    }

    private static IdState ReadId(JsonTokenStream json, int bytes, out ulong high, out ulong low, ref string? badId)
    {
        high = low = 0;
        if (json.TokenType == JsonTokenType.Null) return IdState.Absent;
        if (json.TokenType != JsonTokenType.String)
        {
            badId ??= JsonTokenStream.Describe(json.TokenType);
            json.Skip();
            return IdState.Invalid;
        }
        ReadOnlySpan<byte> text = json.ValueSpan;
        if (text.Length == 0) return IdState.Absent;
        bool parsed = true;
        if (text.Length == bytes * 2 && !json.ValueIsEscaped)
        {
            for (int i = 0; i < text.Length && parsed; i++)
            {
                int v = HexValue(text[i]);
                if (v < 0) parsed = false;
                else if (i < text.Length - 16) high = (high << 4) | (uint)v;
                else low = (low << 4) | (uint)v;
            }
            if (!parsed) parsed = TryBase64(json.GetString(), bytes, out high, out low);
        }
        // Base64 of 16 bytes is 24 characters: anything much longer is not an ID, and is never decoded whole.
        else parsed = text.Length <= 64 && TryBase64(json.GetString(), bytes, out high, out low);
        if (parsed) return high != 0 || low != 0 ? IdState.Valid : IdState.Absent;
        badId ??= "'" + Echo.Cap(text.Length <= 256 ? json.GetString() : System.Text.Encoding.UTF8.GetString(text.Slice(0, 256)), 40) + "'";
        return IdState.Invalid;
    }

    private static bool TryBase64(string text, int bytes, out ulong high, out ulong low)
    {
        high = low = 0;
        if (text.Length == 0) return false;
        Span<byte> decoded = stackalloc byte[32];
        if (!Convert.TryFromBase64String(text, decoded, out int written) || written != bytes) return false;
        for (int i = 0; i < written; i++)
        {
            if (i < written - 8) high = (high << 8) | decoded[i];
            else low = (low << 8) | decoded[i];
        }
        return high != 0 || low != 0;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static ulong Hash(string text, string? extra)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text) { hash ^= c; hash *= 1099511628211UL; }
        if (extra != null)
        {
            hash ^= 0xFF; hash *= 1099511628211UL;
            foreach (char c in extra) { hash ^= c; hash *= 1099511628211UL; }
        }
        return hash;
    }

    private static ulong Hash(ulong value) => value == 0 ? 1 : value;
}

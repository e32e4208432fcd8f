using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace PerfGate.Core.Tests.Traces;

/// <summary>Builds OTLP/JSON documents the way exporters write them (hex IDs, int64 as strings).</summary>
internal sealed class OtlpBuilder
{
    private readonly List<Dictionary<string, object?>> _spans = new();
    private int _next = 1;
    private long _clock = 1_700_000_000_000_000_000;

    public string Trace { get; private set; } = NewTrace(1);

    public static string NewTrace(int n) => n.ToString("x32", CultureInfo.InvariantCulture);

    public OtlpBuilder NewTraceId(int n)
    {
        Trace = NewTrace(n);
        return this;
    }

    public string Span(string name, int kind, string? parent, long durationMs, params (string Key, object Value)[] attributes)
    {
        string id = (_next++).ToString("x16", CultureInfo.InvariantCulture);
        long start = _clock;
        _clock += durationMs * 1_000_000 + 1_000_000;
        var span = new Dictionary<string, object?>
        {
            ["traceId"] = Trace,
            ["spanId"] = id,
            ["name"] = name,
            ["kind"] = kind,
            ["startTimeUnixNano"] = start.ToString(CultureInfo.InvariantCulture),
            ["endTimeUnixNano"] = (start + durationMs * 1_000_000).ToString(CultureInfo.InvariantCulture),
            ["attributes"] = attributes.Select(a => new Dictionary<string, object?>
            {
                ["key"] = a.Key,
                ["value"] = a.Value switch
                {
                    string s => new Dictionary<string, object?> { ["stringValue"] = s },
                    int or long => new Dictionary<string, object?> { ["intValue"] = a.Value.ToString() },
                    _ => new Dictionary<string, object?> { ["stringValue"] = a.Value.ToString() },
                },
            }).ToList(),
        };
        if (parent != null) span["parentSpanId"] = parent;
        _spans.Add(span);
        return id;
    }

    public string Request(string method, string route, long durationMs = 50) =>
        Span(method + " " + route, 2, null, durationMs, ("http.request.method", method), ("http.route", route));

    public string Query(string parent, string sql, string? paramsHash = null, string? file = null, int line = 0, long durationMs = 1)
    {
        var attributes = new List<(string, object)> { ("db.system.name", "postgresql"), ("db.query.text", sql) };
        if (paramsHash != null) attributes.Add(("perfgate.db.parameters.hash", paramsHash));
        if (file != null) { attributes.Add(("code.filepath", file)); attributes.Add(("code.lineno", line)); }
        return Span("SELECT", 3, parent, durationMs, attributes.ToArray());
    }

    public string Call(string parent, string method, string url, long durationMs = 1, string? file = null, int line = 0)
    {
        var attributes = new List<(string, object)> { ("http.request.method", method), ("url.full", url) };
        if (file != null) { attributes.Add(("code.filepath", file)); attributes.Add(("code.lineno", line)); }
        return Span(method, 3, parent, durationMs, attributes.ToArray());
    }

    public Dictionary<string, object?> Last => _spans[^1];

    public IReadOnlyList<Dictionary<string, object?>> Spans => _spans;

    public string Json() => JsonSerializer.Serialize(Request(_spans));

    /// <summary>Collector file exporter shape: one request per line.</summary>
    public string JsonLines(int perLine)
    {
        var text = new StringBuilder();
        for (int i = 0; i < _spans.Count; i += perLine)
            text.Append(JsonSerializer.Serialize(Request(_spans.Skip(i).Take(perLine).ToList()))).Append('\n');
        return text.ToString();
    }

    private static object Request(List<Dictionary<string, object?>> spans) => new Dictionary<string, object?>
    {
        ["resourceSpans"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["resource"] = new { attributes = new[] { new { key = "service.name", value = new { stringValue = "shop" } } } },
                ["scopeSpans"] = new[] { new Dictionary<string, object?> { ["scope"] = new { name = "test" }, ["spans"] = spans } },
            },
        },
    };
}

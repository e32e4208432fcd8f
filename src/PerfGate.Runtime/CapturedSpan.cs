using System.Collections.Generic;
using System.Diagnostics;

namespace PerfGate.Runtime;

/// <summary>One finished span as it is written to OTLP JSON.</summary>
public sealed class CapturedSpan
{
    public ActivityTraceId TraceId { get; set; }
    public ActivitySpanId SpanId { get; set; }
    public ActivitySpanId ParentSpanId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>OTLP span kind: 1 internal, 2 server, 3 client.</summary>
    public int Kind { get; set; }
    public long StartUnixNano { get; set; }
    public long EndUnixNano { get; set; }
    public bool IsError { get; set; }
    public string Scope { get; set; } = "";
    public List<KeyValuePair<string, object?>> Attributes { get; } = new();

    internal string? Statement;

    public object? Attribute(string key)
    {
        foreach (var (k, v) in Attributes)
            if (k == key) return v;
        return null;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PerfGate.Runtime;

/// <summary>
/// Writes spans as OTLP/JSON: one <c>ExportTraceServiceRequest</c> (resourceSpans → scopeSpans → spans), trace and
/// span IDs in hex, times as int64 strings, as the OTLP/JSON mapping prescribes. Any OpenTelemetry tool reads it.
/// </summary>
public static class OtlpJsonWriter
{
    public static void WriteFile(string path, string serviceName, IReadOnlyList<CapturedSpan> spans, int dropped)
    {
        string? folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string temp = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            Write(stream, serviceName, spans, dropped);
        File.Move(temp, path, overwrite: true);
    }

    public static void Write(Stream stream, string serviceName, IReadOnlyList<CapturedSpan> spans, int dropped)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("resourceSpans");
        json.WriteStartObject();
        json.WriteStartObject("resource");
        json.WriteStartArray("attributes");
        WriteAttribute(json, "service.name", serviceName);
        WriteAttribute(json, "telemetry.sdk.name", "perfgate.runtime");
        if (dropped > 0) WriteAttribute(json, "perfgate.spans.dropped", (long)dropped);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("scopeSpans");
        // Deterministic order: by scope, then start time.
        foreach (var scope in spans.GroupBy(s => s.Scope).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteStartObject("scope");
            json.WriteString("name", scope.Key);
            json.WriteEndObject();
            json.WriteStartArray("spans");
            foreach (CapturedSpan span in scope.OrderBy(s => s.StartUnixNano).ThenBy(s => s.SpanId.ToHexString(), StringComparer.Ordinal))
                WriteSpan(json, span);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter json, CapturedSpan span)
    {
        json.WriteStartObject();
        json.WriteString("traceId", span.TraceId.ToHexString());
        json.WriteString("spanId", span.SpanId.ToHexString());
        if (span.ParentSpanId != default) json.WriteString("parentSpanId", span.ParentSpanId.ToHexString());
        json.WriteString("name", span.Name);
        json.WriteNumber("kind", span.Kind);
        json.WriteString("startTimeUnixNano", span.StartUnixNano.ToString(CultureInfo.InvariantCulture));
        json.WriteString("endTimeUnixNano", span.EndUnixNano.ToString(CultureInfo.InvariantCulture));
        json.WriteStartArray("attributes");
        foreach (var (key, value) in span.Attributes)
            if (value != null) WriteAttribute(json, key, value);
        json.WriteEndArray();
        if (span.IsError)
        {
            json.WriteStartObject("status");
            json.WriteNumber("code", 2);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter json, string key, object value)
    {
        json.WriteStartObject();
        json.WriteString("key", key);
        json.WriteStartObject("value");
        switch (value)
        {
            case string s: json.WriteString("stringValue", s); break;
            case bool b: json.WriteBoolean("boolValue", b); break;
            case int or long or short or byte or uint or ushort:
                json.WriteString("intValue", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                json.WriteNumber("doubleValue", Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString("stringValue", Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

using System;
using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using PerfGate.Cli.Collect.Otlp;

namespace PerfGate.Cli.Collect;

/// <summary>
/// Writes a decoded OTLP/protobuf export as one line of OTLP/JSON, the encoding the OTLP specification defines for
/// it (not protobuf's generic JSON mapping): trace and span IDs in lowercase hex, enums as integers, 64-bit integers
/// as decimal strings, lowerCamelCase keys, fields at their default value left out. The line is what
/// <c>budgets.traces</c> reads and what the Collector's file exporter writes.
/// </summary>
internal static class OtlpJsonTranscoder
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes <paramref name="request"/> as one JSON object followed by a line feed; returns its span count.</summary>
    public static int Write(ExportTraceServiceRequest request, IBufferWriter<byte> output)
    {
        int spans = 0;
        using (var json = new Utf8JsonWriter(output, Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceSpans"u8);
            foreach (ResourceSpans resource in request.ResourceSpans)
            {
                json.WriteStartObject();
                if (resource.Resource is { } r)
                {
                    json.WriteStartObject("resource"u8);
                    WriteAttributes(json, "attributes"u8, r.Attributes);
                    WriteCount(json, "droppedAttributesCount"u8, r.DroppedAttributesCount);
                    json.WriteEndObject();
                }
                json.WriteStartArray("scopeSpans"u8);
                foreach (ScopeSpans scope in resource.ScopeSpans)
                {
                    json.WriteStartObject();
                    if (scope.Scope is { } s)
                    {
                        json.WriteStartObject("scope"u8);
                        WriteText(json, "name"u8, s.Name);
                        WriteText(json, "version"u8, s.Version);
                        WriteAttributes(json, "attributes"u8, s.Attributes);
                        WriteCount(json, "droppedAttributesCount"u8, s.DroppedAttributesCount);
                        json.WriteEndObject();
                    }
                    json.WriteStartArray("spans"u8);
                    foreach (Span span in scope.Spans)
                    {
                        WriteSpan(json, span);
                        spans++;
                    }
                    json.WriteEndArray();
                    WriteText(json, "schemaUrl"u8, scope.SchemaUrl);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                WriteText(json, "schemaUrl"u8, resource.SchemaUrl);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write("\n"u8);
        return spans;
    }

    private static void WriteSpan(Utf8JsonWriter json, Span span)
    {
        json.WriteStartObject();
        WriteId(json, "traceId"u8, span.TraceId);
        WriteId(json, "spanId"u8, span.SpanId);
        WriteText(json, "traceState"u8, span.TraceState);
        WriteId(json, "parentSpanId"u8, span.ParentSpanId);
        if (span.Flags != 0) json.WriteNumber("flags"u8, span.Flags);
        WriteText(json, "name"u8, span.Name);
        if (span.Kind != 0) json.WriteNumber("kind"u8, (int)span.Kind);
        WriteNanos(json, "startTimeUnixNano"u8, span.StartTimeUnixNano);
        WriteNanos(json, "endTimeUnixNano"u8, span.EndTimeUnixNano);
        WriteAttributes(json, "attributes"u8, span.Attributes);
        WriteCount(json, "droppedAttributesCount"u8, span.DroppedAttributesCount);
        if (span.Events.Count > 0)
        {
            json.WriteStartArray("events"u8);
            foreach (Span.Types.Event e in span.Events)
            {
                json.WriteStartObject();
                WriteNanos(json, "timeUnixNano"u8, e.TimeUnixNano);
                WriteText(json, "name"u8, e.Name);
                WriteAttributes(json, "attributes"u8, e.Attributes);
                WriteCount(json, "droppedAttributesCount"u8, e.DroppedAttributesCount);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        WriteCount(json, "droppedEventsCount"u8, span.DroppedEventsCount);
        if (span.Links.Count > 0)
        {
            json.WriteStartArray("links"u8);
            foreach (Span.Types.Link link in span.Links)
            {
                json.WriteStartObject();
                WriteId(json, "traceId"u8, link.TraceId);
                WriteId(json, "spanId"u8, link.SpanId);
                WriteText(json, "traceState"u8, link.TraceState);
                WriteAttributes(json, "attributes"u8, link.Attributes);
                WriteCount(json, "droppedAttributesCount"u8, link.DroppedAttributesCount);
                if (link.Flags != 0) json.WriteNumber("flags"u8, link.Flags);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        WriteCount(json, "droppedLinksCount"u8, span.DroppedLinksCount);
        if (span.Status is { } status && (status.Code != 0 || status.Message.Length > 0))
        {
            json.WriteStartObject("status"u8);
            WriteText(json, "message"u8, status.Message);
            if (status.Code != 0) json.WriteNumber("code"u8, (int)status.Code);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, ReadOnlySpan<byte> name, RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0) return;
        json.WriteStartArray(name);
        foreach (KeyValue attribute in attributes) WriteKeyValue(json, attribute);
        json.WriteEndArray();
    }

    private static void WriteKeyValue(Utf8JsonWriter json, KeyValue attribute)
    {
        json.WriteStartObject();
        json.WriteString("key"u8, attribute.Key);
        json.WritePropertyName("value"u8);
        WriteAnyValue(json, attribute.Value);
        json.WriteEndObject();
    }

    private static void WriteAnyValue(Utf8JsonWriter json, AnyValue? value)
    {
        json.WriteStartObject();
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue: json.WriteString("stringValue"u8, value!.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: json.WriteBoolean("boolValue"u8, value!.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: json.WriteString("intValue"u8, value!.IntValue.ToString(CultureInfo.InvariantCulture)); break;
            case AnyValue.ValueOneofCase.DoubleValue:
                double d = value!.DoubleValue;
                // JSON has no NaN or infinities; protobuf's JSON mapping spells them as strings.
                if (double.IsFinite(d)) json.WriteNumber("doubleValue"u8, d);
                else json.WriteString("doubleValue"u8, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                break;
            case AnyValue.ValueOneofCase.BytesValue: json.WriteBase64String("bytesValue"u8, value!.BytesValue.Span); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartObject("arrayValue"u8);
                json.WriteStartArray("values"u8);
                foreach (AnyValue item in value!.ArrayValue.Values) WriteAnyValue(json, item);
                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject("kvlistValue"u8);
                json.WriteStartArray("values"u8);
                foreach (KeyValue item in value!.KvlistValue.Values) WriteKeyValue(json, item);
                json.WriteEndArray();
                json.WriteEndObject();
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter json, ReadOnlySpan<byte> name, ByteString id)
    {
        if (id.Length == 0) return;
        Span<char> hex = id.Length <= 32 ? stackalloc char[id.Length * 2] : new char[id.Length * 2];
        Convert.TryToHexStringLower(id.Span, hex, out int written);
        json.WriteString(name, hex.Slice(0, written));
    }

    private static void WriteNanos(Utf8JsonWriter json, ReadOnlySpan<byte> name, ulong nanos)
    {
        if (nanos == 0) return;
        Span<char> digits = stackalloc char[20];
        nanos.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        json.WriteString(name, digits.Slice(0, written));
    }

    private static void WriteText(Utf8JsonWriter json, ReadOnlySpan<byte> name, string value)
    {
        if (value.Length > 0) json.WriteString(name, value);
    }

    private static void WriteCount(Utf8JsonWriter json, ReadOnlySpan<byte> name, uint count)
    {
        if (count != 0) json.WriteNumber(name, count);
    }
}

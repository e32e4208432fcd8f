using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PerfGate.Cli.Collect;

/// <summary>
/// An OTLP/JSON export body (<c>application/json</c>): checked to be one JSON object, its spans counted
/// (<c>resourceSpans[].scopeSpans[].spans[]</c>), and written as one line of the trace file — as sent when it already is
/// one line, compacted when it was pretty-printed.
/// </summary>
internal static class OtlpJsonBody
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the body as one line and returns its span count; throws <see cref="JsonException"/> when it is not OTLP/JSON.</summary>
    public static int Write(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body.Slice(3);
        int spans = CountSpans(body);
        if (body.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            output.Write(body);
        }
        else
        {
            // A line break can only sit between tokens (JSON strings escape theirs): re-write the value compactly.
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            using var json = new Utf8JsonWriter(output, Compact);
            document.WriteTo(json);
        }
        output.Write("\n"u8);
        return spans;
    }

    private static int CountSpans(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        if (!reader.Read()) throw new JsonException("the body is empty: expected an OTLP/JSON ExportTraceServiceRequest object");
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"expected an OTLP/JSON ExportTraceServiceRequest object ({{\"resourceSpans\": [...]}}), found {reader.TokenType}");
        // A span is an object at depth 6: {resourceSpans: [{scopeSpans: [{spans: [{…}]}]}]}; the names on the way are
        // the properties read at depths 1, 3 and 5.
        bool resourceSpans = false, scopeSpans = false, spansArray = false;
        int spans = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    switch (reader.CurrentDepth)
                    {
                        case 1: resourceSpans = reader.ValueTextEquals("resourceSpans"u8); break;
                        case 3: scopeSpans = reader.ValueTextEquals("scopeSpans"u8) || reader.ValueTextEquals("instrumentationLibrarySpans"u8); break;
                        case 5: spansArray = reader.ValueTextEquals("spans"u8); break;
                    }
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 6 && resourceSpans && scopeSpans && spansArray:
                    spans++;
                    reader.Skip();
                    break;
            }
        }
        return spans;
    }
}

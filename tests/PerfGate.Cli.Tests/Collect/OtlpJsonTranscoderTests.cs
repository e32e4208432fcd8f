using System.Buffers;
using System.Text;
using Google.Protobuf;
using NUnit.Framework;
using PerfGate.Cli.Collect;
using PerfGate.Cli.Collect.Otlp;

namespace PerfGate.Cli.Tests.Collect;

/// <summary>Protobuf exports become OTLP/JSON as the specification encodes it, not as protobuf's generic JSON mapping would.</summary>
public sealed class OtlpJsonTranscoderTests
{
    [Test]
    public void Every_field_is_carried_with_hex_ids_integer_enums_and_int64_strings()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert16()),
            SpanId = ByteString.CopyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }),
            ParentSpanId = ByteString.CopyFrom(new byte[] { 0xFF, 0, 0, 0, 0, 0, 0, 1 }),
            TraceState = "k=v",
            Flags = 257,
            Name = "GET /users",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1_800_000_000_123_456_789UL,
            EndTimeUnixNano = 18_446_744_073_709_551_615UL,
            DroppedAttributesCount = 2,
            Status = new SpanStatus { Code = SpanStatus.Types.StatusCode.Error, Message = "boom" },
        };
        span.Attributes.Add(new KeyValue { Key = "s", Value = new AnyValue { StringValue = "<é\"\n>" } });
        span.Attributes.Add(new KeyValue { Key = "b", Value = new AnyValue { BoolValue = true } });
        span.Attributes.Add(new KeyValue { Key = "i", Value = new AnyValue { IntValue = -9_007_199_254_740_993 } });
        span.Attributes.Add(new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = 0.5 } });
        span.Attributes.Add(new KeyValue { Key = "nan", Value = new AnyValue { DoubleValue = double.NaN } });
        span.Attributes.Add(new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFromUtf8("hi") } });
        var array = new ArrayValue();
        array.Values.Add(new AnyValue { StringValue = "gzip" });
        span.Attributes.Add(new KeyValue { Key = "a", Value = new AnyValue { ArrayValue = array } });
        var list = new KeyValueList();
        list.Values.Add(new KeyValue { Key = "k", Value = new AnyValue { IntValue = 1 } });
        span.Attributes.Add(new KeyValue { Key = "kv", Value = new AnyValue { KvlistValue = list } });
        span.Attributes.Add(new KeyValue { Key = "empty", Value = new AnyValue() });
        span.Events.Add(new Span.Types.Event { TimeUnixNano = 5, Name = "exception" });
        span.Links.Add(new Span.Types.Link { TraceId = ByteString.CopyFrom(Convert16()),
            SpanId = ByteString.CopyFrom(new byte[8] { 9, 9, 9, 9, 9, 9, 9, 9 }), Flags = 1 });
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "http", Version = "1.0" },
            SchemaUrl = "https://opentelemetry.io/schemas/1.30.0" };
        scope.Spans.Add(span);
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "users" } });
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);

        var output = new ArrayBufferWriter<byte>();
        Assert.That(OtlpJsonTranscoder.Write(request, output), Is.EqualTo(1));
        Assert.That(Encoding.UTF8.GetString(output.WrittenSpan), Is.EqualTo(
            "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"users\"}}]},\"scopeSpans\":[{"
            + "\"scope\":{\"name\":\"http\",\"version\":\"1.0\"},\"spans\":[{\"traceId\":\"000102030405060708090a0b0c0d0e0f\",\"spanId\":\"0102030405060708\","
            + "\"traceState\":\"k=v\",\"parentSpanId\":\"ff00000000000001\",\"flags\":257,\"name\":\"GET /users\",\"kind\":2,"
            + "\"startTimeUnixNano\":\"1800000000123456789\",\"endTimeUnixNano\":\"18446744073709551615\",\"attributes\":["
            + "{\"key\":\"s\",\"value\":{\"stringValue\":\"<é\\\"\\n>\"}},{\"key\":\"b\",\"value\":{\"boolValue\":true}},"
            + "{\"key\":\"i\",\"value\":{\"intValue\":\"-9007199254740993\"}},{\"key\":\"d\",\"value\":{\"doubleValue\":0.5}},"
            + "{\"key\":\"nan\",\"value\":{\"doubleValue\":\"NaN\"}},{\"key\":\"bytes\",\"value\":{\"bytesValue\":\"aGk=\"}},"
            + "{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"gzip\"}]}}},"
            + "{\"key\":\"kv\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":{\"intValue\":\"1\"}}]}}},{\"key\":\"empty\",\"value\":{}}],"
            + "\"droppedAttributesCount\":2,\"events\":[{\"timeUnixNano\":\"5\",\"name\":\"exception\"}],"
            + "\"links\":[{\"traceId\":\"000102030405060708090a0b0c0d0e0f\",\"spanId\":\"0909090909090909\",\"flags\":1}],"
            + "\"status\":{\"message\":\"boom\",\"code\":2}}],\"schemaUrl\":\"https://opentelemetry.io/schemas/1.30.0\"}]}]}\n"));
    }

    private static byte[] Convert16()
    {
        var id = new byte[16];
        for (int i = 0; i < 16; i++) id[i] = (byte)i;
        return id;
    }
}

using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Google.Protobuf;
using PerfGate.Cli.Collect.Otlp;

namespace PerfGate.Cli.Tests.Collect;

/// <summary>
/// OTLP exports as an instrumented Express + Prisma service sends them: a GET /users/slow server span with
/// <paramref name="queries"/> Post.findMany operations, each with its prisma:client:db_query ($1 placeholders, no values).
/// </summary>
internal static class TraceExports
{
    public const string Sql = "SELECT \"public\".\"Post\".\"id\" FROM \"public\".\"Post\" WHERE \"public\".\"Post\".\"authorId\" = $1 LIMIT $2 OFFSET $3";

    public static ExportTraceServiceRequest Protobuf(int queries, int traceNumber = 1)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "prisma", Version = "7.10.0" } };
        byte[] trace = Id(16, traceNumber);
        ulong clock = 1_800_000_000_000_000_000UL;
        Span server = NewSpan(trace, 1, null, "GET /users/slow", Span.Types.SpanKind.Server, ref clock,
            ("http.request.method", "GET"), ("http.route", "/users/slow"), ("url.path", "/users/slow"));
        scope.Spans.Add(server);
        for (int i = 0; i < queries; i++)
        {
            Span operation = NewSpan(trace, 10 + i * 2, server, "prisma:client:operation", Span.Types.SpanKind.Internal, ref clock,
                ("method", "findMany"), ("model", "Post"), ("name", "Post.findMany"));
            scope.Spans.Add(operation);
            scope.Spans.Add(NewSpan(trace, 11 + i * 2, operation, "prisma:client:db_query", Span.Types.SpanKind.Client, ref clock,
                ("db.query.text", Sql), ("db.system.name", "postgresql")));
        }
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "users" } });
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    /// <summary>The same export in OTLP/JSON, as @opentelemetry/exporter-trace-otlp-http sends it (hex IDs, int64 strings).</summary>
    public static string Json(int queries, int traceNumber = 1, bool indented = false)
    {
        string trace = Hex(Id(16, traceNumber));
        var spans = new StringBuilder();
        long clock = 1_800_000_000_000_000_000L;
        string Span(int id, int? parent, string name, int kind, params (string Key, string Value)[] attributes)
        {
            string attrs = string.Join(
                ",", attributes.Select(a => $"{{\"key\":\"{a.Key}\",\"value\":{{\"stringValue\":{System.Text.Json.JsonSerializer.Serialize(a.Value)}}}}}"));
            clock += 1_000_000;
            return $"{{\"traceId\":\"{trace}\",\"spanId\":\"{Hex(Id(8, id))}\"" + (parent is int p ? $",\"parentSpanId\":\"{Hex(Id(8, p))}\"" : "")
                + $",\"name\":\"{name}\",\"kind\":{kind},\"startTimeUnixNano\":\"{clock}\",\"endTimeUnixNano\":\"{clock + 500_000}\",\"attributes\":[{attrs}]}}";
        }
        spans.Append(Span(1, null, "GET /users/slow", 2, ("http.request.method", "GET"), ("http.route", "/users/slow")));
        for (int i = 0; i < queries; i++)
        {
            spans.Append(',').Append(Span(10 + i * 2, 1, "prisma:client:operation", 1, ("method", "findMany"), ("model", "Post")));
            spans.Append(',').Append(Span(11 + i * 2, 10 + i * 2, "prisma:client:db_query", 3, ("db.query.text", Sql), ("db.system.name", "postgresql")));
        }
        string json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"users\"}}]},"
            + "\"scopeSpans\":[{\"scope\":{\"name\":\"prisma\"},\"spans\":[" + spans + "]}]}]}";
        return indented ? System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) : json;
    }

    private static Span NewSpan(
        byte[] trace, int id, Span? parent, string name, Span.Types.SpanKind kind, ref ulong clock, params (string Key, string Value)[] attributes)
    {
        clock += 1_000_000;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(trace),
            SpanId = ByteString.CopyFrom(Id(8, id)),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = clock,
            EndTimeUnixNano = clock + 500_000,
            Flags = 0x101,
        };
        if (parent != null) span.ParentSpanId = parent.SpanId;
        foreach (var (key, value) in attributes) span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
        return span;
    }

    private static byte[] Id(int bytes, int n)
    {
        var id = new byte[bytes];
        BitConverter.TryWriteBytes(id.AsSpan(bytes - 4), n);
        if (BitConverter.IsLittleEndian) Array.Reverse(id, bytes - 4, 4);
        id[0] = 0xAB;
        return id;
    }

    private static string Hex(byte[] id) => Convert.ToHexStringLower(id);

    public static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
}

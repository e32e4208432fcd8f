using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using PerfGate.Cli.Collect.Otlp;

// ReceiverBench ENDPOINT protobuf|json SPANS [SENDERS]
// Sends SPANS spans in exports of 512 (a request span and its 15 query spans per trace, 32 traces per export) and
// prints "format spans exports seconds spans/s". Bodies are built once (16 variants) and sent round-robin.
if (args.Length < 3) { Console.Error.WriteLine("usage: ReceiverBench ENDPOINT protobuf|json SPANS [SENDERS]"); return 2; }
string endpoint = args[0].TrimEnd('/') + "/v1/traces";
bool json = args[1] == "json";
long spans = long.Parse(args[2], CultureInfo.InvariantCulture);
int senders = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
const int PerExport = 512;
long exports = (spans + PerExport - 1) / PerExport;
byte[][] bodies = Enumerable.Range(0, 16).Select(v => json ? Encoding.UTF8.GetBytes(Json(v)) : Export(v).ToByteArray()).ToArray();

using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
long next = -1, failed = 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
{
    long i;
    while ((i = Interlocked.Increment(ref next)) < exports)
    {
        using var content = new ByteArrayContent(bodies[i % bodies.Length]);
        content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/x-protobuf");
        using HttpResponseMessage response = await http.PostAsync(endpoint, content);
        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
    }
}));
clock.Stop();
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Format(
    CultureInfo.InvariantCulture, "{0} {1} {2} {3:0.00} {4:0}", json ? "json" : "protobuf", exports * PerExport, exports, seconds,
        exports * PerExport / seconds));
return failed == 0 ? 0 : 1;

static ExportTraceServiceRequest Export(int variant)
{
    var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "bench" } };
    ulong clock = 1_800_000_000_000_000_000UL;
    for (int t = 0; t < PerExport / 16; t++)
    {
        var trace = ByteString.CopyFrom(Id(16, variant * 1000 + t));
        var server = NewSpan(
            trace, 1, null, "GET /users/{id}", Span.Types.SpanKind.Server, ref clock, ("http.request.method", "GET"), ("http.route", "/users/{id}"));
        scope.Spans.Add(server);
        for (int q = 0; q < 15; q++)
            scope.Spans.Add(NewSpan(trace, 2 + q, server, "prisma:client:db_query", Span.Types.SpanKind.Client, ref clock,
                ("db.query.text", "SELECT \"Post\".\"id\", \"Post\".\"title\" FROM \"Post\" WHERE \"Post\".\"authorId\" = $1 LIMIT $2"),
                    ("db.system.name", "postgresql")));
    }
    var resource = new ResourceSpans { Resource = new Resource(), ScopeSpans = { scope } };
    resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "bench" } });
    return new ExportTraceServiceRequest { ResourceSpans = { resource } };
}

static Span NewSpan(
    ByteString trace, int id, Span? parent, string name, Span.Types.SpanKind kind, ref ulong clock, params (string Key, string Value)[] attributes)
{
    clock += 1_000_000;
    var span = new Span { TraceId = trace, SpanId = ByteString.CopyFrom(Id(8, id)), Name = name, Kind = kind, StartTimeUnixNano = clock,
        EndTimeUnixNano = clock + 400_000 };
    if (parent != null) span.ParentSpanId = parent.SpanId;
    foreach (var (key, value) in attributes) span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
    return span;
}

static string Json(int variant)
{
    // The OTLP/JSON an SDK's http/json exporter sends for the same export.
    var text = new StringBuilder(
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"bench\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"bench\"},\"spans\":[");
    long clock = 1_800_000_000_000_000_000L;
    bool first = true;
    for (int t = 0; t < PerExport / 16; t++)
    {
        string trace = Convert.ToHexStringLower(Id(16, variant * 1000 + t));
        for (int s = 0; s < 16; s++)
        {
            clock += 1_000_000;
            if (!first) text.Append(',');
            first = false;
            text.Append("{\"traceId\":\"").Append(trace).Append("\",\"spanId\":\"").Append(Convert.ToHexStringLower(Id(8, 1 + s))).Append('"');
            if (s > 0) text.Append(",\"parentSpanId\":\"").Append(Convert.ToHexStringLower(Id(8, 1))).Append('"');
            text.Append(",\"name\":\"").Append(s == 0 ? "GET /users/{id}" : "prisma:client:db_query").Append("\",\"kind\":").Append(s == 0 ? 2 : 3)
                .Append(",\"startTimeUnixNano\":\"").Append(clock).Append("\",\"endTimeUnixNano\":\"").Append(clock + 400_000).Append("\",\"attributes\":[");
            text.Append(s == 0
                ? "{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"GET\"}},{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/users/{id}\"}}"
                : "{\"key\":\"db.query.text\",\"value\":{\"stringValue\":\"SELECT \\\"Post\\\".\\\"id\\\", \\\"Post\\\".\\\"title\\\" FROM \\\"Post\\\" WHERE \\\"Post\\\".\\\"authorId\\\" = $1 LIMIT $2\"}},{\"key\":\"db.system.name\",\"value\":{\"stringValue\":\"postgresql\"}}");
            text.Append("]}");
        }
    }
    return text.Append("]}]}]}").ToString();
}

static byte[] Id(int bytes, int n)
{
    var id = new byte[bytes];
    id[0] = 0xAB;
    BitConverter.TryWriteBytes(id.AsSpan(bytes - 4), n);
    return id;
}

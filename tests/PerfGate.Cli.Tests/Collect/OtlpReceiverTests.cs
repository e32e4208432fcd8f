using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using NUnit.Framework;
using PerfGate.Cli.Collect;
using PerfGate.Cli.Collect.Otlp;
using PerfGate.Cli.Tests.Infrastructure;

namespace PerfGate.Cli.Tests.Collect;

/// <summary>
/// The OTLP/HTTP receiver of `perfgate collect`, on a real Kestrel listener and a real HttpClient: what it accepts becomes
/// OTLP JSON lines that `perfgate check` gates, and what it refuses is answered as the OTLP specification says and counted.
/// </summary>
[NonParallelizable]
public sealed class OtlpReceiverTests
{
    private sealed class Running : IAsyncDisposable
    {
        public readonly TempDir Dir = new();
        public TraceFileSink Sink = null!;
        public OtlpHttpReceiver Receiver = null!;
        public readonly HttpClient Http = new();

        public static async Task<Running> StartAsync(long maxBody = ReceiverOptions.DefaultMaxBodyBytes, int port = 0)
        {
            var running = new Running();
            running.Dir.Write("perfgate.yml", "budgets:\n  traces:\n    - files: \"traces/*.otlp.json\"\n");
            running.Sink = new TraceFileSink(Path.Combine(running.Dir.Path, "traces"), "collect-test");
            running.Receiver = await OtlpHttpReceiver.StartAsync(new ReceiverOptions(IPAddress.Loopback, port, maxBody), running.Sink, CancellationToken.None);
            return running;
        }

        public Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string? encoding = null, string path = OtlpHttpReceiver.TracesPath)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (encoding != null) content.Headers.ContentEncoding.Add(encoding);
            return Http.PostAsync(Receiver.Endpoint + path, content);
        }

        /// <summary>Stops the receiver, completes the files, and gates them with `perfgate check`.</summary>
        public async Task<CliRun> StopAndCheckAsync()
        {
            await Receiver.StopAsync(TimeSpan.FromSeconds(5));
            Sink.Dispose();
            return InProcess.Run(Dir.Path, "check");
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Receiver.DisposeAsync();
            Sink.Dispose();
            Dir.Dispose();
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    [Test]
    public async Task A_protobuf_export_is_answered_in_protobuf_and_its_N_plus_one_fails_the_gate()
    {
        await using Running run = await Running.StartAsync();
        using HttpResponseMessage response = await run.PostAsync(TraceExports.Protobuf(12).ToByteArray(), "application/x-protobuf");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-protobuf"));
        Assert.That(ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).PartialSuccess, Is.Null);

        CliRun check = await run.StopAndCheckAsync();
        Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
        Assert.That(check.Stdout, Does.Contain("error PG5001: 12 × Post.findMany under GET /users/slow (one query shape, parameters not recorded)"),
            check.ToString());
        Assert.That(run.Receiver.Stats.Spans, Is.EqualTo(25));
        Assert.That(run.Sink.Files.Single(), Does.EndWith(Path.Combine("traces", "collect-test.otlp.json")));
    }

    [Test]
    public async Task Json_and_gzip_exports_are_accepted_and_written_one_line_each()
    {
        await using Running run = await Running.StartAsync();
        Assert.That((await run.PostAsync(Encoding.UTF8.GetBytes(TraceExports.Json(6, 1)), "application/json")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await run.PostAsync(Encoding.UTF8.GetBytes(TraceExports.Json(6, 2, indented: true)), "application/json; charset=utf-8"))
            .StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await run.PostAsync(Gzip(Encoding.UTF8.GetBytes(TraceExports.Json(6, 3))), "application/json", "gzip")).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        using HttpResponseMessage gzipped = await run.PostAsync(Gzip(TraceExports.Protobuf(6, 4).ToByteArray()), "application/x-protobuf", "gzip");
        Assert.That(gzipped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await (await run.PostAsync(Encoding.UTF8.GetBytes(TraceExports.Json(1, 5)), "application/json")).Content.ReadAsStringAsync(),
            Is.EqualTo("{}"));

        CliRun check = await run.StopAndCheckAsync();
        string[] lines = File.ReadAllLines(run.Sink.Files.Single());
        Assert.That(lines, Has.Length.EqualTo(5), "one OTLP JSON line per export, the indented one compacted");
        Assert.That(run.Receiver.Stats.Describe(), Is.EqualTo("received 55 span(s) in 5 export(s) (1 protobuf, 4 JSON)"));
        Assert.That(check.ExitCode, Is.EqualTo(0), "6 queries of one shape are a warning: " + check);
        Assert.That(check.Stdout, Does.Contain("warning PG5001: 6 × Post.findMany under GET /users/slow").And.Contain("(seen in 4 requests)"),
            check.ToString());
    }

    [Test]
    public async Task A_wrong_content_type_or_encoding_is_415_and_nothing_is_written()
    {
        await using Running run = await Running.StartAsync();
        using HttpResponseMessage text = await run.PostAsync(Encoding.UTF8.GetBytes(TraceExports.Json(6)), "text/plain");
        Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(await text.Content.ReadAsStringAsync(), Does.Contain("unsupported content type 'text/plain'"));
        using HttpResponseMessage brotli = await run.PostAsync(Encoding.UTF8.GetBytes(TraceExports.Json(6)), "application/json", "br");
        Assert.That(brotli.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(run.Receiver.Stats.Rejections.Single(),
            Is.EqualTo((415, 2, "unsupported content type 'text/plain': send application/x-protobuf or application/json")));
        Assert.That(run.Receiver.Stats.Spans, Is.Zero);
    }

    [Test]
    public async Task A_body_over_the_limit_is_413_and_the_exports_around_it_are_kept()
    {
        await using Running run = await Running.StartAsync(maxBody: 64 * 1024);
        Assert.That((await run.PostAsync(TraceExports.Protobuf(5, 1).ToByteArray(), "application/x-protobuf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        byte[] big = TraceExports.Protobuf(400, 2).ToByteArray();
        Assert.That(big.Length, Is.GreaterThan(64 * 1024));
        using (HttpResponseMessage tooLarge = await run.PostAsync(big, "application/x-protobuf"))
        {
            Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(RpcStatus.Parser.ParseFrom(await tooLarge.Content.ReadAsByteArrayAsync()).Message, Does.Contain("over the limit of 65,536 bytes"));
        }
        // Small on the wire, large inflated: the limit holds after decompression too.
        using (HttpResponseMessage bomb = await run.PostAsync(Gzip(big), "application/x-protobuf", "gzip"))
            Assert.That(bomb.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await run.PostAsync(TraceExports.Protobuf(5, 3).ToByteArray(), "application/x-protobuf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await run.StopAndCheckAsync();
        Assert.That(File.ReadAllLines(run.Sink.Files.Single()), Has.Length.EqualTo(2));
        Assert.That(run.Receiver.Stats.Spans, Is.EqualTo(22));
        Assert.That(run.Receiver.Stats.Rejections.Single().Count, Is.EqualTo(2));
    }

    [Test]
    public async Task Garbage_is_400_with_a_status_counted_and_the_receiver_goes_on()
    {
        await using Running run = await Running.StartAsync();
        using (HttpResponseMessage garbage = await run.PostAsync(Encoding.UTF8.GetBytes("this is not protobuf at all"), "application/x-protobuf"))
        {
            Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(garbage.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-protobuf"));
            RpcStatus status = RpcStatus.Parser.ParseFrom(await garbage.Content.ReadAsByteArrayAsync());
            Assert.That(status.Code, Is.EqualTo(3));
            Assert.That(status.Message, Does.StartWith("the body is not an OTLP protobuf ExportTraceServiceRequest"));
        }
        using (HttpResponseMessage json = await run.PostAsync(Encoding.UTF8.GetBytes(TraceExports.Protobuf(2).ToString().Substring(0, 40)), "application/json"))
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (HttpResponseMessage array = await run.PostAsync(Encoding.UTF8.GetBytes("[1, 2]"), "application/json"))
            Assert.That(await array.Content.ReadAsStringAsync(), Does.Contain("expected an OTLP/JSON ExportTraceServiceRequest object"));
        using (HttpResponseMessage badGzip = await run.PostAsync(Encoding.UTF8.GetBytes("not gzip"), "application/json", "gzip"))
            Assert.That(badGzip.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await run.PostAsync(TraceExports.Protobuf(1).ToByteArray(), "application/x-protobuf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(run.Receiver.Stats.Rejections.Select(r => (r.Status, r.Count)), Is.EqualTo(new[] { (400, 4) }));
        Assert.That(run.Receiver.Stats.Spans, Is.EqualTo(3));
    }

    [Test]
    public async Task Other_paths_and_methods_are_refused()
    {
        await using Running run = await Running.StartAsync();
        using HttpResponseMessage metrics = await run.PostAsync(TraceExports.Protobuf(1).ToByteArray(), "application/x-protobuf", path: "/v1/metrics");
        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using HttpResponseMessage get = await run.Http.GetAsync(run.Receiver.TracesEndpoint);
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(get.Content.Headers.Allow, Is.EquivalentTo(new[] { "POST" }));
    }

    [Test]
    public async Task A_port_in_use_gives_way_to_a_free_one_on_loopback()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using Running run = await Running.StartAsync(port: port);
        Assert.That(run.Receiver.PortInUse, Is.EqualTo(port));
        Assert.That(run.Receiver.Port, Is.Not.EqualTo(port).And.GreaterThan(0));
        Assert.That(run.Receiver.Endpoint, Is.EqualTo("http://127.0.0.1:" + run.Receiver.Port));
        Assert.That(run.Receiver.ListeningOn, Is.EqualTo("http://127.0.0.1:" + run.Receiver.Port), "loopback only");
        Assert.That((await run.PostAsync(TraceExports.Protobuf(1).ToByteArray(), "application/x-protobuf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}

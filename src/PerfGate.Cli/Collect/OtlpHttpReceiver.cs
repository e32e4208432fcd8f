using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using PerfGate.Cli.Collect.Otlp;

namespace PerfGate.Cli.Collect;

/// <summary>Where and how the receiver listens.</summary>
/// <param name="Address">Loopback unless the user asks for another interface.</param>
/// <param name="Port">The port to try first (4318, OTLP/HTTP's default); when it is taken, any free one.</param>
/// <param name="MaxBodyBytes">The largest body accepted, as sent and after decompression; larger ones are answered 413.</param>
internal sealed record ReceiverOptions(IPAddress Address, int Port, long MaxBodyBytes)
{
    public const int DefaultPort = 4318;
    public const long DefaultMaxBodyBytes = 16L * 1024 * 1024;

    /// <summary>Exports decoded at once; the rest wait (their connections hold them), so memory stays bounded.</summary>
    public int MaxConcurrentExports { get; init; } = Math.Max(2, Environment.ProcessorCount);
}

/// <summary>
/// An OTLP/HTTP trace receiver (<c>POST /v1/traces</c>, <c>application/x-protobuf</c> or <c>application/json</c>,
/// optionally gzip) on Kestrel, as the OTLP specification describes it: 200 with an <c>ExportTraceServiceResponse</c> in
/// the request's encoding, 400 with a <c>google.rpc.Status</c> for a body that does not decode, 413 above the body limit,
/// 415 for another content type or encoding. Every accepted export goes to a <see cref="TraceFileSink"/> as one line of
/// OTLP/JSON. Rejections are counted, never silent.
/// </summary>
internal sealed class OtlpHttpReceiver : IAsyncDisposable
{
    public const string TracesPath = "/v1/traces";

    private readonly WebApplication _app;
    private readonly TraceFileSink _sink;
    private readonly ReceiverOptions _options;
    private readonly SemaphoreSlim _exports;

    private OtlpHttpReceiver(WebApplication app, TraceFileSink sink, ReceiverOptions options)
    {
        _app = app;
        _sink = sink;
        _options = options;
        _exports = new SemaphoreSlim(options.MaxConcurrentExports);
    }

    public ReceiverStats Stats { get; } = new();

    /// <summary>The address Kestrel bound, as it reports it ("http://127.0.0.1:4318").</summary>
    public string ListeningOn { get; private set; } = "";

    /// <summary>The port actually listened on.</summary>
    public int Port { get; private set; }

    /// <summary>The port asked for, when it was taken and another one was picked.</summary>
    public int? PortInUse { get; private set; }

    /// <summary>The base URL a local exporter uses (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): loopback even when listening wider.</summary>
    public string Endpoint => "http://" + (_options.Address.AddressFamily == AddressFamily.InterNetworkV6 && IPAddress.IsLoopback(_options.Address)
        ? "[::1]" : "127.0.0.1") + ":" + Port.ToString(CultureInfo.InvariantCulture);

    public string TracesEndpoint => Endpoint + TracesPath;

    public static async Task<OtlpHttpReceiver> StartAsync(ReceiverOptions options, TraceFileSink sink, CancellationToken cancel)
    {
        try
        {
            return await StartOnAsync(options, sink, options.Port, cancel).ConfigureAwait(false);
        }
        catch (IOException) when (options.Port != 0)
        {
            // The port is taken (another collector, an earlier run): any free port will do, and the child is told which.
            OtlpHttpReceiver receiver = await StartOnAsync(options, sink, 0, cancel).ConfigureAwait(false);
            receiver.PortInUse = options.Port;
            return receiver;
        }
    }

    private static async Task<OtlpHttpReceiver> StartOnAsync(ReceiverOptions options, TraceFileSink sink, int port, CancellationToken cancel)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Listen(options.Address, port);
        });
        WebApplication app = builder.Build();
        var receiver = new OtlpHttpReceiver(app, sink, options);
        app.Run(receiver.HandleAsync);
        try
        {
            await app.StartAsync(cancel).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        string address = app.Services.GetService(typeof(IServer)) is IServer server && server.Features.Get<IServerAddressesFeature>() is { } addresses
            ? System.Linq.Enumerable.First(addresses.Addresses)
            : throw new InvalidOperationException("Kestrel reported no address");
        receiver.Port = new Uri(address).Port;
        receiver.ListeningOn = address;
        return receiver;
    }

    /// <summary>Stops accepting, lets the exports in flight finish (up to <paramref name="grace"/>), and returns.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _exports.Dispose();
    }

    private enum Encoding { Protobuf, Json }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (!string.Equals(request.Path.Value, TracesPath, StringComparison.Ordinal))
        {
            await RejectAsync(context, StatusCodes.Status404NotFound, null, "PerfGate receives traces only: POST " + TracesPath).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await RejectAsync(context, StatusCodes.Status405MethodNotAllowed, null, "use POST " + TracesPath).ConfigureAwait(false);
            return;
        }
        Encoding? encoding = EncodingOf(request.ContentType);
        if (encoding == null)
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, null,
                $"unsupported content type '{request.ContentType}': send application/x-protobuf or application/json").ConfigureAwait(false);
            return;
        }
        string? contentEncoding = request.Headers.ContentEncoding;
        bool gzip = string.Equals(contentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && !string.IsNullOrEmpty(contentEncoding) && !string.Equals(contentEncoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, encoding,
                $"unsupported content encoding '{contentEncoding}': send gzip or no encoding").ConfigureAwait(false);
            return;
        }

        await _exports.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        byte[]? body = null;
        try
        {
            int length;
            try
            {
                (body, length) = await ReadBodyAsync(request.Body, gzip, _options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BodyTooLargeException || (e is BadHttpRequestException b && b.StatusCode == StatusCodes.Status413PayloadTooLarge))
            {
                await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, encoding,
                    $"the body is over the limit of {Size(_options.MaxBodyBytes)} (perfgate collect --max-body)").ConfigureAwait(false);
                return;
            }
            catch (InvalidDataException e)
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, encoding, "the gzip body does not decompress: " + e.Message).ConfigureAwait(false);
                return;
            }

            var line = new ArrayBufferWriter<byte>(Math.Max(256, length * (encoding == Encoding.Protobuf ? 3 : 1) + 2));
            int spans;
            try
            {
                spans = encoding == Encoding.Protobuf ? TranscodeProtobuf(body, length, line) : OtlpJsonBody.Write(body.AsSpan(0, length), line);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or JsonException or InvalidDataException)
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, encoding,
                    $"the body is not an OTLP {(encoding == Encoding.Protobuf ? "protobuf" : "JSON")} ExportTraceServiceRequest: {e.Message}")
                        .ConfigureAwait(false);
                return;
            }
            _sink.Append(line.WrittenSpan, spans);
            Stats.Accepted(encoding == Encoding.Protobuf, spans);
            await RespondAsync(context, StatusCodes.Status200OK, encoding.Value, new ExportTraceServiceResponse(), "{}"u8.ToArray()).ConfigureAwait(false);
        }
        finally
        {
            if (body != null) ArrayPool<byte>.Shared.Return(body);
            _exports.Release();
        }
    }

    private static int TranscodeProtobuf(byte[] body, int length, IBufferWriter<byte> line)
    {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.Parser.ParseFrom(body, 0, length);
        // Protobuf decodes many byte strings into "unknown fields"; an export has none at its top.
        if (request.ResourceSpans.Count == 0 && length > 0)
            throw new InvalidDataException("no resource_spans (field 1) in a non-empty body");
        return OtlpJsonTranscoder.Write(request, line);
    }

    private static Encoding? EncodingOf(string? contentType)
    {
        if (contentType == null || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)) return null;
        string type = media.MediaType.Value ?? "";
        if (type.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase))
            return Encoding.Protobuf;
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return Encoding.Json;
        return null;
    }

    private sealed class BodyTooLargeException : Exception;

    /// <summary>Reads the body (inflated when gzip) into a pooled buffer, refusing more than <paramref name="limit"/> bytes.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(Stream raw, bool gzip, long limit, CancellationToken cancel)
    {
        Stream source = gzip ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true) : raw;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit) throw new BodyTooLargeException();
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await source.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, limit + 1 - length)), cancel)
                    .ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > limit) throw new BodyTooLargeException();
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            if (gzip) await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task RejectAsync(HttpContext context, int status, Encoding? encoding, string message)
    {
        Stats.Rejected(status, message);
        // google.rpc.Status codes: INVALID_ARGUMENT for bad input, RESOURCE_EXHAUSTED above the limit, UNIMPLEMENTED otherwise.
        int code = status switch { 400 => 3, 413 => 8, _ => 12 };
        var rpc = new RpcStatus { Code = code, Message = message };
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code"u8, code);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
        }
        return RespondAsync(context, status, encoding ?? Encoding.Json, rpc, json.WrittenSpan.ToArray());
    }

    private static async Task RespondAsync(HttpContext context, int status, Encoding encoding, IMessage protobuf, byte[] json)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        byte[] body = encoding == Encoding.Protobuf ? protobuf.ToByteArray() : json;
        response.ContentType = encoding == Encoding.Protobuf ? "application/x-protobuf" : "application/json";
        response.ContentLength = body.Length;
        if (body.Length > 0) await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    internal static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB"
        : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}

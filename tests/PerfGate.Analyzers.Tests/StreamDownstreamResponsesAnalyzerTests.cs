using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.StreamDownstreamResponsesAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class StreamDownstreamResponsesAnalyzerTests
    {
        /// <summary>What PG4007's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4007", ExampleScaffolds.Web + @"using System.Net.Http;

public sealed class VideoProxyController : ControllerBase
{
    private readonly HttpClient _http = new HttpClient();

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
";

        // ---- flagged -------------------------------------------------------------------------

        /// <summary>A remote media file proxied to the client (jellyfin's remote stream helper before its fix).</summary>
        [Test]
        public Task RemoteStreamReturnedAsAFileResult_IsReported() => Verify.VerifyWebAsync(U + @"
public static class RemoteStreams
{
    public static async Task<ActionResult> GetRemoteStream(string url, HttpClient httpClient, HttpContext httpContext, CancellationToken cancellationToken)
    {
        // Can't dispose the response as it's required up the call chain.
        var response = await httpClient.{|#0:GetAsync(new Uri(url), cancellationToken)|}.ConfigureAwait(false);
        var contentType = response.Content.Headers.ContentType?.ToString() ?? ""text/plain"";
        httpContext.Response.Headers[""Accept-Ranges""] = ""none"";
        return new FileStreamResult(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), contentType);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("GetAsync", "new FileStreamResult"));

        /// <summary>A synchronous dispatcher that copies downloads to a target stream and reads other answers into bytes (Sonarr before its fix).</summary>
        [Test]
        public Task DownloadCopiedToATargetStream_IsReported() => Verify.VerifyWebAsync(U + @"
public static class StreamExtensions
{
    public static byte[] ToBytes(this Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }
}
public sealed class DownloadRequest
{
    public Uri Url { get; set; } = new Uri(""http://localhost/"");
    public Stream? ResponseStream { get; set; }
}
public sealed class Dispatcher(HttpClient httpClient)
{
    public byte[]? GetResponse(DownloadRequest request, CancellationToken token)
    {
        var requestMessage = new HttpRequestMessage(HttpMethod.Get, request.Url);
        HttpResponseMessage responseMessage;
        responseMessage = httpClient.{|#0:Send(requestMessage, token)|};
        byte[]? data = null;
        using (var responseStream = responseMessage.Content.ReadAsStream())
        {
            if (responseStream != null && responseStream != Stream.Null)
            {
                if (request.ResponseStream != null && responseMessage.StatusCode == HttpStatusCode.OK)
                {
                    responseStream.CopyTo(request.ResponseStream);
                }
                else
                {
                    data = responseStream.ToBytes();
                }
            }
        }

        return data;
    }

    public async Task SaveAsync(Uri url, string path, CancellationToken ct)
    {
        using var response = await httpClient.{|#1:SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct)|};
        response.EnsureSuccessStatusCode();
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, ct);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Send", "Stream.CopyTo"),
            Verify.Diagnostic().WithLocation(1).WithArguments("SendAsync", "Content.CopyToAsync"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task HeadersReadOrBodiesNeededWhole_AreNotReported() => Verify.VerifyWebAsync(U + @"
public sealed record Rates(decimal Eur);
public sealed class Clients(HttpClient http)
{
    public async Task<ActionResult> ProxyAsync(string url, CancellationToken ct)
    {
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        return new FileStreamResult(await response.Content.ReadAsStreamAsync(ct), ""video/mp4"");
    }

    public async Task<string> TextAsync(string url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<Rates?> ParsedAsync(string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync<Rates>(body, cancellationToken: ct);
    }

    public async Task<HttpResponseMessage> HandedOnAsync(string url) 
    {
        var response = await http.GetAsync(url);
        return response;
    }

    public async Task<byte[]> BytesAsync(string url, string path)
    {
        var bytes = await http.GetByteArrayAsync(url);
        await File.WriteAllBytesAsync(path, bytes);
        return bytes;
    }

    [Microsoft.AspNetCore.Authorization.Authorize(Roles = ""Host Users"")]
    public async Task InstallPackageAsync(string url, string path)
    {
        var response = await http.GetAsync(url);
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file);
    }

    public async Task<string> ReadLinesAsync(string url)
    {
        var response = await http.GetAsync(url);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        return await reader.ReadLineAsync() ?? """";
    }
}");
    }
}

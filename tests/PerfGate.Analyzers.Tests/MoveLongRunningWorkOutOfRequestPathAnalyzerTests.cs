using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.MoveLongRunningWorkOutOfRequestPathAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class MoveLongRunningWorkOutOfRequestPathAnalyzerTests
    {
        /// <summary>What PG4005's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4005", ExampleScaffolds.Web + @"using System.Diagnostics;
using System.Threading.Channels;

public sealed record TranscodeJob(string Id);

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = @"using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
";

        private const string Process = "waits for a process it started";

        [Test]
        public Task ProcessWaitAndPollingInRequestPath_AreReported() => Verify.VerifyWebAsync(U + @"
public sealed class Transcoder
{
    public async Task TranscodeAsync(string input)
    {
        using var ffmpeg = System.Diagnostics.Process.Start(""ffmpeg"", ""-i "" + input + "" out.mp4"")!;
        await ffmpeg.{|#0:WaitForExitAsync()|};
    }
}

public sealed class VideosController : ControllerBase
{
    private readonly Transcoder _transcoder;
    private readonly HttpClient _http;
    public VideosController(Transcoder transcoder, HttpClient http) { _transcoder = transcoder; _http = http; }

    [HttpPost]
    public async Task<IActionResult> Transcode(string id)
    {
        await _transcoder.TranscodeAsync(id);
        return Ok();
    }

    [HttpPost(""thumb"")]
    public IActionResult Thumbnail(string id)
    {
        var p = new System.Diagnostics.Process { StartInfo = new ProcessStartInfo(""ffmpeg"", id) };
        p.Start();
        p.{|#1:WaitForExit()|};
        return Ok();
    }

    [HttpPost(""render"")]
    public async Task<IActionResult> Render(string id)
    {
        string status = """";
        while (status != ""done"")
        {
            await Task.{|#2:Delay(2000)|};
            status = await _http.GetStringAsync(""https://render.example/jobs/"" + id);
        }
        return Ok();
    }
}

public static class Endpoints
{
    public static void Map(WebApplication app) =>
        app.MapPost(""/gif"", async (string id) =>
        {
            using var p = System.Diagnostics.Process.Start(""ffmpeg"", id)!;
            await p.{|#3:WaitForExitAsync()|};
            return Results.Ok();
        });
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("WaitForExitAsync", Process, "'TranscodeAsync', reached from a request handler",
                " [reached from POST VideosController.Transcode via Transcoder.TranscodeAsync]"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "WaitForExit", Process, "request handler 'Thumbnail'", " [reached from POST VideosController.Thumbnail]"),
            Verify.Diagnostic().WithLocation(2).WithArguments("Delay",
                "paces a polling loop that calls 'GetStringAsync' on each pass (waiting for an external job)", "request handler 'Render'",
                    " [reached from POST VideosController.Render]"),
            Verify.Diagnostic().WithLocation(3).WithArguments("WaitForExitAsync", Process, "request handler 'Map'", " [reached from POST /gif]"));

        [Test]
        public Task BackgroundWorkRetriesAndForeignProcesses_AreNotReported() => Verify.VerifyWebAsync(U + @"
public sealed class TranscodeWorker : BackgroundService
{
    private readonly HttpClient _http;
    public TranscodeWorker(HttpClient http) => _http = http;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ffmpeg = System.Diagnostics.Process.Start(""ffmpeg"", ""-version"")!;
        await ffmpeg.WaitForExitAsync(stoppingToken);                        // background: where it belongs
        while (!stoppingToken.IsCancellationRequested)
        {
            await _http.GetStringAsync(""https://jobs.example/next"");
            await Task.Delay(1000, stoppingToken);
        }
    }
}

public sealed class Transcoder
{
    public async Task TranscodeAsync(string input)
    {
        using var ffmpeg = System.Diagnostics.Process.Start(""ffmpeg"", input)!;
        await ffmpeg.WaitForExitAsync();                                    // only reached through Task.Run / discarded tasks
    }
}

public sealed class QueueController : ControllerBase
{
    private readonly Transcoder _transcoder;
    public QueueController(Transcoder transcoder) => _transcoder = transcoder;

    [HttpPost]
    public IActionResult Start(string id)
    {
        _ = Task.Run(() => _transcoder.TranscodeAsync(id));
        _ = _transcoder.TranscodeAsync(id);
        return Accepted();
    }
}

public sealed class VideosController : ControllerBase
{
    private readonly HttpClient _http;
    private readonly System.Diagnostics.Process _shared;
    public VideosController(HttpClient http, System.Diagnostics.Process shared) { _http = http; _shared = shared; }

    [HttpPost]
    public async Task<IActionResult> Retry(string id)
    {
        System.Diagnostics.Process.Start(""ffmpeg"", id);                     // not waited for
        _shared.WaitForExit();                                              // not started here
        while (true)
        {
            try { await _http.GetStringAsync(""https://x.example/"" + id); break; }
            catch (HttpRequestException) { await Task.Delay(200); }         // retry backoff
        }
        for (int i = 0; i < 3; i++) { await _http.GetStringAsync(""https://x.example""); await Task.Delay(100); }
        while (id.Length < 3) { id += ""x""; await Task.Delay(10); }        // nothing external
        return Ok();
    }
}");
    }
}

using System.Threading.Channels;
using Media.Services;
using Microsoft.AspNetCore.Mvc;

namespace Media.Controllers;

[ApiController]
[Route("api/media")]
public sealed class MediaController(VideoStore store, Transcoder transcoder, Channel<TranscodeJob> queue) : ControllerBase
{
    [HttpGet("{name}")]
    public IActionResult Download(string name)
    {
        byte[] bytes = System.IO.File.ReadAllBytes(store.PathOf(name));
        return File(bytes, "video/mp4"); // PerfGate PG4006
    }

    /// <summary>Clean: served from disk in chunks, with range requests.</summary>
    [HttpGet("{name}/stream")]
    public IActionResult Stream(string name) => PhysicalFile(store.PathOf(name), "video/mp4", enableRangeProcessing: true);

    /// <summary>The request waits for ffmpeg (the PG4005 finding is in Transcoder.TranscodeAsync).</summary>
    [HttpPost("{name}/transcode")]
    public async Task<IActionResult> Transcode(string name, CancellationToken cancellationToken)
    {
        int exitCode = await transcoder.TranscodeAsync(new TranscodeJob(store.PathOf(name), store.PathOf(name) + ".mp4"), cancellationToken);
        return exitCode == 0 ? Ok() : StatusCode(500);
    }

    /// <summary>Clean: queued for TranscodeWorker; the client polls for the result.</summary>
    [HttpPost("{name}/transcode-later")]
    public async Task<IActionResult> TranscodeLater(string name)
    {
        await queue.Writer.WriteAsync(new TranscodeJob(store.PathOf(name), store.PathOf(name) + ".mp4"));
        return Accepted();
    }
}

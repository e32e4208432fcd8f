using System.Diagnostics;
using System.Threading.Channels;

namespace Media.Services;

public sealed record TranscodeJob(string Input, string Output);

public sealed class Transcoder
{
    public async Task<int> TranscodeAsync(TranscodeJob job, CancellationToken cancellationToken)
    {
        using var ffmpeg = Process.Start("ffmpeg", $"-y -i \"{job.Input}\" \"{job.Output}\"");
        await ffmpeg.WaitForExitAsync(cancellationToken); // PerfGate PG4005 (when a request waits for it)
        return ffmpeg.ExitCode;
    }
}

/// <summary>Clean: transcoding runs here, outside any request.</summary>
public sealed class TranscodeWorker(Channel<TranscodeJob> queue, Transcoder transcoder) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (TranscodeJob job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await transcoder.TranscodeAsync(job, stoppingToken);
        }
    }
}

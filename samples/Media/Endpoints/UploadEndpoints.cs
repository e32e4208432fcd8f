using Media.Services;

namespace Media.Endpoints;

public static class UploadEndpoints
{
    public static void Map(WebApplication app)
    {
        // PerfGate PG4001: an upload endpoint nobody throttles.
        app.MapPost("/videos", async (IFormFile file, VideoStore store) => Results.Ok(await store.SaveBufferedAsync(file)))
            .DisableAntiforgery();

        // Clean: the same upload, streamed, behind the "uploads" concurrency limiter.
        app.MapPost("/videos/streamed", async (IFormFile file, VideoStore store) => Results.Ok(await store.SaveAsync(file)))
            .DisableAntiforgery()
            .RequireRateLimiting("uploads");
    }
}

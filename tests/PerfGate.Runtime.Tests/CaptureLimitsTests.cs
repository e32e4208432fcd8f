using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace PerfGate.Runtime.Tests;

public sealed class CaptureLimitsTests
{
    [Test]
    public async Task Spans_beyond_the_limit_are_dropped_and_counted_in_the_file()
    {
        await using LocalApi api = await LocalApi.StartAsync(app => app.MapGet("/ping", () => Results.Text("pong")));
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "limited.otlp.json");
        using (var capture = PerfGateCapture.Start(path, new PerfGateCaptureOptions { MaxSpans = 3 }))
        {
            using var client = new HttpClient();
            for (int i = 0; i < 4; i++) await client.GetStringAsync(api.Address + "ping");
            Assert.That(capture.Spans, Has.Count.EqualTo(3));
            Assert.That(capture.DroppedSpans, Is.EqualTo(5), "4 client and 4 server spans, 3 kept");
        }
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement resource = document.RootElement.GetProperty("resourceSpans")[0].GetProperty("resource");
        var dropped = resource.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "perfgate.spans.dropped");
        Assert.That(dropped.GetProperty("value").GetProperty("intValue").GetString(), Is.EqualTo("5"));
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { path }), "written atomically: no temp file left");
    }

    [Test]
    public async Task Nothing_is_captured_after_dispose_and_in_memory_capture_writes_no_file()
    {
        await using LocalApi api = await LocalApi.StartAsync(app => app.MapGet("/ping", () => Results.Text("pong")));
        using var client = new HttpClient();
        var capture = PerfGateCapture.StartInMemory();
        await client.GetStringAsync(api.Address + "ping");
        // ASP.NET Core stops the server span after the client has the response: wait for it (up to 5 s), or the count races.
        for (int i = 0; i < 100 && capture.Spans.Count < 2; i++) await Task.Delay(50);
        int seen = capture.Spans.Count;
        capture.Dispose();
        await client.GetStringAsync(api.Address + "ping");
        Assert.That(seen, Is.EqualTo(2));
        Assert.That(capture.Spans, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_request_still_finishing_when_the_capture_ends_keeps_its_server_span()
    {
        // ASP.NET Core stops the server span after the client has the response; a capture ended at once lost it, so the
        // request's queries were reported as "a request without a server span" (the flaky SampleCaptureTests).
        using var hosting = new ActivitySource(PerfGateCapture.AspNetCoreSource);
        var capture = PerfGateCapture.StartInMemory();
        Activity request = hosting.StartActivity("GET /late", ActivityKind.Server)!;
        Assert.That(request, Is.Not.Null, "the capture listens to ASP.NET Core's source");
        Task finishing = Task.Run(async () =>
        {
            await Task.Delay(300);
            request.Stop();
        });
        capture.Dispose();
        await finishing;
        Assert.That(capture.Spans.Select(s => s.Name), Does.Contain("GET /late"));
    }
}

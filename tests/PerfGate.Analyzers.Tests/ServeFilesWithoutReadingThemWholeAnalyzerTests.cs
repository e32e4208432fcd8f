using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.ServeFilesWithoutReadingThemWholeAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class ServeFilesWithoutReadingThemWholeAnalyzerTests
    {
        /// <summary>What PG4006's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4006", ExampleScaffolds.Web + @"using System.IO;

public sealed class VideosController : ControllerBase
{
    private readonly string _root = Path.GetTempPath();

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
";

        [Test]
        public Task BytesReadWholeThenServed_AreReported() => Verify.VerifyWebAsync(U + @"
public sealed class MediaController : ControllerBase
{
    public IActionResult Download(string name)
    {
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(""/media"", name));
        return {|#0:File(bytes, ""video/mp4"")|};
    }

    public async Task<IActionResult> DownloadAsync(string name) =>
        {|#1:File(await System.IO.File.ReadAllBytesAsync(name), ""application/pdf"", ""report.pdf"")|};
}

public static class Endpoints
{
    public static void Map(WebApplication app) =>
        app.MapGet(""/m/{name}"", async (string name) =>
        {
            byte[] data = await System.IO.File.ReadAllBytesAsync(name);
            return Results.{|#2:File(data, ""video/mp4"")|};
        });
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("File", "File.ReadAllBytes", " [reached from MediaController.Download]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("File", "File.ReadAllBytesAsync", " [reached from MediaController.DownloadAsync]"),
            Verify.Diagnostic().WithLocation(2).WithArguments("File", "File.ReadAllBytesAsync", " [reached from GET /m/{name}]"));

        [Test]
        public Task StreamsPathsAndGeneratedBytes_AreNotReported() => Verify.VerifyWebAsync(U + @"
public sealed class MediaController : ControllerBase
{
    public IActionResult Stream(string name) => File(System.IO.File.OpenRead(name), ""video/mp4"", enableRangeProcessing: true);
    public IActionResult Physical(string name) => PhysicalFile(name, ""video/mp4"", enableRangeProcessing: true);
    public IActionResult Generated() => File(new byte[] { 1, 2, 3 }, ""application/octet-stream"");

    public IActionResult Mixed(string name, bool cached, byte[] fromCache)
    {
        var bytes = System.IO.File.ReadAllBytes(name);
        if (cached) bytes = fromCache;                 // not only from the file
        return File(bytes, ""image/png"");
    }
}");
    }
}

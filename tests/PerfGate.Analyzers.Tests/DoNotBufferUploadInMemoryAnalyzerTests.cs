using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotBufferUploadInMemoryAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotBufferUploadInMemoryAnalyzerTests
    {
        /// <summary>What PG4002's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4002", ExampleScaffolds.Web + @"using System.IO;

public sealed class Storage
{
    public Task SaveAsync(string name, byte[] content) => Task.CompletedTask;

    public Task SaveAsync(string name, Stream content) => Task.CompletedTask;
}

public sealed class UploadsController : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile file, [FromServices] Storage storage)
    {
" + ExampleScaffolds.Marker + @"
        return Ok();
    }
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
        public Task UploadOrBodyCopiedIntoMemoryStream_IsReported() => Verify.VerifyWebAsync(U + @"
public sealed class VideosController : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile file)
    {
        using var buffer = new MemoryStream();
        await file.{|#0:CopyToAsync(buffer)|};
        return Ok(buffer.Length);
    }

    [HttpPost(""raw"")]
    public async Task<IActionResult> Raw()
    {
        var buffer = new MemoryStream();
        await Request.Body.{|#1:CopyToAsync(buffer)|};
        return Ok();
    }
}

public static class Endpoints
{
    public static void Map(WebApplication app) =>
        app.MapPost(""/v"", (IFormFile file) =>
        {
            var ms = new MemoryStream();
            file.OpenReadStream().{|#2:CopyTo(ms)|};
            return Results.Ok();
        });
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Upload", "the uploaded file", " [reached from POST VideosController.Upload]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Raw", "the request body", " [reached from POST VideosController.Raw]"),
            Verify.Diagnostic().WithLocation(2).WithArguments("Map", "the uploaded file", " [reached from POST /v]"));

        [Test]
        public Task StreamedOrBounded_IsNotReported() => Verify.VerifyWebAsync(U + @"
public sealed class VideosController : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile file, Stream destination)
    {
        await using var target = System.IO.File.Create(Path.GetTempFileName());
        await file.CopyToAsync(target);                        // streamed to disk
        await file.OpenReadStream().CopyToAsync(destination);  // a Stream: not proven to be memory
        Stream unknown = new MemoryStream();
        await file.CopyToAsync(unknown);                       // static type Stream: not proven
        return Ok();
    }

    [HttpPost(""avatar"")]
    public async Task<IActionResult> Avatar(IFormFile file)
    {
        if (file.Length > 1_000_000) return BadRequest();
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);                        // size checked on purpose
        return Ok();
    }
}");
    }
}

using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.RateLimitUploadEndpointsAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class RateLimitUploadEndpointsAnalyzerTests
    {
        /// <summary>What PG4001's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4001", ExampleScaffolds.Web + @"using Microsoft.AspNetCore.RateLimiting;

public sealed class VideoStore
{
    public Task<string> SaveAsync(IFormFile file) => Task.FromResult(file.FileName);
}

public static class Endpoints
{
    public static void Map(WebApplicationBuilder builder, WebApplication app)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
";

        private const string Controllers = @"
public sealed class VideosController : ControllerBase
{
    [HttpPost]
    public IActionResult {|#0:Upload|}(IFormFile file) => Ok();

    [HttpPost(""many"")]
    public IActionResult {|#1:UploadMany|}(List<IFormFile> files) => Ok();

    [HttpPost(""big""), DisableRequestSizeLimit]
    public IActionResult {|#2:Big|}() => Ok();

    [HttpPost(""large""), RequestSizeLimit(500_000_000)]
    public IActionResult {|#3:Large|}() => Ok();

    [HttpPost(""small""), RequestSizeLimit(1_000_000)]
    public IActionResult Small() => Ok();

    [HttpPost(""limited""), EnableRateLimiting(""uploads"")]
    public IActionResult Limited(IFormFile file) => Ok();

    [HttpGet]
    public IActionResult List() => Ok();
}

[EnableRateLimiting(""uploads"")]
public sealed class LimitedController : ControllerBase
{
    [HttpPost]
    public IActionResult Upload(IFormFileCollection files) => Ok();
}
";

        [Test]
        public Task UnthrottledUploadEndpoints_AreReported() => Verify.VerifyWebAsync(new[]
        {
            U + Controllers,
            U + @"
public static class Endpoints
{
    public static void Map(WebApplication app)
    {
        app.{|#4:MapPost(""/videos"", (IFormFile file) => Results.Ok())|}.WithName(""upload"");
        app.{|#5:MapPut(""/raw"", async (Stream body) => { await body.FlushAsync(); return Results.Ok(); })|};
        var media = app.MapGroup(""/media"");
        media.{|#6:MapPost(""/"", (IFormFileCollection files) => Results.Ok())|};
        app.MapPost(""/limited"", (IFormFile file) => Results.Ok()).RequireRateLimiting(""uploads"");
        var limited = app.MapGroup(""/limited"").RequireRateLimiting(""uploads"");
        limited.MapPost(""/a"", (IFormFile file) => Results.Ok());
        var later = app.MapGroup(""/later"");
        later.MapPost(""/b"", (IFormFile file) => Results.Ok());
        later.RequireRateLimiting(""uploads"");
        app.MapPost(""/json"", (string body) => Results.Ok());
    }

    public static void MapFromCaller(IEndpointRouteBuilder routes) =>
        routes.MapPost(""/x"", (IFormFile file) => Results.Ok());           // the caller may limit the group
}",
        },
            Verify.Diagnostic().WithLocation(0).WithArguments("Upload", "accepts an uploaded file ('file')", " [reached from POST VideosController.Upload]"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "UploadMany", "accepts uploaded files ('files')", " [reached from POST VideosController.UploadMany]"),
            Verify.Diagnostic().WithLocation(2).WithArguments(
                "Big", "lifts the request size limit ([DisableRequestSizeLimit])", " [reached from POST VideosController.Big]"),
            Verify.Diagnostic().WithLocation(3).WithArguments(
                "Large", "raises the request size limit to 500000000 bytes", " [reached from POST VideosController.Large]"),
            Verify.Diagnostic().WithLocation(4).WithArguments("MapPost(\"/videos\")", "accepts an uploaded file ('file')", " [reached from POST /videos]"),
            Verify.Diagnostic().WithLocation(5).WithArguments("MapPut(\"/raw\")", "reads the raw request body ('body')", " [reached from PUT /raw]"),
            Verify.Diagnostic().WithLocation(6).WithArguments("MapPost(\"/\")", "accepts uploaded files ('files')", " [reached from POST /media]"));

        // Issue 18: the compiler prints the message on the build's log, where a route with a line break then "::error::" would be
        // a GitHub workflow command (and "##vso[" an Azure one). The route's literal shows escaped instead.
        [Test]
        public Task A_route_from_a_string_literal_is_escaped_in_the_message() => Verify.VerifyWebAsync(new[]
        {
            U + @"
public static class Endpoints
{
    public static void Map(WebApplication app) =>
        app.{|#0:MapPost(""/v\n::error::pwned ##vso[task.complete]"", (IFormFile file) => Results.Ok())|};
}",
        },
            Verify.Diagnostic().WithLocation(0).WithArguments("MapPost(\"/v\\n::error::pwned ##vso\\[task.complete]\")", "accepts an uploaded file ('file')",
                " [reached from POST /v\\n::error::pwned ##vso\\[task.complete]]"));

        [Test]
        public Task GlobalLimiter_SilencesEverything() => Verify.VerifyWebAsync(new[]
        {
            U + Controllers.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("|}(", "("),
            U + @"
public static class Startup
{
    public static void Configure(WebApplicationBuilder builder, WebApplication app)
    {
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(
            ctx => System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter(""all"")));
        app.MapPost(""/videos"", (IFormFile file) => Results.Ok());
    }
}",
        });

        // Seen in an open-source trial: an app-wide IP limiter from a library, wired up as custom middleware.
        [TestCase("app.UseMiddleware<CustomIpRateLimitMiddleware>();")]
        [TestCase("app.UseIpRateLimiting();")]
        public Task RateLimitingMiddleware_SilencesEverything(string wiring) => Verify.VerifyWebAsync(new[]
        {
            U + Controllers.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("|}(", "("),
            U + @"
public class CustomIpRateLimitMiddleware
{
    private readonly RequestDelegate _next;
    public CustomIpRateLimitMiddleware(RequestDelegate next) => _next = next;
    public Task InvokeAsync(HttpContext context) => _next(context);
}

public static class RateLimitingExtensions
{
    public static IApplicationBuilder UseIpRateLimiting(this IApplicationBuilder app) => app.UseMiddleware<CustomIpRateLimitMiddleware>();
}

public static class Startup
{
    public static void Configure(WebApplication app)
    {
        " + wiring + @"
        app.MapPost(""/videos"", (IFormFile file) => Results.Ok());
    }
}",
        });

        [Test]
        public Task BuiltInRateLimiterWithoutPolicies_StillReports() => Verify.VerifyWebAsync(new[]
        {
            U + @"
public static class Startup
{
    public static void Configure(WebApplication app)
    {
        app.UseRateLimiter();
        app.{|#0:MapPost(""/videos"", (IFormFile file) => Results.Ok())|};
    }
}",
        }, Verify.Diagnostic().WithLocation(0).WithArguments("MapPost(\"/videos\")", "accepts an uploaded file ('file')", " [reached from POST /videos]"));

        [Test]
        public Task UploadsOnlyAnAuthenticatedUserReaches_AreNotReported() => Verify.VerifyWebAsync(new[]
        {
            U + @"
using Microsoft.AspNetCore.Authorization;

// Kavita's BaseApiController: every controller below it needs a signed-in user.
[Authorize]
public abstract class BaseApiController : ControllerBase { }

public sealed class ThemeController : BaseApiController
{
    [HttpPost(""upload-theme"")]
    public IActionResult UploadTheme(IFormFile formFile) => Ok();

    // Anonymous again: anyone can push a body here.
    [AllowAnonymous, HttpPost(""public"")]
    public IActionResult {|#0:PublicUpload|}(IFormFile file) => Ok();
}

// SimplCommerce's admin media upload.
[Authorize(Roles = ""admin"")]
public sealed class CommonApiController : ControllerBase
{
    [HttpPost(""upload"")]
    public IActionResult Upload(IFormFile file) => Ok();
}

// Oqtane's file upload: no [Authorize], the body is buffered before the folder-permission check.
public sealed class FileController : ControllerBase
{
    [HttpPost(""upload"")]
    public IActionResult {|#1:UploadFile|}(IFormFile formfile) => Ok();
}

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost(""/avatars"", (IFormFile file) => Results.Ok()).RequireAuthorization();
        var admin = app.MapGroup(""/admin"").RequireAuthorization(""admin"");
        admin.MapPost(""/import"", (IFormFile file) => Results.Ok());
        app.MapPost(""/signed"", [Authorize] (IFormFile file) => Results.Ok());
    }
}",
        },
            Verify.Diagnostic().WithLocation(0).WithArguments("PublicUpload", "accepts an uploaded file ('file')",
                " [reached from POST ThemeController.PublicUpload]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("UploadFile", "accepts an uploaded file ('formfile')",
                " [reached from POST FileController.UploadFile]"));

        [Test]
        public Task AuthenticatedFallbackPolicy_SilencesEndpointsWithoutAllowAnonymous() => Verify.VerifyWebAsync(new[]
        {
            U + @"
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

public sealed class VideosController : ControllerBase
{
    [HttpPost]
    public IActionResult Upload(IFormFile file) => Ok();

    [AllowAnonymous, HttpPost(""guest"")]
    public IActionResult {|#0:Guest|}(IFormFile file) => Ok();
}

public static class Startup
{
    public static void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
}",
        }, Verify.Diagnostic().WithLocation(0).WithArguments("Guest", "accepts an uploaded file ('file')",
            " [reached from POST VideosController.Guest]"));

        [Test]
        public Task ControllerConventionWithLimiter_SilencesControllers() => Verify.VerifyWebAsync(new[]
        {
            U + Controllers.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("|}(", "("),
            U + @"
public static class Startup
{
    public static void Configure(WebApplication app) => app.MapControllers().WithMetadata(new object()).RequireRateLimiting(""uploads"");
}",
        });
    }
}

namespace PerfGate.Analyzers
{
    /// <summary>PG4xxx: request handling, uploads and media.</summary>
    public static class RequestHandlingRules
    {
        public static readonly RuleMetadata UploadEndpointWithoutRateLimiting = new RuleMetadata
        {
            Id = RuleIdentifiers.UploadEndpointWithoutRateLimiting,
            Title = "Upload or heavy endpoint without rate limiting",
            MessageFormat = "'{0}' {1} but no rate limiter applies to it: a few clients can saturate bandwidth, memory and disk; add "
                + "[EnableRateLimiting(\"policy\")] or RequireRateLimiting(\"policy\") with an ASP.NET Core rate limiter",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Uploads and large request bodies are the most expensive requests a service takes: each holds a connection, buffers or writes "
                + "megabytes, and often triggers further processing. Without a rate limiter, one client (or a retry storm) can starve everyone else. ASP.NET "
                + "Core ships a rate limiter (`AddRateLimiter` + `UseRateLimiter`) with fixed-window, sliding-window, token-bucket and concurrency policies; "
                + "apply one to the endpoint (`[EnableRateLimiting]`, `RequireRateLimiting`), its group or controller, or configure a global limiter.",
            Flags = new[]
            {
                "controller actions and minimal API handlers (`Map*` on the `WebApplication` or on a route group created in the same method) that take an "
                    + "`IFormFile`, `IFormFileCollection`, a collection or array of `IFormFile`, a `Stream` or a `PipeReader` parameter",
                "controller actions with `[DisableRequestSizeLimit]`, or with `[RequestSizeLimit(n)]` above Kestrel's default of 30,000,000 bytes (on the "
                    + "action or its controller)",
            },
            Ignores = new[]
            {
                "endpoints with `[EnableRateLimiting]` or `[DisableRateLimiting]` (a deliberate choice) on the action, the controller or a base class",
                "minimal API endpoints chained with `.RequireRateLimiting(...)`, or mapped on a group (a local `MapGroup(...)` result) that has "
                    + "`RequireRateLimiting` in that method",
                "every controller action when `MapControllers()`/`MapControllerRoute(...)`/`MapDefaultControllerRoute()` is chained with "
                    + "`RequireRateLimiting` anywhere in the compilation",
                "every endpoint when the compilation sets `RateLimiterOptions.GlobalLimiter`, or wires up an app-wide rate-limiting middleware of a library "
                    + "or its own (`app.UseIpRateLimiting()`, `app.UseClientRateLimiting()`, `app.UseMiddleware<...RateLimit...>()`)",
                "minimal API endpoints mapped on an `IEndpointRouteBuilder` parameter or a group that comes from elsewhere (the caller may apply a limiter: "
                    + "unknown stays silent), and endpoints whose `Map*` result is stored or returned",
                "`[RequestSizeLimit(n)]` at or below 30,000,000 bytes and endpoints that only read small bodies",
            },
            Fix = "Register a policy and apply it: `builder.Services.AddRateLimiter(o => o.AddConcurrencyLimiter(\"uploads\", l => { l.PermitLimit = 4; "
                + "l.QueueLimit = 8; }));`, `app.UseRateLimiter();`, then `[EnableRateLimiting(\"uploads\")]` on the action or "
                + "`.RequireRateLimiting(\"uploads\")` on the endpoint or group.",
            FlaggedExample = "app.MapPost(\"/videos\", async (IFormFile file, VideoStore store) =>\n"
                + "    Results.Ok(await store.SaveAsync(file)));",
            FixedExample = "builder.Services.AddRateLimiter(o => o.AddConcurrencyLimiter(\"uploads\", l => l.PermitLimit = 4));\n"
                + "// ...\n"
                + "app.UseRateLimiter();\n"
                + "app.MapPost(\"/videos\", async (IFormFile file, VideoStore store) =>\n"
                + "    Results.Ok(await store.SaveAsync(file)))\n"
                + "   .RequireRateLimiting(\"uploads\");",
            Tags = new[] { "performance", "aspnetcore", "uploads", "throttling" },
        };

        public static readonly RuleMetadata UploadBufferedInMemory = new RuleMetadata
        {
            Id = RuleIdentifiers.UploadBufferedInMemory,
            Title = "Whole upload or request body buffered in memory",
            MessageFormat = "'{0}' copies {1} into a MemoryStream: the whole upload sits in memory (and on the large object heap) for the length of the "
                + "request; stream it to its destination instead",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "An upload copied into a `MemoryStream` is held whole in memory: a 200 MB video becomes 200 MB (and, as the stream grows, several "
                + "copies) on the large object heap, per concurrent request. Stream it where it goes (a `FileStream`, blob storage's upload-from-stream, the "
                + "processing step) with `CopyToAsync`, or bound it first.",
            Flags = new[]
            {
                "`IFormFile.CopyTo`/`CopyToAsync(target)` whose target is a `MemoryStream`",
                "`IFormFile.OpenReadStream().CopyTo[Async](target)` and `HttpRequest.Body.CopyTo[Async](target)` whose target is a `MemoryStream`",
            },
            Ignores = new[]
            {
                "methods that compare the file's `Length` (or `HttpRequest.ContentLength`) with anything before copying: the size is bounded on purpose (an "
                    + "avatar, a small CSV)",
                "targets that are not proven to be a `MemoryStream` (a `Stream` parameter or field, a `FileStream`, a blob stream)",
                "`ReadAsByteArrayAsync`/`ReadAsStringAsync`/`File.ReadAllBytes` (whether the size is bounded is not provable from the call; see PG4006 for "
                    + "files served from a byte array)",
            },
            Fix = "Stream to the destination: `await using var target = File.Create(path); await file.CopyToAsync(target, ct);` or `await "
                + "blobClient.UploadAsync(file.OpenReadStream(), ct);`; if the bytes are truly needed, check `file.Length` against a limit first.",
            FlaggedExample = "using var buffer = new MemoryStream();\n"
                + "await file.CopyToAsync(buffer);\n"
                + "await storage.SaveAsync(file.FileName, buffer.ToArray());",
            FixedExample = "await using var source = file.OpenReadStream();\n"
                + "await storage.SaveAsync(file.FileName, source);   // streams end to end",
            Tags = new[] { "performance", "memory", "uploads", "aspnetcore" },
        };

        public static readonly RuleMetadata EntitiesSerializedFromEndpoint = new RuleMetadata
        {
            Id = RuleIdentifiers.EntitiesSerializedFromEndpoint,
            Title = "Endpoint serializes EF Core entities",
            MessageFormat = "{0} returns {1} of EF Core entity '{2}'{3}: every mapped column and every loaded navigation goes into the response (and the API "
                + "contract is the table schema); return a DTO or a Select projection",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "An entity returned from an endpoint is serialized whole: every mapped column (internal flags, timestamps, foreign keys, sometimes "
                + "secrets), and every navigation that happens to be loaded, so an `Include` puts whole object graphs, or cycles, in the payload. The "
                + "response is larger than the client needs, the database reads more than it must, and any column added to the table silently changes the "
                + "public API. Project to a DTO (`Select(p => new ProductDto(p.Id, p.Name, p.Price))`), which also lets EF read only those columns.",
            Flags = new[]
            {
                "a controller action or minimal API handler that returns (`return x`, an expression-bodied handler, `ActionResult<T>`) or passes to a result "
                    + "helper (`Ok(x)`, `Created*(..., x)`, `Accepted*(..., x)`, `Json(x)`, `Results.Ok/Json/Created/Accepted`, `TypedResults.*`) a value "
                    + "whose static type is an EF Core entity, an array, list or other sequence of one, or a generic type of the app's own that carries one "
                    + "as a type argument (`PaginatedItems<CatalogItem>`)",
                "entity means proven: the type is the element type of a `DbSet<T>` property of a `DbContext` subclass declared in the compilation or injected "
                    + "into one of its types (a field, property or constructor parameter: a context from a data project counts), or reachable from such an "
                    + "entity through navigation properties (properties whose type, or element type, is a class of the entity's assembly)",
                "the message says when the value comes from a query with `Include` (whole graphs)",
            },
            Ignores = new[]
            {
                "DTOs, records and classes that no `DbContext` of the compilation maps, anonymous types and `Select` projections",
                "entities mapped only through `modelBuilder.Entity<T>()`, or by a context this compilation neither declares nor injects (not proven here)",
                "values whose type is `object`, `IActionResult` or an interface all the way down (a parameter, a field: the runtime type is unknown; an "
                    + "entity merely converted to `object` on return is still reported), Razor Pages, SignalR hubs, gRPC services, and MVC views "
                    + "(`View(entity)` renders HTML on the server)",
            },
            Fix = "Return a projection: `await db.Products.Select(p => new ProductDto(p.Id, p.Name, p.Price)).ToListAsync(ct)`, or map the entity to a DTO "
                + "before returning it.",
            FlaggedExample = "[HttpGet(\"{id}\")]\n"
                + "public async Task<ActionResult<Order>> Get(int id) =>\n"
                + "    await _db.Orders.Include(o => o.Lines).Include(o => o.Customer).FirstAsync(o => o.Id == id);",
            FixedExample = "[HttpGet(\"{id}\")]\n"
                + "public async Task<ActionResult<OrderDto>> Get(int id) =>\n"
                + "    await _db.Orders.Where(o => o.Id == id)\n"
                + "        .Select(o => new OrderDto(o.Id, o.Customer.Name, o.Lines.Sum(l => l.Quantity * l.UnitPrice)))\n"
                + "        .FirstAsync();",
            Tags = new[] { "performance", "aspnetcore", "payload", "data-access" },
        };

        public static readonly RuleMetadata JsonApiWithoutResponseCompression = new RuleMetadata
        {
            Id = RuleIdentifiers.JsonApiWithoutResponseCompression,
            Title = "JSON API without response compression",
            MessageFormat = "This app maps JSON endpoints ({0}) but never registers response compression: JSON usually shrinks 5-10x with Brotli/gzip; add "
                + "builder.Services.AddResponseCompression(o => o.EnableForHttps = true) and app.UseResponseCompression(), unless a proxy in front compresses",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Note,
            Precision = "medium",
            Description = "JSON is verbose text; Brotli or gzip typically cut it to a tenth, which matters for large lists, mobile clients and egress costs. "
                + "ASP.NET Core compresses only when asked (`AddResponseCompression` + `UseResponseCompression`). Many deployments compress in a reverse "
                + "proxy, CDN or gateway instead (IIS dynamic compression, nginx `gzip on`, Azure Front Door), which the code cannot show: hence a note by "
                + "default, reported once per app. Raise it in `perfgate.yml` where the app is exposed directly. Reported at the end of the compilation: in "
                + "the IDE it appears with full-solution analysis, in command-line builds always.",
            Flags = new[]
            {
                "an ASP.NET Core app (a `WebApplicationBuilder.Build()` call, or a `Startup`-style `Configure(IApplicationBuilder ...)` method) that maps "
                    + "JSON endpoints: `AddControllers()`/`MapControllers()`, or a minimal API `Map*` handler that returns an object (not a `string`, `void` "
                    + "or plain `IResult`), a `TypedResults` `Ok<T>`/`JsonHttpResult<T>`, or calls `Results.Ok`/`Results.Json` with a value",
                "when neither `AddResponseCompression` nor `UseResponseCompression` is called anywhere in the compilation; reported once, at the `Build()` "
                    + "call (or the `Configure` method)",
            },
            Ignores = new[]
            {
                "compression configured outside the code (reverse proxy, CDN, IIS, Kestrel behind a gateway): the rule cannot see it, hence the note level",
                "apps that serve only MVC views, Razor Pages, static files, gRPC or SignalR (`AddControllersWithViews` alone is not a JSON API)",
                "libraries and projects without a startup (the app that hosts them is reported instead)",
            },
            Fix = "Register compression once: `builder.Services.AddResponseCompression(o => { o.EnableForHttps = true; "
                + "o.Providers.Add<BrotliCompressionProvider>(); o.Providers.Add<GzipCompressionProvider>(); });` and, before the endpoints, "
                + "`app.UseResponseCompression();`. With HTTPS, weigh BREACH: do not compress responses that mix secrets with attacker-controlled input.",
            FlaggedExample = "var builder = WebApplication.CreateBuilder(args);\n"
                + "builder.Services.AddControllers();\n"
                + "var app = builder.Build();\n"
                + "app.MapControllers();\n"
                + "app.Run();",
            FixedExample = "var builder = WebApplication.CreateBuilder(args);\n"
                + "builder.Services.AddControllers();\n"
                + "builder.Services.AddResponseCompression(o => o.EnableForHttps = true);\n"
                + "var app = builder.Build();\n"
                + "app.UseResponseCompression();\n"
                + "app.MapControllers();\n"
                + "app.Run();",
            Tags = new[] { "performance", "aspnetcore", "payload", "compression" },
        };

        public static readonly RuleMetadata LongRunningWorkInRequestPath = new RuleMetadata
        {
            Id = RuleIdentifiers.LongRunningWorkInRequestPath,
            Title = "Long-running work in the request path",
            MessageFormat = "'{0}' {1} inside the request path ({2}): the request, its thread and its connection wait for the whole job; queue it (Channel + "
                + "BackgroundService, Hangfire, a Temporal workflow) and return 202 Accepted with a status URL",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Transcoding a video with ffmpeg, rendering a report or waiting for an external job to finish takes seconds to minutes. Done inside "
                + "the request, it holds a connection and server resources for all that time, hits client and proxy timeouts, and is lost when the request is "
                + "aborted or the instance restarts. Move the work to a background queue (`System.Threading.Channels` + a `BackgroundService`), Hangfire, or "
                + "a durable workflow engine (Temporal's .NET SDK `Temporalio`), and let the client poll or be notified.",
            Flags = new[]
            {
                "`Process.WaitForExit`/`WaitForExitAsync` on a process the same method starts (`Process.Start(...)`, or `new Process` + `Start()`), in a "
                    + "request handler or a method the request waits for (PerfGate's request paths: controller actions, minimal API handlers, Razor Pages "
                    + "handlers, SignalR hubs, gRPC services, and the source methods they call, followed through awaited or returned calls and per-element "
                    + "lambdas only)",
                "`while`/`do` polling loops in the same methods that wait with `Task.Delay`/`Thread.Sleep` (outside a `catch`) and call an external service "
                    + "(HTTP, database or cache, directly or through a source method) on each pass: waiting for an external job to finish",
            },
            Ignores = new[]
            {
                "methods no request handler reaches (hosted services, `BackgroundService.ExecuteAsync`, console entry points, workers): that is where the "
                    + "work belongs",
                "`Process.Start` without a wait in the same method (fire and forget), and waits on a process the method did not start",
                "retry loops: `for` loops, and delays inside a `catch` clause",
                "loops that wait but call nothing external (local backoff)",
                "code inside lambdas other than a minimal API handler (a `Task.Run` body or a callback may run after the response) and inside local "
                    + "functions, and methods reached only through such lambdas or through discarded tasks (`_ = RunAsync()`, a bare `RunAsync();`): the "
                    + "request does not wait for them (in the OSS trial, a scheduled task started from a controller through `Task.Run` was reported before "
                    + "this)",
            },
            Fix = "Queue the job and return at once: `await queue.Writer.WriteAsync(new TranscodeJob(id, path)); return Results.Accepted($\"/jobs/{id}\");`, "
                + "with a `BackgroundService` reading the channel and running ffmpeg; or `BackgroundJob.Enqueue<Transcoder>(t => t.RunAsync(id))` (Hangfire); "
                + "or start a Temporal workflow and return its ID.",
            FlaggedExample = "app.MapPost(\"/videos/{id}/transcode\", async (string id) =>\n"
                + "{\n"
                + "    using var ffmpeg = Process.Start(\"ffmpeg\", $\"-i {id}.mov {id}.mp4\");\n"
                + "    await ffmpeg!.WaitForExitAsync();\n"
                + "    return Results.Ok();\n"
                + "});",
            FixedExample = "app.MapPost(\"/videos/{id}/transcode\", async (string id, Channel<TranscodeJob> queue) =>\n"
                + "{\n"
                + "    await queue.Writer.WriteAsync(new TranscodeJob(id));\n"
                + "    return Results.Accepted($\"/jobs/{id}\");\n"
                + "});\n"
                + "// TranscodeWorker : BackgroundService reads the channel and runs ffmpeg.",
            Tags = new[] { "performance", "aspnetcore", "background-jobs", "media" },
        };

        public static readonly RuleMetadata LargeFileServedFromByteArray = new RuleMetadata
        {
            Id = RuleIdentifiers.LargeFileServedFromByteArray,
            Title = "File served from a byte array read whole",
            MessageFormat = "'{0}' serves a file read whole into memory by '{1}': every download allocates the file's size (large object heap) and cannot "
                + "serve ranges; return PhysicalFile(path, type, enableRangeProcessing: true) or a FileStream result",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`File.ReadAllBytes` + `File(bytes, type)` loads the whole file per request before the first byte is sent: a 500 MB video is 500 MB "
                + "per concurrent download, and byte-range requests (seeking in a video player, resumed downloads) cannot be served. "
                + "`PhysicalFile`/`Results.File(path)` and stream results send the file in chunks and support ranges (`enableRangeProcessing: true`).",
            Flags = new[]
            {
                "`ControllerBase.File(byte[], ...)`, `Results.File(byte[], ...)`, `TypedResults.File(byte[], ...)` whose bytes come from "
                    + "`File.ReadAllBytes`/`ReadAllBytesAsync`, directly or through a local assigned only from that call",
            },
            Ignores = new[]
            {
                "byte arrays from anywhere else (generated content such as a PDF or a thumbnail built in memory, a cache, a database column): they already "
                    + "exist in memory",
                "`File(stream, ...)`, `PhysicalFile`, `Results.File(path)` and `Results.Stream`",
            },
            Fix = "Serve the file from disk: `return PhysicalFile(path, \"video/mp4\", enableRangeProcessing: true);` or `Results.File(path, \"video/mp4\", "
                + "enableRangeProcessing: true)`; for a stream source, `File(stream, type, enableRangeProcessing: true)`.",
            FlaggedExample = "public IActionResult Download(string name)\n"
                + "{\n"
                + "    var bytes = System.IO.File.ReadAllBytes(Path.Combine(_root, name));\n"
                + "    return File(bytes, \"video/mp4\");\n"
                + "}",
            FixedExample = "public IActionResult Download(string name) =>\n"
                + "    PhysicalFile(Path.Combine(_root, name), \"video/mp4\", enableRangeProcessing: true);",
            Tags = new[] { "performance", "memory", "media", "aspnetcore" },
        };
    }
}

using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// The hotness model on real compilations against ASP.NET Core: each kind of reach, the path a message names, cold only when
    /// every path is cold, admin-only handlers, cycles, long chains, and answers that do not depend on the order of questions.
    /// </summary>
    public sealed class HotnessModelTests
    {
        private const string Usings = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
";

        // Hangfire and Quartz as they look to a compilation that references them (the namespaces and shapes the model reads).
        private const string JobLibraries = @"
namespace Hangfire
{
    public static class RecurringJob
    {
        public static void AddOrUpdate<T>(string id, System.Linq.Expressions.Expression<Func<T, Task>> job, string cron) { }
    }

    public static class BackgroundJob
    {
        public static string Enqueue<T>(System.Linq.Expressions.Expression<Func<T, Task>> job) => """";
    }
}

namespace Quartz
{
    public interface IJobExecutionContext { }
    public interface IJob { Task Execute(IJobExecutionContext context); }
}
";

        private const string Shop = Usings + JobLibraries + @"
public interface IPageRepository { Task<List<string>> GetAllAsync(); }

public sealed class PageRepository : IPageRepository
{
    public Task<List<string>> GetAllAsync() => Task.FromResult(Load());
    private static List<string> Load() => new List<string>();
}

public sealed class PageService
{
    private readonly IPageRepository _pages;
    public PageService(IPageRepository pages) => _pages = pages;
    public Task<List<string>> GetAllAsync() => _pages.GetAllAsync();
    public Task<List<string>> ForJobAsync() => _pages.GetAllAsync();
    public void Shared() { }
}

[ApiController]
[Route(""api/[controller]"")]
public sealed class PagesController : ControllerBase
{
    private readonly PageService _service;
    public PagesController(PageService service) => _service = service;

    [HttpGet]
    public async Task<IActionResult> Get() { _service.Shared(); return Ok(await _service.GetAllAsync()); }
}

[Authorize(Roles = ""Admin"")]
public sealed class StatsController : ControllerBase
{
    [HttpGet(""/admin/stats"")]
    public int Stats() => Statistics.TopUsers();
}

public static class Statistics { public static int TopUsers() => 3; }

public sealed class CleanupWorker : BackgroundService
{
    private readonly PageService _service;
    public CleanupWorker(PageService service) => _service = service;
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested) { await _service.ForJobAsync(); await Task.Delay(1000, stoppingToken); }
    }
}

public sealed class CleanupJob : Quartz.IJob
{
    public Task Execute(Quartz.IJobExecutionContext context) => Purge.Run();
}

public static class Purge { public static Task Run() => Task.CompletedTask; }

// Does its work once when the host starts, then returns: startup code, not a job.
public sealed class WarmUpWorker : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PrimeAsync();
    private static async Task PrimeAsync() { foreach (int page in new[] { 1, 2 }) await Warm.Prime(page); }
}

public static class Warm { public static Task Prime(int page) => Task.CompletedTask; }

// The loop sits in a method ExecuteAsync calls: still a job.
public sealed class PumpWorker : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);
    private static async Task RunAsync(CancellationToken ct) { while (!ct.IsCancellationRequested) await Pump.Next(); }
}

public static class Pump { public static Task Next() => Task.CompletedTask; }

public sealed class Feeds
{
    public Task RefreshAll() { Hangfire.BackgroundJob.Enqueue<Feeds>(f => f.RefreshOne(1)); return Task.CompletedTask; }
    public Task RefreshOne(int id) => Task.CompletedTask;
    public Task Backfill(int userId) => Task.CompletedTask;
    public void Tick(object? state) { }
}

public static class Jobs
{
    public static void Schedule(Feeds feeds)
    {
        Hangfire.RecurringJob.AddOrUpdate<Feeds>(""refresh-feeds"", f => f.RefreshAll(), ""0 * * * *"");
        Hangfire.BackgroundJob.Enqueue<Feeds>(f => f.Backfill(7));
        var timer = new Timer(feeds.Tick, null, 0, 1000);
    }
}

public sealed class FeedsController : ControllerBase
{
    [HttpPost(""/api/feeds"")]
    public void Subscribe(Feeds feeds) => Jobs.Schedule(feeds);
}

public sealed class DatabaseManager
{
    public void Install() { MigrateTenants(); }
    private void MigrateTenants() { CreateSite(); }
    private void CreateSite() { }
    public bool IsInstalled() => true;
}

public sealed class SiteTemplates
{
    public void Provision() { Fill(); }
    private void Fill() { }
}

public static class Seeder { public static void Seed() { AddDefaults(); } private static void AddDefaults() { } }

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddShop();
        var app = builder.Build();
        Seeder.Seed();
        new DatabaseManager().Install();
        new SiteTemplates().Provision();
        PageServiceWarmup();
        var items = app.MapGroup(""/api/items"");
        items.MapGet(""/{id}"", (int id) => Lookup.Find(id));
        app.Use(async (context, next) => { Lookup.Audit(); await next(); });
        app.Run();
    }

    private static void PageServiceWarmup() => new PageService(new PageRepository()).Shared();
}

public static class Lookup
{
    public static string Find(int id) => id.ToString();
    public static void Audit() { }
}

public sealed class HomePageHealthCheck : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    { Probe.FetchHomePage(); return Task.FromResult(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()); }
}

public static class Probe { public static void FetchHomePage() { } }

public static class ShopRegistration
{
    public static IServiceCollection AddShop(this IServiceCollection services) { Configure(); return services; }
    private static void Configure() { }
}

public class Orphans
{
    public void NobodyCallsMe() { }
    internal void InternalNobodyCalls() { }
}

public sealed class Recursion
{
    public void A(int n) { if (n > 0) B(n - 1); }
    public void B(int n) { if (n > 0) A(n - 1); }
    public void C(int n) { if (n > 0) D(n - 1); }
    public void D(int n) { if (n > 0) C(n - 1); }
}

public sealed class RecursionController : ControllerBase
{
    public void Go(Recursion r) => r.A(3);
}

public sealed class Events
{
    public event EventHandler? Changed;
    public void Subscribe() { Changed += (s, e) => OnChanged(); _ = Task.Run(() => Poll()); }
    private void OnChanged() { }
    private void Poll() { }
}

[NUnit.Framework.TestFixture]
public sealed class PageTests
{
    [NUnit.Framework.Test]
    public void ListsPages() { Helpers.Arrange(); }
}

public static class Helpers { public static void Arrange() { } }

namespace NUnit.Framework
{
    public sealed class TestFixtureAttribute : Attribute { }
    public sealed class TestAttribute : Attribute { }
}
";

        private static CSharpCompilation Compile(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, string name = "Shop") =>
            CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source, path: "/0/Shop.cs") }, TestReferences.Web,
                new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

        private static IMethodSymbol Method(Compilation compilation, string type, string name) => name == ".ctor"
            ? compilation.GetSymbolsWithName(type, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single().InstanceConstructors.Single()
            : compilation.GetSymbolsWithName(name, SymbolFilter.Member).OfType<IMethodSymbol>().Single(m => m.ContainingType.Name == type);

        private static Reach ReachOf(string type, string method, bool wholeApp = true) =>
            ReachOf(Compile(Shop), type, method, wholeApp);

        private static Reach ReachOf(Compilation compilation, string type, string method, bool wholeApp = true) =>
            HotnessModel.For(compilation, wholeApp).ReachOf(Method(compilation, type, method));

        [Test]
        public void TheShopCompiles()
        {
            Diagnostic[] errors = Compile(Shop).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.That(errors, Is.Empty);
        }

        [Test]
        public void ControllerAction_ReachesThroughAnInterface_AndTheMessageNamesRouteAndPath()
        {
            Reach reach = ReachOf("PageRepository", "GetAllAsync");
            Assert.That(reach.KindFor(adminRequestsAreCold: false), Is.EqualTo(ReachKind.Request));
            Assert.That(reach.Describe(false), Is.EqualTo("reached from GET /api/Pages via PageService.GetAllAsync \u2192 PageRepository.GetAllAsync"));
        }

        [Test]
        public void TheHandlerItself_IsItsOwnPath()
        {
            Assert.That(ReachOf("PagesController", "Get").Describe(false), Is.EqualTo("reached from GET /api/Pages"));
            Assert.That(ReachOf("PagesController", ".ctor").Describe(false), Is.EqualTo("reached from PagesController (created per request)"));
        }

        [Test]
        public void MinimalApiLambdaInStartup_IsARequest_WithTheGroupPrefix_AndMiddlewareLambdasToo()
        {
            Assert.That(ReachOf("Lookup", "Find").Describe(false), Is.EqualTo("reached from GET /api/items/{id} via Lookup.Find"));
            Assert.That(ReachOf("Lookup", "Audit").Describe(false), Is.EqualTo("reached from request callback in Program.Main via Lookup.Audit"));
        }

        [Test]
        public void HostedServiceQuartzHangfireAndTimers_AreJobs()
        {
            Reach hosted = ReachOf("PageService", "ForJobAsync");
            Assert.That(hosted.KindFor(false), Is.EqualTo(ReachKind.Job));
            Assert.That(hosted.Describe(false), Is.EqualTo("reached from hosted service CleanupWorker.ExecuteAsync via PageService.ForJobAsync"));
            Assert.That(ReachOf("Purge", "Run").Describe(false), Is.EqualTo("reached from Quartz job CleanupJob.Execute via Purge.Run"));
            Assert.That(ReachOf("Feeds", "RefreshAll").Describe(false), Is.EqualTo("reached from recurring job 'refresh-feeds' via Feeds.RefreshAll"));
            Assert.That(ReachOf("Feeds", "Tick").Describe(false), Is.EqualTo("reached from timer callback in Jobs.Schedule via Feeds.Tick"));
            // A job a recurring job enqueues runs on every run of it: a job, not a one-off.
            Assert.That(ReachOf("Feeds", "RefreshOne").Describe(false),
                Is.EqualTo("reached from recurring job 'refresh-feeds' via Feeds.RefreshAll \u2192 Feeds.RefreshOne"));
        }

        [Test]
        public void HostedServiceThatRunsOnceAtStart_IsCold_OneThatLoopsInACallee_IsAJob()
        {
            Assert.That(ReachOf("Warm", "Prime").Describe(false), Is.EqualTo("cold: reached only from hosted service that runs once at start "
                + "WarmUpWorker.ExecuteAsync via WarmUpWorker.PrimeAsync \u2192 Warm.Prime"));
            Assert.That(ReachOf("Pump", "Next").Describe(false),
                Is.EqualTo("reached from hosted service PumpWorker.ExecuteAsync via PumpWorker.RunAsync \u2192 Pump.Next"));
        }

        [Test]
        public void RepositoryReachedFromARequestAndAJob_IsARequest()
        {
            // GetAllAsync of the repository is reached from the controller and from the hosted service: the request wins.
            Assert.That(ReachOf("PageRepository", "GetAllAsync").KindFor(false), Is.EqualTo(ReachKind.Request));
        }

        [Test]
        public void StartupSeedingInstallersMigrationsOneOffJobsAndHealthChecks_AreCold()
        {
            Assert.Multiple(() =>
            {
                Assert.That(ReachOf("Seeder", "AddDefaults").Describe(false), Is.EqualTo("cold: reached only from seeding code Seeder.AddDefaults"));
                Assert.That(ReachOf("DatabaseManager", "CreateSite").Describe(false),
                    Is.EqualTo("cold: reached only from migration code DatabaseManager.MigrateTenants via DatabaseManager.CreateSite"));
                Assert.That(ReachOf("SiteTemplates", "Fill").Describe(false),
                    Is.EqualTo("cold: reached only from startup Program.Main via SiteTemplates.Provision \u2192 SiteTemplates.Fill"));
                Assert.That(ReachOf("ShopRegistration", "Configure").Describe(false),
                    Is.EqualTo("cold: reached only from startup registration ShopRegistration.AddShop via ShopRegistration.Configure"));
                Assert.That(ReachOf("Probe", "FetchHomePage").Describe(false),
                    Is.EqualTo("cold: reached only from health check HomePageHealthCheck.CheckHealthAsync via Probe.FetchHomePage"));
                Assert.That(ReachOf("Feeds", "Backfill").Describe(false),
                    Is.EqualTo("cold: reached only from one-off job (BackgroundJob.Enqueue in Jobs.Schedule) started from POST /api/feeds via Jobs.Schedule \u2192 Feeds.Backfill"));
            });
        }

        [Test]
        public void NameEvidence_IsWordsNotSubstrings()
        {
            Assert.That(ColdNames.Describe("IsInstalled"), Is.Null);
            Assert.That(ColdNames.Describe("ImportantNotices"), Is.Null);
            Assert.That(ColdNames.Describe("ImportUsers"), Is.EqualTo("import"));
            Assert.That(ColdNames.Describe("Upgrade_3_3_0"), Is.EqualTo("upgrade"));
            Assert.That(ColdNames.Describe("DBSeeder"), Is.EqualTo("seeding"));
            Assert.That(ColdNames.Describe("SampleDataService"), Is.EqualTo("sample data"));
            Assert.That(ColdNames.Describe("MigrateUserProgressLibraryId"), Is.EqualTo("migration"));
            // IsInstalled has no caller here and no cold word: unknown, reported.
            Assert.That(ReachOf("DatabaseManager", "IsInstalled").KindFor(false), Is.EqualTo(ReachKind.Unknown));
        }

        [Test]
        public void ColdOnlyWhenEveryPathIsCold()
        {
            // Shared is called from startup (PageServiceWarmup) and from the controller: a request path.
            Assert.That(ReachOf("PageService", "Shared").Describe(false), Is.EqualTo("reached from GET /api/Pages via PageService.Shared"));
        }

        [Test]
        public void AdminOnlyHandlers_AreRequestsForNPlusOneRules_AndColdForHotReadRules()
        {
            Reach reach = ReachOf("Statistics", "TopUsers");
            Assert.That(reach.KindFor(adminRequestsAreCold: false), Is.EqualTo(ReachKind.Request));
            Assert.That(reach.Describe(false), Is.EqualTo("reached from GET /admin/stats (admin only) via Statistics.TopUsers"));
            Assert.That(reach.KindFor(adminRequestsAreCold: true), Is.EqualTo(ReachKind.Cold));
            Assert.That(reach.Describe(true), Is.EqualTo("cold: reached only from GET /admin/stats (admin only) via Statistics.TopUsers"));
        }

        [Test]
        public void AnAppsOwnAuthorizeAttributeWithParamsScopes_IsRead_NotThrownOn()
        {
            // Iceshrimp's [Authorize("role:admin")] is its own AuthorizeAttribute(params string[] scopes): the argument is an array,
            // whose TypedConstant.Value throws; that exception had cost every rule its findings in such controllers.
            const string Source = @"
using System;
using Microsoft.AspNetCore.Mvc;

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AuthorizeAttribute(params string[] scopes) : Attribute
{
    public string[] Scopes { get; } = scopes;
}

public sealed class Queue { public void Run() { } public void Peek() { } }

[ApiController]
[Authorize(""role:admin"")]
public sealed class AdminController : ControllerBase
{
    private readonly Queue _queue = new Queue();
    [HttpPost(""/api/admin/queue"")]
    public IActionResult Run() { _queue.Run(); return Ok(); }
}

[ApiController]
[Authorize(""read:statuses"", ""write:statuses"")]
public sealed class StatusController : ControllerBase
{
    private readonly Queue _queue = new Queue();
    [HttpGet(""/api/statuses"")]
    public IActionResult Get() { _queue.Peek(); return Ok(); }
}
";
            Compilation compilation = Compile(Source);
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            Assert.That(ReachOf(compilation, "Queue", "Run").Describe(true), Is.EqualTo("cold: reached only from POST /api/admin/queue (admin only) via Queue.Run"));
            Assert.That(ReachOf(compilation, "Queue", "Peek").Describe(true), Is.EqualTo("reached from GET /api/statuses via Queue.Peek"));
        }

        [Test]
        public void NoCallerOrHiddenCallers_IsUnknown_AndALibrarysPublicApiIsUnknownOutsideAWholeApp()
        {
            Assert.That(ReachOf("Orphans", "NobodyCallsMe").Describe(false), Is.EqualTo("reach unknown"));
            Assert.That(ReachOf("Orphans", "InternalNobodyCalls").KindFor(false), Is.EqualTo(ReachKind.Unknown));
            // A library's public method may be called from projects built after it, and so may what it calls; code behind a run-once
            // name stays cold.
            CSharpCompilation library = Compile(Shop);
            Assert.That(ReachOf(library, "SiteTemplates", "Provision", wholeApp: false).KindFor(false), Is.EqualTo(ReachKind.Unknown));
            Assert.That(ReachOf(library, "SiteTemplates", "Fill", wholeApp: false).KindFor(false), Is.EqualTo(ReachKind.Unknown));
            Assert.That(ReachOf(library, "DatabaseManager", "CreateSite", wholeApp: false).KindFor(false), Is.EqualTo(ReachKind.Cold));
            // An application's compilation holds every caller.
            CSharpCompilation app = Compile(Shop, OutputKind.ConsoleApplication, "ShopApp");
            Assert.That(ReachOf(app, "SiteTemplates", "Provision", wholeApp: false).KindFor(false), Is.EqualTo(ReachKind.Cold));
        }

        [Test]
        public void CallbacksOfUnknownTiming_AreUnknown_ButAFireAndForgetTaskIsABackgroundJob()
        {
            Assert.That(ReachOf("Events", "OnChanged").Describe(false), Is.EqualTo("reach unknown"));
            Assert.That(ReachOf("Events", "Poll").Describe(false), Is.EqualTo("reached from background task started in Events.Subscribe via Events.Poll"));
        }

        [Test]
        public void TestCode_IsTest()
        {
            Assert.That(ReachOf("PageTests", "ListsPages").Describe(false), Is.EqualTo("test code: reached only from test PageTests.ListsPages"));
            Assert.That(ReachOf("Helpers", "Arrange").KindFor(false), Is.EqualTo(ReachKind.Test));
        }

        [Test]
        public void CallGraphCycles_Terminate()
        {
            Assert.That(ReachOf("Recursion", "B").Describe(false), Is.EqualTo("reached from RecursionController.Go via Recursion.A \u2192 Recursion.B"));
            // C and D only call each other: nothing enters the cycle.
            Assert.That(ReachOf("Recursion", "D").KindFor(false), Is.EqualTo(ReachKind.Unknown));
        }

        [Test]
        public void TenThousandDeepChain_TerminatesInBoundedTime_AndShortensThePath()
        {
            const int Depth = 10000;
            var source = new StringBuilder(Usings + "public sealed class ChainController : ControllerBase { public void Go() => Chain.M0(); }\n");
            source.Append("public static class Chain\n{\n");
            for (int i = 0; i < Depth; i++) source.Append("    public static void M").Append(i).Append("() => M").Append(i + 1).Append("();\n");
            source.Append("    public static void M").Append(Depth).Append("() { }\n}\n");
            CSharpCompilation compilation = Compile(source.ToString());
            var watch = Stopwatch.StartNew();
            Reach reach = ReachOf(compilation, "Chain", "M" + Depth);
            watch.Stop();
            Assert.That(reach.KindFor(false), Is.EqualTo(ReachKind.Request));
            Assert.That(reach.Describe(false),
                Is.EqualTo("reached from ChainController.Go via Chain.M0 \u2192 Chain.M1 \u2192 \u2026 \u2192 Chain.M10000 (10001 calls)"));
            Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(120), "a walk over 10k callers must stay linear");
        }

        [Test]
        public void ChainsLongerThanTheWalkBound_AreUnknown()
        {
            int depth = HotnessModel.MaxFunctions + 10;
            var source = new StringBuilder(Usings + "public sealed class ChainController : ControllerBase { public void Go() => Chain.M0(); }\n");
            source.Append("public static class Chain\n{\n");
            for (int i = 0; i < depth; i++) source.Append("    internal static void M").Append(i).Append("() => M").Append(i + 1).Append("();\n");
            source.Append("    internal static void M").Append(depth).Append("() { }\n}\n");
            CSharpCompilation compilation = Compile(source.ToString());
            Assert.That(ReachOf(compilation, "Chain", "M" + depth).KindFor(false), Is.EqualTo(ReachKind.Unknown));
        }

        // MediatR as a referenced assembly: its dispatcher, not the app, calls Handle.
        private const string MediatorLibrary = @"using System.Threading; using System.Threading.Tasks;
namespace MediatR
{
    public interface IRequest<out TResponse> { }
    public interface IRequestHandler<in TRequest, TResponse> where TRequest : IRequest<TResponse>
    { Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken); }
    public interface INotification { }
    public interface INotificationHandler<in TNotification> where TNotification : INotification
    { Task Handle(TNotification notification, CancellationToken cancellationToken); }
    public interface IMediator
    {
        Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);
        Task Publish(object notification, CancellationToken cancellationToken = default);
    }
}";

        private const string MediatorApp = Usings + @"using MediatR;
public sealed record GetPageQuery(int Id) : IRequest<string>;
public sealed class GetPageHandler : IRequestHandler<GetPageQuery, string>
{
    public Task<string> Handle(GetPageQuery request, CancellationToken cancellationToken) => Task.FromResult(PageStore.Load(request.Id));
}
public static class PageStore { public static string Load(int id) => id.ToString(); }

[ApiController, Route(""api/pages"")]
public sealed class PagesController : ControllerBase
{
    private readonly IMediator _mediator;
    public PagesController(IMediator mediator) => _mediator = mediator;
    [HttpGet(""{id}"")] public Task<string> Get(int id) => _mediator.Send(new GetPageQuery(id));
}

public sealed class SitesCreated : INotification { }
public sealed class SitesCreatedHandler : INotificationHandler<SitesCreated>
{
    public Task Handle(SitesCreated notification, CancellationToken cancellationToken) { Sites.Index(); return Task.CompletedTask; }
}
public static class Sites { public static void Index() { } }
public static class Seeder { public static Task SeedAsync(IMediator mediator) => mediator.Publish(new SitesCreated()); }

public sealed class ArchivePage : INotification { }
public sealed class ArchivePageHandler : INotificationHandler<ArchivePage>
{
    public Task Handle(ArchivePage notification, CancellationToken cancellationToken) { Archive.Write(); return Task.CompletedTask; }
}
public static class Archive { public static void Write() { } }
";

        [Test]
        public void MediatorHandler_IsReachedFromWhereItsMessageIsCreated()
        {
            MetadataReference mediatr = LibraryCompilation.Emit(LibraryCompilation.Compile("MediatR", new[] { MediatorLibrary }, TestReferences.Web));
            CSharpCompilation compilation = CSharpCompilation.Create("Shop", new[] { CSharpSyntaxTree.ParseText(MediatorApp, path: "/0/Shop.cs") },
                TestReferences.Web.Append(mediatr), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            Assert.Multiple(() =>
            {
                Assert.That(ReachOf(compilation, "PageStore", "Load").Describe(false),
                    Is.EqualTo("reached from GET /api/pages/{id} via GetPageHandler.Handle \u2192 PageStore.Load"));
                // Published only by seeding code: cold, where the handler alone would have been of unknown reach.
                Assert.That(ReachOf(compilation, "Sites", "Index").KindFor(false), Is.EqualTo(ReachKind.Cold));
                // A message nothing in the compilation creates: the handler's reach stays unknown.
                Assert.That(ReachOf(compilation, "Archive", "Write").KindFor(false), Is.EqualTo(ReachKind.Unknown));
                // A library's public message may be created in projects built after it.
                Assert.That(ReachOf(compilation, "Sites", "Index", wholeApp: false).KindFor(false), Is.EqualTo(ReachKind.Unknown));
            });
        }

        [Test]
        public void Answers_DoNotDependOnTheOrderOrConcurrencyOfQuestions()
        {
            string[][] methods =
            {
                new[] { "PageRepository", "GetAllAsync" }, new[] { "Recursion", "B" }, new[] { "Recursion", "A" }, new[] { "Seeder", "AddDefaults" },
                new[] { "PageService", "Shared" }, new[] { "Statistics", "TopUsers" }, new[] { "Lookup", "Find" }, new[] { "Feeds", "Tick" },
            };
            string[] Ask(IEnumerable<string[]> order, bool parallel)
            {
                CSharpCompilation compilation = Compile(Shop);
                HotnessModel model = HotnessModel.For(compilation, wholeApp: true);
                var answers = new Dictionary<string, string>();
                string[][] asked = order.ToArray();
                string[] described = new string[asked.Length];
                if (parallel) Parallel.For(0, asked.Length, i => described[i] = model.ReachOf(Method(compilation, asked[i][0], asked[i][1])).Describe(false));
                else for (int i = 0; i < asked.Length; i++) described[i] = model.ReachOf(Method(compilation, asked[i][0], asked[i][1])).Describe(false);
                for (int i = 0; i < asked.Length; i++) answers[asked[i][0] + "." + asked[i][1]] = described[i];
                return answers.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => p.Key + ": " + p.Value).ToArray();
            }

            string[] forward = Ask(methods, parallel: false);
            Assert.That(Ask(methods.Reverse(), parallel: false), Is.EqualTo(forward));
            Assert.That(Ask(methods, parallel: true), Is.EqualTo(forward));
        }
    }
}

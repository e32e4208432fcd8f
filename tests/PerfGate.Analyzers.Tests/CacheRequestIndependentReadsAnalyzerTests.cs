using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.CacheRequestIndependentReadsAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class CacheRequestIndependentReadsAnalyzerTests
    {
        /// <summary>What PG3003's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG3003", ExampleScaffolds.Web + @"using Microsoft.Extensions.Caching.Hybrid;
using Stripe;

public sealed class Catalog
{
    private readonly ShopContext _db;
    private readonly PriceService _prices;
    private readonly HybridCache _cache;

    public Catalog(ShopContext db, PriceService prices, HybridCache cache)
    {
        _db = db;
        _prices = prices;
        _cache = cache;
    }

" + ExampleScaffolds.Marker + @"
}

public sealed class CatalogController : ControllerBase
{
    private readonly Catalog _catalog;

    public CatalogController(Catalog catalog) => _catalog = catalog;

    [HttpGet(""categories"")]
    public async Task<IActionResult> Categories() => Ok(await _catalog.GetCategoriesAsync());

    [HttpGet(""plans"")]
    public async Task<IActionResult> Plans() => Ok(await _catalog.GetPlansAsync());
}
");

        private const string AuthUsings = @"using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
";

        private const string U = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

public class Category { public int Id { get; set; } public string Name { get; set; } = """"; public bool Visible { get; set; } }
public class Tag { public int Id { get; set; } public string Name { get; set; } = """"; }
public sealed class CatalogContext : DbContext { public DbSet<Category> Categories => Set<Category>(); public DbSet<Tag> Tags => Set<Tag>(); }
public sealed class PricingSettings { public string RatesUrl { get; set; } = """"; public string Plan { get; set; } = """"; }
";

        private const string Read = "on every request";

        [Test]
        public Task RequestIndependentReadsOnUncachedRequestPaths_AreReported() => Verify.VerifyWebWithDataAsync(U + @"
public sealed class CatalogReads
{
    private static readonly string StatusUrl = ""https://status.example/api"";
    private readonly CatalogContext _db;
    private readonly HttpClient _http;
    private readonly PriceService _prices;
    private readonly PricingSettings _settings;
    public CatalogReads(CatalogContext db, HttpClient http, PriceService prices, IOptions<PricingSettings> options)
    {
        _db = db; _http = http; _prices = prices; _settings = options.Value;
    }

    public Task<List<Category>> AllCategoriesAsync(CancellationToken ct) =>
        _db.Categories.OrderBy(c => c.Name).{|#0:ToListAsync(ct)|};

    public Task<List<Category>> VisibleCategoriesAsync() =>
        _db.Categories.Where(c => c.Visible).{|#1:ToListAsync()|};

    public Task<string> RatesAsync() => _http.{|#2:GetStringAsync(_settings.RatesUrl + ""/latest"")|};

    public Task<string> StatusAsync() => _http.{|#3:GetStringAsync($""{StatusUrl}/summary"")|};

    public Task<StripeList<Price>> PlansAsync()
    {
        var options = new PriceListOptions { Active = true, Limit = 100, LookupKeys = new List<string> { _settings.Plan } };
        return _prices.{|#4:ListAsync(options)|};
    }
}

public sealed class CatalogController : ControllerBase
{
    private readonly CatalogReads _reads;
    public CatalogController(CatalogReads reads) => _reads = reads;

    [HttpGet] public async Task<IActionResult> Categories(CancellationToken ct) => Ok(await _reads.AllCategoriesAsync(ct));
    [HttpGet(""visible"")] public async Task<IActionResult> Visible() => Ok(await _reads.VisibleCategoriesAsync());
    [HttpGet(""rates"")] public async Task<IActionResult> Rates() => Ok(await _reads.RatesAsync());
    [HttpGet(""status"")] public async Task<IActionResult> Status() => Ok(await _reads.StatusAsync());
    [HttpGet(""plans"")] public async Task<IActionResult> Plans() => Ok(await _reads.PlansAsync());
}

public static class Endpoints
{
    public static void Map(WebApplication app) =>
        app.MapGet(""/products"", (ProductService products, IConfiguration configuration) =>
            products.{|#5:ListAsync(new ProductListOptions { Limit = configuration.GetValue<int>(""Catalog:PageSize"") })|});
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "runs the same query on 'Categories' (no filter: the whole table)",
                "'CatalogReads.AllCategoriesAsync', reached from a request handler",
                    " [reached from GET CatalogController.Categories via CatalogReads.AllCategoriesAsync]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ToListAsync", "runs the same query on 'Categories'",
                "'CatalogReads.VisibleCategoriesAsync', reached from a request handler",
                    " [reached from GET CatalogController.Visible via CatalogReads.VisibleCategoriesAsync]"),
            Verify.Diagnostic().WithLocation(2).WithArguments("GetStringAsync", "sends the same HTTP GET",
                "'CatalogReads.RatesAsync', reached from a request handler", " [reached from GET CatalogController.Rates via CatalogReads.RatesAsync]"),
            Verify.Diagnostic().WithLocation(3).WithArguments("GetStringAsync", "sends the same HTTP GET",
                "'CatalogReads.StatusAsync', reached from a request handler", " [reached from GET CatalogController.Status via CatalogReads.StatusAsync]"),
            Verify.Diagnostic().WithLocation(4).WithArguments("ListAsync", "sends the same Stripe PriceService request",
                "'CatalogReads.PlansAsync', reached from a request handler", " [reached from GET CatalogController.Plans via CatalogReads.PlansAsync]"),
            Verify.Diagnostic().WithLocation(5).WithArguments(
                "ListAsync", "sends the same Stripe ProductService request", "request handler 'Map'", " [reached from GET /products]"));

        /// <summary>An authentication callback that reads the signed-in user from the database on every authenticated request (Ombi's token
        /// check before its fix, here on the cookie scheme and in a claims transformation).</summary>
        [Test]
        public Task UserReadsInPerRequestAuthenticationCallbacks_AreReported() => Verify.VerifyWebWithDataAsync(AuthUsings + U + @"
public sealed class AppUser : IdentityUser { public bool Disabled { get; set; } }
public sealed class Grant { public int Id { get; set; } public string UserId { get; set; } = """"; public string Claim { get; set; } = """"; }
public sealed class AuthContext(DbContextOptions<AuthContext> options) : DbContext(options) { public DbSet<Grant> Grants => Set<Grant>(); }
public static class AuthSetup
{
    public static void AddAuth(IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(o =>
        {
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = async context =>
                {
                    var id = context.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? """";
                    var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
                    var user = await users.{|#0:FindByIdAsync(id)|};
                    if (user == null || user.Disabled) context.RejectPrincipal();
                },
            };
        });
    }
}
public sealed class GrantClaims(AuthContext db) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var id = principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? """";
        var grants = await db.Grants.Where(g => g.UserId == id).{|#1:ToListAsync()|};
        var identity = new ClaimsIdentity(grants.Select(g => new Claim(""grant"", g.Claim)));
        principal.AddIdentity(identity);
        return principal;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("FindByIdAsync", "reads the signed-in user's data",
                "CookieAuthenticationEvents.OnValidatePrincipal, which runs on every authenticated request",
                " [reached from request callback in AuthSetup.AddAuth]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ToListAsync", "reads the signed-in user's data",
                "IClaimsTransformation.TransformAsync, which runs on every authenticated request"));

        /// <summary>The same reads behind a cache (Ombi's fix), and in callbacks that run once per sign-in, not per request.</summary>
        [Test]
        public Task CachedOrSignInOnlyUserReads_AreNotReported() => Verify.VerifyWebWithDataAsync(AuthUsings + U + @"
public sealed class AppUser : IdentityUser { }
public static class AuthSetup
{
    public static void AddAuth(IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(o =>
        {
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = async context =>
                {
                    var id = context.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? """";
                    var cache = context.HttpContext.RequestServices.GetRequiredService<IMemoryCache>();
                    var user = await cache.GetOrCreateAsync(id + "":user"", async entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
                        return await users.FindByIdAsync(id);
                    });
                    if (user == null) context.RejectPrincipal();
                },
                OnSigningIn = async context =>
                {
                    var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
                    var user = await users.FindByNameAsync(context.Principal?.Identity?.Name ?? """");
                    if (user != null) context.Properties.IsPersistent = true;
                },
            };
        });
    }
}");

        [Test]
        public Task RequestDependentCachedOrOffPathReads_AreNotReported() => Verify.VerifyWebWithDataAsync(U + @"
public sealed class CatalogReads
{
    private readonly CatalogContext _db;
    private readonly HttpClient _http;
    private readonly IMemoryCache _cache;
    private readonly PriceService _prices;
    private string _baseUrl;
    private List<Category>? _memo;
    public CatalogReads(CatalogContext db, HttpClient http, IMemoryCache cache, PriceService prices, string baseUrl)
    {
        _db = db; _http = http; _cache = cache; _prices = prices; _baseUrl = baseUrl;
    }

    public Task<Category?> ByIdAsync(int id) => _db.Categories.Where(c => c.Id == id).FirstOrDefaultAsync();   // route parameter
    public Task<List<Category>> ByNameAsync(string name) => _db.Categories.Where(c => c.Name == name).ToListAsync();
    public Task<string> ProfileAsync(string user) => _http.GetStringAsync(""https://users.example/"" + user);
    public Task<string> FromMutableFieldAsync() => _http.GetStringAsync(_baseUrl);                            // not proven configuration
    public Task<Price> PriceAsync(string id) => _prices.GetAsync(id);
    public Task<HttpResponseMessage> PostAsync() => _http.PostAsync(""https://audit.example"", null);           // not a read
    public Task<int> CountAsync() => _db.Categories.CountAsync();                                             // aggregate

    public async Task<List<Category>> CachedAsync() =>
        (await _cache.GetOrCreateAsync(""categories"", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            return _db.Categories.ToListAsync();                                                               // a cache factory
        }))!;

    public async Task<List<Category>> ReadThroughAsync()
    {
        if (_cache.TryGetValue(""all"", out List<Category>? hit)) return hit!;
        var all = await _db.Categories.ToListAsync();                                                          // the method caches
        _cache.Set(""all"", all, TimeSpan.FromMinutes(5));
        return all;
    }

    public async Task<List<Category>> MemoizedAsync() => _memo ??= await _db.Categories.ToListAsync();         // memoized by hand

    private byte[]? _countries;
    public async Task<byte[]> CountriesAsync()
    {
        if (_countries != null) return _countries;
        using var response = await _http.GetAsync(""https://listings.example/countries"");               // kept in a field below
        var bytes = await response.Content.ReadAsByteArrayAsync();
        _countries = bytes;
        return bytes;
    }

    public async Task RenameAllAsync()
    {
        foreach (var t in await _db.Tags.ToListAsync()) t.Name = t.Name.Trim();                                 // read to update
        await _db.SaveChangesAsync();
    }

    public Task<List<Tag>> AllTagsAsync() => _db.Tags.ToListAsync();                                          // a table the app writes
    public Task AddTagAsync(string name) { _db.Add(new Tag { Name = name }); return _db.SaveChangesAsync(); }

    public Task<List<Category>> BehindCachedActionAsync() => _db.Categories.ToListAsync();
    public Task<List<Category>> OnlyAtStartupAsync() => _db.Categories.ToListAsync();
}

public sealed class CatalogController : ControllerBase
{
    private readonly CatalogReads _reads;
    public CatalogController(CatalogReads reads) => _reads = reads;

    [HttpGet(""{id}"")] public async Task<IActionResult> One(int id) => Ok(await _reads.ByIdAsync(id));
    [HttpGet(""name"")] public async Task<IActionResult> Named(string name) => Ok(await _reads.ByNameAsync(name));
    [HttpGet(""me"")] public async Task<IActionResult> Me(string user) => Ok(await _reads.ProfileAsync(user));
    [HttpGet(""field"")] public async Task<IActionResult> Field() => Ok(await _reads.FromMutableFieldAsync());
    [HttpGet(""price"")] public async Task<IActionResult> Price(string id) => Ok(await _reads.PriceAsync(id));
    [HttpPost] public async Task<IActionResult> Post() => Ok(await _reads.PostAsync());
    [HttpGet(""count"")] public async Task<IActionResult> Count() => Ok(await _reads.CountAsync());
    [HttpGet(""cached"")] public async Task<IActionResult> Cached() => Ok(await _reads.CachedAsync());
    [HttpGet(""through"")] public async Task<IActionResult> Through() => Ok(await _reads.ReadThroughAsync());
    [HttpGet(""memo"")] public async Task<IActionResult> Memo() => Ok(await _reads.MemoizedAsync());
    [HttpGet(""countries"")] public async Task<IActionResult> Countries() => Ok(await _reads.CountriesAsync());
    [HttpPost(""rename"")] public Task Rename() => _reads.RenameAllAsync();
    [HttpGet(""tags"")] public async Task<IActionResult> Tags() => Ok(await _reads.AllTagsAsync());
    [HttpGet(""output""), OutputCache(Duration = 60)] public async Task<IActionResult> Output() => Ok(await _reads.BehindCachedActionAsync());
}

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet(""/cached"", (CatalogContext db) => db.Categories.ToListAsync()).CacheOutput();
        app.MapGet(""/background"", (CatalogContext db) => { _ = Task.Run(() => db.Categories.ToListAsync()); return Results.Accepted(); });
    }
}

public sealed class Warmup
{
    public Task Run(CatalogReads reads) => reads.OnlyAtStartupAsync();
}");

        /// <summary>
        /// Ombi's settings (the recall corpus's om-settings-cache): rows read through a context typed as an interface whose only implementation
        /// is a DbContext, by a name every caller passes as a type name, on every request; the table is written only from admin pages (an
        /// app's own <c>[Admin]</c> attribute). The fix caches the row and evicts it where the admin pages save.
        /// </summary>
        private const string SettingsUsings = "using System.Text.Json;\nusing Microsoft.AspNetCore.Authorization;\n";

        private const string SettingsStore = @"
public class GlobalSettings { public int Id { get; set; } public string SettingsName { get; set; } = """"; public string Content { get; set; } = """"; }
public sealed class LandingPageSettings { public bool Enabled { get; set; } public string Notice { get; set; } = """"; }

public interface ISiteContext
{
    DbSet<GlobalSettings> Settings { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

public sealed class SiteContext : DbContext, ISiteContext
{
    public SiteContext(DbContextOptions<SiteContext> options) : base(options) { }
    public DbSet<GlobalSettings> Settings => Set<GlobalSettings>();
}

public interface ISettingsRepository
{
    Task<GlobalSettings?> GetAsync(string settingsName);
    Task UpdateAsync(GlobalSettings entity);
}

public sealed class SettingsRepository : ISettingsRepository
{
    public SettingsRepository(ISiteContext ctx) => Db = ctx;

    private ISiteContext Db { get; }

    public async Task<GlobalSettings?> GetAsync(string settingsName) =>
        await Db.Settings.AsNoTracking().{|#0:FirstOrDefaultAsync(x => x.SettingsName == settingsName)|};

    public async Task UpdateAsync(GlobalSettings entity)
    {
        Db.Settings.Update(entity);
        await Db.SaveChangesAsync();
    }
}

public class SettingsService<T> where T : new()
{
    public SettingsService(ISettingsRepository repo)
    {
        Repo = repo;
        EntityName = typeof(T).Name;
    }

    private ISettingsRepository Repo { get; }
    private string EntityName { get; }

    public async Task<T> GetSettingsAsync()
    {
        var row = await Repo.GetAsync(EntityName);
        return row == null ? new T() : JsonSerializer.Deserialize<T>(row.Content)!;
    }

    public async Task SaveSettingsAsync(T model)
    {
        var row = await Repo.GetAsync(EntityName) ?? new GlobalSettings { SettingsName = EntityName };
        row.Content = JsonSerializer.Serialize(model);
        await Repo.UpdateAsync(row);
    }
}

public class AdminAttribute : AuthorizeAttribute
{
    public AdminAttribute() { Roles = ""Admin""; }
}

public sealed class LandingPageController : ControllerBase
{
    private readonly SettingsService<LandingPageSettings> _settings;
    public LandingPageController(SettingsService<LandingPageSettings> settings) => _settings = settings;

    [HttpGet(""landing"")] public async Task<IActionResult> Get() => Ok(await _settings.GetSettingsAsync());
}
";

        private const string AdminSettingsController = @"
[Admin]
public sealed class SettingsController : ControllerBase
{
    private readonly SettingsService<LandingPageSettings> _settings;
    public SettingsController(SettingsService<LandingPageSettings> settings) => _settings = settings;

    [HttpPost(""settings/landing"")] public Task Save(LandingPageSettings model) => _settings.SaveSettingsAsync(model);
}
";

        private static Task VerifyWholeAppAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new Verify.Test(Verifiers.TestReferences.WebWithData);
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.reach.whole_app = true\n"));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Test]
        public Task SettingsReadByTypeNameThroughAContextInterface_WrittenOnlyByAdmins_IsReported() => VerifyWholeAppAsync(
            SettingsUsings + U + SettingsStore + AdminSettingsController,
            Verify.Diagnostic().WithLocation(0).WithArguments("FirstOrDefaultAsync",
                "runs the same query on 'Settings' (written only from admin pages or run-once code: evict the cached entry where it is saved)",
                "'SettingsRepository.GetAsync', reached from a request handler",
                " [reached from GET LandingPageController.Get via SettingsService.GetSettingsAsync → SettingsRepository.GetAsync]"));

        /// <summary>
        /// The same store when a caller passes the request's value, when anyone may save the settings, when the context interface has an
        /// implementation that is not a DbContext, when the compilation may not hold every caller (a library's public method), and when only
        /// admin pages read what admin pages write.
        /// </summary>
        [Test]
        public async Task SettingsReadsWithoutEveryProof_AreNotReported()
        {
            string byRequest = @"
public sealed class SettingsController : ControllerBase
{
    private readonly ISettingsRepository _repo;
    public SettingsController(ISettingsRepository repo) => _repo = repo;

    [Admin, HttpGet(""settings/{name}"")] public async Task<IActionResult> Get(string name) => Ok(await _repo.GetAsync(name));
}
";
            await VerifyWholeAppAsync(SettingsUsings + U + SettingsStore.Replace("{|#0:", "").Replace(")|}", ")") + byRequest);

            string anyoneSaves = AdminSettingsController.Replace("[Admin]", "[Authorize]");
            await VerifyWholeAppAsync(SettingsUsings + U + SettingsStore.Replace("{|#0:", "").Replace(")|}", ")") + anyoneSaves);

            string nullContext = @"
public sealed class NullContext : ISiteContext
{
    public DbSet<GlobalSettings> Settings => throw new NotSupportedException();
    public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
";
            await VerifyWholeAppAsync(SettingsUsings + U + SettingsStore.Replace("{|#0:", "").Replace(")|}", ")") + AdminSettingsController + nullContext);

            await Verify.VerifyWebWithDataAsync(SettingsUsings + U + SettingsStore.Replace("{|#0:", "").Replace(")|}", ")") + AdminSettingsController);

            string readOnAdminPages = SettingsStore.Replace("{|#0:", "").Replace(")|}", ")")
                .Replace("public sealed class LandingPageController", "[Admin]\npublic sealed class LandingPageController");
            await VerifyWholeAppAsync(SettingsUsings + U + readOnAdminPages + AdminSettingsController);
        }
    }
}

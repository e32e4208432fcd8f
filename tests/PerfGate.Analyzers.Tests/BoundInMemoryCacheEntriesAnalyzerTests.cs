using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.BoundInMemoryCacheEntriesAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class BoundInMemoryCacheEntriesAnalyzerTests
    {
        /// <summary>What PG3002's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG3002", ExampleScaffolds.Data + @"using Microsoft.Extensions.Caching.Memory;

public sealed class Products
{
    private readonly IMemoryCache _cache;
    private readonly ShopContext _db;

    public Products(IMemoryCache cache, ShopContext db)
    {
        _cache = cache;
        _db = db;
    }

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
";

        private const string Source = U + @"
public sealed class ProductCache
{
    private static readonly MemoryCacheEntryOptions Shared = new() { SlidingExpiration = TimeSpan.FromMinutes(1) };
    private readonly IMemoryCache _cache;
    public ProductCache(IMemoryCache cache) => _cache = cache;

    public string Get(int id)
    {
        _cache.{|#0:Set(""p:"" + id, ""v"")|};
        _cache.{|#1:Set($""q:{id}"", ""v"", new MemoryCacheEntryOptions { Priority = CacheItemPriority.High })|};
        string? a = _cache.{|#2:GetOrCreate(""r:"" + id, entry => { entry.Size = 1; return ""v""; })|};
        return a!;
    }

    public async Task<string> CleanAsync(int id, MemoryCacheEntryOptions fromCaller)
    {
        _cache.Set(""constant"", ""v"");                                            // one entry
        _cache.Set(""a:"" + id, ""v"", TimeSpan.FromMinutes(5));
        _cache.Set(""b:"" + id, ""v"", DateTimeOffset.UtcNow.AddMinutes(5));
        _cache.Set(""c:"" + id, ""v"", Shared);                                     // a field: unknown
        _cache.Set(""d:"" + id, ""v"", fromCaller);
        _cache.Set(""e:"" + id, ""v"", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        _cache.GetOrCreate(""f:"" + id, entry => { entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 1; });
        _cache.GetOrCreate(""g:"" + id, entry => { entry.SetSlidingExpiration(TimeSpan.FromMinutes(1)); return 1; });
        _cache.GetOrCreate(""h:"" + id, entry => Configure(entry));                // handed elsewhere
        return (await _cache.GetOrCreateAsync(""i:"" + id, entry =>
        {
            entry.SetAbsoluteExpiration(TimeSpan.FromSeconds(30));
            return Task.FromResult(""v"");
        }))!;
    }

    private static int Configure(ICacheEntry entry) { entry.SlidingExpiration = TimeSpan.FromMinutes(1); return 1; }
}";

        private const string Fix = "set an expiration (AbsoluteExpirationRelativeToNow, SlidingExpiration)";

        // Only where the entry sets a Size: with a SizeLimit, every write without one would throw.
        private const string FixWithSize = "set an expiration (AbsoluteExpirationRelativeToNow, SlidingExpiration), or a SizeLimit (every entry written to "
            + "that cache must then set a Size, as this one does)";

        private static string Memory(string how) =>
            "adds an IMemoryCache entry under a computed key " + how + ", and no MemoryCacheOptions.SizeLimit is configured";

        [Test]
        public Task ComputedKeysWithoutExpiration_AreReported() => Verify.VerifyWebAsync(Source,
            Verify.Diagnostic().WithLocation(0).WithArguments("Set", Memory("with no expiration"), Fix),
            Verify.Diagnostic().WithLocation(1).WithArguments("Set", Memory("with MemoryCacheEntryOptions that set no expiration"), Fix),
            Verify.Diagnostic().WithLocation(2).WithArguments("GetOrCreate", Memory("from a factory that sets no expiration"), FixWithSize));

        [Test]
        public Task KeysEvictedOnSaveOrDelete_AndCultureKeys_AreBounded() => Verify.VerifyWebAsync(U + @"
using System.Collections.Generic;
using System.Globalization;

public sealed class Product { public int Id { get; set; } public string Name { get; set; } = """"; }

public sealed class ProductCatalog
{
    private readonly IMemoryCache _cache;
    public ProductCatalog(IMemoryCache cache) => _cache = cache;

    // Entries of existing products, dropped when a product is saved or deleted: bounded by the data, not by requests.
    public void Remember(Product product) => _cache.Set($""product:{product.Id}"", product);
    public void Saved(Product product) => _cache.Remove($""product:{product.Id}"");
    public void Index(Product product) => _cache.Set(IndexKey(product.Id), product.Name);
    public void Deleted(int id) { var key = IndexKey(id); _cache.Remove(key); }
    private static string IndexKey(int id) => ""index:"" + id;

    // SimplCommerce's localizer: one entry per configured culture.
    public string Text(string name) => Resources(CultureInfo.CurrentUICulture.Name).TryGetValue(name, out var value) ? value : name;
    private Dictionary<string, string> Resources(string culture)
    {
        if (!_cache.TryGetValue(culture, out Dictionary<string, string>? resources))
        {
            resources = new Dictionary<string, string>();
            _cache.Set(culture, resources);
        }

        return resources!;
    }

    public void Language() => _cache.Set(""lang:"" + CultureInfo.CurrentCulture.TwoLetterISOLanguageName, 1);

    // A key that comes from the request and is never removed still grows with every distinct search.
    public void Search(string term, List<Product> found) => _cache.{|#0:Set(""search:"" + term, found)|};
}", Verify.Diagnostic().WithLocation(0).WithArguments("Set", Memory("with no expiration"), Fix));

        [Test]
        public Task SizeLimitAnywhere_SilencesTheRule() => Verify.VerifyWebAsync(new[]
        {
            Source.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace(")|};", ");"),
            U + @"
public static class Setup
{
    public static void Add(IServiceCollection services) => services.AddMemoryCache(o => o.SizeLimit = 10_000);
}",
        });
    }
}

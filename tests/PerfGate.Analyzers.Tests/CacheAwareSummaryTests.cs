using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PerfGate.Analyzers.Tests.Verifiers;
using Pg1001 = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteQueryPerLoopIterationAnalyzer>;
using Pg1002 = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCallDatabaseMethodPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// I/O behind a cache lookup counts as "on miss" (<see cref="IoSummaries"/>, <see cref="CacheLookups"/>): a loop that calls a
    /// cached read with the same key every pass hits the database once at most; one whose key changes per pass is reported "on a cache
    /// miss", with the lookup named in the chain. The shapes: IMemoryCache/HybridCache factories, the app's own cache abstraction (Oqtane's
    /// <c>ICacheManager.GetCache(key, factory)</c>), TryGetValue … query … Set, IDistributedCache get-then-set, and memo fields.
    /// </summary>
    public sealed class CacheAwareSummaryTests
    {
        private const string U = ShopModel.Usings + @"using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.Distributed;
";

        private static DiagnosticResult Pg1002At(int location, string method, string iteration, string chain) =>
            Pg1002.Diagnostic().WithLocation(location).WithArguments(method, iteration, chain).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        private const string OnMiss = ", on a cache miss (the cache key changes per iteration)";

        /// <summary>An app's own cache abstraction, as Oqtane has it: a key and a factory, over IMemoryCache.</summary>
        private const string CacheManager = @"
public interface ICacheManager
{
    T GetCache<T>(string key, Func<CancellationToken, T> factory);
    T GetCache<T>(string prefix, string key, Func<CancellationToken, T> factory);
}

public sealed class CacheManager : ICacheManager
{
    private readonly IMemoryCache _cache;
    public CacheManager(IMemoryCache cache) => _cache = cache;

    public T GetCache<T>(string key, Func<CancellationToken, T> factory) => GetCache(""global"", key, factory);

    public T GetCache<T>(string prefix, string key, Func<CancellationToken, T> factory) =>
        _cache.GetOrCreate(prefix + "":"" + key, entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            return factory(CancellationToken.None);
        })!;
}

public sealed class RoleRepository
{
    private readonly ICacheManager _cache;
    private readonly ShopContext _db;
    public RoleRepository(ICacheManager cache, ShopContext db) { _cache = cache; _db = db; }

    public List<Order> GetOrdersOf(int customerId, string status) =>
        _cache.GetCache($""Orders:{customerId}"", _ => _db.Orders.Where(o => o.CustomerId == customerId && o.Status == status).ToList());

    public List<Customer> GetCustomers() => _cache.GetCache(""Customers"", _ => _db.Customers.AsNoTracking().ToList());
}
";

        [Test]
        public Task AppCacheAbstraction_SameKeyEveryPass_IsSilent() => Pg1002.VerifyWithModelAsync(U + CacheManager + @"
public sealed class PageController
{
    private readonly RoleRepository _roles;
    public PageController(RoleRepository roles) => _roles = roles;

    // Oqtane's per-page permission check: the user's roles are read from the cache under the user's key, the same on every page.
    public int VisiblePages(List<Product> pages, int userId)
    {
        int visible = 0;
        foreach (var page in pages)
        {
            if (_roles.GetOrdersOf(userId, page.Name).Count > 0) visible++;
            if (_roles.GetCustomers().Count > page.Id) visible++;
        }

        return visible;
    }
}");

        [Test]
        public Task AppCacheAbstraction_KeyChangesPerPass_IsReportedOnCacheMiss() => Pg1002.VerifyWithModelAsync(U + CacheManager + @"
public sealed class Statements
{
    private readonly RoleRepository _roles;
    public Statements(RoleRepository roles) => _roles = roles;

    public int Count(List<Customer> customers)
    {
        int count = 0;
        foreach (var customer in customers) count += _roles.{|#0:GetOrdersOf(customer.Id, ""paid"")|}.Count;
        return count;
    }
}", Pg1002At(0, "GetOrdersOf", "foreach loop" + OnMiss, "GetOrdersOf \u2192 ICacheManager.GetCache (on miss) \u2192 IQueryable<Order>.ToList"));

        [Test]
        public Task TryGetValueThenQueryThenSet_IsOnMiss() => Pg1002.VerifyWithModelAsync(U + @"
public sealed class CustomerLookup
{
    private readonly IMemoryCache _cache;
    private readonly ShopContext _db;
    public CustomerLookup(IMemoryCache cache, ShopContext db) { _cache = cache; _db = db; }

    public Customer? Find(int id)
    {
        if (!_cache.TryGetValue(""customer:"" + id, out Customer? customer))
        {
            customer = _db.Customers.Find(id);
            _cache.Set(""customer:"" + id, customer, TimeSpan.FromMinutes(5));
        }

        return customer;
    }

    public List<Product> Catalog()
    {
        if (_cache.TryGetValue(""catalog"", out List<Product>? products)) return products!;
        products = _db.Products.AsNoTracking().ToList();
        _cache.Set(""catalog"", products, TimeSpan.FromMinutes(5));
        return products;
    }
}

public sealed class Invoices
{
    public decimal Total(CustomerLookup lookup, List<Order> orders)
    {
        decimal total = 0;
        foreach (var order in orders)
        {
            total += lookup.Catalog().Count;
            total += lookup.{|#0:Find(order.CustomerId)|}?.Id ?? 0;
        }

        return total;
    }
}", Pg1002At(0, "Find", "foreach loop" + OnMiss, "Find \u2192 IMemoryCache.TryGetValue (on miss) \u2192 DbSet<Customer>.Find"));

        [Test]
        public Task DistributedCacheGetThenSet_IsOnMiss() => Pg1002.VerifyWithModelAsync(U + @"
public sealed class CatalogReader
{
    private readonly IDistributedCache _cache;
    private readonly ShopContext _db;
    public CatalogReader(IDistributedCache cache, ShopContext db) { _cache = cache; _db = db; }

    public async Task<string> NamesAsync(CancellationToken ct)
    {
        var cached = await _cache.GetStringAsync(""catalog:names"", ct);
        if (cached != null) return cached;
        var names = string.Join("","", await _db.Products.Select(p => p.Name).ToListAsync(ct));
        await _cache.SetStringAsync(""catalog:names"", names, ct);
        return names;
    }
}

public sealed class Labels
{
    public async Task<int> PrintAsync(CatalogReader catalog, List<Order> orders, CancellationToken ct)
    {
        int length = 0;
        foreach (var order in orders) length += (await catalog.NamesAsync(ct)).Length;
        return length;
    }
}");

        [Test]
        public Task MemoFieldAndLazyField_AreOnMiss() => Pg1002.VerifyWithModelAsync(U + @"
public sealed class Settings
{
    private readonly ShopContext _db;
    private List<Product>? _products;
    private List<Customer>? _customers;
    public Settings(ShopContext db) => _db = db;

    public List<Product> Products()
    {
        if (_products == null) _products = _db.Products.ToList();
        return _products;
    }

    public List<Customer> Customers() => _customers ??= _db.Customers.ToList();
}

public sealed class Report
{
    public int Run(Settings settings, List<Order> orders)
    {
        int n = 0;
        foreach (var order in orders) n += settings.Products().Count + settings.Customers().Count;
        return n;
    }
}");

        [Test]
        public Task MemoOnAScopedStateObject_IsOnMiss() => Pg1002.VerifyWithModelAsync(U + @"
public sealed class SiteState { public Customer? Current { get; set; } }

// Oqtane's TenantManager.GetAlias: resolved once per request scope, then read from the scoped state.
public sealed class CustomerResolver
{
    private readonly SiteState _state;
    private readonly ShopContext _db;
    public CustomerResolver(SiteState state, ShopContext db) { _state = state; _db = db; }

    public Customer? Current()
    {
        Customer? current = null;
        if (_state?.Current != null && _state.Current.Id != -1)
        {
            current = _state.Current;
        }
        else
        {
            current = _db.Customers.FirstOrDefault();
            if (current != null) _state.Current = current;
        }

        return current;
    }
}

public sealed class Pages
{
    public int Visible(CustomerResolver resolver, List<Product> pages)
    {
        int visible = 0;
        foreach (var page in pages) if (resolver.Current()?.Name == page.Name) visible++;
        return visible;
    }
}");

        [Test]
        public Task UncachedPathBesideACachedOne_IsReportedWithTheUncachedChain() => Pg1002.VerifyWithModelAsync(U + @"
public sealed class Prices
{
    private readonly IMemoryCache _cache;
    private readonly ShopContext _db;
    public Prices(IMemoryCache cache, ShopContext db) { _cache = cache; _db = db; }

    public decimal Price(int productId, bool fresh)
    {
        if (fresh) return _db.Products.First(p => p.Id == productId).Price;
        return _cache.GetOrCreate(""prices"", _ => _db.Products.ToDictionary(p => p.Id, p => p.Price))![productId];
    }
}

public sealed class Cart
{
    public decimal Total(Prices prices, List<OrderLine> lines)
    {
        decimal total = 0;
        foreach (var line in lines) total += prices.{|#0:Price(line.ProductId, true)|} * line.Quantity;
        return total;
    }
}", Pg1002At(0, "Price", "foreach loop", "Price \u2192 DbSet<Product>.First"));

        [Test]
        public Task GetWithAFactory_OnACacheTypeTheCompilationCannotSee_IsALookup() => Pg1001.VerifyWithModelAsync(U + @"
public interface IStaticCacheManager { Task<T> GetAsync<T>(string key, Func<Task<T>> acquire); T Get<T>(string key); }

public sealed class ProductNames
{
    public async Task<List<string>> NamesAsync(IStaticCacheManager cache, ShopContext db, List<OrderLine> lines)
    {
        var names = new List<string>();
        foreach (var line in lines)
        {
            var product = await cache.GetAsync(""product:"" + line.ProductId, () => db.Products.{|#0:FirstAsync(p => p.Id == line.ProductId)|});
            var all = await cache.GetAsync(""products"", () => db.Products.ToListAsync());
            names.Add(product.Name + all.Count + cache.Get<string>(""suffix""));
        }

        return names;
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("FirstAsync", "foreach loop" + OnMiss));

        [Test]
        public Task CacheLookupInTheLoopBody_KeyPerItem_IsReportedOnCacheMiss() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class ProductNames
{
    public async Task<List<string>> NamesAsync(IMemoryCache cache, ShopContext db, List<OrderLine> lines)
    {
        var names = new List<string>();
        foreach (var line in lines)
        {
            var product = await cache.GetOrCreateAsync(""product:"" + line.ProductId,
                _ => db.Products.{|#0:FirstAsync(p => p.Id == line.ProductId)|});
            var all = await cache.GetOrCreateAsync(""products"", _ => db.Products.ToListAsync());
            names.Add(product!.Name + all!.Count);
        }

        return names;
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("FirstAsync", "foreach loop" + OnMiss));
    }
}

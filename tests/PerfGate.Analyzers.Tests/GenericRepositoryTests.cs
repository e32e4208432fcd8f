using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using Loop = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteQueryPerLoopIterationAnalyzer>;
using NoTracking = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseNoTrackingForReadOnlyQueryAnalyzer>;
using Split = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotIncludeSeveralCollectionsInOneQueryAnalyzer>;
using Sync = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer>;
using Unbounded = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotReturnUnboundedQueryFromEndpointAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// Queries through generic repositories (<c>IRepository&lt;T&gt;.Query()</c>, <c>.Table</c>, <c>GetAll()</c>): proven when every
    /// implementation in the compilation returns the context's DbSet, silent when any implementation is unknown or not EF Core.
    /// </summary>
    public sealed class GenericRepositoryTests
    {
        private const string U = ShopModel.Usings;

        private const string W = ShopModel.Usings + "using Microsoft.AspNetCore.Mvc;\n";

        /// <summary>The SimplCommerce shape: the DbSet kept in a get-only auto-property, returned typed as IQueryable.</summary>
        private const string Repository = @"
public interface IRepository<T> where T : class
{
    IQueryable<T> Query();
    IQueryable<T> Table { get; }
    void Add(T entity);
    Task SaveChangesAsync();
}

public class Repository<T> : IRepository<T> where T : class
{
    public Repository(ShopContext context)
    {
        Context = context;
        DbSet = Context.Set<T>();
    }

    protected DbContext Context { get; }

    protected DbSet<T> DbSet { get; }

    public IQueryable<T> Query() => DbSet;

    public IQueryable<T> Table => Context.Set<T>().AsQueryable();

    public void Add(T entity) => DbSet.Add(entity);

    public Task SaveChangesAsync() => Context.SaveChangesAsync();
}
";

        /// <summary>The Ombi shape: a base repository over any context type, the set in a public get-only property.</summary>
        private const string BaseRepository = @"
public interface IEntityRepository<T> where T : class
{
    IQueryable<T> GetAll();
}

public class BaseRepository<T, TContext> : IEntityRepository<T> where T : class where TContext : DbContext
{
    private readonly TContext _ctx;

    public BaseRepository(TContext ctx)
    {
        _ctx = ctx;
        _db = _ctx.Set<T>();
    }

    public DbSet<T> _db { get; }

    public IQueryable<T> GetAll() => _db.AsQueryable();
}

public sealed class OrderStore : BaseRepository<Order, ShopContext>
{
    public OrderStore(ShopContext ctx) : base(ctx) { }
}
";

        [Test]
        public Task QueryPerItem_ThroughRepository_IsReported() => Loop.VerifyWithModelAsync(U + Repository + @"
public sealed class PriceService
{
    private readonly IRepository<Product> _products;
    public PriceService(IRepository<Product> products) => _products = products;

    public async Task<decimal> TotalAsync(int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids)
        {
            var product = await _products.Query().{|#0:FirstAsync(p => p.Id == id)|};
            total += product.Price;
            total += _products.Table.Where(p => p.Id == id).{|#1:Count()|};
        }
        return total;
    }
}",
            Loop.Diagnostic().WithLocation(0).WithArguments("FirstAsync", "foreach loop"),
                    Loop.Diagnostic().WithLocation(1).WithArguments("Count", "foreach loop"));

        [Test]
        public Task BaseRepositoryOverAnyContext_IsProven() => Sync.VerifyWithModelAsync(U + BaseRepository + @"
public sealed class Availability
{
    private readonly IEntityRepository<Order> _orders;
    private readonly OrderStore _store;
    public Availability(IEntityRepository<Order> orders, OrderStore store) { _orders = orders; _store = store; }

    public async Task<int> OpenAsync()
    {
        var open = _orders.GetAll().Where(o => o.Status == ""open"").{|#0:ToList()|};
        var direct = _store._db.{|#1:Count()|};
        await Task.Yield();
        return open.Count + direct;
    }
}",
            Sync.Diagnostic().WithLocation(0).WithArguments("ToList", "ToListAsync"),
                    Sync.Diagnostic().WithLocation(1).WithArguments("Count", "CountAsync"));

        [Test]
        public Task ReadOnlyListFromRepository_InAction_IsReported() => NoTracking.VerifyWebWithDataAsync(new[]
        {
            ShopModel.Source,
            W + Repository + @"
public sealed class ProductsController : ControllerBase
{
    private readonly IRepository<Product> _products;
    public ProductsController(IRepository<Product> products) => _products = products;

    [HttpGet]
    public async Task<IActionResult> List() => Ok(await _products.Query().Where(p => p.Price > 0).{|#0:ToListAsync()|});
}",
        }, NoTracking.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Product", " [reached from GET ProductsController.List]"));

        [Test]
        public Task UnboundedListFromRepository_ReturnedByAction_IsReported() => Unbounded.VerifyWebWithDataAsync(new[]
        {
            ShopModel.Source,
            W + Repository + @"
public sealed class ProductsController : ControllerBase
{
    private readonly IRepository<Product> _products;
    public ProductsController(IRepository<Product> products) => _products = products;

    [HttpGet]
    public async Task<IActionResult> All() => Ok(await _products.Table.{|#0:ToListAsync()|});

    [HttpGet(""page"")]
    public async Task<IActionResult> Page(int page) => Ok(await _products.Table.OrderBy(p => p.Id).Skip(page * 20).Take(20).ToListAsync());
}",
        }, Unbounded.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "ProductsController.All",
            " [reached from GET ProductsController.All]"));

        [Test]
        public Task SiblingCollectionIncludes_ThroughRepository_AreReported() => Split.VerifyWithModelAsync(U + Repository + @"
public class Basket
{
    public int Id { get; set; }
    public List<OrderLine> Lines { get; set; } = new List<OrderLine>();
    public List<Product> Saved { get; set; } = new List<Product>();
}

public sealed class CustomerPage
{
    public Task<Basket> BasketAsync(IRepository<Basket> baskets, int id) =>
        baskets.Query().Include(b => b.Lines).{|#0:Include(b => b.Saved)|}.FirstAsync(b => b.Id == id);

    public Task<Customer> LoadAsync(IRepository<Customer> customers, int id) =>
        customers.Query().Include(c => c.Orders).ThenInclude(o => o.Lines).FirstAsync(c => c.Id == id);

    public Task<Order> OrderAsync(IRepository<Order> orders, int id) =>
        orders.Query().Include(o => o.Lines).Include(o => o.Customer).FirstAsync(o => o.Id == id);
}",
            Split.Diagnostic().WithLocation(0).WithArguments(2, "FirstAsync"));

        /// <summary>The Clean Architecture shape (Ombi's <c>IOmbiContext</c>): the context injected as an interface every implementing class of
        /// which is a DbContext.</summary>
        private const string ContextInterface = @"
public interface IShopDbContext
{
    DbSet<Product> Products { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

public sealed class ShopDbContext : DbContext, IShopDbContext
{
    public DbSet<Product> Products => Set<Product>();
}
";

        private const string PricesThroughContextInterface = @"
public sealed class PriceList
{
    private readonly IShopDbContext _db;
    public PriceList(IShopDbContext db) => _db = db;

    public async Task<decimal> TotalAsync(int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids)
        {
            var product = await _db.Products.{|#0:FirstAsync(p => p.Id == id)|};
            total += product.Price;
        }
        return total;
    }
}";

        [Test]
        public Task QueryPerItem_ThroughAContextInterface_IsReported() => Loop.VerifyWithModelAsync(U + ContextInterface + PricesThroughContextInterface,
            Loop.Diagnostic().WithLocation(0).WithArguments("FirstAsync", "foreach loop"));

        // ---- must not flag ---------------------------------------------------------------------

        [Test]
        public Task AContextInterfaceWithAnImplementationThatIsNotAContext_IsAmbiguous() => Loop.VerifyWithModelAsync(U + ContextInterface + @"
public sealed class NullShopContext : IShopDbContext
{
    public DbSet<Product> Products => throw new NotSupportedException();
    public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
" + PricesThroughContextInterface.Replace("{|#0:", "").Replace(")|}", ")"));


        [Test]
        public Task AnInMemoryImplementation_MakesTheRepositoryAmbiguous() => Loop.VerifyWithModelAsync(U + Repository + @"
public sealed class InMemoryRepository<T> : IRepository<T> where T : class
{
    private readonly List<T> _items = new List<T>();
    public IQueryable<T> Query() => _items.AsQueryable();
    public IQueryable<T> Table => _items.AsQueryable();
    public void Add(T entity) => _items.Add(entity);
    public Task SaveChangesAsync() => Task.CompletedTask;
}

public sealed class PriceService
{
    public decimal Total(IRepository<Product> products, int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids) total += products.Query().First(p => p.Id == id).Price;
        return total;
    }
}");

        [Test]
        public Task UnimplementedOrParameterBuiltQueries_StaySilent() => Loop.VerifyWithModelAsync(U + @"
public interface IReadStore<T> { IQueryable<T> Items(); }

public sealed class Report
{
    private IQueryable<Order> _mutable;
    public void Reset(IQueryable<Order> orders) => _mutable = orders;
    private IQueryable<Order> Current() => _mutable;

    public int Count(IOrderRepository repository, IReadStore<Order> store, int[] ids)
    {
        int n = 0;
        foreach (var id in ids)
        {
            n += repository.Query().Count(o => o.Id == id);   // no implementation in the compilation
            n += store.Items().Count(o => o.Id == id);        // likewise
            n += Current().Count(o => o.Id == id);             // a field anyone may set
        }
        return n;
    }
}");

        [Test]
        public Task NoTrackingRepository_IsProvenButNotAWholeDbSet() => NoTracking.VerifyWebWithDataAsync(new[]
        {
            ShopModel.Source,
            W + @"
public interface IReadRepository<T> where T : class { IQueryable<T> Query(); }

public sealed class ReadRepository<T> : IReadRepository<T> where T : class
{
    private readonly ShopContext _db;
    public ReadRepository(ShopContext db) => _db = db;
    public IQueryable<T> Query() => _db.Set<T>().AsNoTracking();
}

public sealed class ProductsController : ControllerBase
{
    private readonly IReadRepository<Product> _products;
    public ProductsController(IReadRepository<Product> products) => _products = products;

    [HttpGet]
    public async Task<IActionResult> List() => Ok(await _products.Query().ToListAsync());
}",
        });

        [Test]
        public Task QueryComposedByAHelper_KeepsItsProvenance() => Sync.VerifyWithModelAsync(U + @"
public sealed class Catalog
{
    private readonly ShopContext _db;
    public Catalog(ShopContext db) => _db = db;

    private static IQueryable<Product> ApplySort(string sort, IQueryable<Product> query)
    {
        switch (sort)
        {
            case ""price-desc"":
                query = query.OrderByDescending(p => p.Price);
                break;
            default:
                query = query.OrderBy(p => p.Price);
                break;
        }

        return query;
    }

    private static IQueryable<Product> Replace(IQueryable<Product> query) => query.Any() ? query : new List<Product>().AsQueryable();

    public async Task<int> PageAsync(string sort, IQueryable<Product> given)
    {
        var sorted = ApplySort(sort, _db.Products.Where(p => p.Price > 0)).{|#0:ToList()|};
        var unknown = ApplySort(sort, given).ToList();
        await Task.Yield();
        return sorted.Count + unknown.Count;
    }
}",
            Sync.Diagnostic().WithLocation(0).WithArguments("ToList", "ToListAsync"));
    }
}

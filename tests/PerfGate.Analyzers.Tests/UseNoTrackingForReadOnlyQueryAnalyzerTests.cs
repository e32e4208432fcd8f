using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseNoTrackingForReadOnlyQueryAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseNoTrackingForReadOnlyQueryAnalyzerTests
    {
        /// <summary>What PG1009's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1009", ExampleScaffolds.Controller);

        private const string U = ShopModel.Usings;

        [Test]
        public Task EntitiesOnlyRead_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Reports
{
    private readonly ShopContext _db;
    public Reports(ShopContext db) => _db = db;

    public async Task<string> SummaryAsync(int customerId)
    {
        var orders = await _db.Orders.Where(o => o.CustomerId == customerId).{|#0:ToListAsync()|};
        decimal total = 0;
        foreach (var order in orders)
        {
            if (order.Total > 0) total += order.Total;
        }
        var customer = _db.Customers.First(c => c.Id == customerId); // one entity: not worth reporting
        var names = orders.Select(o => o.Status).ToList();
        return $""{customer.Name}: {total} over {orders.Count} orders ({string.Join("","", names)})"";
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Order"));

        [Test]
        public Task WritesSavesReturnsEscapesAndProjections_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    private readonly ShopContext _db;
    private List<Order> _cache = new List<Order>();
    public Orders(ShopContext db) => _db = db;

    public async Task CloseAsync(int id)
    {
        var order = await _db.Orders.FirstAsync(o => o.Id == id);
        order.Status = ""closed"";
        await _db.SaveChangesAsync();
    }

    public async Task<decimal> ReadThenSaveAsync(int id)
    {
        var order = await _db.Orders.FirstAsync(o => o.Id == id);
        await _db.SaveChangesAsync();
        return order.Total;
    }

    public Task<List<Order>> ForCaller() => _db.Orders.ToListAsync();

    public async Task Remember() => _cache = await _db.Orders.ToListAsync();

    public async Task<int> PassedAway()
    {
        var orders = await _db.Orders.ToListAsync();
        return Process(orders);
    }

    public async Task<decimal> Mutated()
    {
        var orders = await _db.Orders.ToListAsync();
        foreach (var order in orders) order.Total = 0;
        return orders.Count;
    }

    public Task<List<string>> Projected() => _db.Orders.Select(o => o.Status).ToListAsync();

    public async Task<int> AlreadyNoTracking() => (await _db.Orders.AsNoTracking().ToListAsync()).Count;

    private static int Process(List<Order> orders)
    {
        foreach (var order in orders) order.Status = ""seen""; // the callee writes: the caller's tracking is needed
        return orders.Count;
    }
}");

        // ---- inter-procedural "only read" and more ways to run the query (issue 14) ----------------------------

        [Test]
        public Task EntitiesOnlyReadByMappersAndDtoConstructors_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed record OrderDto(int Id, string Status, decimal Total);

public sealed class CustomerView
{
    public CustomerView(Customer customer) { Name = customer.Name; Orders = customer.Orders.Count; }
    public string Name { get; }
    public int Orders { get; }
}

public interface IOrderMapper { OrderDto Map(Order order); }

public sealed class OrderMapper : IOrderMapper
{
    public OrderDto Map(Order order) => new OrderDto(order.Id, order.Status.ToUpperInvariant(), order.Total);
}

public sealed class OrderQueries
{
    private readonly ShopContext _db;
    private readonly IOrderMapper _mapper;
    public OrderQueries(ShopContext db, IOrderMapper mapper) { _db = db; _mapper = mapper; }

    public IEnumerable<OrderDto> ForCustomer(int customerId)
    {
        var query = _db.Orders.Where(o => o.CustomerId == customerId);
        if (customerId > 100) query = query.Where(o => o.Total > 0);
        return query.OrderBy(o => o.Id).{|#0:ToList()|}.Select(ToDto);
    }

    public List<OrderDto> Mapped() => _db.Orders.AsEnumerable().{|#1:Select(o => _mapper.Map(o))|}.ToList();

    public async Task<List<CustomerView>> Views() => (await _db.Customers.Include(c => c.Orders).{|#2:ToListAsync()|}).Select(c => new CustomerView(c)).ToList();

    public Dictionary<string, OrderDto[]> ByStatus() =>
        _db.Orders.{|#3:ToArray()|}.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Select(o => _mapper.Map(o)).ToArray());

    public async Task<int> Looped()
    {
        int n = 0;
        foreach (var order in {|#4:_db.Orders.Where(o => o.Total > 10)|}) n += order.Lines.Count;
        await Task.Yield();
        return n;
    }

    public List<string> WithCustomerName() =>
        _db.Orders.Select(o => new { order = o, name = o.Customer.Name }).{|#5:ToList()|}.Select(x => ToDto(x.order).Status + x.name).ToList();

    public List<string> ScalarsOnly() => _db.Orders.Select(o => new { o.Status, name = o.Customer.Name }).ToList().Select(x => x.Status + x.name).ToList();

    private static OrderDto ToDto(Order order) => new OrderDto(order.Id, order.Status, order.Total);
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToList", "Order"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Select", "Order"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ToListAsync", "Customer"),
            Verify.Diagnostic().WithLocation(3).WithArguments("ToArray", "Order"),
            Verify.Diagnostic().WithLocation(4).WithArguments("foreach", "Order"),
            Verify.Diagnostic().WithLocation(5).WithArguments("ToList", "Order"));

        [Test]
        public Task EntitiesThatEscapeOrAreWrittenThroughCallees_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderHolder
{
    public OrderHolder(Order order) { Order = order; }   // keeps the entity itself
    public Order Order { get; }
}

public interface IOrderMapper { string Map(Order order); }
public sealed class ReadingMapper : IOrderMapper { public string Map(Order order) => order.Status; }
public sealed class TouchingMapper : IOrderMapper { public string Map(Order order) { order.Status = ""mapped""; return order.Status; } }

public sealed class OrderQueries
{
    private readonly ShopContext _db;
    private readonly IOrderMapper _mapper;
    private readonly List<Order> _kept = new List<Order>();
    public OrderQueries(ShopContext db, IOrderMapper mapper) { _db = db; _mapper = mapper; }

    public List<OrderHolder> Held() => _db.Orders.ToList().Select(o => new OrderHolder(o)).ToList();

    public List<string> Mapped() => _db.Orders.ToList().Select(o => _mapper.Map(o)).ToList();   // one implementation writes

    public List<Order> Returned() => _db.Orders.ToList();                                        // the caller may save changes

    public void Kept() => _kept.AddRange(_db.Orders.ToList());

    public List<object> Anonymous() => _db.Orders.ToList().Select(o => (object)new { Order = o }).ToList();

    public int External(Func<Order, int> score) => _db.Orders.ToList().Sum(o => score(o));

    public Order First() => _db.Orders.AsEnumerable().First(o => o.Total > 0);                   // one row

    public List<Order> SortedAgain() => _db.Orders.AsNoTracking().ToList().OrderBy(o => o.Id).ToList();
}");

        [Test]
        public Task MappersThatGuardTheirArgumentBeforeReading_AreReported() => Verify.VerifyWithModelAsync(U + @"using Microsoft.Extensions.Logging;

public sealed record OrderDto(int Id, string Status, decimal Total, string[] Lines);

public interface IOrderMaterializer { OrderDto? Materialize(Order order, bool skipLines = false); }

public static class OrderMapping
{
    public static OrderDto? Materialize(Order order, ILogger logger, bool skipLines)
    {
        if (order.Status.Length == 0)
        {
            logger.LogWarning(""Skipping order {Id} with no status"", order.Id);
            return null;
        }

        return Map(order, skipLines);
    }

    private static OrderDto Map(Order order, bool skipLines) =>
        new OrderDto(order.Id, order.Status, order.Total, skipLines ? Array.Empty<string>() : order.Lines.Select(l => $""{l.ProductId}x{l.Quantity}"").ToArray());
}

public sealed class OrderRepository : IOrderMaterializer
{
    private readonly ILogger<OrderRepository> _logger;
    public OrderRepository(ILogger<OrderRepository> logger) => _logger = logger;

    public OrderDto? Materialize(Order order, bool skipLines = false)
    {
        ArgumentNullException.ThrowIfNull(order, nameof(order));
        return OrderMapping.Materialize(order, _logger, skipLines);
    }
}

public sealed class CustomerOrders
{
    private readonly IDbContextFactory<ShopContext> _contexts;
    private readonly IOrderMaterializer _materializer;
    public CustomerOrders(IDbContextFactory<ShopContext> contexts, IOrderMaterializer materializer) { _contexts = contexts; _materializer = materializer; }

    public IReadOnlyDictionary<string, OrderDto[]> ByStatus(IReadOnlyList<int> customerIds)
    {
        using var db = _contexts.CreateDbContext();
        var orders = db.Orders.Where(o => customerIds.Contains(o.CustomerId)).{|#0:ToArray()|};
        return orders
            .GroupBy(o => o.Status)
            .ToDictionary(g => g.Key, g => g.Select(o => _materializer.Materialize(o)).Where(dto => dto is not null).Cast<OrderDto>().ToArray());
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToArray", "Order"));

        [Test]
        public Task GuardedArgumentsThatAreThenKeptOrWritten_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public interface IOrderMaterializer { string Materialize(Order order); }

public sealed class RememberingMaterializer : IOrderMaterializer
{
    private Order? _last;
    public string Materialize(Order order)
    {
        ArgumentNullException.ThrowIfNull(order, nameof(order));
        _last = order;                       // kept: a later caller may modify and save it
        return order.Status;
    }
}

public static class OrderStamps
{
    public static string Stamp(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Status = ""seen"";               // written: tracking is what saves it
        return order.Status;
    }
}

public sealed class CustomerOrders
{
    private readonly ShopContext _db;
    private readonly IOrderMaterializer _materializer;
    public CustomerOrders(ShopContext db, IOrderMaterializer materializer) { _db = db; _materializer = materializer; }

    public List<string> Materialized() => _db.Orders.ToArray().Select(o => _materializer.Materialize(o)).ToList();

    public List<string> Stamped() => _db.Orders.ToArray().Select(OrderStamps.Stamp).ToList();
}");

        [Test]
        public Task EntitiesOfAContextTheMethodCreatesAndDisposes_AreReportedWhenKeptByDtos() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderView
{
    public int Id { get; set; }
    public List<OrderLine> Lines { get; set; } = new List<OrderLine>();   // holds tracked rows: an escape unless the context dies here
}

public sealed class OrderStore
{
    private readonly IDbContextFactory<ShopContext> _contexts;
    private readonly DbContextOptions<ShopContext> _options;
    public OrderStore(IDbContextFactory<ShopContext> contexts, DbContextOptions<ShopContext> options) { _contexts = contexts; _options = options; }

    public async Task<List<OrderView>> ViewsAsync()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var orders = await db.Set<Order>().Include(o => o.Lines).{|#0:ToListAsync()|};
        return orders.Select(o => Map(o)).ToList();
    }

    public OrderView[] Open()
    {
        using (var db = new ShopContext(_options))
        {
            return db.Orders.Where(o => o.Status == ""open"").{|#1:ToArray()|}.Select(o => new OrderView { Id = o.Id, Lines = o.Lines }).ToArray();
        }
    }

    private static OrderView Map(Order order)
    {
        var view = new OrderView { Id = order.Id };
        view.Lines = order.Lines;
        return view;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Order"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ToArray", "Order"));

        [Test]
        public Task ContextsThatOutliveTheMethodOrReachOtherCode_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderView { public List<OrderLine> Lines { get; set; } = new List<OrderLine>(); }

public sealed class OrderStore
{
    private readonly IDbContextFactory<ShopContext> _contexts;
    private readonly ShopContext _shared;
    private ShopContext? _kept;
    public OrderStore(IDbContextFactory<ShopContext> contexts, ShopContext shared) { _contexts = contexts; _shared = shared; }

    public List<Order> Injected() => _shared.Orders.ToList();                 // the caller may save through the same context

    public List<OrderView> KeptByInjected() => _shared.Orders.ToList().Select(o => new OrderView { Lines = o.Lines }).ToList();

    public List<Order> ReturnedFromOwned(int customerId)
    {
        using var db = _contexts.CreateDbContext();
        return db.Orders.Where(o => o.CustomerId == customerId).ToList();      // how many rows, how often: the callers decide
    }

    public List<Order> NotDisposed()
    {
        var db = _contexts.CreateDbContext();                                  // no using: whoever holds it may save
        _kept = db;
        return db.Orders.ToList();
    }

    public List<Order> HandedOn()
    {
        using var db = _contexts.CreateDbContext();
        var orders = db.Orders.ToList();
        Close(db, orders);                                                     // the helper saves the changes
        return orders;
    }

    public List<Order> Saved()
    {
        using var db = _contexts.CreateDbContext();
        var orders = db.Orders.ToList();
        foreach (var order in orders) order.Status = ""seen"";
        db.SaveChanges();
        return orders;
    }

    public async Task<List<Order>> ForCustomerAsync(int customerId)
    {
        using var db = _contexts.CreateDbContext();
        var query = db.Orders.Where(o => o.CustomerId == customerId);
        return await query.AsNoTracking().ToListAsync();
    }

    private static void Close(ShopContext db, List<Order> orders)
    {
        foreach (var order in orders) order.Status = ""closed"";
        db.SaveChanges();
    }
}");

        [Test]
        public Task OwnedContextsWithLazyLoadingProxies_KeepTheReadProof() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderView { public List<OrderLine> Lines { get; set; } = new List<OrderLine>(); }

public static class Registration
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
}

public sealed class OrderStore
{
    private readonly IDbContextFactory<ShopContext> _contexts;
    public OrderStore(IDbContextFactory<ShopContext> contexts) => _contexts = contexts;

    public List<OrderView> ForCustomer(int customerId)
    {
        using var db = _contexts.CreateDbContext();
        return db.Orders.Where(o => o.CustomerId == customerId).ToList().Select(o => new OrderView { Lines = o.Lines }).ToList();   // lazy lines
    }

    public int Lines(int customerId)
    {
        using var db = _contexts.CreateDbContext();
        return db.Orders.Where(o => o.CustomerId == customerId).{|#0:ToList()|}.Sum(o => o.Lines.Count);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToList", "Order"));

        [Test]
        public Task TrackingSetOnOneJobsOwnContext_LeavesOtherMethodsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class BackupJob
{
    private readonly IDbContextFactory<ShopContext> _contexts;
    public BackupJob(IDbContextFactory<ShopContext> contexts) => _contexts = contexts;

    public async Task<int> RunAsync()
    {
        var db = await _contexts.CreateDbContextAsync().ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;   // this instance only
            var orders = await db.Orders.ToListAsync();                                   // already untracked: silent
            return orders.Count;
        }
    }

    public async Task<decimal> TotalAsync()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return (await db.Orders.{|#0:ToListAsync()|}).Sum(o => o.Total);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Order"));

        [Test]
        public Task TrackingSetForEveryContext_SilencesTheRule() => Verify.VerifyWithModelAsync(U + @"
public sealed class ReportingContext : ShopContext
{
    public ReportingContext(DbContextOptions<ShopContext> options) : base(options) => ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
}

public sealed class ContextFactory
{
    private readonly DbContextOptions<ShopContext> _options;
    public ContextFactory(DbContextOptions<ShopContext> options) => _options = options;

    public ShopContext Create()
    {
        var db = new ShopContext(_options);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;        // every context it hands out
        return db;
    }
}

public sealed class Reports
{
    private readonly ShopContext _db;
    public Reports(ShopContext db) => _db = db;

    public async Task<decimal> TotalAsync() => (await _db.Orders.ToListAsync()).Sum(o => o.Total);
}");
    }
}

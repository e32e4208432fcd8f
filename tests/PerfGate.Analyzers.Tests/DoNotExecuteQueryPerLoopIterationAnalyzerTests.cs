using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteQueryPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotExecuteQueryPerLoopIterationAnalyzerTests
    {
        /// <summary>What PG1001's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1001", ExampleScaffolds.Data + @"
public sealed class Report
{
    public async Task Run(ShopContext db, List<Order> orders, List<string> names)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = ShopModel.Usings;

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task ForeachLoop_FirstAsync_IsReportedWithMethodAndLoop() => Verify.VerifyWithModelAsync(U + @"
public sealed class InvoiceService
{
    private readonly ShopContext _db;
    public InvoiceService(ShopContext db) => _db = db;

    public async Task<List<string>> GetCustomerNamesAsync(IReadOnlyList<Order> orders, CancellationToken ct)
    {
        var names = new List<string>();
        foreach (var order in orders)
        {
            var customer = await _db.Customers.{|#0:FirstAsync(c => c.Id == order.CustomerId, ct)|};
            names.Add(customer.Name);
        }
        return names;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("FirstAsync", "foreach loop"));

        [Test]
        public Task ForLoop_Find_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class PriceCalculator
{
    public decimal Total(ShopContext db, int[] productIds)
    {
        decimal total = 0;
        for (int i = 0; i < productIds.Length; i++)
        {
            total += db.Products.{|#0:Find(productIds[i])|}.Price;
        }
        return total;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Find", "for loop"));

        [Test]
        public Task WhileLoop_CountAsync_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Report
{
    public async Task<int> BusyCustomersAsync(ShopContext db, Queue<int> customerIds)
    {
        int busy = 0;
        while (customerIds.Count > 0)
        {
            int id = customerIds.Dequeue();
            if (await db.Orders.Where(o => o.CustomerId == id).{|#0:CountAsync()|} > 10) busy++;
        }
        return busy;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("CountAsync", "while loop"));

        [Test]
        public Task DoLoop_AnyAsync_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Codes
{
    public async Task<int> NextFreeIdAsync(ShopContext db, int start)
    {
        int id = start;
        do
        {
            id++;
        }
        while (await db.Orders.{|#0:AnyAsync(o => o.Id == id)|} == false && id < 0);

        int candidate = start;
        do
        {
            candidate++;
            if (!await db.Orders.{|#1:AnyAsync(o => o.Id == candidate)|}) return candidate;
        }
        while (true);
    }
}",
            // The do condition belongs to an enclosing loop only; the first call is not in a body.
            Verify.Diagnostic().WithLocation(1).WithArguments("AnyAsync", "do loop"));

        [Test]
        public Task SelectLambdaOverList_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Dashboard
{
    public List<decimal> Totals(ShopContext db, List<int> customerIds) =>
        customerIds.Select(id => db.Orders.Where(o => o.CustomerId == id).{|#0:Sum(o => o.Total)|}).ToList();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Sum", "Select lambda"));

        [Test]
        public Task ListForEachLambda_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Printer
{
    public void Print(ShopContext db, List<Order> orders) =>
        orders.ForEach(o => Console.WriteLine(db.Customers.{|#0:Single(c => c.Id == o.CustomerId)|}.Name));
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Single", "ForEach lambda"));

        [Test]
        public Task AwaitForeachBody_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Exporter
{
    public async Task ExportAsync(ShopContext db, IAsyncEnumerable<int> incomingIds)
    {
        await foreach (var id in incomingIds)
        {
            var order = await db.Orders.{|#0:FindAsync(id)|};
            Console.WriteLine(order.Total);
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("FindAsync", "await foreach loop"));

        [Test]
        public Task NestedForeachOverQuery_IsReportedOnTheCollection() => Verify.VerifyWithModelAsync(U + @"
public sealed class Exporter
{
    public async Task ExportAsync(ShopContext db, List<Customer> customers)
    {
        foreach (var customer in customers)
        {
            foreach (var order in {|#0:db.Orders.Where(o => o.CustomerId == customer.Id)|})
            {
                Console.WriteLine(order.Total);
            }

            await foreach (var line in db.OrderLines.Where(l => l.OrderId == customer.Id).{|#1:AsAsyncEnumerable()|})
            {
                Console.WriteLine(line.Quantity);
            }
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("foreach", "foreach loop"),
            Verify.Diagnostic().WithLocation(1).WithArguments("AsAsyncEnumerable", "foreach loop"));

        [Test]
        public Task NestedLoops_InnermostLoopIsNamed() => Verify.VerifyWithModelAsync(U + @"
public sealed class Matrix
{
    public int Count(ShopContext db, int[] customerIds, string[] statuses)
    {
        int n = 0;
        foreach (var id in customerIds)
            for (int i = 0; i < statuses.Length; i++)
                n += db.Orders.{|#0:Count(o => o.CustomerId == id && o.Status == statuses[i])|};
        return n;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Count", "for loop"));

        [Test]
        public Task SetOfT_IsAProvenRoot() => Verify.VerifyWithModelAsync(U + @"
public sealed class Catalog
{
    public async Task<List<Product>> LoadAsync(DbContext db, IEnumerable<string> names)
    {
        var result = new List<Product>();
        foreach (var name in names)
            result.Add(await db.Set<Product>().AsNoTracking().[|SingleAsync(p => p.Name == name)|]);
        return result;
    }
}");

        [Test]
        public Task NavigationQueries_AreProvenRoots() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderLoader
{
    public async Task<int> LoadAsync(ShopContext db, List<Order> orders)
    {
        int lines = 0;
        foreach (var order in orders)
        {
            lines += await db.Entry(order).Collection(o => o.Lines).Query().[|CountAsync()|];
            await db.Entry(order).Collection(o => o.Lines).[|LoadAsync()|];
            db.Entry(order).Reference(o => o.Customer).[|Load()|];
        }
        return lines;
    }
}");

        [Test]
        public Task IncludeChainAndOtherExecutingCalls_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Cleanup
{
    public async Task RunAsync(ShopContext db, List<int> customerIds)
    {
        foreach (var id in customerIds)
        {
            var orders = await db.Orders.Include(o => o.Lines).AsNoTracking().Where(o => o.CustomerId == id)
                .OrderBy(o => o.Id).Skip(10).Take(5).[|ToDictionaryAsync(o => o.Id)|];
            await db.OrderLines.Where(l => l.OrderId == id).[|ExecuteDeleteAsync()|];
            var max = db.Orders.Where(o => o.CustomerId == id).[|Max(o => o.Total)|];
            var ids = (from o in db.Orders where o.CustomerId == id select o.Id).[|ToArray()|];
        }
    }
}");

        [Test]
        public Task LocalAssignedOnlyFromProvenRoots_IsFollowed() => Verify.VerifyWithModelAsync(U + @"
public sealed class Search
{
    public async Task<int> CountAsync(ShopContext db, bool openOnly, List<int> customerIds)
    {
        IQueryable<Order> query = db.Orders;
        if (openOnly) query = query.Where(o => o.Status == ""open"");
        int total = 0;
        foreach (var id in customerIds)
            total += await query.Where(o => o.CustomerId == id).[|CountAsync()|];
        return total;
    }
}");

        [Test]
        public Task CallInsideDbContextSubclass_IsProven() => Verify.VerifyWithModelAsync(U + @"
public sealed class ReportingContext : ShopContext
{
    public ReportingContext(DbContextOptions<ShopContext> options) : base(options) { }

    public IEnumerable<int> OrderCounts(IEnumerable<int> customerIds)
    {
        foreach (var id in customerIds)
            yield return Orders.[|Count(o => o.CustomerId == id)|];
    }
}");

        [Test]
        public Task OtherPerElementOperatorsAndRoots_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Batch
{
    public async Task RunAsync(ShopContext db, List<int> ids, bool archived)
    {
        Parallel.ForEach(ids, id => db.Orders.{|#0:Count(o => o.CustomerId == id)|});
        var customers = db.Orders.AsEnumerable().Select(o => db.Customers.{|#1:Find(o.CustomerId)|}).ToList();
        foreach (var id in ids)
        {
            var source = archived ? db.Orders.Where(o => o.Status == ""archived"") : db.Orders;
            var byStatus = source.Where(o => o.CustomerId == id).{|#2:ToLookup(o => o.Status)|};
            await db.Orders.Where(o => o.CustomerId == id).{|#3:ForEachAsync(o => Console.WriteLine(o.Id))|};
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Count", "ForEach lambda"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Find", "Select lambda"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ToLookup", "foreach loop"),
            Verify.Diagnostic().WithLocation(3).WithArguments("ForEachAsync", "foreach loop"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task QueryBeforeTheLoop_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class InvoiceService
{
    public async Task<List<string>> GetCustomerNamesAsync(ShopContext db, IReadOnlyList<Order> orders)
    {
        var ids = orders.Select(o => o.CustomerId).Distinct().ToList();
        var customers = await db.Customers.Where(c => ids.Contains(c.Id)).ToListAsync();
        var names = new List<string>();
        foreach (var order in orders)
        {
            var customer = customers.First(c => c.Id == order.CustomerId);
            if (customers.Any(c => c.Name == customer.Name) && ids.Contains(customer.Id)) names.Add(customer.Name);
        }
        return names;
    }
}");

        [Test]
        public Task LoopComposingOneQuery_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Search
{
    public Task<List<Order>> FindAsync(ShopContext db, IEnumerable<string> excludedStatuses)
    {
        IQueryable<Order> query = db.Orders;
        foreach (var status in excludedStatuses)
            query = query.Where(o => o.Status != status);
        return query.ToListAsync();
    }
}");

        [Test]
        public Task QueryBuiltInLoopExecutedAfter_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Search
{
    public async Task<int> CountAsync(ShopContext db, int pages)
    {
        IQueryable<Order> page = db.Orders;
        for (int i = 0; i < pages; i++)
        {
            page = db.Orders.OrderBy(o => o.Id).Skip(i * 10).Take(10);
        }
        return await page.CountAsync();
    }
}");

        [Test]
        public Task ForeachOverQueryOutsideAnyLoop_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Exporter
{
    public async Task ExportAsync(ShopContext db)
    {
        foreach (var order in db.Orders.Where(o => o.Status == ""open""))
            Console.WriteLine(order.Total);
        await foreach (var order in db.Orders.AsAsyncEnumerable())
            Console.WriteLine(order.Total);
    }
}");

        [Test]
        public Task ExpressionTreeLambdas_AreOneQuery() => Verify.VerifyWithModelAsync(U + @"
public sealed class Stats
{
    public object Build(ShopContext db) =>
        db.Orders.Select(o => new { o.Id, Customers = db.Customers.Count(), HasLines = o.Lines.Any() }).ToList();

    public async Task<int> PerCustomerAsync(ShopContext db, List<int> customerIds)
    {
        int n = 0;
        foreach (var id in customerIds)
        {
            // One query per iteration (reported once), not three.
            var rows = await db.Orders
                .Where(o => o.CustomerId == id && o.Lines.Any())
                .Select(o => new { o.Id, Others = db.Orders.Count(x => x.CustomerId != id) })
                .[|ToListAsync()|];
            n += rows.Count;
        }
        return n;
    }
}");

        [Test]
        public Task AmbiguousRoots_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderService
{
    private readonly IOrderRepository _repository;
    private readonly IQueryable<Order> _openOrders;
    private readonly DbSet<Order> _orders;

    public OrderService(IOrderRepository repository, IQueryable<Order> openOrders, DbSet<Order> orders)
    {
        _repository = repository;
        _openOrders = openOrders;
        _orders = orders; // a DbSet from outside: who knows which context
    }

    public async Task<int> CountAsync(IQueryable<Order> orders, List<int> customerIds)
    {
        int n = 0;
        foreach (var id in customerIds)
        {
            n += await orders.CountAsync(o => o.CustomerId == id);
            n += await _repository.Query().Where(o => o.CustomerId == id).CountAsync();
            n += _openOrders.Count(o => o.CustomerId == id);
            n += await _orders.CountAsync(o => o.CustomerId == id);
            var local = _repository.Query();
            n += local.Count();
        }
        return n;
    }
}");

        [Test]
        public Task ReadonlyDbSetFieldsSetFromAContext_AreProvenRoots() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderRepository
{
    private readonly DbSet<Order> _orders;
    private readonly DbSet<Customer> _customers;
    private DbSet<OrderLine> _lines;
    private readonly DbSet<Product> _products;

    public OrderRepository(ShopContext db, DbSet<Product> products, bool other)
    {
        _orders = db.Orders;
        _customers = db.Set<Customer>();
        _lines = db.OrderLines;
        _products = other ? products : db.Products;
    }

    public async Task<int> CountAsync(List<int> customerIds)
    {
        int n = 0;
        foreach (var id in customerIds)
        {
            n += await _orders.{|#0:CountAsync(o => o.CustomerId == id)|};
            n += _customers.Where(c => c.Id == id).{|#1:Count()|};
            n += _lines.Count(l => l.OrderId == id);      // not readonly: may be reassigned anywhere
            n += _products.Count(p => p.Id == id);        // one value is a parameter
        }
        return n;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("CountAsync", "foreach loop"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Count", "foreach loop"));

        [Test]
        public Task LocalWithAnUnprovenAssignment_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Search
{
    public int Count(ShopContext db, IQueryable<Order> fallback, bool useDb, List<int> ids)
    {
        IQueryable<Order> source = db.Orders;
        if (!useDb) source = fallback;
        int n = 0;
        foreach (var id in ids) n += source.Count(o => o.Id == id);
        return n;
    }
}");

        [Test]
        public Task InMemoryFindAndContains_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Matcher
{
    public int Match(List<Order> orders, HashSet<int> wanted)
    {
        int n = 0;
        foreach (var id in wanted)
            if (orders.Find(o => o.Id == id) != null && orders.Select(o => o.Id).Contains(id)) n++;
        return n;
    }
}");

        [Test]
        public Task LambdaThatIsNotPerElement_StopsTheWalk() => Verify.VerifyWithModelAsync(U + @"
public sealed class Warmup
{
    public async Task RunAsync(ShopContext db, List<int> ids)
    {
        foreach (var id in ids)
        {
            Func<Task<int>> later = () => db.Orders.CountAsync(o => o.Id == id);
            await later();
            await Task.Run(() => db.Orders.Count(o => o.Id == id));
            int Local() => db.Orders.Count(o => o.Id == id);
            Local();
        }
    }
}");

        [Test]
        public Task LoopConditions_AreNotReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class OutboxPump
{
    public async Task DrainAsync(ShopContext db)
    {
        while (await db.Orders.AnyAsync(o => o.Status == ""pending""))
        {
            await Task.Delay(10);
        }
    }
}");

        [Test]
        public Task CompilationWithoutEfCore_IsSilent()
        {
            // Same shapes, but a home-made DbContext: without EF Core referenced nothing can be proven.
            var test = new CSharpAnalyzerVerifier<DoNotExecuteQueryPerLoopIterationAnalyzer>.Test
            {
                TestCode = @"using System.Collections.Generic;
using System.Linq;

namespace Microsoft.EntityFrameworkCore.Fake
{
    public class DbContext { }
    public class Order { public int Id { get; set; } }
    public sealed class ShopContext : DbContext { public IQueryable<Order> Orders => new List<Order>().AsQueryable(); }

    public static class Job
    {
        public static int Run(ShopContext db, int[] ids)
        {
            int n = 0;
            foreach (var id in ids) n += db.Orders.Count(o => o.Id == id);
            return n;
        }
    }
}",
            };
            test.TestState.AdditionalReferences.Clear();
            test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            return test.RunAsync();
        }

        [Test]
        public Task FileExcludedByPolicy_IsSilent()
        {
            var test = new CSharpAnalyzerVerifier<DoNotExecuteQueryPerLoopIterationAnalyzer>.Test();
            test.TestState.Sources.Add(("/src/Migrations/M.cs", U + @"
public sealed class CatalogSync
{
    public void Sync(ShopContext db, List<int> ids)
    {
        foreach (var id in ids)
            if (!db.Orders.Any(o => o.Id == id)) db.Orders.Add(new Order { Id = id });
    }
}"));
            test.TestState.Sources.Add(("/src/Model/ShopModel.cs", ShopModel.Source));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.root = /src\nperfgate.exclude = **/Migrations/**\n"));
            return test.RunAsync();
        }

        // The compiler's config parser ends a value at ';' or '#': every pattern after the first must still arrive.
        [Test]
        public Task FileExcludedBySecondPattern_IsSilent()
        {
            var test = new CSharpAnalyzerVerifier<DoNotExecuteQueryPerLoopIterationAnalyzer>.Test();
            test.TestState.Sources.Add(("/src/Migrations/M.cs", U + @"
public sealed class SeedData
{
    public void Seed(ShopContext db, List<int> ids)
    {
        foreach (var id in ids)
            if (!db.Orders.Any(o => o.Id == id)) db.Orders.Add(new Order { Id = id });
    }
}"));
            test.TestState.Sources.Add(("/src/Model/ShopModel.cs", ShopModel.Source));
            test.TestState.AnalyzerConfigFiles.Add(
                ("/.globalconfig", "is_global = true\nperfgate.root = /src\nperfgate.exclude = tests/**,**/Migrations/**\n"));
            return test.RunAsync();
        }

        [Test]
        public Task SameFileOutsideExcludedFolder_IsReported()
        {
            var test = new CSharpAnalyzerVerifier<DoNotExecuteQueryPerLoopIterationAnalyzer>.Test();
            test.TestState.Sources.Add(("/src/Services/M.cs", U + @"
public sealed class CatalogSync
{
    public void Sync(ShopContext db, List<int> ids)
    {
        foreach (var id in ids)
            if (!db.Orders.[|Any(o => o.Id == id)|]) db.Orders.Add(new Order { Id = id });
    }
}"));
            test.TestState.Sources.Add(("/src/Model/ShopModel.cs", ShopModel.Source));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.root = /src\nperfgate.exclude = **/Migrations/**\n"));
            return test.RunAsync();
        }
    }
}

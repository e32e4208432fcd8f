using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using Paging = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotPageUnorderedQueryAnalyzer>;
using Split = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotIncludeSeveralCollectionsInOneQueryAnalyzer>;
using Sync = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer>;
using Twice = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteSameQueryTwiceAnalyzer>;
using Client = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotFilterAfterMaterializingAnalyzer>;
using PerfGate.Analyzers.Tests.Examples;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>PG1008, PG1010, PG1011, PG1013, PG1014: single-method rules on proven EF queries.</summary>
    public sealed class SingleQueryRuleTests
    {
        /// <summary>What PG1014's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold SynchronousQueryExampleScaffold = new Scaffold("PG1014", ExampleScaffolds.Web + @"
public sealed class AuditLog
{
    public Task WriteAsync(int id) => Task.CompletedTask;
}

public sealed class OrdersController : ControllerBase
{
    private readonly ShopContext _db;
    private readonly AuditLog _audit;

    public OrdersController(ShopContext db, AuditLog audit)
    {
        _db = db;
        _audit = audit;
    }

" + ExampleScaffolds.Marker + @"
}
");

        /// <summary>What PG1013's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold CartesianExplosionExampleScaffold = new Scaffold("PG1013", ExampleScaffolds.Data + @"
public sealed class Details
{
    public async Task<Order> Run(ShopContext db, int id)
    {
" + ExampleScaffolds.Marker + @"
        return order;
    }
}
");

        /// <summary>What PG1011's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold QueryExecutedTwiceExampleScaffold = new Scaffold("PG1011", ExampleScaffolds.Web + @"
public sealed class OrdersController : ControllerBase
{
    [HttpGet(""{id}"")]
    public async Task<IActionResult> Get(int id, [FromServices] ShopContext db)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        /// <summary>What PG1010's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ClientSideEvaluationExampleScaffold = new Scaffold("PG1010", ExampleScaffolds.Data + @"
public sealed class Report
{
    public async Task<List<Order>> Run(ShopContext db)
    {
" + ExampleScaffolds.Marker + @"
        return big;
    }
}
");

        /// <summary>What PG1008's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold PagingExampleScaffold = new Scaffold("PG1008", ExampleScaffolds.Data + @"
public sealed class Paging
{
    public async Task<List<Order>> Run(ShopContext db, int page)
    {
" + ExampleScaffolds.Marker + @"
        return orders;
    }
}
");

        private const string U = ShopModel.Usings;

        // ---- PG1008 --------------------------------------------------------------------------

        [Test]
        public Task PG1008_SkipWithoutOrderBy_IsReportedOncePerChain() => Paging.VerifyWithModelAsync(U + @"
public sealed class Pages
{
    public Task<List<Order>> PageAsync(ShopContext db, int page) =>
        db.Orders.Where(o => o.Total > 0).{|#0:Skip(page * 20)|}.Take(20).ToListAsync();

    public List<Product> Rest(ShopContext db) => db.Set<Product>().{|#1:Skip(10)|}.Skip(5).ToList();
}",
            Paging.Diagnostic().WithLocation(0).WithArguments("Skip"),
            Paging.Diagnostic().WithLocation(1).WithArguments("Skip"));

        [Test]
        public Task PG1008_TakeWithoutSkipAndRandomPicks_AreSilent() => Paging.VerifyWithModelAsync(U + @"
public sealed class Maintenance
{
    // Oqtane's purge: delete whatever 100 rows come first until none are left; no order can make a batch overlap or miss a row.
    public void Purge(ShopContext db)
    {
        var batch = db.Orders.Where(o => o.Status == ""archived"").Take(100).ToList();
        while (batch.Count > 0)
        {
            db.Orders.RemoveRange(batch);
            db.SaveChanges();
            batch = db.Orders.Where(o => o.Status == ""archived"").Take(100).ToList();
        }
    }

    public List<Product> Any10(ShopContext db) => db.Set<Product>().Take(10).ToList();

    // Kavita's GetRandomGenre: any row at a random offset, on purpose.
    public async Task<Product?> RandomAsync(ShopContext db)
    {
        var count = await db.Products.CountAsync();
        var index = new Random().Next(0, count);
        var shared = Random.Shared.Next(count);
        var other = await db.Products.Skip(shared).FirstOrDefaultAsync();
        return await db.Products.Skip(index).Take(1).FirstOrDefaultAsync() ?? other;
    }
}");

        [Test]
        public Task PG1008_OrderedTakeOneLocalsAndInMemory_AreSilent() => Paging.VerifyWithModelAsync(U + @"
public sealed class Pages
{
    public Task<List<Order>> PageAsync(ShopContext db, int page) =>
        db.Orders.OrderBy(o => o.Id).Skip(page * 20).Take(20).ToListAsync();

    public List<Order> Sorted(ShopContext db) => db.Orders.OrderByDescending(o => o.Total).ThenBy(o => o.Id).Take(5).ToList();

    public Order Any(ShopContext db) => db.Orders.Where(o => o.Status == ""new"").Take(1).Single();

    public List<Order> FromLocal(ShopContext db, IQueryable<Order> ordered) => ordered.Skip(10).Take(10).ToList();

    public List<int> InMemory(List<int> ids) => ids.Skip(1).Take(2).ToList();

    public List<Order> Raw(ShopContext db) => db.Orders.FromSqlRaw(""select * from Orders order by Id"").Skip(5).ToList();
}");

        // ---- PG1013 --------------------------------------------------------------------------

        private const string Billing = @"
public class Invoice
{
    public int Id { get; set; }
    public Customer Customer { get; set; }
    public List<OrderLine> Lines { get; set; } = new List<OrderLine>();
    public List<Payment> Payments { get; set; } = new List<Payment>();
}
public class Payment { public int Id { get; set; } public decimal Amount { get; set; } }
public class BillingContext : DbContext
{
    public DbSet<Invoice> Invoices { get; set; }
}
";

        [Test]
        public Task PG1013_TwoCollectionIncludes_AreReportedOnTheSecond() => Split.VerifyWithModelAsync(U + Billing + @"
public sealed class Invoices
{
    public Task<Invoice> GetAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).{|#0:Include(i => i.Payments)|}.Include(i => i.Customer).FirstAsync(i => i.Id == id);
}",
            Split.Diagnostic().WithLocation(0).WithArguments(2, "FirstAsync"));

        [Test]
        public Task PG1013_CollectionsUnderReferencesAndForeach_AreReported() => Split.VerifyWithModelAsync(U + Billing + @"
public class Account
{
    public int Id { get; set; }
    public Invoice LastInvoice { get; set; }
    public List<Order> Orders { get; set; } = new List<Order>();
}
public class AccountContext : DbContext
{
    public DbSet<Account> Accounts { get; set; }
}

public sealed class Invoices
{
    public Task<Invoice> SiblingUnderAReferenceAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).Include(i => i.Customer).{|#0:ThenInclude(c => c.Orders)|}.FirstAsync(i => i.Id == id);

    public Task<Account> TwoUnderTheSameReferenceAsync(AccountContext db, int id) =>
        db.Accounts.Include(a => a.LastInvoice).ThenInclude(i => i.Lines)
            .Include(a => a.LastInvoice).{|#1:ThenInclude(i => i.Payments)|}
            .SingleOrDefaultAsync(a => a.Id == id);

    public int Looped(AccountContext db)
    {
        int n = 0;
        foreach (var account in db.Accounts.Include(a => a.Orders).{|#2:Include(a => a.LastInvoice.Lines)|}.AsEnumerable()) n += account.Orders.Count;
        return n;
    }
}",
            Split.Diagnostic().WithLocation(0).WithArguments(2, "FirstAsync"),
            Split.Diagnostic().WithLocation(1).WithArguments(2, "SingleOrDefaultAsync"),
            Split.Diagnostic().WithLocation(2).WithArguments(2, "foreach"));

        [Test]
        public Task PG1013_SplitSingleReferenceAndThenInclude_AreSilent() => Split.VerifyWithModelAsync(U + Billing + @"
public sealed class Invoices
{
    public Task<Invoice> SplitAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).Include(i => i.Payments).AsSplitQuery().FirstAsync(i => i.Id == id);

    public Task<Invoice> SingleAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).Include(i => i.Payments).AsSingleQuery().FirstAsync(i => i.Id == id);

    public Task<Invoice> OneCollectionAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).Include(i => i.Customer).FirstAsync(i => i.Id == id);

    public Task<Invoice> OneCollectionUnderAReferenceAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Customer).ThenInclude(c => c.Orders).Include(i => i.Customer).FirstAsync(i => i.Id == id);

    public Task<Customer> NestedCollectionsAsync(ShopContext db, int id) =>
        db.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).Include(c => c.Orders).FirstAsync(c => c.Id == id);

    public List<Invoice> StringIncludes(BillingContext db) => db.Invoices.Include(""Lines"").Include(""Payments"").ToList();

    public IQueryable<Invoice> NotExecuted(BillingContext db) => db.Invoices.Include(i => i.Lines).Include(i => i.Payments);
}");

        // ---- PG1014 --------------------------------------------------------------------------

        [Test]
        public Task PG1014_SyncExecutionInAsyncMethods_IsReported() => Sync.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    private readonly ShopContext _db;
    public Orders(ShopContext db) => _db = db;

    public async Task<int> PlaceAsync(Order order)
    {
        _db.Orders.Add(order);
        var customer = _db.Customers.{|#0:First(c => c.Id == order.CustomerId)|};
        var product = _db.Products.{|#1:Find(1)|};
        _db.{|#2:SaveChanges()|};
        await Task.Yield();
        Func<Task<int>> later = async () => _db.Orders.{|#3:Count()|};
        return await later();
    }
}",
            Sync.Diagnostic().WithLocation(0).WithArguments("First", "FirstAsync"),
            Sync.Diagnostic().WithLocation(1).WithArguments("Find", "FindAsync"),
            Sync.Diagnostic().WithLocation(2).WithArguments("SaveChanges", "SaveChangesAsync"),
            Sync.Diagnostic().WithLocation(3).WithArguments("Count", "CountAsync"));

        [Test]
        public Task PG1014_SyncMethodsSyncLambdasAddAndInMemory_AreSilent() => Sync.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    private readonly ShopContext _db;
    public Orders(ShopContext db) => _db = db;

    public int Count() => _db.Orders.Count();

    public async Task<List<int>> RunAsync(List<Order> orders, IQueryable<Order> unknown)
    {
        _db.Orders.Add(new Order());
        _db.Orders.AddRange(orders);
        Func<int> sync = () => _db.Orders.Count();
        var first = orders.First();
        var fromUnknown = unknown.ToList();
        var lookup = _db.Orders.ToLookup(o => o.CustomerId);
        await _db.SaveChangesAsync();
        return await _db.Orders.Select(o => o.Lines.Count()).ToListAsync();
    }
}");

        // ---- PG1011 --------------------------------------------------------------------------

        [Test]
        public Task PG1011_SameLocalExecutedTwice_IsReportedOnTheSecond() => Twice.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    public async Task<List<Order>> ForCustomerAsync(ShopContext db, int id)
    {
        var query = db.Orders.Where(o => o.CustomerId == id);
        if (!await query.{|#1:AnyAsync()|}) return new List<Order>();
        return await query.{|#0:ToListAsync()|};
    }
}",
            Twice.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("query", "ToListAsync", "AnyAsync", DatabaseRoundTrip));

        [Test]
        public Task PG1011_CountThenPageBranchesAndReassignment_AreSilent() => Twice.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    public async Task<(int, List<Order>)> PageAsync(ShopContext db, int page, bool flag)
    {
        var query = db.Orders.Where(o => o.Total > 0);
        var total = await query.CountAsync();
        var items = await query.OrderBy(o => o.Id).Skip(page * 10).Take(10).ToListAsync();

        var other = db.Orders.AsQueryable();
        if (flag) { var n = other.Count(); }
        var all = other.ToList();

        var q = db.Orders.AsQueryable();
        var before = q.Count();
        q = q.Where(o => o.Total > 100);
        var after = q.Count();
        return (total + before + after, items.Concat(all).ToList());
    }

    public List<Order> Unknown(IQueryable<Order> orders)
    {
        var q = orders;
        var n = q.Count();
        return q.ToList();
    }
}");

        [Test]
        public Task PG1011_OneAnswerServesBoth_IsReported_DifferentQuestionsAreSilent() => Twice.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    public async Task<Order?> LatestAsync(ShopContext db, int id, CancellationToken ct)
    {
        var query = db.Orders.Where(o => o.CustomerId == id).OrderByDescending(o => o.Id);
        if (!await query.{|#1:AnyAsync(ct)|}) return null;
        return await query.{|#0:FirstAsync(ct)|};
    }

    public async Task<int> OpenAndClosedAsync(ShopContext db, int id)
    {
        // Two counts with different predicates, a count then a sum, a count then the first row: loading every row to answer
        // both would cost more than the second round trip.
        var query = db.Orders.Where(o => o.CustomerId == id);
        var open = await query.CountAsync(o => o.Status == ""open"");
        var closed = await query.CountAsync(o => o.Status == ""closed"");
        var total = await query.SumAsync(o => o.Total);
        var first = await query.FirstOrDefaultAsync();
        return open + closed + (int)total + (first?.Id ?? 0);
    }
}",
            Twice.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("query", "FirstAsync", "AnyAsync", DatabaseRoundTrip));

        [Test]
        public Task PG1011_DifferentQuestionsOfAQueryAlsoLoadedWhole_AreReported() => Twice.VerifyWithModelAsync(U + @"
public sealed class AddressForm
{
    // SimplCommerce's address form: Any, the whole list as select items, then FirstOrDefault by id; one list answers all three.
    public (List<string> Items, string? Selected) Populate(ShopContext db, int customerId)
    {
        var products = db.Products.Where(p => p.Price > 0);
        if (!products.{|#1:Any()|}) return (new List<string>(), null);
        var items = products.Select(p => p.Name).ToList();
        var selected = products.{|#0:FirstOrDefault(p => p.Id == customerId)|};
        return (items, selected?.Name);
    }
}",
            Twice.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("products", "FirstOrDefault", "Any", DatabaseRoundTrip));

        private const string DatabaseRoundTrip = "a second database round trip for the same rows";
        private const string FileSystemAgain = "the lazy sequence lists the folder or reads the file again: materialize it once with ToList()";

        [Test]
        public Task PG1011_LazyFileListingEnumeratedTwice_IsReportedOnTheSecond() => Twice.VerifyAsync(@"
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

public sealed class FileSystemEntry
{
    public FileSystemEntry(string fullName, bool isDirectory) { FullName = fullName; IsDirectory = isDirectory; }
    public string FullName { get; }
    public bool IsDirectory { get; }
}

public interface IFileSystem
{
    IEnumerable<FileSystemEntry> GetFiles(string path, bool recursive = false);
    IEnumerable<FileSystemEntry> GetFiles(string path, IReadOnlyList<string>? extensions, bool recursive);
}

public class ManagedFileSystem : IFileSystem
{
    public virtual IEnumerable<FileSystemEntry> GetFiles(string path, bool recursive = false) => GetFiles(path, null, recursive);

    public virtual IEnumerable<FileSystemEntry> GetFiles(string path, IReadOnlyList<string>? extensions, bool recursive)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = recursive };
        var files = new DirectoryInfo(path).EnumerateFiles(""*"", options);
        if (extensions is not null && extensions.Count > 0)
        {
            files = files.Where(f => extensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase));
        }

        return ToEntries(files);
    }

    private static IEnumerable<FileSystemEntry> ToEntries(IEnumerable<FileSystemInfo> infos) => infos.Select(i => new FileSystemEntry(i.FullName, false));
}

public sealed class ExtrasScanner
{
    private readonly IFileSystem _fileSystem;
    public ExtrasScanner(IFileSystem fileSystem) => _fileSystem = fileSystem;

    public List<string> FindExtras(string folder)
    {
        var result = new List<string>();
        var filesInSubFolder = _fileSystem.GetFiles(folder);
        bool mixed = filesInSubFolder.{|#1:Count()|} > 1;
        foreach (var file in {|#0:filesInSubFolder|})
        {
            result.Add(mixed ? file.FullName : Path.GetFileName(file.FullName));
        }

        return result;
    }

    public int Lines(string path)
    {
        var lines = File.ReadLines(path).Where(l => l.Length > 0);
        if (!lines.{|#3:Any()|}) return 0;
        return lines.{|#2:Count()|};
    }
}",
            Twice.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("filesInSubFolder", "foreach", "Count", FileSystemAgain),
            Twice.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("lines", "Count", "Any", FileSystemAgain));

        [Test]
        public Task PG1011_MaterializedOrUnprovenSequences_AreSilent() => Twice.VerifyAsync(@"
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

public interface IFileSystem { IEnumerable<string> GetFilePaths(string path); }

public sealed class ManagedFileSystem : IFileSystem
{
    public IEnumerable<string> GetFilePaths(string path) => Directory.EnumerateFiles(path);
}

public sealed class CachedFileSystem : IFileSystem
{
    private readonly Dictionary<string, string[]> _cache = new Dictionary<string, string[]>();
    public IEnumerable<string> GetFilePaths(string path) => _cache[path];       // one implementation is a cached array
}

public sealed class Scanner
{
    private readonly IFileSystem _fileSystem;
    public Scanner(IFileSystem fileSystem) => _fileSystem = fileSystem;

    public int Materialized(string folder)
    {
        var files = Directory.EnumerateFiles(folder).ToList();                  // the fix: listed once
        return files.Count() + files.Count(f => f.EndsWith("".mkv"", StringComparison.Ordinal));
    }

    public int ThroughAnInterfaceWithACachedImplementation(string folder)
    {
        var files = _fileSystem.GetFilePaths(folder);
        return files.Count() + files.Count(f => f.EndsWith("".mkv"", StringComparison.Ordinal));
    }

    public string? AnyThenFirst(string folder)
    {
        var files = Directory.EnumerateFiles(folder);
        return files.Any() ? files.First() : null;                              // both stop at the first entry
    }

    public int InBranches(string folder, bool count)
    {
        var files = Directory.EnumerateFiles(folder);
        if (count) return files.Count();
        return files.Sum(f => f.Length);
    }

    public int Reassigned(string folder)
    {
        var files = Directory.EnumerateFiles(folder);
        int all = files.Count();
        files = Directory.EnumerateFiles(Path.Combine(folder, ""extras""));
        return all + files.Count();
    }

    public IEnumerable<string> Iterator(string folder)
    {
        foreach (var f in Directory.EnumerateFiles(folder)) yield return f;
    }

    public int FromAnIterator(string folder)
    {
        var files = Iterator(folder);                                          // iterators are not followed
        return files.Count() + files.Count(f => f.Length > 3);
    }
}");

        // ---- PG1010 --------------------------------------------------------------------------

        [Test]
        public Task PG1010_OperatorsAfterMaterialization_AreReported() => Client.VerifyWithModelAsync(U + @"
public sealed class Reports
{
    public async Task<int> RunAsync(ShopContext db, int customerId)
    {
        var big = (await db.Orders.ToListAsync()).{|#0:Where(o => o.Total > 100 && o.Status.StartsWith(""n""))|}.ToList();
        var count = db.Customers.AsEnumerable().{|#1:Count(c => c.Name == ""x"")|};
        var all = await db.Orders.ToListAsync();
        return all.{|#2:Count(o => o.CustomerId == customerId)|} + big.Count + count;
    }
}",
            Client.Diagnostic().WithLocation(0).WithArguments("Where", "ToListAsync"),
            Client.Diagnostic().WithLocation(1).WithArguments("Count", "AsEnumerable"),
            Client.Diagnostic().WithLocation(2).WithArguments("Count", "ToListAsync"));

        [Test]
        public Task PG1010_PerItemLookupInAListLoadedBeforeTheLoop_IsTheN1FixAndSilent() => Client.VerifyWithModelAsync(U + @"
public sealed class ReadingProgress
{
    // Kavita's AddReadingProgressModifiers: one query for all rows, then an in-memory lookup per item. Moving the Where into the
    // query would run one query per item again.
    public async Task AddTotalsAsync(ShopContext db, IList<Customer> customers)
    {
        var ids = customers.Select(c => c.Id).ToList();
        var orders = await db.Orders.Where(o => ids.Contains(o.CustomerId)).AsNoTracking().ToListAsync();
        var lines = await db.OrderLines.ToListAsync();
        var products = await db.Products.ToListAsync();
        foreach (var customer in customers)
        {
            var mine = orders.Where(o => o.CustomerId == customer.Id).ToList();
            customer.Name += mine.Count;
        }

        var counts = customers.Select(c => lines.Count(l => l.OrderId == c.Id)).ToList();
        var cheapest = products.{|#0:Where(p => p.Price < 1)|}.ToList(); // once, outside any loop: still reported
    }
}", Client.Diagnostic().WithLocation(0).WithArguments("Where", "ToListAsync"));

        [Test]
        public Task PG1010_UntranslatableReusedAndUnknown_AreSilent() => Client.VerifyWithModelAsync(U + @"
public sealed class Reports
{
    private static bool Interesting(Order o) => o.Total % 7 == 0;

    public async Task<int> RunAsync(ShopContext db, List<Order> inMemory, IQueryable<Order> unknown)
    {
        var odd = (await db.Orders.ToListAsync()).Where(o => Interesting(o)).ToList();
        var all = await db.Orders.ToListAsync();
        var open = all.Where(o => o.Status == ""open"").ToList();
        foreach (var order in all) Console.WriteLine(order.Id);
        var fromUnknown = unknown.ToList().Where(o => o.Total > 1).ToList();
        return inMemory.Where(o => o.Total > 1).Count() + odd.Count + open.Count + fromUnknown.Count;
    }
}");

        [Test]
        public Task PG1010_ListLoadedByOwnMethod_FilteredByCaller_IsReported() => Client.VerifyWithModelAsync(U + @"
public interface IOrderRepository
{
    IEnumerable<Order> GetOrders(string status);
    IEnumerable<Order> GetOrders(string status, int customerId);
    Task<int> CountBigAsync(string status);
}

public sealed class OrderRepository : IOrderRepository
{
    private readonly ShopContext _db;
    public OrderRepository(ShopContext db) => _db = db;

    public IEnumerable<Order> GetOrders(string status) => _db.Orders.Where(o => o.Status == status).ToList();

    public IEnumerable<Order> GetOrders(string status, int customerId)
    {
        return GetOrders(status).{|#0:Where(o => o.CustomerId == customerId)|};
    }

    private async Task<List<Order>> LoadAsync(string status) => await _db.Orders.Where(o => o.Status == status).ToListAsync();

    public async Task<int> CountBigAsync(string status)
    {
        var orders = await LoadAsync(status);
        return orders.{|#1:Count(o => o.Total > 100)|};
    }
}

public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private readonly IOrderRepository _orders;
    public OrdersController(IOrderRepository orders) => _orders = orders;

    public int Big() => _orders.GetOrders(""open"").{|#2:Count(o => o.Total > 100)|};
    public int Mine(int customerId) => _orders.GetOrders(""open"", customerId).Count();
    public Task<int> BigCount() => _orders.CountBigAsync(""open"");
}

public sealed class NightlyReport
{
    // Off the request path: a job's or a test's one load is left alone.
    public int Run(IOrderRepository orders) => orders.GetOrders(""open"").Count(o => o.Total > 100);
}
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }",
            Client.Diagnostic().WithLocation(0).WithArguments(
                "Where", "ToList in GetOrders", " [reached from OrdersController.Mine via OrderRepository.GetOrders]"),
            Client.Diagnostic().WithLocation(1).WithArguments(
                "Count", "ToListAsync in LoadAsync", " [reached from OrdersController.BigCount via OrderRepository.CountBigAsync]"),
            Client.Diagnostic().WithLocation(2).WithArguments("Count", "ToList in GetOrders", " [reached from OrdersController.Big]"));

        [Test]
        public Task PG1010_ListLoadedByOwnMethod_SearchedPerItemCachedOrUntranslatable_IsSilent() => Client.VerifyWithModelAsync(U + @"
public sealed class Orders
{
    private readonly ShopContext _db;
    private readonly Dictionary<string, List<Order>> _cache = new Dictionary<string, List<Order>>();
    public Orders(ShopContext db) => _db = db;

    public List<Order> Load(string status) => _db.Orders.Where(o => o.Status == status).ToList();

    public List<Order> Cached(string status)
    {
        if (_cache.TryGetValue(status, out var hit)) return hit;
        return _db.Orders.Where(o => o.Status == status).ToList();
    }

    public List<Order> Built(string status)
    {
        var list = _db.Orders.Where(o => o.Status == status).ToList();
        list.Add(new Order());
        return list;
    }

    public List<Order> InMemory(List<Order> given) => given.ToList();

    private static bool Interesting(Order o) => o.Total % 7 == 0;

    public int Run(List<Customer> customers, List<Order> given)
    {
        int total = Load(""open"").OrderBy(o => o.Total).Select(o => o.Id).Sum() + (int)Load(""new"").Sum(o => o.Total);
        // The N+1 fix: one load before the loop, an in-memory search per item.
        var all = Load(""open"");
        foreach (var customer in customers) total += all.Count(o => o.CustomerId == customer.Id);
        var perCustomer = customers.Select(c => new { c.Id }).ToList();
        var loaded = Load(""closed"");
        total += perCustomer.Sum(c => loaded.Count(o => o.CustomerId == c.Id));
        total += Cached(""open"").Count(o => o.Total > 1);
        total += Built(""open"").Count(o => o.Total > 1);
        total += InMemory(given).Count(o => o.Total > 1);
        total += Load(""open"").Count(o => Interesting(o));
        var reused = Load(""paid"");
        total += reused.Count(o => o.Total > 1) + reused.Count;
        return total;
    }
}

public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private readonly Orders _orders;
    public OrdersController(Orders orders) => _orders = orders;
    public int Get() => _orders.Run(new List<Customer>(), new List<Order>());
}
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }");
    }
}

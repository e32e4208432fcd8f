using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotLazyLoadPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotLazyLoadPerLoopIterationAnalyzerTests
    {
        /// <summary>What PG1003's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1003", ExampleScaffolds.Data + @"
public static class Setup
{
    public static void Configure(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
}

public sealed class Report
{
    public async Task Run(ShopContext db, List<string> names)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string Usings = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
";

        private const string ProxyModel = @"
public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = """";
}

public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public virtual Customer Customer { get; set; }
    public virtual List<OrderLine> Lines { get; set; } = new List<OrderLine>();
    public Customer Buyer { get; set; }
}

public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
}

public class ShopContext : DbContext
{
    public DbSet<Customer> Customers { get; set; }
    public DbSet<Order> Orders { get; set; }
    public DbSet<OrderLine> OrderLines { get; set; }
    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
}
";

        [Test]
        public Task NavigationReadPerItem_WithProxies_IsReported() => Verify.VerifyAsync(Usings + ProxyModel + @"
public sealed class Reports
{
    private readonly ShopContext _db;
    public Reports(ShopContext db) => _db = db;

    public async Task<List<string>> NamesAsync()
    {
        var names = new List<string>();
        var orders = await _db.Orders.Where(o => o.Id > 0).ToListAsync();
        foreach (var order in orders)
        {
            names.Add({|#0:order.Customer|}.Name);
            names.Add(order.Customer.Name + order.Buyer);
            foreach (var line in {|#1:order.Lines|}) names.Add(line.Id.ToString());
        }
        return names;
    }

    public int Direct()
    {
        int n = 0;
        foreach (var order in _db.Orders.Include(o => o.Customer)) n += {|#2:order.Lines|}.Count + order.Customer.Id;
        return n;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("order.Customer", "foreach loop", "Customer", "Order"),
            Verify.Diagnostic().WithLocation(1).WithArguments("order.Lines", "foreach loop", "Lines", "Order"),
            Verify.Diagnostic().WithLocation(2).WithArguments("order.Lines", "foreach loop", "Lines", "Order"));

        [Test]
        public Task IncludedProjectedNoTrackingAndPreloaded_AreSilent() => Verify.VerifyAsync(Usings + ProxyModel + @"
public sealed class Reports
{
    private readonly ShopContext _db;
    public Reports(ShopContext db) => _db = db;

    public async Task<int> Included()
    {
        int n = 0;
        foreach (var order in await _db.Orders.Include(o => o.Customer).Include(""Lines"").ToListAsync())
            n += order.Customer.Id + order.Lines.Count;
        return n;
    }

    public async Task<int> NoTracking()
    {
        int n = 0;
        foreach (var order in await _db.Orders.AsNoTracking().ToListAsync()) n += order.Customer.Id;
        return n;
    }

    public async Task<int> Projected()
    {
        int n = 0;
        foreach (var id in await _db.Orders.Select(o => o.Customer.Id).ToListAsync()) n += id;
        return n;
    }

    public async Task<int> Preloaded()
    {
        var customers = await _db.Customers.ToListAsync(); // fix-up fills order.Customer
        int n = 0;
        foreach (var order in await _db.Orders.ToListAsync()) n += order.Customer.Id;
        return n + customers.Count;
    }

    public int NotVirtual()
    {
        int n = 0;
        foreach (var order in _db.Orders.ToList()) n += order.Buyer.Id;
        return n;
    }

    public int OutsideLoop(int id)
    {
        var order = _db.Orders.First(o => o.Id == id);
        return order.Customer.Id;
    }

    public int UnknownSource(IQueryable<Order> orders)
    {
        int n = 0;
        foreach (var order in orders) n += order.Customer.Id;
        return n;
    }

    public int Deferred(List<Func<int>> work)
    {
        foreach (var order in _db.Orders.ToList()) work.Add(() => order.Customer.Id);
        return work.Count;
    }
}");

        [Test]
        public Task WithoutLazyLoading_IsSilent() => Verify.VerifyAsync(Usings + ProxyModel.Replace("options.UseLazyLoadingProxies()",
            "options.EnableSensitiveDataLogging()") + @"
public sealed class Reports
{
    public int Names(ShopContext db)
    {
        int n = 0;
        foreach (var order in db.Orders.ToList()) n += order.Customer.Id;
        return n;
    }
}");

        [Test]
        public Task LazyLoadingSwitchedByAValue_IsSilent() => Verify.VerifyAsync(Usings + ProxyModel.Replace("options.UseLazyLoadingProxies()",
            "options.UseLazyLoadingProxies(Flags.Lazy)") + @"
public static class Flags { public static bool Lazy; }
public sealed class Reports
{
    public int Names(ShopContext db)
    {
        int n = 0;
        foreach (var order in db.Orders.ToList()) n += order.Customer.Id;
        return n;
    }
}");

        [Test]
        public Task LazyLoaderConstructor_IsReported_WithoutVirtual() => Verify.VerifyAsync(Usings + @"
public class Customer
{
    public int Id { get; set; }
}

public class Order
{
    private readonly ILazyLoader _loader;
    private Customer _customer;
    public Order() { }
    private Order(ILazyLoader loader) => _loader = loader;
    public int Id { get; set; }
    public Customer Customer { get => _loader.Load(this, ref _customer); set => _customer = value; }
}

public class Invoice
{
    public int Id { get; set; }
    public Customer Customer { get; set; }
}

public class ShopContext : DbContext
{
    public DbSet<Customer> Customers { get; set; }
    public DbSet<Order> Orders { get; set; }
    public DbSet<Invoice> Invoices { get; set; }
}

public sealed class Reports
{
    public async Task<int> Names(ShopContext db)
    {
        int n = 0;
        await foreach (var order in db.Orders.AsAsyncEnumerable()) n += 1;
        foreach (var order in db.Orders) n += {|#0:order.Customer|}.Id;
        foreach (var invoice in db.Invoices) n += invoice.Customer.Id; // no lazy loader on Invoice, no proxies
        return n;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("order.Customer", "foreach loop", "Customer", "Order"));
    }
}

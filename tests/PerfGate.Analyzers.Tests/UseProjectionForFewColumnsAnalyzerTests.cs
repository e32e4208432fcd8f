using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseProjectionForFewColumnsAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseProjectionForFewColumnsAnalyzerTests
    {
        /// <summary>What PG1004's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1004", ExampleScaffolds.Data + @"
public sealed class Totals
{
    public async Task<decimal> Run(ShopContext db, int id)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        /// <summary>A wide entity (8 scalar columns) and a narrow one (3).</summary>
        private const string Model = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

public class Invoice
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public string Number { get; set; } = """";
    public decimal Amount { get; set; }
    public decimal Tax { get; set; }
    public DateTime IssuedAtUtc { get; set; }
    public string Notes { get; set; } = """";
    public string Status { get; set; } = """";
    public Customer Customer { get; set; }
}

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = """";
    public string Email { get; set; } = """";
}

public class BillingContext : DbContext
{
    public DbSet<Invoice> Invoices { get; set; }
    public DbSet<Customer> Customers { get; set; }
}
";

        [Test]
        public Task FewScalarReads_AreReported() => Verify.VerifyAsync(Model + @"
public sealed class Reports
{
    private readonly BillingContext _db;
    public Reports(BillingContext db) => _db = db;

    public async Task<decimal> TotalAsync(int customerId)
    {
        var invoices = await _db.Invoices.Where(i => i.CustomerId == customerId).{|#0:ToListAsync()|};
        decimal total = 0;
        foreach (var invoice in invoices)
        {
            if (invoice.Status == ""paid"") total += invoice.Amount;
        }
        return total + invoices.Sum(i => i.Tax) + invoices.Count;
    }

    // One row with its navigation loaded to read one column: the Include's join and graph are the waste.
    public string NumberOf(int id)
    {
        var invoice = _db.Invoices.Include(i => i.Customer).AsNoTracking().{|#1:FirstOrDefault(i => i.Id == id)|};
        return invoice == null ? """" : invoice.Number;
    }

    // One narrow row of scalar columns (Kavita's AppUserProgress lookup): reading it whole costs nothing measurable.
    public string StatusOf(int id)
    {
        var invoice = _db.Invoices.AsNoTracking().FirstOrDefault(i => i.Id == id);
        return invoice == null ? """" : invoice.Status;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Invoice", 8, "Amount, Status, Tax"),
            Verify.Diagnostic().WithLocation(1).WithArguments("FirstOrDefault", "Invoice", 8, "Number"));

        [Test]
        public Task EscapesWritesManyColumnsNarrowEntitiesAndProjections_AreSilent() => Verify.VerifyAsync(Model + @"
public sealed class Billing
{
    private readonly BillingContext _db;
    private List<Invoice> _cache = new List<Invoice>();
    public Billing(BillingContext db) => _db = db;

    public Task<List<Invoice>> Returned() => _db.Invoices.ToListAsync();

    public async Task<List<Invoice>> ReturnedLocal()
    {
        var invoices = await _db.Invoices.ToListAsync();
        return invoices;
    }

    public async Task Stored() => _cache = await _db.Invoices.ToListAsync();

    public async Task<int> Passed()
    {
        var invoices = await _db.Invoices.ToListAsync();
        return Count(invoices);
    }

    public async Task<int> EntityPassed()
    {
        var invoices = await _db.Invoices.ToListAsync();
        int n = 0;
        foreach (var invoice in invoices) n += Weight(invoice);
        return n;
    }

    public async Task Modified(int id)
    {
        var invoice = await _db.Invoices.FirstAsync(i => i.Id == id);
        invoice.Status = ""void"";
    }

    public async Task<decimal> ReadThenSaved(int id)
    {
        var invoice = await _db.Invoices.FirstAsync(i => i.Id == id);
        await _db.SaveChangesAsync();
        return invoice.Amount;
    }

    public async Task<string> ManyColumns(int id)
    {
        var i = await _db.Invoices.FirstAsync(x => x.Id == id);
        return $""{i.Number} {i.Amount} {i.Tax} {i.Status}"";
    }

    public async Task<string> Navigation(int id)
    {
        var i = await _db.Invoices.Include(x => x.Customer).FirstAsync(x => x.Id == id);
        return i.Number + i.Customer.Name;
    }

    public async Task<string> Narrow(int id)
    {
        var c = await _db.Customers.FirstAsync(x => x.Id == id);
        return c.Name;
    }

    public Task<List<decimal>> Projected() => _db.Invoices.Select(i => i.Amount).ToListAsync();

    public async Task<List<Invoice>> FilteredInMemory()
    {
        var invoices = await _db.Invoices.ToListAsync();
        var paid = invoices.Where(i => i.Status == ""paid"").ToList();
        return paid;
    }

    public async Task<decimal> Reassigned(bool all)
    {
        var invoices = await _db.Invoices.ToListAsync();
        if (!all) invoices = new List<Invoice>();
        return invoices.Sum(i => i.Amount);
    }

    public async Task<string> WholeEntityUsed(int id)
    {
        var i = await _db.Invoices.FirstAsync(x => x.Id == id);
        return i.ToString() + i.Number;
    }

    private static int Count(List<Invoice> invoices) => invoices.Count;
    private static int Weight(Invoice invoice) => invoice.Id;
}");
    }
}

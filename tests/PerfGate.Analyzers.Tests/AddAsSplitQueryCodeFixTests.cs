using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using Verify = PerfGate.Analyzers.Tests.ShopCodeFixTest<
    PerfGate.Analyzers.DoNotIncludeSeveralCollectionsInOneQueryAnalyzer, PerfGate.CodeFixes.AddAsSplitQueryCodeFixProvider>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AddAsSplitQueryCodeFixTests
    {
        private const string U = ShopModel.Usings;

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
        public Task InsertedAfterTheLastIncludeOrThenInclude_FixAllInDocument() => Verify.VerifyAsync(U + Billing + @"
public sealed class Invoices
{
    public Task<Invoice> GetAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).{|#0:Include(i => i.Payments)|}.Include(i => i.Customer).ThenInclude(c => c.Orders)
            .Where(i => i.Id > 0).FirstAsync(i => i.Id == id);

    public async Task<List<Invoice>> ListAsync(BillingContext db)
    {
        return await db.Invoices
            .Include(i => i.Lines)
            .{|#1:Include(i => i.Payments)|}
            .OrderBy(i => i.Id)
            .ToListAsync();
    }
}", U + Billing + @"
public sealed class Invoices
{
    public Task<Invoice> GetAsync(BillingContext db, int id) =>
        db.Invoices.Include(i => i.Lines).Include(i => i.Payments).Include(i => i.Customer).ThenInclude(c => c.Orders)
            .AsSplitQuery()
            .Where(i => i.Id > 0).FirstAsync(i => i.Id == id);

    public async Task<List<Invoice>> ListAsync(BillingContext db)
    {
        return await db.Invoices
            .Include(i => i.Lines)
            .Include(i => i.Payments)
            .AsSplitQuery()
            .OrderBy(i => i.Id)
            .ToListAsync();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(3, "FirstAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments(2, "ToListAsync"));

        [Test]
        public Task MissingUsing_IsAdded() => Verify.VerifyAsync(@"using System.Collections.Generic;
using System.Linq;
using Shop;
using static Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions;

public static class Loader
{
    public static List<Order> Load(ShopContext db) =>
        db.Orders.Include(o => o.Lines).Include(o => o.Customer).{|#0:ThenInclude(c => c.Orders)|}.ToList();
}", @"using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;
using Shop;
using static Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions;

public static class Loader
{
    public static List<Order> Load(ShopContext db) =>
        db.Orders.Include(o => o.Lines).Include(o => o.Customer).ThenInclude(c => c.Orders).AsSplitQuery().ToList();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(2, "ToList"));
    }
}

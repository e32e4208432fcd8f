using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using Verify = PerfGate.Analyzers.Tests.ShopCodeFixTest<
    PerfGate.Analyzers.UseNoTrackingForReadOnlyQueryAnalyzer, PerfGate.CodeFixes.AddAsNoTrackingCodeFixProvider>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AddAsNoTrackingCodeFixTests
    {
        private const string U = ShopModel.Usings;

        [Test]
        public Task InsertedAfterTheDbSetRoot_FixAllInDocument() => Verify.VerifyAsync(U + @"
public sealed class Reports
{
    private readonly ShopContext _db;
    public Reports(ShopContext db) => _db = db;

    public async Task<decimal> TotalAsync(int customerId)
    {
        var orders = await _db.Orders
            .Where(o => o.CustomerId == customerId)
            .OrderBy(o => o.Id)
            .{|#0:ToListAsync()|};
        return orders.Sum(o => o.Total);
    }

    public string Names()
    {
        var products = _db.Set<Product>().{|#1:ToList()|};
        return string.Join("","", products.Select(p => p.Name));
    }
}", U + @"
public sealed class Reports
{
    private readonly ShopContext _db;
    public Reports(ShopContext db) => _db = db;

    public async Task<decimal> TotalAsync(int customerId)
    {
        var orders = await _db.Orders
            .AsNoTracking()
            .Where(o => o.CustomerId == customerId)
            .OrderBy(o => o.Id)
            .ToListAsync();
        return orders.Sum(o => o.Total);
    }

    public string Names()
    {
        var products = _db.Set<Product>().AsNoTracking().ToList();
        return string.Join("","", products.Select(p => p.Name));
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Order"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ToList", "Product"));

        [Test]
        public Task MissingUsing_IsAdded() => Verify.VerifyAsync(@"using System.Linq;
using Shop;

public static class Report
{
    public static int Count(ShopContext db)
    {
        var customers = db.Customers.Where(c => c.Id > 0).{|#0:ToList()|};
        return customers.Count(c => c.Name != """");
    }
}", @"using System.Linq;
using Microsoft.EntityFrameworkCore;
using Shop;

public static class Report
{
    public static int Count(ShopContext db)
    {
        var customers = db.Customers.AsNoTracking().Where(c => c.Id > 0).ToList();
        return customers.Count(c => c.Name != """");
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToList", "Customer"));
    }
}

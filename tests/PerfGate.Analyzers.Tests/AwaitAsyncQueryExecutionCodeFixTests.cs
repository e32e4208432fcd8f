using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using Verify = PerfGate.Analyzers.Tests.ShopCodeFixTest<
    PerfGate.Analyzers.DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer, PerfGate.CodeFixes.AwaitAsyncQueryExecutionCodeFixProvider>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AwaitAsyncQueryExecutionCodeFixTests
    {
        private const string U = ShopModel.Usings;

        [Test]
        public Task SyncCalls_BecomeAwaitedAsyncOverloads_WithTheMethodsToken() => Verify.VerifyAsync(U + @"
public sealed class Orders
{
    private readonly ShopContext _db;
    public Orders(ShopContext db) => _db = db;

    public async Task<int> PlaceAsync(Order order, CancellationToken ct)
    {
        _db.Orders.Add(order);
        var customer = _db.Customers.{|#0:First(c => c.Id == order.CustomerId)|};
        var product = _db.Products.{|#1:Find(1)|};
        var count = _db.Orders.Where(o => o.CustomerId == customer.Id).{|#2:ToList()|}.Count;
        if (_db.Orders.{|#3:Any()|} && product != null) count++;
        _db.{|#4:SaveChanges()|};
        await Task.Yield();
        return count + _db.Orders.{|#5:Count()|};
    }
}", U + @"
public sealed class Orders
{
    private readonly ShopContext _db;
    public Orders(ShopContext db) => _db = db;

    public async Task<int> PlaceAsync(Order order, CancellationToken ct)
    {
        _db.Orders.Add(order);
        var customer = await _db.Customers.FirstAsync(c => c.Id == order.CustomerId, ct);
        var product = await _db.Products.FindAsync(new object[] { 1 }, ct);
        var count = (await _db.Orders.Where(o => o.CustomerId == customer.Id).ToListAsync(ct)).Count;
        if (await _db.Orders.AnyAsync(ct) && product != null) count++;
        await _db.SaveChangesAsync(ct);
        await Task.Yield();
        return count + await _db.Orders.CountAsync(ct);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("First", "FirstAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Find", "FindAsync"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ToList", "ToListAsync"),
            Verify.Diagnostic().WithLocation(3).WithArguments("Any", "AnyAsync"),
            Verify.Diagnostic().WithLocation(4).WithArguments("SaveChanges", "SaveChangesAsync"),
            Verify.Diagnostic().WithLocation(5).WithArguments("Count", "CountAsync"));

        [Test]
        public Task NoToken_AsyncLambda_AndImplicitThis() => Verify.VerifyAsync(U + @"
public sealed class Jobs
{
    public Func<ShopContext, Task<List<Order>>> Loader() => async db => db.Orders.{|#0:ToList()|};

    public async Task<Product> FindAsync(ShopContext db, int id)
    {
        await Task.Yield();
        return db.Products.{|#1:Find(id)|};
    }
}

public sealed class AuditContext : DbContext
{
    public async Task<int> CommitAsync()
    {
        await Task.Yield();
        return {|#2:SaveChanges()|};
    }
}", U + @"
public sealed class Jobs
{
    public Func<ShopContext, Task<List<Order>>> Loader() => async db => await db.Orders.ToListAsync();

    public async Task<Product> FindAsync(ShopContext db, int id)
    {
        await Task.Yield();
        return await db.Products.FindAsync(id);
    }
}

public sealed class AuditContext : DbContext
{
    public async Task<int> CommitAsync()
    {
        await Task.Yield();
        return await SaveChangesAsync();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToList", "ToListAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Find", "FindAsync"),
            Verify.Diagnostic().WithLocation(2).WithArguments("SaveChanges", "SaveChangesAsync"));

        [Test]
        public Task MissingUsing_IsAdded() => Verify.VerifyAsync(@"using System.Linq;
using System.Threading.Tasks;
using Shop;

public static class Report
{
    public static async Task<int> CountAsync(ShopContext db)
    {
        await Task.Yield();
        return db.Orders.{|#0:Count()|};
    }
}", @"using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Shop;

public static class Report
{
    public static async Task<int> CountAsync(ShopContext db)
    {
        await Task.Yield();
        return await db.Orders.CountAsync();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Count", "CountAsync"));

        [Test]
        public Task AwaitNotAllowedOrTokensAmbiguous_GetsNoFix()
        {
            string code = U + @"
public sealed class Orders
{
    private readonly object _gate = new object();

    public async Task<int> LockedAsync(ShopContext db)
    {
        await Task.Yield();
        lock (_gate)
        {
            return db.Orders.{|#0:Count()|};
        }
    }

    public async Task<List<Order>> TwoTokensAsync(ShopContext db, CancellationToken a, CancellationToken b)
    {
        await Task.Delay(1, a);
        return db.Orders.{|#1:ToList()|};
    }
}";
            string fixedCode = U + @"
public sealed class Orders
{
    private readonly object _gate = new object();

    public async Task<int> LockedAsync(ShopContext db)
    {
        await Task.Yield();
        lock (_gate)
        {
            return db.Orders.{|#0:Count()|};
        }
    }

    public async Task<List<Order>> TwoTokensAsync(ShopContext db, CancellationToken a, CancellationToken b)
    {
        await Task.Delay(1, a);
        return await db.Orders.ToListAsync();
    }
}";
            var test = new ShopCodeFixTest<DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer, CodeFixes.AwaitAsyncQueryExecutionCodeFixProvider>(code,
                fixedCode);
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Count", "CountAsync"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("ToList", "ToListAsync"));
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Count", "CountAsync"));
            return test.RunAsync(System.Threading.CancellationToken.None);
        }
    }
}

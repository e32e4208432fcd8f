using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCallSaveChangesPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotCallSaveChangesPerLoopIterationAnalyzerTests
    {
        /// <summary>What PG1005's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1005", ExampleScaffolds.Data + @"
public sealed class OrderSync
{
    public async Task Run(ShopContext db, List<OrderLine> lines)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = ShopModel.Usings;

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task SaveChangesAsyncInForeach_IsReportedWithMethodAndLoop() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderSyncService
{
    private readonly ShopContext _db;
    public OrderSyncService(ShopContext db) => _db = db;

    public async Task SyncAsync(IEnumerable<OrderLine> lines, CancellationToken ct)
    {
        foreach (var line in lines)
        {
            _db.OrderLines.Add(line);
            await _db.{|#0:SaveChangesAsync(ct)|};
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("SaveChangesAsync", "foreach loop"));

        [Test]
        public Task AllLoopKinds_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderSync
{
    public void Sync(ShopContext db, Order[] orders, Queue<Order> queue)
    {
        for (int i = 0; i < orders.Length; i++)
        {
            db.Orders.Add(orders[i]);
            db.{|#0:SaveChanges()|};
        }

        while (queue.Count > 0)
        {
            db.Orders.Add(queue.Dequeue());
            db.{|#1:SaveChanges(acceptAllChangesOnSuccess: true)|};
        }

        int n = 0;
        do
        {
            db.{|#2:SaveChanges()|};
            n++;
        }
        while (n < 3);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("SaveChanges", "for loop"),
            Verify.Diagnostic().WithLocation(1).WithArguments("SaveChanges", "while loop"),
            Verify.Diagnostic().WithLocation(2).WithArguments("SaveChanges", "do loop"));

        [Test]
        public Task PerElementLambdasAndAwaitForeach_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderSync
{
    public async Task SyncAsync(ShopContext db, List<Order> orders, IAsyncEnumerable<Order> stream)
    {
        orders.ForEach(o => { db.Orders.Add(o); db.{|#0:SaveChanges()|}; });
        var counts = orders.Select(o => { db.Orders.Add(o); return db.{|#1:SaveChanges()|}; }).ToList();
        await foreach (var order in stream)
        {
            db.Orders.Add(order);
            await db.{|#2:SaveChangesAsync()|};
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("SaveChanges", "ForEach lambda"),
            Verify.Diagnostic().WithLocation(1).WithArguments("SaveChanges", "Select lambda"),
            Verify.Diagnostic().WithLocation(2).WithArguments("SaveChangesAsync", "await foreach loop"));

        [Test]
        public Task BaseDbContextAndImplicitThis_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class AuditContext : ShopContext
{
    public AuditContext(DbContextOptions<ShopContext> options) : base(options) { }

    public void Touch(IEnumerable<Order> orders, DbContext other)
    {
        foreach (var order in orders)
        {
            order.Status = ""touched"";
            [|SaveChanges()|];
            other.[|SaveChanges()|];
        }
    }
}");

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task SaveChangesAfterTheLoop_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderSyncService
{
    public async Task SyncAsync(ShopContext db, IEnumerable<OrderLine> lines)
    {
        foreach (var line in lines)
            db.OrderLines.Add(line);
        await db.SaveChangesAsync();
    }
}");

        [Test]
        public Task UnitOfWorkOfUnknownImplementation_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public interface IUnitOfWork { Task<int> SaveChangesAsync(CancellationToken ct = default); }

public sealed class OrderSyncService
{
    private readonly IUnitOfWork _uow;
    public OrderSyncService(IUnitOfWork uow) => _uow = uow;

    public async Task SyncAsync(IEnumerable<OrderLine> lines)
    {
        foreach (var line in lines)
            await _uow.SaveChangesAsync();
    }
}");

        [Test]
        public Task DeferredLambdaInLoop_IsSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Scheduler
{
    public void Schedule(ShopContext db, List<Order> orders, List<Func<int>> jobs)
    {
        foreach (var order in orders)
            jobs.Add(() => db.SaveChanges());
    }
}");

        [Test]
        public Task FileExcludedByPolicy_IsSilent()
        {
            var test = new CSharpAnalyzerVerifier<DoNotCallSaveChangesPerLoopIterationAnalyzer>.Test();
            test.TestState.Sources.Add(("/src/Migrations/Seed.cs", U + @"
public sealed class Seed
{
    public void Run(ShopContext db, int[] ids)
    {
        foreach (var id in ids) { db.Orders.Add(new Order { Id = id }); db.SaveChanges(); }
    }
}"));
            test.TestState.Sources.Add(("/src/Model/ShopModel.cs", ShopModel.Source));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.root = /src\nperfgate.exclude = **/Migrations/**\n"));
            return test.RunAsync();
        }
    }
}

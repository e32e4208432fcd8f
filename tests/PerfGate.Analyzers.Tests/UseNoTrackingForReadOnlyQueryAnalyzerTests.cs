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

    private static int Process(List<Order> orders) => orders.Count;
}");
    }
}

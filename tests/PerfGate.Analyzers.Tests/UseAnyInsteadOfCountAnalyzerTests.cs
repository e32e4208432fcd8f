using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using PerfGate.Analyzers.Tests.Verifiers;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseAnyInsteadOfCountAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseAnyInsteadOfCountAnalyzerTests
    {
        /// <summary>What PG1015's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1015", ExampleScaffolds.Data + @"
public sealed class OpenOrdersCheck
{
    public async Task<bool> Run(ShopContext db, int customerId)
    {
" + ExampleScaffolds.Marker + @"
        return hasOpenOrders;
    }
}
");

        private const string U = ShopModel.Usings;

        [Test]
        public Task EmptinessTestsOnProvenQueries_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderChecks
{
    private readonly ShopContext _db;
    public OrderChecks(ShopContext db) => _db = db;

    public bool HasOrders(int customerId) => [|_db.Orders.Count(o => o.CustomerId == customerId) > 0|];

    public bool HasNoLines(int orderId) => [|_db.OrderLines.Where(l => l.OrderId == orderId).Count() == 0|];

    public async Task<bool> HasOpenOrders(int customerId) => [|await _db.Orders.CountAsync(o => o.CustomerId == customerId && o.Status == ""open"") >= 1|];

    public async Task<bool> IsUnused(int productId)
    {
        var lines = _db.OrderLines.Where(l => l.ProductId == productId);
        return [|0 == await lines.LongCountAsync()|];
    }

    public bool AnyCustomers() => [|1 <= _db.Customers.Count()|];
}
");

        [Test]
        public Task EmptinessTestsOnLazySequences_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class WebParameter
{
    public string Name { get; set; } = """";
    public string Value { get; set; } = """";
}

public sealed class WebParameters : List<WebParameter>
{
    public WebParameter? this[string name]
    {
        get
        {
            var parameters = this.Where(p => p.Name.Equals(name));
            if ([|parameters.Count() == 0|])
            {
                return null;
            }

            if (parameters.Count() == 1)
            {
                return parameters.Single();
            }

            return new WebParameter { Name = name, Value = string.Join("","", parameters.Select(p => p.Value)) };
        }
    }

    public bool HasSigned() => [|this.Select(p => p.Name.ToUpperInvariant()).Count(n => n.StartsWith(""OAUTH_"")) != 0|];
}
");

        [Test]
        public Task CountsThatAreNeededOrCheap_AreNotReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Counts
{
    private readonly ShopContext _db;
    public Counts(ShopContext db) => _db = db;

    // the count itself is needed
    public bool Single(int customerId) => _db.Orders.Count(o => o.CustomerId == customerId) == 1;
    public bool Many() => _db.Orders.Count() > 2;
    public int Total() => _db.Orders.Count();

    // collections: the count is a field read
    public bool HasLines(Order order) => order.Lines.Count > 0;
    public bool HasItems(List<int> ids) => ids.Count() > 0;
    public bool HasAny(int[] ids) => ids.Count() != 0;

    // unknown origin: may be a collection
    public bool HasAny(IEnumerable<Order> orders) => orders.Count() > 0;
    public bool HasAny(IQueryable<Order> orders) => orders.Count() > 0;

    // a local assigned on two paths
    public bool Either(List<Order> orders, bool open)
    {
        IEnumerable<Order> selected = orders;
        if (open) selected = orders.Where(o => o.Status == ""open"");
        return selected.Count() > 0;
    }

    // Take/Skip/OrderBy over a collection count without enumerating
    public bool FirstPage(List<Order> orders) => orders.Take(20).Count() > 0;

    // inside an expression tree: EF translates the whole predicate
    public List<Customer> WithOrders() => _db.Customers.Where(c => c.Orders.Where(o => o.Total > 10).Count() > 0).ToList();
}
");
    }
}

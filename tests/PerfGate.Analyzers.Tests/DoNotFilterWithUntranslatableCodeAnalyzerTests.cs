using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using PerfGate.Analyzers.Tests.Verifiers;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotFilterWithUntranslatableCodeAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotFilterWithUntranslatableCodeAnalyzerTests
    {
        /// <summary>What PG1016's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1016", ExampleScaffolds.Data + @"
public sealed record BasketItem(int ProductId, int Quantity);

public sealed class StockCheck
{
    public async Task<int> Run(ShopContext db, List<BasketItem> basket)
    {
" + ExampleScaffolds.Marker + @"
        return lines.Count;
    }
}
");

        private const string U = ShopModel.Usings;

        private const string Objects = "a list of objects cannot be sent to the database (EF Core 3+ throws, EF Core 2 filters every row in memory); "
            + "send its keys: 'var keys = {0}.Select(i => i.Key).ToList();' and 'keys.Contains(row.Key)'";

        private const string StringEquals = "EF Core's relational providers do not translate the StringComparison overloads and throw at run time; "
            + "compare with '==' and let the column's collation decide case (or EF.Functions.Collate / ILike)";

        private const string OwnMethod = "its body is .NET code the translator never sees (EF Core 3+ throws, EF Core 2 filters every row in memory); "
            + "inline its logic as an expression or map it with [DbFunction]";

        [Test]
        public Task InMemoryObjectListsAndOwnMethodsOnTheRow_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class ShipmentItemVm
{
    public int ProductId { get; set; }
    public int Quantity { get; set; }
}

public sealed class ShipmentService
{
    private readonly ShopContext _db;
    private readonly List<ShipmentItemVm> _pending = new List<ShipmentItemVm>();
    public ShipmentService(ShopContext db) => _db = db;

    public async Task<List<OrderLine>> ItemsToShip(IList<ShipmentItemVm> itemsToShip)
    {
        return await _db.OrderLines
            .Where(x => x.Quantity > 0 && itemsToShip.{|#0:Any(p => p.ProductId == x.ProductId)|})
            .ToListAsync();
    }

    public Task<bool> AnyPending() => _db.OrderLines.AnyAsync(x => _pending.{|#1:Any(p => p.ProductId == x.ProductId && p.Quantity <= x.Quantity)|});

    public List<Order> Visible(int customerId) =>
        _db.Orders.Where(o => o.CustomerId == customerId && {|#2:IsVisible(o)|}).ToList();

    public Task<Order?> ByStatus(string status) =>
        _db.Orders.FirstOrDefaultAsync(o => string.{|#3:Equals(o.Status, status, StringComparison.OrdinalIgnoreCase)|});

    public List<Order> ByStatusInstance(string status) =>
        _db.Orders.Where(o => o.Status.{|#4:Equals(status, StringComparison.Ordinal)|}).ToList();

    private static bool IsVisible(Order order) => order.Status != ""deleted"" && order.Total > 0;
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'Any' over the in-memory list 'itemsToShip' of ShipmentItemVm objects", "Where",
                string.Format(Objects, "itemsToShip")),
            Verify.Diagnostic().WithLocation(1).WithArguments("'Any' over the in-memory list '_pending' of ShipmentItemVm objects", "AnyAsync",
                string.Format(Objects, "_pending")),
            Verify.Diagnostic().WithLocation(2).WithArguments("the app's own method 'IsVisible'", "Where", OwnMethod),
            Verify.Diagnostic().WithLocation(3).WithArguments("'string.Equals' with a StringComparison", "FirstOrDefaultAsync", StringEquals),
            Verify.Diagnostic().WithLocation(4).WithArguments("'string.Equals' with a StringComparison", "Where", StringEquals));

        [Test]
        public Task TranslatableOrUnprovenPredicates_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class ShipmentItemVm
{
    public int ProductId { get; set; }
}

public sealed class ShipmentService
{
    private readonly ShopContext _db;
    public ShipmentService(ShopContext db) => _db = db;

    public List<OrderLine> Translatable(IList<ShipmentItemVm> items, int[] ids, List<string> statuses, decimal limit)
    {
        var productIds = items.Select(p => p.ProductId).ToList();                       // the fix: keys, not objects
        var a = _db.OrderLines.Where(x => productIds.Contains(x.ProductId)).ToList();
        var b = _db.OrderLines.Where(x => ids.Any(i => i == x.ProductId)).ToList();     // scalars: EF Core 8 sends them as a collection
        var c = _db.Orders.Where(o => statuses.Contains(o.Status) && o.Lines.Any(l => l.Quantity > 1)).ToList();   // a navigation of the row
        var d = _db.Orders.Where(o => o.Total > Threshold(limit)).ToList();             // does not use the row: evaluated once, a parameter
        var e = _db.OrderLines.Where(x => items.Count() > 3).ToList();                   // the list does not meet the row
        var f = _db.Orders.Where(o => _db.OrderLines.Any(l => l.OrderId == o.Id && l.Quantity > 1)).ToList();       // a subquery
        var g = _db.Orders.Select(o => Describe(o)).ToList();                            // final projection: client-side on purpose
        var h = _db.Orders.Where(o => o.Status == statuses[0]).ToList();                 // '==': translated with the column's collation
        var k = _db.Orders.Where(o => string.Equals(statuses[0], ""open"", StringComparison.OrdinalIgnoreCase)).ToList();   // no row: a parameter
        return a.Concat(b).Concat(e).ToList();
    }

    public List<OrderLine> Unproven(IQueryable<OrderLine> lines, IList<ShipmentItemVm> items) =>
        lines.Where(x => items.Any(p => p.ProductId == x.ProductId)).ToList();          // who knows what provider runs it

    public List<OrderLine> InMemory(List<OrderLine> lines, IList<ShipmentItemVm> items) =>
        lines.Where(x => items.Any(p => p.ProductId == x.ProductId)).ToList();          // LINQ to objects

    private static decimal Threshold(decimal limit) => limit * 1.2m;

    private static string Describe(Order order) => order.Status + order.Total;
}");

        [Test]
        public Task OwnMethodsInACompilationThatMapsMethodsToSql_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public static class SqlFunctions
{
    [DbFunction(""is_visible"", ""dbo"")]
    public static bool IsVisible(decimal total) => throw new NotSupportedException();

    public static bool HasStatus(Order order, string status) => order.Status == status;
}

public sealed class Orders
{
    public List<Order> Visible(ShopContext db) => db.Orders.Where(o => SqlFunctions.IsVisible(o.Total) && SqlFunctions.HasStatus(o, ""open"")).ToList();
}");
    }
}

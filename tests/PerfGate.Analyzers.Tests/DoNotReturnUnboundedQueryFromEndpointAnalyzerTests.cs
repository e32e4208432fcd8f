using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotReturnUnboundedQueryFromEndpointAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotReturnUnboundedQueryFromEndpointAnalyzerTests
    {
        /// <summary>What PG1007's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1007", ExampleScaffolds.Controller);

        private const string U = ShopModel.Usings
            + "using Microsoft.AspNetCore.Mvc;\nusing Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Routing;\n";

        /// <summary>The few ASP.NET Core shapes the rule recognises, by metadata name (the tests reference only the BCL and EF Core).</summary>
        private const string AspNetStubs = @"
namespace Microsoft.AspNetCore.Mvc
{
    public interface IActionResult { }
    public class OkObjectResult : IActionResult { public OkObjectResult(object value) { } }
    public abstract class ControllerBase { public OkObjectResult Ok(object value) => new OkObjectResult(value); }
    public sealed class NonActionAttribute : System.Attribute { }
}
namespace Microsoft.AspNetCore.Routing { public interface IEndpointRouteBuilder { } }
namespace Microsoft.AspNetCore.Builder
{
    public static class EndpointRouteBuilderExtensions
    {
        public static object MapGet(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => null;
    }
}
";

        [Test]
        public Task ControllerActionsAndMinimalApiHandlers_ReturningWholeTables_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class ProductsController : ControllerBase
{
    private readonly ShopContext _db;
    public ProductsController(ShopContext db) => _db = db;

    public async Task<IActionResult> All() => Ok(await _db.Products.{|#0:ToListAsync()|});

    public List<Order> Open()
    {
        var open = _db.Orders.Where(o => o.Status == ""open"").{|#1:ToList()|};
        return open;
    }
}

public static class Endpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(""/customers"", (ShopContext db) => db.Customers.{|#2:ToListAsync()|});
        app.MapGet(""/orders"", AllOrders);
    }

    private static Task<Order[]> AllOrders(ShopContext db) => db.Orders.{|#3:ToArrayAsync()|};
}" + AspNetStubs,
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "ProductsController.All", " [reached from ProductsController.All]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ToList", "ProductsController.Open", " [reached from ProductsController.Open]"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ToListAsync", "minimal API handler", " [reached from GET /customers]"),
            Verify.Diagnostic().WithLocation(3).WithArguments("ToArrayAsync", "Endpoints.AllOrders", " [reached from GET /orders via Endpoints.AllOrders]"));

        [Test]
        public Task PagedAggregatedNonHandlersAndNonActions_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class ProductsController : ControllerBase
{
    private readonly ShopContext _db;
    public ProductsController(ShopContext db) => _db = db;

    public async Task<IActionResult> Page(int page) => Ok(await _db.Products.OrderBy(p => p.Id).Skip(page * 20).Take(20).ToListAsync());

    public async Task<int> Count() => (await _db.Products.ToListAsync()).Count;

    [NonAction]
    public List<Product> Helper() => _db.Products.ToList();

    private List<Product> Private() => _db.Products.ToList();
}

public sealed class ProductRepository
{
    private readonly ShopContext _db;
    public ProductRepository(ShopContext db) => _db = db;
    public Task<List<Product>> AllAsync() => _db.Products.ToListAsync();
}" + AspNetStubs);
    }
}

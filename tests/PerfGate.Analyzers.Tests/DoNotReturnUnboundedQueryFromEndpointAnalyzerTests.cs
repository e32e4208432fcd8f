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

        /// <summary>A Razor view result and a generic repository, as MVC apps built that way write them.</summary>
        private const string ViewStubs = @"
namespace Microsoft.AspNetCore.Mvc
{
    public class ViewResult : IActionResult { }
    public abstract class Controller : ControllerBase { public ViewResult View(object model) => new ViewResult(); }
}

public interface IRepository<T> where T : class { IQueryable<T> Query(); }

public sealed class Repository<T> : IRepository<T> where T : class
{
    private readonly ShopContext _db;
    public Repository(ShopContext db) => _db = db;
    public IQueryable<T> Query() => _db.Set<T>();
}

public sealed class ProductThumbnail { public int Id { get; set; } public string Name { get; set; } }

public sealed class BrandPage
{
    public string Brand { get; set; }
    public List<ProductThumbnail> Products { get; set; }
    public List<Product> Choices { get; set; }
}

public sealed class CustomerPage
{
    public CustomerPage(List<Order> orders) => Orders = orders;
    public List<Order> Orders { get; }
}
";

        [Test]
        public Task FilteredListsPutIntoTheViewModel_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class BrandController : Controller
{
    private readonly IRepository<Product> _products;
    private readonly ShopContext _db;
    public BrandController(IRepository<Product> products, ShopContext db) { _products = products; _db = db; }

    public IActionResult Detail(string name, decimal? minPrice, string sort)
    {
        var model = new BrandPage { Brand = name };
        var query = _products.Query().Where(p => p.Name.StartsWith(name));
        if (minPrice.HasValue) query = query.Where(p => p.Price >= minPrice.Value);
        query = ApplySort(sort, query);
        var products = query.Select(p => new ProductThumbnail { Id = p.Id, Name = p.Name }).{|#0:ToList()|};
        foreach (var product in products) product.Name = product.Name.Trim();
        model.Products = products;
        return View(model);
    }

    public async Task<IActionResult> Customer(int id)
    {
        var orders = await _db.Orders.Where(o => o.CustomerId == id).{|#1:ToListAsync()|};
        return View(new CustomerPage(orders));
    }

    public IActionResult Cheap(decimal max) =>
        View(new BrandPage { Choices = _db.Products.Where(p => p.Price < max).{|#2:ToList()|} });

    private static IQueryable<Product> ApplySort(string sort, IQueryable<Product> query)
    {
        if (sort == ""price"") query = query.OrderBy(p => p.Price);
        else query = query.OrderBy(p => p.Name);
        return query;
    }
}" + AspNetStubs + ViewStubs,
            Verify.Diagnostic().WithLocation(0).WithArguments("ToList", "BrandController.Detail", " [reached from BrandController.Detail]"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ToListAsync", "BrandController.Customer", " [reached from BrandController.Customer]"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ToList", "BrandController.Cheap", " [reached from BrandController.Cheap]"));

        [Test]
        public Task LookupListsPagedHelpersAndListsKeptOutOfTheModel_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class BrandController : Controller
{
    private readonly IRepository<Product> _products;
    private readonly ShopContext _db;
    public BrandController(IRepository<Product> products, ShopContext db) { _products = products; _db = db; }

    public IActionResult Detail(string name, int page)
    {
        var model = new BrandPage { Brand = name };
        // a drop-down's lookup list: unfiltered, its size is not knowable
        model.Choices = _db.Products.ToList();
        var query = _products.Query().Where(p => p.Name.StartsWith(name));
        query = ApplyPaging(query, page);
        model.Products = query.Select(p => new ProductThumbnail { Id = p.Id, Name = p.Name }).ToList();
        return View(model);
    }

    public IActionResult Top(string name)
    {
        var products = _products.Query().Where(p => p.Name.StartsWith(name)).OrderBy(p => p.Price).Take(10).ToList();
        return View(new BrandPage { Choices = products });
    }

    public IActionResult Summary(string name)
    {
        var matching = _products.Query().Where(p => p.Name.StartsWith(name)).ToList();
        var model = new BrandPage { Brand = name + matching.Count };
        return View(model);
    }

    public IActionResult Choices()
    {
        // flag filters pick a lookup table's rows; a local's value (the signed-in user's rows) is not the request's input
        var model = new BrandPage { Choices = _products.Query().Where(p => p.Price > 0 && p.Name != null).ToList() };
        return View(model);
    }

    public IActionResult Cheap(bool? cheap)
    {
        var query = _products.Query();
        if (cheap.HasValue) query = query.Where(p => (p.Price < 10) == cheap.Value);
        return View(new BrandPage { Choices = query.ToList() });
    }

    public IActionResult Mine()
    {
        var mine = _db.Orders.Where(o => o.CustomerId == CurrentCustomer()).ToList();
        return View(new CustomerPage(mine));
    }

    private int CurrentCustomer() => 1;

    public IActionResult FromParameter(IQueryable<Product> given)
    {
        var model = new BrandPage { Choices = given.Where(p => p.Price > 1).ToList() };
        return View(model);
    }

    private static IQueryable<Product> ApplyPaging(IQueryable<Product> query, int page)
    {
        query = query.OrderBy(p => p.Id).Skip(page * 20).Take(20);
        return query;
    }
}

public sealed class BrandService
{
    private readonly IRepository<Product> _products;
    public BrandService(IRepository<Product> products) => _products = products;

    public BrandPage Build(string name) => new BrandPage { Choices = _products.Query().Where(p => p.Name == name).ToList() };
}" + AspNetStubs + ViewStubs);
    }
}

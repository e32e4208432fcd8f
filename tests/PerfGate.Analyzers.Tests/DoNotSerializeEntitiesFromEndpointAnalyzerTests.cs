using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotSerializeEntitiesFromEndpointAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotSerializeEntitiesFromEndpointAnalyzerTests
    {
        /// <summary>What PG4003's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG4003", ExampleScaffolds.Controller);

        private const string Model = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

public class Customer { public int Id { get; set; } public string Name { get; set; } = """"; public List<Order> Orders { get; set; } = new(); }
public class Order { public int Id { get; set; } public Customer Customer { get; set; } = null!; public List<OrderLine> Lines { get; set; } = new(); }
public class OrderLine { public int Id { get; set; } public int Quantity { get; set; } }
public sealed class ShopContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
}
public sealed record OrderDto(int Id, string Customer);
public sealed record Page<T>(int Index, List<T> Items);
public sealed class NotMapped { public int Id { get; set; } }
";

        [Test]
        public Task EntitiesReturnedFromActionsAndHandlers_AreReported() => Verify.VerifyWebWithDataAsync(Model + @"
[ApiController]
public sealed class OrdersController : ControllerBase
{
    private readonly ShopContext _db;
    public OrdersController(ShopContext db) => _db = db;

    [HttpGet(""{id}"")]
    public async Task<ActionResult<Order>> Get(int id)
    {
        var order = await _db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id);
        return order is null ? NotFound() : {|#0:order|};
    }

    [HttpGet]
    public async Task<IActionResult> All() => Ok({|#1:await _db.Customers.ToListAsync()|});

    [HttpGet(""lines"")]
    public List<OrderLine> Lines() => {|#2:_db.Orders.SelectMany(o => o.Lines).ToList()|};
}

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet(""/customers/{id}"", async (int id, ShopContext db) =>
            Results.Ok({|#3:await db.Customers.Include(c => c.Orders).FirstAsync(c => c.Id == id)|}));
        app.MapGet(""/orders"", (ShopContext db) => {|#4:db.Orders.ToListAsync()|});
        app.MapGet(""/orders/page"", async (ShopContext db) => TypedResults.Ok({|#5:new Page<Order>(0, await db.Orders.Take(10).ToListAsync())|}));
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Action 'OrdersController.Get'", "an instance", "Order",
                ", loaded with Include (whole object graphs)", " [reached from GET OrdersController.Get]"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "Action 'OrdersController.All'", "a collection", "Customer", "", " [reached from GET OrdersController.All]"),
            Verify.Diagnostic().WithLocation(2).WithArguments(
                "Action 'OrdersController.Lines'", "a collection", "OrderLine", "", " [reached from GET OrdersController.Lines]"),
            Verify.Diagnostic().WithLocation(3).WithArguments("The minimal API handler in 'Map'", "an instance", "Customer",
                ", loaded with Include (whole object graphs)", " [reached from GET /customers/{id}]"),
            Verify.Diagnostic().WithLocation(4).WithArguments("The minimal API handler in 'Map'", "a collection", "Order", "", " [reached from GET /orders]"),
            Verify.Diagnostic().WithLocation(5).WithArguments("The minimal API handler in 'Map'", "a 'Page'", "Order", "", " [reached from GET /orders/page]"));

        [Test]
        public Task PostedBodiesAppBuiltModelsAndSingleNarrowRows_AreNotReported() => Verify.VerifyWebWithDataAsync(Model + @"
public interface ICustomerRepository
{
    Customer Add(Customer customer);
    Customer Update(Customer customer);
    Customer Get(int id);
    List<Customer> All();
}

public sealed class CustomerRepository : ICustomerRepository
{
    private readonly ShopContext _db;
    public CustomerRepository(ShopContext db) => _db = db;
    public Customer Add(Customer customer) { _db.Customers.Add(customer); _db.SaveChanges(); return customer; }
    public Customer Update(Customer customer) { _db.Customers.Update(customer); _db.SaveChanges(); return customer; }
    public Customer Get(int id) => _db.Customers.Find(id)!;
    public List<Customer> All() => _db.Customers.ToList();
}

public sealed class TemplateCatalog
{
    // Models assembled from what is installed (Oqtane's themes from assembly metadata): no query.
    public List<Customer> Installed() => new List<Customer> { new Customer { Id = 1, Name = ""default"" } };
}

[ApiController]
public sealed class CustomersController : ControllerBase
{
    private readonly ICustomerRepository _customers;
    private readonly TemplateCatalog _templates;
    public CustomersController(ICustomerRepository customers, TemplateCatalog templates) { _customers = customers; _templates = templates; }

    // Oqtane's Post/Put: save the posted entity and send it back.
    [HttpPost]
    public Customer Post([FromBody] Customer customer)
    {
        if (ModelState.IsValid) customer = _customers.Add(customer);
        else customer = null!;
        return customer;
    }

    [HttpPut(""{id}"")]
    public Customer Put(int id, [FromBody] Customer customer)
    {
        if (customer.Id != id) customer = _customers.Get(id);
        customer = _customers.Update(customer);
        return customer;
    }

    [HttpPost(""copy"")]
    public IActionResult Copy([FromBody] Customer source)
    {
        var copy = new Customer { Name = source.Name };
        copy = _customers.Add(copy);
        return Ok(copy);
    }

    [HttpGet(""{id}"")]
    public Customer Get(int id) => _customers.Get(id); // one row of scalar columns

    [HttpGet(""templates"")]
    public List<Customer> Templates() => _templates.Installed();

    // The list comes from the database: still reported.
    [HttpGet]
    public List<Customer> All() => {|#0:_customers.All()|};
}", Verify.Diagnostic().WithLocation(0).WithArguments("Action 'CustomersController.All'", "a collection", "Customer", "",
            " [reached from GET CustomersController.All]"));

        [Test]
        public Task DtosProjectionsAndNonEndpoints_AreNotReported() => Verify.VerifyWebWithDataAsync(Model + @"
[ApiController]
public sealed class OrdersController : ControllerBase
{
    private readonly ShopContext _db;
    public OrdersController(ShopContext db) => _db = db;

    [HttpGet(""{id}"")]
    public Task<OrderDto> Get(int id) => _db.Orders.Where(o => o.Id == id).Select(o => new OrderDto(o.Id, o.Customer.Name)).FirstAsync();

    [HttpGet]
    public async Task<IActionResult> Names() => Ok(await _db.Customers.Select(c => new { c.Id, c.Name }).ToListAsync());

    [HttpGet(""other"")]
    public NotMapped Other() => new NotMapped();

    [HttpGet(""object"")]
    public object Untyped([FromBody] object echo) => echo;    // static type object all the way: unknown

    [NonAction]
    public Customer Helper() => _db.Customers.First();

    private Customer Internal() => _db.Customers.First();
}

public sealed class CustomerService
{
    private readonly ShopContext _db;
    public CustomerService(ShopContext db) => _db = db;
    public Task<List<Customer>> AllAsync() => _db.Customers.ToListAsync();   // not an endpoint
}

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet(""/names"", (ShopContext db) => db.Customers.Select(c => c.Name).ToListAsync());
        app.MapGet(""/page"", async (ShopContext db) =>
            TypedResults.Ok(new Page<OrderDto>(0, await db.Orders.Select(o => new OrderDto(o.Id, o.Customer.Name)).Take(10).ToListAsync())));
    }
}");
    }
}

using System.Collections.Generic;

namespace PerfGate.Analyzers.Tests.Examples
{
    /// <summary>
    /// What a rule's documented example needs around it to compile: the fields, parameters and types it names. The
    /// example replaces <see cref="Marker"/>; <see cref="Scaffold.FixedOnly"/> stands in for code the fixed example
    /// relies on but does not show (what a source generator would write). Every scaffold compiles against
    /// <see cref="World"/> (a small shop on EF Core) and the real ASP.NET Core, EF Core, Redis, Stripe and OpenAI assemblies.
    /// </summary>
    internal static class ExampleScaffolds
    {
        public const string Marker = "/*EXAMPLE*/";

        private const string Data = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Shop;
";

        private const string Web = Data + @"using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
";

        private const string Sdk = @"using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Stripe;
";

        /// <summary>The shop every data-access example talks to: lazy-loadable navigations, enough columns to over-fetch.</summary>
        public const string World = @"using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;

namespace Shop
{
    public class Customer
    {
        public int Id { get; set; }
        public string Name { get; set; } = """";
        public string Email { get; set; } = """";
        public virtual List<Order> Orders { get; set; } = new();
    }

    public class Order
    {
        public int Id { get; set; }
        public int CustomerId { get; set; }
        public virtual Customer Customer { get; set; } = null!;
        public string Status { get; set; } = ""new"";
        public decimal Total { get; set; }
        public string Currency { get; set; } = ""EUR"";
        public DateTime PlacedAtUtc { get; set; }
        public string Notes { get; set; } = """";
        public virtual List<OrderLine> Lines { get; set; } = new();
        public virtual List<Payment> Payments { get; set; } = new();
    }

    public class OrderLine
    {
        public int Id { get; set; }
        public int OrderId { get; set; }
        public int ProductId { get; set; }
        public int Quantity { get; set; }
        public decimal UnitPrice { get; set; }
    }

    public class Payment
    {
        public int Id { get; set; }
        public int OrderId { get; set; }
        public decimal Amount { get; set; }
    }

    public class Product
    {
        public int Id { get; set; }
        public string Name { get; set; } = """";
        public decimal Price { get; set; }
        public bool Visible { get; set; }
    }

    public class Category
    {
        public int Id { get; set; }
        public string Name { get; set; } = """";
    }

    public sealed record OrderDto(int Id, string CustomerName, decimal Total);

    public class ShopContext : DbContext
    {
        public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }

        public DbSet<Customer> Customers => Set<Customer>();
        public DbSet<Order> Orders => Set<Order>();
        public DbSet<OrderLine> OrderLines => Set<OrderLine>();
        public DbSet<Payment> Payments => Set<Payment>();
        public DbSet<Product> Products => Set<Product>();
        public DbSet<Category> Categories => Set<Category>();
    }
}
";

        /// <summary>A controller over the shop: <c>_db</c>, and the example as its members.</summary>
        private const string Controller = Web + @"
[ApiController]
[Route(""shop"")]
public sealed class ShopController : ControllerBase
{
    private readonly ShopContext _db;

    public ShopController(ShopContext db) => _db = db;

" + Marker + @"
}
";

        public static readonly IReadOnlyDictionary<string, Scaffold> ByRule = new Dictionary<string, Scaffold>
        {
            ["PG1001"] = new Scaffold(Data + @"
public sealed class Report
{
    public async Task Run(ShopContext db, List<Order> orders, List<string> names)
    {
" + Marker + @"
    }
}
"),
            ["PG1002"] = new Scaffold(Data + @"
public sealed class OrderRepository
{
    private readonly ShopContext _db;

    public OrderRepository(ShopContext db) => _db = db;

    public async Task<Order> GetOrderAsync(int id) => (await _db.Orders.FindAsync(id))!;

    public Task<List<Order>> GetOrdersAsync(List<int> ids) => _db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync();
}

public sealed class Invoices
{
    private readonly OrderRepository _orders;

    public Invoices(OrderRepository orders) => _orders = orders;

    public async Task Run(List<int> orderIds, List<decimal> totals)
    {
" + Marker + @"
    }
}
"),
            ["PG1003"] = new Scaffold(Data + @"
public static class Setup
{
    public static void Configure(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
}

public sealed class Report
{
    public async Task Run(ShopContext db, List<string> names)
    {
" + Marker + @"
    }
}
"),
            ["PG1004"] = new Scaffold(Data + @"
public sealed class Totals
{
    public async Task<decimal> Run(ShopContext db, int id)
    {
" + Marker + @"
    }
}
"),
            ["PG1005"] = new Scaffold(Data + @"
public sealed class Import
{
    public async Task Run(ShopContext db, List<OrderLine> lines)
    {
" + Marker + @"
    }
}
"),
            ["PG1006"] = new Scaffold(Data + @"
public sealed class Archive
{
    public async Task Run(ShopContext db, DateTime cutoff)
    {
" + Marker + @"
    }
}
"),
            ["PG1007"] = new Scaffold(Controller),
            ["PG1008"] = new Scaffold(Data + @"
public sealed class Paging
{
    public async Task<List<Order>> Run(ShopContext db, int page)
    {
" + Marker + @"
        return orders;
    }
}
"),
            ["PG1009"] = new Scaffold(Controller),
            ["PG1010"] = new Scaffold(Data + @"
public sealed class Report
{
    public async Task<List<Order>> Run(ShopContext db)
    {
" + Marker + @"
        return big;
    }
}
"),
            ["PG1011"] = new Scaffold(Web + @"
public sealed class OrdersController : ControllerBase
{
    [HttpGet(""{id}"")]
    public async Task<IActionResult> Get(int id, [FromServices] ShopContext db)
    {
" + Marker + @"
    }
}
"),
            ["PG1012"] = new Scaffold(Data + @"
public sealed class OpenOrders
{
    public async Task<List<Order>> Run(ShopContext db, ModelBuilder modelBuilder)
    {
" + Marker + @"
        return open;
    }
}
"),
            ["PG1013"] = new Scaffold(Data + @"
public sealed class Details
{
    public async Task<Order> Run(ShopContext db, int id)
    {
" + Marker + @"
        return order;
    }
}
"),
            ["PG1014"] = new Scaffold(Web + @"
public sealed class AuditLog
{
    public Task WriteAsync(int id) => Task.CompletedTask;
}

public sealed class OrdersController : ControllerBase
{
    private readonly ShopContext _db;
    private readonly AuditLog _audit;

    public OrdersController(ShopContext db, AuditLog audit)
    {
        _db = db;
        _audit = audit;
    }

" + Marker + @"
}
"),
            ["PG2001"] = new Scaffold(Sdk + @"
public sealed class CustomerDirectory
{
    private readonly CustomerService _customers = new CustomerService(new StripeClient(""sk_test"" + Environment.MachineName));

    public async Task<IReadOnlyCollection<Customer>> Run(List<string> customerIds, CancellationToken ct)
    {
" + Marker + @"
        return result;
    }
}
"),
            ["PG2002"] = new Scaffold(Sdk + @"
public sealed class Rates
{
" + Marker + @"
}
"),
            ["PG2003"] = new Scaffold(Sdk + @"
public sealed record Profile(string Name);

public sealed record Rates(decimal Eur);

public sealed class ProfileClient
{
    private readonly HttpClient _http;

    public ProfileClient(HttpClient http) => _http = http;

    public Task<Profile?> GetProfileAsync(string userId, CancellationToken ct) => _http.GetFromJsonAsync<Profile>(""profiles/"" + userId, ct);
}

public sealed class Dashboard
{
    private readonly ProfileClient _profiles;
    private readonly HttpClient _http;

    public Dashboard(ProfileClient profiles, HttpClient http)
    {
        _profiles = profiles;
        _http = http;
    }

    public async Task<(Profile?, Rates?)> Run(string userId, CancellationToken ct)
    {
" + Marker + @"
        return (profile, rates);
    }
}
"),
            ["PG2004"] = new Scaffold(Sdk + @"
public sealed class Checkout
{
    private readonly string _apiKey = ""sk_test_"" + Environment.MachineName;

" + Marker + @"
}
"),
            ["PG2005"] = new Scaffold(Sdk + @"using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

public sealed class ShippingRates
{
    public ShippingRates(HttpClient http) { }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
" + Marker + @"
        builder.Build().Run();
    }
}
"),
            ["PG2006"] = new Scaffold(Web + @"
public sealed record User(int Id);

public sealed class Users
{
    public Task<User> GetUserAsync(int id) => Task.FromResult(new User(id));
}

public sealed class UsersController : ControllerBase
{
    private readonly Users _users;

    public UsersController(Users users) => _users = users;

" + Marker + @"
}
"),
            ["PG2007"] = new Scaffold(Sdk + @"
public sealed class Signup
{
    private readonly CustomerService _customers = new CustomerService(new StripeClient(""sk_test_"" + Environment.MachineName));
    private readonly Shop.ShopContext _db;

    public Signup(Shop.ShopContext db) => _db = db;

" + Marker + @"
}
"),
            ["PG2008"] = new Scaffold(Sdk + @"
public sealed record PendingOrder(long Id, long Total);

public sealed class Charges
{
    private readonly PaymentIntentService _paymentIntents = new PaymentIntentService(new StripeClient(""sk_test_"" + Environment.MachineName));

    public async Task<string> Run(PendingOrder order)
    {
" + Marker + @"
        return intent.Id;
    }
}
"),
            ["PG3001"] = new Scaffold(Sdk + @"using System.Text.Json;
using System.Text.RegularExpressions;

public sealed record Rate(decimal Value);

public sealed partial class Orders
{
    private readonly HttpClient _http;

    public Orders(HttpClient http) => _http = http;

" + Marker + @"
}
", fixedOnly: @"using System.Text.RegularExpressions;

public sealed partial class Orders
{
    // What [GeneratedRegex] generates (no source generator runs in this test).
    private static readonly Regex Generated = new Regex(""^[A-Z]{3}-\\d+$"");

    private static partial Regex OrderId() => Generated;
}
"),
            ["PG3002"] = new Scaffold(Data + @"using Microsoft.Extensions.Caching.Memory;

public sealed class Products
{
    private readonly IMemoryCache _cache;
    private readonly ShopContext _db;

    public Products(IMemoryCache cache, ShopContext db)
    {
        _cache = cache;
        _db = db;
    }

" + Marker + @"
}
"),
            ["PG3003"] = new Scaffold(Web + @"using Microsoft.Extensions.Caching.Hybrid;
using Stripe;

public sealed class Catalog
{
    private readonly ShopContext _db;
    private readonly PriceService _prices;
    private readonly HybridCache _cache;

    public Catalog(ShopContext db, PriceService prices, HybridCache cache)
    {
        _db = db;
        _prices = prices;
        _cache = cache;
    }

" + Marker + @"
}

public sealed class CatalogController : ControllerBase
{
    private readonly Catalog _catalog;

    public CatalogController(Catalog catalog) => _catalog = catalog;

    [HttpGet(""categories"")]
    public async Task<IActionResult> Categories() => Ok(await _catalog.GetCategoriesAsync());

    [HttpGet(""plans"")]
    public async Task<IActionResult> Plans() => Ok(await _catalog.GetPlansAsync());
}
"),
            ["PG3004"] = new Scaffold(@"using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

public sealed record User(string Json);

public sealed class Profiles
{
    private static User Parse(RedisValue json) => new User(json.ToString());

    public async Task Run(IDatabase db, int[] ids, List<User> users)
    {
" + Marker + @"
    }
}
"),
            ["PG3005"] = new Scaffold(@"using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

public sealed class ProductCache
{
    private readonly IDistributedCache _cache;

    public ProductCache(IDistributedCache cache) => _cache = cache;

" + Marker + @"
}
"),
            ["PG4001"] = new Scaffold(Web + @"using Microsoft.AspNetCore.RateLimiting;

public sealed class VideoStore
{
    public Task<string> SaveAsync(IFormFile file) => Task.FromResult(file.FileName);
}

public static class Endpoints
{
    public static void Map(WebApplicationBuilder builder, WebApplication app)
    {
" + Marker + @"
    }
}
"),
            ["PG4002"] = new Scaffold(Web + @"using System.IO;

public sealed class Storage
{
    public Task SaveAsync(string name, byte[] content) => Task.CompletedTask;

    public Task SaveAsync(string name, Stream content) => Task.CompletedTask;
}

public sealed class UploadsController : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile file, [FromServices] Storage storage)
    {
" + Marker + @"
        return Ok();
    }
}
"),
            ["PG4003"] = new Scaffold(Controller),
            ["PG4004"] = new Scaffold(Web + @"
public static class Program
{
    public static void Main(string[] args)
    {
" + Marker + @"
    }
}
"),
            ["PG4005"] = new Scaffold(Web + @"using System.Diagnostics;
using System.Threading.Channels;

public sealed record TranscodeJob(string Id);

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
" + Marker + @"
    }
}
"),
            ["PG4006"] = new Scaffold(Web + @"using System.IO;

public sealed class VideosController : ControllerBase
{
    private readonly string _root = Path.GetTempPath();

" + Marker + @"
}
"),
        };
    }

    /// <summary>The code around one rule's example; <see cref="FixedOnly"/> is added to the fixed example's compilation only.</summary>
    internal sealed class Scaffold
    {
        public Scaffold(string source, string? fixedOnly = null)
        {
            Source = source;
            FixedOnly = fixedOnly;
        }

        public string Source { get; }

        public string? FixedOnly { get; }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace PerfGate.Analyzers.Tests.Examples
{
    /// <summary>
    /// What the rules' documented examples need around them to compile: the fields, parameters and types they name. Each rule's
    /// test class declares its <see cref="Scaffold"/> (a static field, found here by reflection); this class holds what they
    /// share: <see cref="World"/> (a small shop on EF Core), usings, a controller. The example replaces <see cref="Marker"/>;
    /// every scaffold compiles against the real ASP.NET Core, EF Core, Redis, Stripe and OpenAI assemblies.
    /// </summary>
    internal static class ExampleScaffolds
    {
        public const string Marker = "/*EXAMPLE*/";

        /// <summary>Every scaffold declared by a test class of this assembly, by rule ID.</summary>
        public static IReadOnlyDictionary<string, Scaffold> ByRule { get; } = typeof(ExampleScaffolds).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(field => field.FieldType == typeof(Scaffold))
            .Select(field => (Scaffold)field.GetValue(null)!)
            .ToDictionary(scaffold => scaffold.RuleId, StringComparer.Ordinal);

        internal const string Data = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Shop;
";

        internal const string Web = Data + @"using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
";

        internal const string Sdk = @"using System;
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
        internal const string Controller = Web + @"
[ApiController]
[Route(""shop"")]
public sealed class ShopController : ControllerBase
{
    private readonly ShopContext _db;

    public ShopController(ShopContext db) => _db = db;

" + Marker + @"
}
";

    }

    /// <summary>
    /// The code around one rule's examples. <see cref="FixedOnly"/> is added to the fixed example's compilation only: it stands in
    /// for code the fix relies on without showing (what a source generator would write).
    /// </summary>
    internal sealed class Scaffold
    {
        public Scaffold(string ruleId, string source, string? fixedOnly = null)
        {
            RuleId = ruleId;
            Source = source;
            FixedOnly = fixedOnly;
        }

        public string RuleId { get; }

        public string Source { get; }

        public string? FixedOnly { get; }
    }
}

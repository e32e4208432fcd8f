using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotFilterOnUnindexedColumnAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotFilterOnUnindexedColumnAnalyzerTests
    {
        /// <summary>What PG1012's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1012", ExampleScaffolds.Data + @"
public sealed class OpenOrders
{
    private readonly ModelBuilder modelBuilder = new ModelBuilder();

    public async Task<List<Order>> Run(ShopContext db)
    {
" + ExampleScaffolds.Marker + @"
        return open;
    }
}
");

        private const string Model = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = """";
    public string Email { get; set; } = """";
    public string City { get; set; } = """";
}

[Index(nameof(Sku))]
public class Product
{
    public int ProductId { get; set; }
    public string Sku { get; set; } = """";
    public string Name { get; set; } = """";
}

public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer Customer { get; set; }
    public string Status { get; set; } = """";
    public DateTime PlacedAtUtc { get; set; }
    public decimal Total { get; set; }
    public string Region { get; set; } = """";
}

public class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder) => builder.HasIndex(o => new { o.Region, o.Status });
}
";

        private const string Context = @"
public class ShopContext : DbContext
{
    public DbSet<Customer> Customers { get; set; }
    public DbSet<Order> Orders { get; set; }
    public DbSet<Product> Products { get; set; }
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>().HasIndex(c => c.Email).IsUnique();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShopContext).Assembly);
    }
}
";

        [Test]
        public Task UnindexedFiltersAndSorts_AreReported() => Verify.VerifyAsync(Model + Context + @"
public sealed class Queries
{
    private readonly ShopContext _db;
    public Queries(ShopContext db) => _db = db;

    public Task<List<Order>> ByStatus(string status) => _db.Orders.{|#0:Where(o => o.Status == status)|}.ToListAsync();
    public Task<Customer> ByName(string name) => _db.Customers.{|#1:FirstOrDefaultAsync(c => c.Name == name)|};
    public List<Order> Recent() => _db.Orders.{|#2:OrderByDescending(o => o.Total)|}.Take(10).ToList();
    public Task<int> Big(decimal min) => _db.Orders.{|#3:CountAsync(o => o.Total >= min && o.Status == ""paid"")|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Where", "filters on", "Order", "Status"),
            Verify.Diagnostic().WithLocation(1).WithArguments("FirstOrDefaultAsync", "filters on", "Customer", "Name"),
            Verify.Diagnostic().WithLocation(2).WithArguments("OrderByDescending", "sorts on", "Order", "Total"),
            Verify.Diagnostic().WithLocation(3).WithArguments("CountAsync", "filters on", "Order", "Total"));

        [Test]
        public Task IndexedColumnsAndUnreadablePredicates_AreSilent() => Verify.VerifyAsync(Model + Context + @"
public sealed class Queries
{
    private readonly ShopContext _db;
    public Queries(ShopContext db) => _db = db;

    public Task<Order> ById(int id) => _db.Orders.FirstAsync(o => o.Id == id);                          // key convention
    public Task<List<Order>> ByCustomer(int id) => _db.Orders.Where(o => o.CustomerId == id).OrderBy(o => o.Total).ToListAsync(); // FK convention
    public Task<Customer> ByEmail(string email) => _db.Customers.SingleAsync(c => c.Email == email);      // HasIndex
    public Task<List<Order>> ByRegion(string r) => _db.Orders.Where(o => o.Region == r && o.Total > 10).ToListAsync(); // leading column of a configured index
    public Task<Product> BySku(string sku) => _db.Products.FirstAsync(p => p.Sku == sku);                   // [Index]
    public Task<Product> ByKey(int id) => _db.Products.FirstAsync(p => p.ProductId == id);                  // <Type>Id key
    public Task<List<Order>> Either(string s) => _db.Orders.Where(o => o.Status == s || o.Region == s).ToListAsync();
    public Task<List<Order>> NotEqual(string s) => _db.Orders.Where(o => o.Status != s).ToListAsync();
    public Task<List<Order>> ByCustomerName(string n) => _db.Orders.Where(o => o.Customer.Name == n).ToListAsync();
    public Task<List<string>> Projected() => _db.Orders.Select(o => o.Status).Where(s => s == ""x"").ToListAsync();
    public List<Order> Unknown(IQueryable<Order> q, string s) => q.Where(o => o.Status == s).ToList();
    public Task<List<Customer>> Nested() => _db.Customers.Where(c => _db.Orders.Any(o => o.Status == c.City)).ToListAsync();
}");

        /// <summary>Through a context interface (<c>IShopContext</c>), the indexes are those its one implementing context configures.</summary>
        [Test]
        public Task QueriesThroughAContextInterface_UseTheImplementingContextsModel() => Verify.VerifyAsync(Model + Context + @"
public interface IShopContext
{
    DbSet<Customer> Customers { get; }
    DbSet<Order> Orders { get; }
}

public sealed class StoreContext : ShopContext, IShopContext { }

public sealed class Queries
{
    private readonly IShopContext _db;
    public Queries(IShopContext db) => _db = db;

    public Task<Customer> ByName(string name) => _db.Customers.{|#0:FirstOrDefaultAsync(c => c.Name == name)|};
    public Task<Customer> ByEmail(string email) => _db.Customers.SingleAsync(c => c.Email == email);      // HasIndex in ShopContext
    public Task<List<Order>> ByRegion(string r) => _db.Orders.Where(o => o.Region == r).ToListAsync();       // OrderConfiguration
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("FirstOrDefaultAsync", "filters on", "Customer", "Name"));

        /// <summary>Two contexts implement the interface: which model applies is unknown.</summary>
        [Test]
        public Task AContextInterfaceWithTwoImplementations_IsSilent() => Verify.VerifyAsync(Model + Context + @"
public interface IShopContext { DbSet<Customer> Customers { get; } }
public sealed class StoreContext : ShopContext, IShopContext { }
public sealed class ArchiveContext : DbContext, IShopContext { public DbSet<Customer> Customers { get; set; } }

public sealed class Queries
{
    public Task<Customer> ByName(IShopContext db, string name) => db.Customers.FirstOrDefaultAsync(c => c.Name == name);
}");

        [Test]
        public Task ConfigurationOutsideTheCompilation_IsSilent() => Verify.VerifyAsync(Model + @"
public static class Conventions { public static void Apply(ModelBuilder b) { } }
public class ShopContext : DbContext
{
    public DbSet<Order> Orders { get; set; }
    public DbSet<Customer> Customers { get; set; }
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        Conventions.Apply(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(string).Assembly);
    }
}
public sealed class Queries
{
    public Task<List<Order>> ByStatus(ShopContext db, string status) => db.Orders.Where(o => o.Status == status).ToListAsync();
}");

        [Test]
        public Task MigrationWithRawSql_IsSilent() => Verify.VerifyAsync(Model + Context + @"
public class AddIndexes : Microsoft.EntityFrameworkCore.Migrations.Migration
{
    protected override void Up(Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(""CREATE INDEX IX_Status ON Orders(Status)"");
}
public sealed class Queries
{
    public Task<List<Order>> ByStatus(ShopContext db, string status) => db.Orders.Where(o => o.Status == status).ToListAsync();
}");

        [Test]
        public Task ModelSnapshotIndexes_Count() => Verify.VerifyAsync(Model + Context + @"
[Microsoft.EntityFrameworkCore.Infrastructure.DbContext(typeof(ShopContext))]
public class ShopContextModelSnapshot : Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity(""Order"", b =>
        {
            b.HasIndex(""Status"");
        });
    }
}
public sealed class Queries
{
    public Task<List<Order>> ByStatus(ShopContext db, string status) => db.Orders.Where(o => o.Status == status).ToListAsync();
    public Task<List<Order>> ByTotal(ShopContext db, decimal t) => db.Orders.{|#0:Where(o => o.Total == t)|}.ToListAsync();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Where", "filters on", "Order", "Total"));

        [Test]
        public Task ModelSnapshotKeysAndForeignKeys_Count() => Verify.VerifyAsync(Model + Context + @"
[Microsoft.EntityFrameworkCore.Infrastructure.DbContext(typeof(ShopContext))]
public class ShopContextModelSnapshot : Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity(""Order"", b =>
        {
            b.HasKey(""Total"");
        });
        modelBuilder.Entity(""Order"", b =>
        {
            b.HasOne(""Customer"", ""Customer"")
                .WithMany()
                .HasForeignKey(""Status"")
                .OnDelete(DeleteBehavior.Cascade);
        });
    }
}
public sealed class Queries
{
    public Task<List<Order>> ByStatus(ShopContext db, string status) => db.Orders.Where(o => o.Status == status).ToListAsync();
    public Task<List<Order>> ByTotal(ShopContext db, decimal t) => db.Orders.Where(o => o.Total == t).ToListAsync();
    public Task<List<Order>> Since(ShopContext db, DateTime d) => db.Orders.{|#0:Where(o => o.PlacedAtUtc >= d)|}.ToListAsync();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Where", "filters on", "Order", "PlacedAtUtc"));

        [Test]
        public Task SnapshotShapedCallsOfAnotherModelBuilder_DoNotCount() => Verify.VerifyAsync(Model + Context + @"
namespace Lookalike
{
    public sealed class EntityBuilder { public EntityBuilder HasIndex(params string[] columns) => this; }
    public sealed class ModelBuilder { public ModelBuilder Entity(string name, Action<EntityBuilder> build) => this; }
}
public static class NotAModel
{
    public static void Build(Lookalike.ModelBuilder modelBuilder)
    {
        modelBuilder.Entity(""Order"", b =>
        {
            b.HasIndex(""Status"");
        });
    }
}
public sealed class Queries
{
    public Task<List<Order>> ByStatus(ShopContext db, string status) => db.Orders.{|#0:Where(o => o.Status == status)|}.ToListAsync();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Where", "filters on", "Order", "Status"));
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// EF Core facts carried across project references (the generator's <c>PerfGate.EfFacts</c> assembly metadata): a generic
    /// repository declared in one project, implemented over the context in another, queried in a third.
    /// </summary>
    public sealed class CrossProjectEfFactsTests
    {
        private const string Infrastructure = @"
using System.Linq;
namespace Shop.Infrastructure
{
    public interface IRepository<T> where T : class
    {
        IQueryable<T> Query();
    }
}";

        private const string Data = ShopModel.Usings + @"
using Shop.Infrastructure;
namespace Shop.Data
{
    public class Repository<T> : IRepository<T> where T : class
    {
        private readonly ShopContext _context;
        public Repository(ShopContext context) => _context = context;
        public IQueryable<T> Query() => _context.Set<T>();
    }

    public static class OrderQueries
    {
        public static IQueryable<Order> Open(ShopContext db) => db.Orders.Where(o => o.Status == ""open"");
    }
}";

        private const string InMemory = @"
using System.Collections.Generic;
using System.Linq;
using Shop.Infrastructure;
namespace Shop.Fakes
{
    public sealed class ListRepository<T> : IRepository<T> where T : class
    {
        private readonly List<T> _items = new List<T>();
        public IQueryable<T> Query() => _items.AsQueryable();
    }
}";

        private const string Api = ShopModel.Usings + @"
using Shop.Infrastructure;
using Shop.Data;
public sealed class Prices
{
    private readonly IRepository<Product> _products;
    public Prices(IRepository<Product> products) => _products = products;

    public decimal Total(ShopContext db, int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids)
        {
            total += _products.Query().First(p => p.Id == id).Price;
            total += OrderQueries.Open(db).Count(o => o.CustomerId == id);
        }
        return total;
    }
}";

        [Test]
        public async Task RepositoryImplementedInAnotherProject_IsProvenDownstream()
        {
            MetadataReference infrastructure =
                LibraryCompilation.Emit(LibraryCompilation.Compile("Shop.Infrastructure", new[] { Infrastructure }, TestReferences.All));
            MetadataReference data = BuildWithGenerator("Shop.Data", new[] { ShopModel.Source, Data }, TestReferences.All.Append(infrastructure),
                out string generated);
            Assert.That(generated, Does.Contain("\"v1|implements|M:Shop.Infrastructure.IRepository`1.Query|whole\""));
            Assert.That(generated, Does.Contain("\"v1|query|M:Shop.Data.OrderQueries.Open(Shop.ShopContext)|composed\""));

            string[] messages = await RunAsync(new DoNotExecuteQueryPerLoopIterationAnalyzer(), Api, infrastructure, data);
            Assert.That(messages, Is.EqualTo(new[]
            {
                "'Count' runs an EF Core query on every iteration of the enclosing foreach loop: one database round trip per item (N+1) [reach unknown]",
                "'First' runs an EF Core query on every iteration of the enclosing foreach loop: one database round trip per item (N+1) [reach unknown]",
            }));
        }

        [Test]
        public async Task AnotherProjectsInMemoryImplementation_MakesTheRepositoryAmbiguous()
        {
            MetadataReference infrastructure =
                LibraryCompilation.Emit(LibraryCompilation.Compile("Shop.Infrastructure", new[] { Infrastructure }, TestReferences.All));
            MetadataReference data = BuildWithGenerator("Shop.Data", new[] { ShopModel.Source, Data }, TestReferences.All.Append(infrastructure), out _);
            MetadataReference fakes = BuildWithGenerator("Shop.Fakes", new[] { InMemory }, TestReferences.All.Append(infrastructure), out string generated);
            Assert.That(generated, Does.Contain("\"v1|implements|M:Shop.Infrastructure.IRepository`1.Query|unknown\""));

            string[] messages = await RunAsync(new DoNotExecuteQueryPerLoopIterationAnalyzer(), Api, infrastructure, data, fakes);
            Assert.That(messages, Is.EqualTo(new[]
            {
                "'Count' runs an EF Core query on every iteration of the enclosing foreach loop: one database round trip per item (N+1) [reach unknown]",
            }));
        }

        [Test]
        public async Task WithoutRecordedFacts_TheRepositoryStaysAmbiguous()
        {
            MetadataReference infrastructure =
                LibraryCompilation.Emit(LibraryCompilation.Compile("Shop.Infrastructure", new[] { Infrastructure }, TestReferences.All));
            MetadataReference data = LibraryCompilation.Emit(
                LibraryCompilation.Compile("Shop.Data", new[] { ShopModel.Source, Data }, TestReferences.All.Append(infrastructure)));
            string[] messages = await RunAsync(new DoNotExecuteQueryPerLoopIterationAnalyzer(), Api, infrastructure, data);
            Assert.That(messages, Is.Empty);
        }

        /// <summary>The model in a data project: virtual navigations, one AutoInclude, indexes and an ILazyLoader entity.</summary>
        private const string Model = @"
using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
namespace Shop.Data
{
    public class Customer
    {
        public int Id { get; set; }
        public string Name { get; set; } = """";
        public string Email { get; set; } = """";
    }

    public class Order
    {
        public int Id { get; set; }
        public int CustomerId { get; set; }
        public virtual Customer Customer { get; set; }
        public virtual Customer Referrer { get; set; }
        public virtual List<OrderLine> Lines { get; set; } = new List<OrderLine>();
        public DateTime PlacedAtUtc { get; set; }
        public decimal Total { get; set; }
        public string Status { get; set; } = """";
    }

    public class OrderLine
    {
        public int Id { get; set; }
        public int OrderId { get; set; }
    }

    public class Shipment
    {
        private readonly ILazyLoader _loader;
        private Order _order;
        public Shipment() { }
        private Shipment(ILazyLoader loader) => _loader = loader;
        public int Id { get; set; }
        public int OrderId { get; set; }
        public string Carrier { get; set; } = """";
        public Order Order { get => _loader == null ? _order : _loader.Load(this, ref _order); set => _order = value; }
    }

    public class ShopDbContext : DbContext
    {
        public ShopDbContext(DbContextOptions<ShopDbContext> options) : base(options) { }
        public DbSet<Customer> Customers { get; set; }
        public DbSet<Order> Orders { get; set; }
        public DbSet<OrderLine> OrderLines { get; set; }
        public DbSet<Shipment> Shipments { get; set; }

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Order>().HasIndex(o => o.PlacedAtUtc);
            modelBuilder.Entity<Customer>().HasIndex(c => c.Email);
            modelBuilder.Entity<Order>().Navigation(o => o.Referrer).AutoInclude();
        }
    }
}";

        private const string ApiOverModel = @"
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Shop.Data;
public static class Setup
{
    public static void Configure(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
}

public sealed class Reports
{
    private readonly ShopDbContext _db;
    public Reports(ShopDbContext db) => _db = db;

    public async Task<List<string>> Names()
    {
        var names = new List<string>();
        foreach (var order in await _db.Orders.ToListAsync())
        {
            names.Add(order.Customer.Name);
            names.Add(order.Referrer.Name);
        }
        return names;
    }

    public async Task<List<string>> Statuses()
    {
        var statuses = new List<string>();
        foreach (var shipment in await _db.Shipments.ToListAsync()) statuses.Add(shipment.Order.Status);
        return statuses;
    }

    public Task<List<Order>> Open() => _db.Orders.Where(o => o.Status == ""open"").ToListAsync();
    public Task<List<Order>> Recent(System.DateTime since) => _db.Orders.Where(o => o.PlacedAtUtc > since).ToListAsync();
    public Task<Customer> ByEmail(string email) => _db.Customers.FirstAsync(c => c.Email == email);
    public Task<List<Shipment>> ByCarrier(string carrier) => _db.Shipments.Where(s => s.Carrier == carrier).ToListAsync();
}";

        [Test]
        public async Task ModelFactsOfADataProject_ReachTheApiProject()
        {
            MetadataReference data = BuildWithGenerator("Shop.Data", new[] { Model }, TestReferences.All, out string generated);
            Assert.That(generated, Does.Contain("\"v1|context|Shop.Data.ShopDbContext|visible\""));
            Assert.That(generated, Does.Contain("\"v1|indexed|Shop.Data.Order|Id,CustomerId,PlacedAtUtc\""));
            Assert.That(generated, Does.Contain("\"v1|lazyloader|Shop.Data.Shipment|\""));
            Assert.That(generated, Does.Contain("\"v1|autoinclude|Referrer|\""));

            string[] lazy = await RunAsync(new DoNotLazyLoadPerLoopIterationAnalyzer(), ApiOverModel, data);
            Assert.That(lazy, Is.EqualTo(new[]
            {
                "'order.Customer' is lazy-loaded on every iteration of the enclosing foreach loop: one query per item (N+1); add Include(x => x.Customer) "
                    + "to the query that loads 'Order' [reach unknown]",
                "'shipment.Order' is lazy-loaded on every iteration of the enclosing foreach loop: one query per item (N+1); add Include(x => x.Order) "
                    + "to the query that loads 'Shipment' [reach unknown]",
            }));

            string[] unindexed = await RunAsync(new DoNotFilterOnUnindexedColumnAnalyzer(), ApiOverModel, data);
            Assert.That(unindexed, Is.EqualTo(new[]
            {
                "'Where' filters on 'Order.Status', but the EF Core model has no index led by that column: the database scans the table [reach unknown]",
                "'Where' filters on 'Shipment.Carrier', but the EF Core model has no index led by that column: the database scans the table [reach unknown]",
            }));
        }

        [Test]
        public async Task DataProjectBuiltWithoutPerfGate_LeavesTheApiSilent()
        {
            MetadataReference data = LibraryCompilation.Emit(LibraryCompilation.Compile("Shop.Data", new[] { Model }, TestReferences.All));
            Assert.That(await RunAsync(new DoNotLazyLoadPerLoopIterationAnalyzer(), ApiOverModel, data), Is.Empty);
            Assert.That(await RunAsync(new DoNotFilterOnUnindexedColumnAnalyzer(), ApiOverModel, data), Is.Empty);
        }

        [Test]
        public async Task HiddenModelConfiguration_LeavesTheApiSilentOnIndexes()
        {
            string hidden = Model.Replace("modelBuilder.Entity<Customer>().HasIndex(c => c.Email);",
                "modelBuilder.Entity<Customer>().HasIndex(c => c.Email); Conventions.Apply(modelBuilder);")
                + "\nnamespace Shop.Data { public static class Conventions { public static void Apply(ModelBuilder b) { } } }";
            MetadataReference data = BuildWithGenerator("Shop.Data", new[] { hidden }, TestReferences.All, out string generated);
            Assert.That(generated, Does.Contain("\"v1|context|Shop.Data.ShopDbContext|hidden\""));
            Assert.That(await RunAsync(new DoNotFilterOnUnindexedColumnAnalyzer(), ApiOverModel, data), Is.Empty);
        }

        internal static async Task<string[]> RunAsync(DiagnosticAnalyzer analyzer, string source, params MetadataReference[] references)
        {
            CSharpCompilation compilation = LibraryCompilation.Compile("Shop.Api", new[] { source }, TestReferences.All.Concat(references));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            ImmutableArray<Diagnostic> diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create(analyzer))
                .GetAnalyzerDiagnosticsAsync();
            return diagnostics.Select(d => d.GetMessage()).OrderBy(m => m, System.StringComparer.Ordinal).ToArray();
        }

        internal static MetadataReference BuildWithGenerator(string name, string[] sources, IEnumerable<MetadataReference> references, out string generated)
        {
            CSharpCompilation compilation = LibraryCompilation.Compile(name, sources, references);
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new IoSummaryGenerator());
            driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            Assert.That(generatorDiagnostics, Is.Empty);
            generated = output.SyntaxTrees.Count() > compilation.SyntaxTrees.Count() ? output.SyntaxTrees.Last().ToString() : "";
            return LibraryCompilation.Emit(output);
        }
    }
}

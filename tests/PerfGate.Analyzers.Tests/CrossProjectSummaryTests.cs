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
    /// Two compilations, as in a solution: <c>Data</c> (repository, EF Core) built with the summary
    /// generator, <c>Api</c> referencing it and looping over the repository.
    /// </summary>
    public sealed class CrossProjectSummaryTests
    {
        private const string Data = ShopModel.Usings + @"
namespace Shop.Data
{
    public interface IOrderStore
    {
        Task<Order> FindAsync(int id);
        Order Cached(int id);
    }

    public sealed class OrderRepository : IOrderStore
    {
        private readonly ShopContext _db;
        public OrderRepository(ShopContext db) => _db = db;
        public async Task<Order> FindAsync(int id) => await _db.Orders.FindAsync(id);
        public Order Cached(int id) => new Order { Id = id };
    }

    public static class Queries
    {
        public static Task<int> CountOpenAsync(ShopContext db) => db.Orders.CountAsync(o => o.Status == ""open"");
    }
}";

        private const string Api = ShopModel.Usings + @"
using Shop.Data;
public sealed class Report
{
    private readonly IOrderStore _orders;
    public Report(IOrderStore orders) => _orders = orders;

    public async Task<decimal> RunAsync(ShopContext db, int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids)
        {
            total += (await _orders.FindAsync(id)).Total;
            total += _orders.Cached(id).Total;
            total += await Queries.CountOpenAsync(db);
        }
        return total;
    }
}";

        [Test]
        public async Task Summaries_recorded_by_a_referenced_project_are_read_downstream()
        {
            MetadataReference data = BuildDataProject(out string generated);
            Assert.That(generated,
                Does.Contain("\"v1|database|1|M:Shop.Data.IOrderStore.FindAsync(System.Int32)|OrderRepository.FindAsync \u2192 DbSet<Order>.FindAsync\""));
            Assert.That(generated, Does.Contain("M:Shop.Data.Queries.CountOpenAsync(Shop.ShopContext)"));
            Assert.That(generated, Does.Not.Contain("Cached"));

            CSharpCompilation api = LibraryCompilation.Compile("Api", new[] { Api }, TestReferences.All.Append(data));
            Assert.That(api.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            ImmutableArray<Diagnostic> diagnostics = await api
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DoNotCallDatabaseMethodPerLoopIterationAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();

            string[] messages = diagnostics.Select(d => d.GetMessage()).OrderBy(m => m, System.StringComparer.Ordinal).ToArray();
            Assert.That(messages, Is.EqualTo(new[]
            {
                "'CountOpenAsync' performs database I/O on every iteration of the enclosing foreach loop: one round trip per item (N+1) through "
                    + "CountOpenAsync \u2192 DbSet<Order>.CountAsync" + ReachArguments.Unknown,
                "'FindAsync' performs database I/O on every iteration of the enclosing foreach loop: one round trip per item (N+1) through "
                    + "OrderRepository.FindAsync \u2192 DbSet<Order>.FindAsync" + ReachArguments.Unknown,
            }));
        }

        [Test]
        public void Without_the_generator_the_loop_is_silent()
        {
            CSharpCompilation dataCompilation = LibraryCompilation.Compile("Data", new[] { ShopModel.Source, Data }, TestReferences.All);
            MetadataReference data = LibraryCompilation.Emit(dataCompilation);
            CSharpCompilation api = LibraryCompilation.Compile("Api", new[] { Api }, TestReferences.All.Append(data));
            ImmutableArray<Diagnostic> diagnostics = api
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DoNotCallDatabaseMethodPerLoopIterationAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Assert.That(diagnostics, Is.Empty);
        }

        [Test]
        public void A_project_without_database_calls_or_EF_Core_records_nothing()
        {
            const string contracts = @"
using System.Net.Http;
using System.Threading.Tasks;
namespace Shop.Contracts
{
    public sealed class Price { public decimal Amount { get; set; } }
    public interface IPriceStore { Task<Price> FindAsync(int id); }
    public sealed class PriceClient
    {
        private readonly HttpClient _http;
        public PriceClient(HttpClient http) => _http = http;
        public Task<string> LoadAsync(int id) => _http.GetStringAsync(""prices/"" + id);
    }
}";
            Assert.That(Generate(contracts), Is.Null);
        }

        [Test]
        public void Database_calls_without_EF_Core_are_recorded()
        {
            const string store = @"
using System.Data.Common;
using System.Threading.Tasks;
namespace Shop.Store
{
    public sealed class PriceStore
    {
        public async Task<int> CountAsync(DbConnection connection)
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = ""select count(*) from prices"";
            using DbDataReader reader = await command.ExecuteReaderAsync();
            return reader.FieldCount;
        }
    }
}";
            Assert.That(Generate(store), Does.Contain("|M:Shop.Store.PriceStore.CountAsync(System.Data.Common.DbConnection)|DbCommand.ExecuteReaderAsync\""));
        }

        /// <summary>The generator's output for one library compiled against .NET and ASP.NET Core only (no EF Core); null when it added none.</summary>
        private static string? Generate(string source)
        {
            CSharpCompilation compilation = LibraryCompilation.Compile("Lib", new[] { source }, TestReferences.Web);
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new IoSummaryGenerator());
            driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            Assert.That(generatorDiagnostics, Is.Empty);
            return output.SyntaxTrees.Count() > compilation.SyntaxTrees.Count() ? output.SyntaxTrees.Last().ToString() : null;
        }

        private static MetadataReference BuildDataProject(out string generated)
        {
            CSharpCompilation compilation = LibraryCompilation.Compile("Data", new[] { ShopModel.Source, Data }, TestReferences.All);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new IoSummaryGenerator());
            driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            Assert.That(generatorDiagnostics, Is.Empty);
            generated = output.SyntaxTrees.Last().ToString();
            return LibraryCompilation.Emit(output);
        }
    }
}

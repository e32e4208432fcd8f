using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// Summaries of methods on call cycles must not depend on which method was asked about first: analyzers ask
    /// concurrently and in any order, and a finding that comes and goes between two builds of the same code
    /// cannot gate a build.
    /// </summary>
    public sealed class IoSummaryCycleTests
    {
        // Only Query touches the database. Every other method reaches it only through a cycle:
        // Start -> Relay -> Query -> Start, and Relay <-> Echo; Outsider enters the cycle through Echo.
        private const string Cycles = ShopModel.Usings + @"
namespace Shop
{
    public sealed class Walker
    {
        private readonly ShopContext _db;
        public Walker(ShopContext db) => _db = db;
        public void Start(int n) { if (n > 0) Relay(n - 1); }
        public void Relay(int n) { if (n > 0) { Echo(n); Query(n - 1); } }
        public void Echo(int n) { if (n > 0) Relay(n - 1); }
        public void Query(int n) { _db.Orders.ToList(); if (n > 0) Start(n - 1); }
        public void Outsider() => Echo(3);
    }
}";

        private static readonly string[] Methods = { "Start", "Relay", "Echo", "Query", "Outsider" };

        [Test]
        public void EveryMethodThatReachesTheQueryThroughACycleIsSummarizedAsDatabaseIo_WhicheverIsAskedFirst()
        {
            foreach (string[] order in Orders())
            {
                CSharpCompilation compilation = CSharpCompilation.Create("Cycles",
                    new[] { ShopModel.Source, Cycles }.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
                    TestReferences.All,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
                INamedTypeSymbol walker = compilation.GetTypeByMetadataName("Shop.Walker")!;
                IoSummaries summaries = IoSummaries.For(compilation);

                foreach (string name in order)
                {
                    IMethodSymbol method = walker.GetMembers(name).OfType<IMethodSymbol>().Single();
                    Assert.That(summaries.Summarize(method).Has(IoKind.Database), Is.True,
                        $"{name} when asked in the order {string.Join(", ", order)}");
                }
            }
        }

        /// <summary>Each method first once, then the rest in declaration order.</summary>
        private static IEnumerable<string[]> Orders() =>
            Methods.Select(first => new[] { first }.Concat(Methods.Where(m => m != first)).ToArray());
    }
}

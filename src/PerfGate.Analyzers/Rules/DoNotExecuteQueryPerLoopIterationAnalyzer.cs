using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG1001: an EF Core query (proven to be rooted at a DbContext) is executed on every iteration of a
    /// loop or of a per-element lambda over an in-memory sequence: the classic N+1.
    /// </summary>
    public sealed class DoNotExecuteQueryPerLoopIterationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.QueryExecutedPerLoopIteration);

        /// <summary>Calls that send the query to the database (when their receiver is a proven query).</summary>
        internal static readonly HashSet<string> ExecutingMethods = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "ToList", "ToListAsync", "ToArray", "ToArrayAsync",
            "ToDictionary", "ToDictionaryAsync", "ToHashSet", "ToHashSetAsync", "ToLookup",
            "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync",
            "Last", "LastAsync", "LastOrDefault", "LastOrDefaultAsync",
            "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync",
            "ElementAt", "ElementAtAsync", "ElementAtOrDefault", "ElementAtOrDefaultAsync",
            "Count", "CountAsync", "LongCount", "LongCountAsync",
            "Any", "AnyAsync", "All", "AllAsync", "Contains", "ContainsAsync",
            "Sum", "SumAsync", "Min", "MinAsync", "Max", "MaxAsync", "Average", "AverageAsync",
            "Find", "FindAsync", "Load", "LoadAsync", "ForEachAsync",
            "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
            "AsAsyncEnumerable",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(start.Compilation);
                if (provenance == null) return; // no EF Core: nothing to prove
                var analyzer = new Analyzer(provenance, LoopContext.Create(start.Compilation), PolicyOptions.From(start.Options));
                start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
                start.RegisterOperationAction(analyzer.AnalyzeLoop, OperationKind.Loop);
            });
        }

        private sealed class Analyzer
        {
            private readonly EfQueryProvenance _provenance;
            private readonly LoopContext _loops;
            private readonly PolicyOptions _policy;

            public Analyzer(EfQueryProvenance provenance, LoopContext loops, PolicyOptions policy)
            {
                _provenance = provenance;
                _loops = loops;
                _policy = policy;
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                if (!ExecutingMethods.Contains(invocation.TargetMethod.Name)) return;
                string? iteration = _loops.FindEnclosingIteration(invocation);
                if (iteration == null) return;
                if (!ExecutesProvenQuery(invocation)) return;
                if (_policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;

                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name, iteration));
            }

            /// <summary>A <c>foreach</c> over an un-materialized proven query, nested in another loop, runs the query per outer iteration.</summary>
            public void AnalyzeLoop(OperationAnalysisContext context)
            {
                if (!(context.Operation is IForEachLoopOperation loop)) return;
                IOperation collection = loop.Collection.WithoutConversions();

                // foreach (var x in q.AsAsyncEnumerable()) / q.ToList(): that call is the one reported.
                if (collection is IInvocationOperation call && ExecutingMethods.Contains(call.TargetMethod.Name)) return;
                string? iteration = _loops.FindEnclosingIteration(loop);
                if (iteration == null) return;
                if (_provenance.Classify(collection) != QueryProvenance.Proven) return;
                if (_policy.IsExcluded(loop.Syntax.SyntaxTree)) return;

                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, collection.Syntax.GetLocation(), loop.IsAsynchronous ? "await foreach" : "foreach", iteration));
            }

            private bool ExecutesProvenQuery(IInvocationOperation invocation)
            {
                IMethodSymbol method = invocation.TargetMethod;
                switch (method.Name)
                {
                    case "Find":
                    case "FindAsync":
                        // DbSet<T>.Find: only the EF method; List<T>.Find etc. are in memory.
                        return _provenance.IsDbSetMethod(method)
                            && invocation.Instance != null
                            && _provenance.Classify(invocation.Instance) == QueryProvenance.Proven;

                    case "Load":
                    case "LoadAsync":
                        // context.Entry(order).Collection(o => o.Lines).Load(): an EF navigation entry is proof enough.
                        if (invocation.Instance != null) return _provenance.IsNavigationEntry(invocation.Instance.Type);
                        break;
                }

                if (!method.IsExtensionMethod) return false;
                IOperation? receiver = invocation.GetReceiver();
                return receiver != null && _provenance.Classify(receiver) == QueryProvenance.Proven;
            }
        }
    }
}

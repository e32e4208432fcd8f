using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata QueryExecutedPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.QueryExecutedPerLoopIteration,
            Title = "EF Core query executed once per loop iteration (N+1)",
            MessageFormat = "'{0}' runs an EF Core query on every iteration of the enclosing {1}: one database round trip per item (N+1)",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A query whose root is proven to come from a DbContext (a DbSet<T> property, context.Set<T>(), or a navigation query such as "
                + "context.Entry(x).Collection(...).Query()) is executed inside a loop body, so the database is asked once per item. Load everything in one "
                + "query before the loop (Where + Contains on the keys, Include, or a projection with Select) and look items up in memory. Known limitation: "
                + "a loop body that always exits on its first pass (an unconditional `break` or `return`) is still reported; such loops are rare.",
            Flags = new[]
            {
                "executing calls in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop: `ToList[Async]`, `ToArray[Async]`, "
                    + "`ToDictionary[Async]`, `ToHashSet[Async]`, `ToLookup`, `First*`, `Last*`, `Single*`, `ElementAt*`, `Count*`, `LongCount*`, `Any*`, "
                    + "`All*`, `Contains*`, `Sum*`, `Min*`, `Max*`, `Average*`, `ForEachAsync`, `Load[Async]`, `ExecuteUpdate[Async]`, "
                    + "`ExecuteDelete[Async]`, `AsAsyncEnumerable`, and `Find[Async]` on a `DbSet<T>`",
                "`Load[Async]` on an EF navigation entry (`context.Entry(x).Collection(...).Load()`, `.Reference(...).LoadAsync()`)",
                "the same calls inside a lambda converted to a delegate and passed as a delegate parameter of an operator that calls it per element: "
                    + "`Enumerable`, `AsyncEnumerable` and `ParallelEnumerable` operators (`Select`, `SelectMany`, `Where`, `ToDictionary`, ...), `List<T>` "
                    + "and `Array` methods (`ForEach`, `ConvertAll`, `Find`, `Exists`, ...), `Parallel.For`/`ForEach`/`ForEachAsync`",
                "`foreach`/`await foreach` directly over an un-materialized proven query, when that loop is itself inside a loop body or a per-element lambda "
                    + "(reported on the collection expression)",
                "proven roots: a `DbSet<T>` property or field read on an expression whose type derives from `DbContext`, or is an interface "
                    + "every implementing class of which in the compilation does (`IApplicationDbContext`; an implicit `this` inside a context counts), "
                    + "`Set<T>()` on such an expression, `Query()` on an EF navigation entry, a `readonly` `DbSet<T>` field of a source type whose "
                    + "initializer and constructor assignments are all proven (a repository's `_orders = context.Orders`); followed through composing "
                    + "`Queryable`/EF operators (`Where`, `Select`, `Include`, `AsNoTracking`, `OrderBy`, `Skip`, `Take`, ...), `AsEnumerable`, query syntax, "
                    + "`?:` whose branches are both proven, and locals whose every assignment in the method is proven (`q = q.Where(...)` included)",
            },
            Ignores = new[]
            {
                "query roots that are not proven to be EF Core: parameters, fields, properties and method results of type `IQueryable<T>` (a repository's "
                    + "`Query()`), a `DbSet<T>` parameter, or a `DbSet<T>` field that is not `readonly` or can hold a value not read off a `DbContext`, and "
                    + "locals with any assignment of unknown origin or assigned through `out`/`ref`, compound assignment or a pattern (ambiguous provenance "
                    + "stays silent)",
                "lambdas converted to expression trees (`IQueryable` operators): EF translates them to SQL, so they are not loops (`db.Orders.Select(o => "
                    + "db.Customers.Count())` is one query)",
                "queries built in the loop but executed after it, and a loop over an `IQueryable` that is composed into one query",
                "loop conditions, `for` initializers and increments (`while (await db.Jobs.AnyAsync())` polling in batches): only the body repeats per item; "
                    + "they are reported when they sit in the body of an outer loop",
                LoopContext.IgnoresNonItemLoops,
                LoopContext.IgnoresGuardedCalls,
                "lambdas passed to any other method (`Task.Run`, callbacks, `Func` stored for later) and local functions: they may run once, later or never; "
                    + "the walk stops there",
                "calls to other methods that run a query (a repository method called in a loop): that is an inter-procedural finding, not this rule",
            },
            Fix = "Hoist the query out of the loop: fetch all needed rows at once (`Where(x => ids.Contains(x.Id))`, `Include`, or a `Select` projection), "
                + "then look them up in memory (`ToDictionary`).",
            FlaggedExample = "foreach (var order in orders)\n"
                + "{\n"
                + "    var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId);\n"
                + "    names.Add(customer.Name);\n"
                + "}",
            FixedExample = "var ids = orders.Select(o => o.CustomerId).Distinct().ToList();\n"
                + "var customers = await db.Customers\n"
                + "    .Where(c => ids.Contains(c.Id))\n"
                + "    .ToDictionaryAsync(c => c.Id);\n"
                + "foreach (var order in orders)\n"
                + "    names.Add(customers[order.CustomerId].Name);",
            Tags = new[] { "performance", "ef-core", "n+1" },
        };
    }

    /// <summary>
    /// PG1001: an EF Core query (proven to be rooted at a DbContext) is executed on every iteration of a
    /// loop or of a per-element lambda over an in-memory sequence: the classic N+1.
    /// </summary>
    public sealed class DoNotExecuteQueryPerLoopIterationAnalyzer : PerfGateRule
    {
        public DoNotExecuteQueryPerLoopIterationAnalyzer()
            : base(DataAccessRules.QueryExecutedPerLoopIteration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return; // no EF Core: nothing to prove
            var analyzer = new Analyzer(rule, provenance, rule.Services.Loops);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeLoop, OperationKind.Loop);
        }

        private sealed class Analyzer
        {
            private readonly RuleContext _rule;
            private readonly EfQueryProvenance _provenance;
            private readonly LoopContext _loops;

            public Analyzer(RuleContext rule, EfQueryProvenance provenance, LoopContext loops)
            {
                _rule = rule;
                _provenance = provenance;
                _loops = loops;
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                if (!EfApi.QueryExecutingMethods.Contains(invocation.TargetMethod.Name)) return;
                string? iteration = _loops.FindEnclosingIteration(invocation);
                if (iteration == null) return;
                if (!ExecutesProvenQuery(invocation)) return;

                _rule.Report(context.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name, iteration);
            }

            /// <summary>A <c>foreach</c> over an un-materialized proven query, nested in another loop, runs the query per outer iteration.</summary>
            public void AnalyzeLoop(OperationAnalysisContext context)
            {
                if (!(context.Operation is IForEachLoopOperation loop)) return;
                IOperation collection = loop.Collection.WithoutConversions();

                // foreach (var x in q.AsAsyncEnumerable()) / q.ToList(): that call is the one reported.
                if (collection is IInvocationOperation call && EfApi.QueryExecutingMethods.Contains(call.TargetMethod.Name)) return;
                string? iteration = _loops.FindEnclosingIteration(loop);
                if (iteration == null) return;
                if (_provenance.Classify(collection) != QueryProvenance.Proven) return;

                _rule.Report(context.ReportDiagnostic, collection.Syntax.GetLocation(), loop.IsAsynchronous ? "await foreach" : "foreach", iteration);
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

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata ClientSideEvaluation = new RuleMetadata
        {
            Id = RuleIdentifiers.ClientSideEvaluation,
            Title = "Filtering, counting or sorting after materializing an EF Core query",
            MessageFormat = "'{0}' runs in memory on rows that '{1}' already loaded: move it before '{1}' so the database does it",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A proven EF Core query is materialized (`ToList`, `ToArray`, `AsEnumerable` or their async twins) and the result is immediately "
                + "filtered, counted, sorted or paged with LINQ to Objects. Every row crosses the wire first. Only operators whose lambdas SQL can run are "
                + "reported (member reads, captured values, comparison and arithmetic, string `Contains`/`StartsWith`/`EndsWith`), because an untranslatable "
                + "predicate is the usual reason to go client side on purpose.",
            Flags = new[]
            {
                "`Enumerable.Where`, `Count`, `LongCount`, `Any`, `All`, `First*`, `Single*`, `Last*`, `OrderBy*`, `Sum`, `Min`, `Max`, `Average`, `Take`, "
                    + "`Skip`, `Distinct` called directly on `ToList[Async]()`/`ToArray[Async]()`/`AsEnumerable()` of a proven query (awaited or not)",
                "the same on a local assigned once from such a materialization, when that operator call is the local's only use",
                "on request paths, a predicate (`Where`, `Count`/`Any`/`First*`/`Single*`/`Last*` with a lambda) on the result of the application's own "
                    + "method (or a local assigned once from it) when every implementation the call may reach returns `ToList[Async]()`/`ToArray[Async]()` "
                    + "of a proven query directly (`GetSettings(name).Where(s => s.EntityId == id)`)",
            },
            Ignores = new[]
            {
                "operators whose lambdas call methods (other than string `Contains`/`StartsWith`/`EndsWith`), create objects or format strings: SQL may not "
                    + "translate them",
                "materialized locals used more than once (the list is needed anyway; a second in-memory pass costs no round trip)",
                "an operator on a list loaded before a loop and used in the loop body or a lambda (`var all = await q.ToListAsync(); foreach (var item in "
                    + "items) all.Where(x => x.Key == item.Key)`): that is one query instead of one per item, the fix for an N+1; moving the filter into "
                    + "the query would run a query per pass",
                "queries of unknown provenance, and everything inside expression trees",
                "a method's list off request paths (jobs, installers, tests), or sorted, summed or paged rather than filtered by a predicate",
                "a method's list filtered inside a loop or lambda the call is outside of (one load, searched per item: the fix of an N+1, not a "
                    + "bug), and methods that return a cached, built-up or otherwise obtained list on any path",
            },
            Fix = "Apply the operator to the query before materializing: `await db.Orders.Where(o => o.Total > 100).ToListAsync()`, `await "
                + "db.Orders.CountAsync()`.",
            FlaggedExample = "var big = (await db.Orders.ToListAsync()).Where(o => o.Total > 100).ToList();",
            FixedExample = "var big = await db.Orders.Where(o => o.Total > 100).ToListAsync();",
            Tags = new[] { "performance", "ef-core" },
        };
    }

    /// <summary>
    /// PG1010: a proven EF query is materialized (<c>ToList</c>, <c>ToArray</c>, <c>AsEnumerable</c>, their async
    /// twins) and then filtered, counted or sorted in memory by an operator SQL could have run.
    /// </summary>
    public sealed class DoNotFilterAfterMaterializingAnalyzer : PerfGateRule
    {
        internal static readonly HashSet<string> ClientOperators = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Where", "Count", "LongCount", "Any", "All", "First", "FirstOrDefault", "Single", "SingleOrDefault",
            "Last", "LastOrDefault", "OrderBy", "OrderByDescending", "Sum", "Min", "Max", "Average", "Take", "Skip", "Distinct",
        };

        /// <summary>Operators that select rows by a predicate: what a helper's query could have done itself.</summary>
        private static readonly HashSet<string> FilterOperators = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Where", "Count", "LongCount", "Any", "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault",
        };

        /// <summary>Where rows leave the database: a loaded list, or <c>AsEnumerable</c> (LINQ to Objects from there on).</summary>
        private static readonly HashSet<string> Materializers = EfApi.Union(EfApi.ListMaterializers, "AsEnumerable");

        public DoNotFilterAfterMaterializingAnalyzer()
            : base(DataAccessRules.ClientSideEvaluation)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            if (provenance == null || enumerable == null) return;
            var ef = rule.Services.EfExecution!;
            RequestPaths requests = rule.Services.RequestPaths;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (!ClientOperators.Contains(method.Name) || !method.ContainingType.IsType(enumerable)) return;
                IOperation? receiver = invocation.GetReceiver()?.WithoutConversions();
                if (receiver is IAwaitOperation awaited) receiver = awaited.Operation.WithoutConversions();
                IInvocationOperation? materialization = receiver as IInvocationOperation;
                if (receiver is ILocalReferenceOperation local)
                {
                    materialization = SingleUseMaterialization(local, invocation);
                    // One query before a loop, then an in-memory lookup per item: that is the N+1 fix. Moving the filter into the
                    // query would put a query in every pass.
                    if (materialization != null && RunsPerPass(invocation, materialization)) return;
                }

                if (materialization == null) return;
                string materializedBy;
                if (Materializers.Contains(materialization.TargetMethod.Name))
                {
                    IOperation? query = materialization.GetReceiver();
                    if (query == null || provenance.Classify(query) != QueryProvenance.Proven) return;
                    materializedBy = materialization.TargetMethod.Name;
                }
                else
                {
                    // The app's own method loaded the list (GetSettings(name) => db.Setting.Where(...).ToList()); the caller
                    // filters it once, where it called it: not a list loaded once and searched per item of a loop.
                    // Only filters with a predicate, and only on request paths: elsewhere (jobs, installers, tests) a helper's list is
                    // usually loaded once, and a Sum or sort over a list already scoped by the helper saves the database nothing.
                    if (!FilterOperators.Contains(method.Name) || invocation.Arguments.Length < 2) return;
                    if (!(operationContext.ContainingSymbol is IMethodSymbol caller)) return;
                    if (!SameIteration(materialization, invocation)) return;
                    // Cheapest proof first: the request-path set is a whole-program walk, paid only for a real candidate.
                    string? inner = provenance.MaterializerReturnedBy(materialization);
                    if (inner == null || !requests.IsInRequestPath(caller)) return;
                    materializedBy = inner + " in " + materialization.TargetMethod.Name;
                }

                if (ef.IsInsideExpressionTree(invocation)) return;
                if (!IsTranslatable(invocation)) return; // a predicate SQL cannot run is the reason to go client side
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, materializedBy);
            }, OperationKind.Invocation);
        }

        /// <summary>
        /// The use repeats while the materialization runs once: it sits in a loop body the materialization is not in, or in a lambda (a
        /// <c>Select</c> over items, a callback) that does not contain it.
        /// </summary>
        private static bool RunsPerPass(IOperation use, IOperation materialization)
        {
            if (use.IsCapturedFrom(materialization)) return true;
            IOperation current = use;
            for (IOperation? parent = use.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                if (parent is ILoopOperation loop && !ReferenceEquals(current, (loop as IForEachLoopOperation)?.Collection)
                    && !loop.Syntax.Span.Contains(materialization.Syntax.Span))
                    return true;
            }

            return false;
        }

        /// <summary><c>var all = await db.X.ToListAsync(); ... all.Where(...)</c> where this is the local's only use.</summary>
        private static IInvocationOperation? SingleUseMaterialization(ILocalReferenceOperation reference, IOperation use)
        {
            IOperation root = reference.OperationRoot();
            IInvocationOperation? value = null;
            int uses = 0;
            foreach (IOperation descendant in root.Descendants())
            {
                switch (descendant)
                {
                    case ILocalReferenceOperation other when SymbolEqualityComparer.Default.Equals(other.Local, reference.Local):
                        if (other.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, other)) return null;
                        uses++;
                        break;
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        IOperation? initializer = declarator.GetVariableInitializer()?.Value.WithoutConversions();
                        if (initializer is IAwaitOperation awaited) initializer = awaited.Operation.WithoutConversions();
                        value = initializer as IInvocationOperation;
                        if (value == null) return null;
                        break;
                }
            }

            return uses == 1 ? value : null;
        }

        /// <summary>The load and the in-memory operator run equally often: no loop or lambda holds one but not the other.</summary>
        private static bool SameIteration(IOperation load, IOperation use) => ReferenceEquals(RepeatingScope(load), RepeatingScope(use));

        private static IOperation? RepeatingScope(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is ILoopOperation || current is IAnonymousFunctionOperation || current is ILocalFunctionOperation) return current;
            }

            return null;
        }

        /// <summary>
        /// The operator's lambdas read only members of their parameter, captured values and constants, with
        /// comparison, logical and arithmetic operators and string Contains/StartsWith/EndsWith: SQL can run them.
        /// </summary>
        private static bool IsTranslatable(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0) continue;
                foreach (IOperation node in argument.Value.DescendantsAndSelf())
                {
                    switch (node)
                    {
                        case IInvocationOperation call:
                            string name = call.TargetMethod.Name;
                            bool stringCall = call.TargetMethod.ContainingType.SpecialType == SpecialType.System_String
                                && (name == "Contains" || name == "StartsWith" || name == "EndsWith");
                            if (!stringCall) return false;
                            break;
                        case IObjectCreationOperation _:
                        case IInterpolatedStringOperation _:
                            return false;
                    }
                }
            }

            return true;
        }
    }
}

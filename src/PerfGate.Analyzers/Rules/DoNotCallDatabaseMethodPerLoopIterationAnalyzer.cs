using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata DatabaseCallPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.DatabaseCallPerLoopIteration,
            Title = "Method that performs database I/O called once per loop iteration (N+1 through calls)",
            MessageFormat = "'{0}' performs database I/O on every iteration of the enclosing {1}: one round trip per item (N+1) through {2}",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A method whose I/O summary says it talks to the database (EF Core query execution or SaveChanges, Dapper `Query*`/`Execute*`, "
                + "ADO.NET `DbCommand.Execute*`), directly or through any depth of calls, is called in a loop body: the N+1 that hides behind a repository or "
                + "service. The message names the call chain down to the database API, and each step is attached as a related location. Summaries follow "
                + "interface and virtual calls to their implementations in the compilation (a constructor-injected `IOrderRepository` field included), "
                + "lambdas, local functions and async methods; methods of referenced projects built with PerfGate are summarized by those projects (recorded "
                + "as assembly metadata), so the loop may sit in `Api` and the query in `Data`. Fetch everything before the loop with one set-based method "
                + "instead. Never run the per-item calls in parallel on one DbContext: it supports one operation at a time.",
            Flags = new[]
            {
                "a call, in the body of a `foreach`, `await foreach`, `for`, `while` or `do` loop or in a per-element lambda (`Select`, `ForEach`, "
                    + "`Parallel.ForEach`, ...), of a method whose summary performs database I/O",
                "an interface or virtual call when every implementation in the compilation performs database I/O (for a referenced assembly: the summary it "
                    + "recorded)",
                "Dapper `Query*`/`Execute*` and ADO.NET `DbCommand.Execute*` called directly in a loop body",
                "a property read in a loop body whose getter performs database I/O (settings backed by the database, read per item)",
                "ASP.NET Core Identity's store reads (`UserManager`/`RoleManager` `FindBy*Async`, `GetRolesAsync`, `IsInRoleAsync`, `GetClaimsAsync`, "
                    + "`GetLoginsAsync`, `GetUsersInRoleAsync`, `RoleExistsAsync`, ...): called directly in a loop of a request handler or a method one "
                    + "reaches, or through methods like any database I/O (roles per listed user)",
            },
            Ignores = new[]
            {
                "EF Core queries and `SaveChanges` executed directly in the loop: PG1001 and PG1005 report those, never both rules",
                "a save (a chain that ends in `SaveChanges`) that follows, in the same pass, an external side effect (`Send*`, `Publish*`, `Charge*`, "
                    + "`Refund*`, `PostAsync`, a Stripe `Create`/`Update`): saving per item records that the mail went out or the card was charged, and "
                    + "one save after the loop would repeat the whole batch's side effects after a crash",
                "interface calls when any implementation in the compilation does no database I/O (a caching decorator, an in-memory fake), and interfaces "
                    + "with no implementation in the compilation and no recorded summary",
                "a framework's virtual I/O method that the app overrides (a `UserManager<T>` subclass whose `FindByIdAsync` answers from memory): "
                    + "the app registers the subclass, so the override's own I/O decides, as for an interface",
                "calls through delegates (`Func<...>` fields and parameters): the target is unknown",
                "loop conditions, `for` initializers and increments, lambdas passed to any other method, and lambdas converted to expression trees (EF "
                    + "translates them)",
                "recursion: a cycle in the call graph contributes nothing to a summary",
                LoopContext.IgnoresNonItemLoops,
                LoopContext.IgnoresGuardedCalls,
                IoSummaries.IgnoresCachedCallees,
                "methods of referenced assemblies that were not built with PerfGate (no recorded summary)",
                "property getters that store what they read (`_settings ??= ...`, any assignment in the getter): only the first read queries; "
                    + "getters of types holding an `IMemoryCache`/`IDistributedCache`/`HybridCache` field (cache-aside), and indexers (localizers)",
                "Identity store reads called directly in a loop that no request handler reaches (seeding roles at startup), Identity writes "
                    + "(`CreateAsync`, `AddToRoleAsync`, ...), getters that read the user object in hand (`GetEmailAsync(user)`), and overrides in the "
                    + "app's own `UserManager` subclass (they may cache)",
            },
            Fix = "Add a set-based method (`GetByIdsAsync(ids)` with `Where(x => ids.Contains(x.Id))`) and call it once before the loop; look items up in "
                + "memory.",
            FlaggedExample = "foreach (var id in orderIds)\n"
                + "{\n"
                + "    var order = await _orders.GetOrderAsync(id); // OrderRepository: db.Orders.FindAsync(id)\n"
                + "    totals.Add(order.Total);\n"
                + "}",
            FixedExample = "var orders = await _orders.GetOrdersAsync(orderIds); // one query: Where(o => orderIds.Contains(o.Id))\n"
                + "foreach (var order in orders)\n"
                + "    totals.Add(order.Total);",
            Tags = new[] { "performance", "ef-core", "n+1", "inter-procedural" },
        };
    }

    /// <summary>
    /// PG1002: a method whose I/O summary says database is called once per loop iteration: the N+1
    /// behind a repository or service method, possibly in another project.
    /// </summary>
    public sealed class DoNotCallDatabaseMethodPerLoopIterationAnalyzer : PerfGateRule
    {
        /// <summary>The chain ends in a save (<c>SaveChanges</c>): the call writes.</summary>
        private static bool IsSave(ImmutableArray<IoHop> chain) =>
            !chain.IsEmpty && chain[chain.Length - 1].Display.EndsWith("SaveChanges", System.StringComparison.Ordinal)
            || !chain.IsEmpty && chain[chain.Length - 1].Display.EndsWith("SaveChangesAsync", System.StringComparison.Ordinal);

        public DoNotCallDatabaseMethodPerLoopIterationAnalyzer()
            : base(DataAccessRules.DatabaseCallPerLoopIteration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            IoSummaries summaries = rule.Services.Summaries;
            LoopContext loops = rule.Services.Loops;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                LoopIteration? iteration = loops.FindIteration(invocation);
                if (iteration == null) return;
                if (rule.IsExcluded(invocation.Syntax.SyntaxTree)) return; // spare excluded files the summaries

                MethodIoSummary summary = summaries.SummarizeCall(invocation, out IoKind direct, out _);
                string chain;
                bool onCacheMiss = false;
                var related = new List<Location>();
                if (direct != IoKind.None)
                {
                    // EF Core executed directly in the loop is PG1001/PG1005's; Dapper, ADO.NET and Identity's store are ours.
                    if (direct != IoKind.Database) return;
                    if (summaries.Classifier.IsIdentityStoreRead(invocation.TargetMethod))
                    {
                        // Seeding roles at startup loops over a few constants: only a loop that runs per request is an N+1.
                        if (!RunsPerRequest(invocation, operationContext.ContainingSymbol, rule.Services.RequestPaths)) return;
                    }
                    else if (!summaries.Classifier.IsDapperOrAdoNet(invocation)) return;
                    chain = IoCallClassifier.Display(invocation);
                }
                else
                {
                    if (!summary.Has(IoKind.Database)) return;
                    if (IsSave(summary.Chain(IoKind.Database)) && iteration.FollowsExternalSideEffect(invocation)) return; // records a send, per item
                    if (summary.IsOnMiss(IoKind.Database, out ImmutableArray<int> keys))
                    {
                        // Behind a cache: one query per distinct key. Same key every pass: cached after the first.
                        if (!iteration.VariesPerPass(invocation, keys)) return;
                        onCacheMiss = true;
                    }

                    chain = DatabaseChain(summary, invocation.TargetMethod.Name, related);
                }

                rule.ReportWithNote(onCacheMiss ? LoopIteration.OnCacheMissNote : null, operationContext.ReportDiagnostic,
                    DiagnosticLocations.ForInvocation(invocation.Syntax), related, invocation.TargetMethod.Name,
                    iteration.Describe(onCacheMiss), chain);
            }, OperationKind.Invocation);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var property = (IPropertyReferenceOperation)operationContext.Operation;
                IMethodSymbol? getter = property.Property.GetMethod;
                if (getter == null || property.Property.IsIndexer) return; // indexers are lookups (localizers, caches), not settings
                if (property.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, property)) return;
                string? iteration = loops.FindEnclosingIteration(property);
                if (iteration == null) return;
                if (rule.IsExcluded(property.Syntax.SyntaxTree)) return;
                MethodIoSummary summary = summaries.SummarizeDispatch(getter, property.Instance, out ImmutableArray<IMethodSymbol> targets);
                if (!summary.Has(IoKind.Database) || targets.Any(Memoizes) || targets.Any(KeepsCache)) return;
                if (!summary.IsDispatch && (Memoizes(getter) || KeepsCache(getter))) return;
                var related = new List<Location>();
                string chain = DatabaseChain(summary, property.Property.Name, related);
                rule.Report(operationContext.ReportDiagnostic, property.Syntax.GetLocation(), related, property.Property.Name, iteration, chain);
            }, OperationKind.PropertyReference);
        }

        /// <summary>
        /// The chain down to the database API (led by the called member unless the call dispatches); its source call sites go to
        /// <paramref name="related"/>.
        /// </summary>
        private static string DatabaseChain(MethodIoSummary summary, string called, List<Location> related)
        {
            ImmutableArray<IoHop> hops = summary.Chain(IoKind.Database);
            IEnumerable<string> names = hops.Select(hop => hop.Display);
            if (!summary.IsDispatch) names = new[] { called }.Concat(names);
            foreach (IoHop hop in hops)
            {
                if (hop.CallSite != null && hop.CallSite.IsInSource) related.Add(hop.CallSite);
            }

            return string.Join(ReferencedIoSummaries.Separator, names);
        }

        /// <summary>
        /// The getter's type holds a cache (<c>IMemoryCache</c>, <c>IDistributedCache</c>, <c>HybridCache</c> field): its reads are likely
        /// cache-aside, going to the database only on a miss.
        /// </summary>
        private static bool KeepsCache(IMethodSymbol getter) =>
            getter.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(field =>
                field.Type.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Extensions.Caching", System.StringComparison.Ordinal) == true);

        /// <summary>
        /// A getter that stores what it read (<c>_settings ??= db.Settings.First()</c>, <c>_cache = ...</c>): only its first read goes to
        /// the database, so reading it per item is not an N+1.
        /// </summary>
        private static bool Memoizes(IMethodSymbol getter)
        {
            foreach (SyntaxReference reference in getter.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax) return true;
                }
            }

            return false;
        }

        /// <summary>The call runs in a request handler or a method one reaches (a minimal API lambda, or a lambda inside either).</summary>
        private static bool RunsPerRequest(IOperation operation, ISymbol containingSymbol, RequestPaths requestPaths)
        {
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation lambda && requestPaths.IsHandler(lambda.Symbol)) return true;
            }

            return containingSymbol is IMethodSymbol method && requestPaths.IsInRequestPath(method);
        }
    }
}

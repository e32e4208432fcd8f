using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata PagingWithoutOrderBy = new RuleMetadata
        {
            Id = RuleIdentifiers.PagingWithoutOrderBy,
            Title = "Paging with Skip without OrderBy",
            MessageFormat = "'{0}' pages an EF Core query that has no OrderBy before it: the database may return rows in any order, so pages overlap or skip "
                + "rows",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Without an ORDER BY, SQL does not define which rows come first, so `Skip`/`Take` pages are not stable: the same row can appear on "
                + "two pages and another on none. EF Core only warns about it at run time. Order by a unique key before paging.",
            Flags = new[]
            {
                "`Queryable.Skip` on a proven query rooted at a `DbSet<T>` (or `Set<T>()`) when no `OrderBy`, `OrderByDescending`, `ThenBy`, "
                    + "`ThenByDescending`, `Order` or `OrderDescending` comes before it in the chain (reported once per chain, on the first `Skip`)",
            },
            Ignores = new[]
            {
                "`Take` without `Skip` (\"any n rows\", as `First` takes any one; a delete-in-batches loop takes whatever is left, and the order "
                    + "cannot make a batch overlap or miss a row), `First`/`Single` themselves",
                "`Skip` by a random number (`Skip(random.Next(count)).Take(1)`): a random pick, where any order will do",
                "chains that start at a local, parameter, field or method result (the ordering may be applied where the query was built) and navigation "
                    + "queries",
                "`FromSql*` queries (the SQL may order)",
                "paging inside lambdas converted to expression trees (a nested query EF translates)",
            },
            Fix = "Add `OrderBy(x => x.Id)` (a unique key, or a key followed by `ThenBy(x => x.Id)`) before `Skip`/`Take`.",
            FlaggedExample = "var orders = await db.Orders.Skip(page * 20).Take(20).ToListAsync();",
            FixedExample = "var orders = await db.Orders.OrderBy(o => o.Id).Skip(page * 20).Take(20).ToListAsync();",
            Tags = new[] { "correctness", "ef-core", "pagination" },
        };
    }

    /// <summary>PG1008: <c>Skip</c>/<c>Take</c> on a proven EF query with no <c>OrderBy</c> before it: pages come back in no defined order.</summary>
    public sealed class DoNotPageUnorderedQueryAnalyzer : PerfGateRule
    {
        public DoNotPageUnorderedQueryAnalyzer()
            : base(DataAccessRules.PagingWithoutOrderBy)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            INamedTypeSymbol? queryable = rule.Types.Queryable;
            if (provenance == null || queryable == null) return;
            var ef = rule.Services.EfExecution!;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name != "Skip" || !method.ContainingType.IsType(queryable)) return; // Take alone is "any n rows", not a page
                if (IsRandom(invocation)) return; // Skip(random).Take(1): a random pick
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null || ef.IsInsideExpressionTree(invocation)) return;
                if (provenance.Classify(receiver) != QueryProvenance.Proven || !ef.IsRootedAtDbSet(receiver)) return;

                foreach (IInvocationOperation below in provenance.ComposingChain(receiver))
                {
                    string name = below.TargetMethod.Name;
                    if (name.StartsWith("OrderBy", System.StringComparison.Ordinal) || name.StartsWith("ThenBy", System.StringComparison.Ordinal)
                        || name == "Order" || name == "OrderDescending"
                        || name.StartsWith("FromSql", System.StringComparison.Ordinal))
                        return; // ordered (or raw SQL that may order)
                    if (name == "Skip") return; // reported on the inner one
                }

                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name);
            }, OperationKind.Invocation);
        }

        /// <summary>The count comes from <c>System.Random</c> or <c>RandomNumberGenerator</c> (through locals).</summary>
        private static bool IsRandom(IInvocationOperation skip)
        {
            foreach (IArgumentOperation argument in skip.Arguments)
            {
                if (argument.Parameter?.Ordinal != 1) continue;
                foreach (IOperation contributor in ValueSources.Contributors(argument.Value))
                {
                    if (contributor is IInvocationOperation call && call.TargetMethod.ContainingType.ContainingNamespace?.ToDisplayString() is string ns
                        && (call.TargetMethod.ContainingType.Name == "Random" && ns == "System"
                            || call.TargetMethod.ContainingType.Name == "RandomNumberGenerator"))
                        return true;
                }
            }

            return false;
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata CartesianExplosion = new RuleMetadata
        {
            Id = RuleIdentifiers.CartesianExplosion,
            Title = "Several collection Includes in one single query (cartesian explosion)",
            MessageFormat = "This query includes {0} collection navigations in one SQL statement and runs it with '{1}': rows multiply (cartesian explosion); "
                + "add AsSplitQuery()",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Each collection `Include` adds a JOIN; two sibling collections make the database return every combination of their rows (an order "
                + "with 20 lines and 10 payments returns 200 rows). `AsSplitQuery()` loads each collection with its own query. Do not reach for parallel "
                + "loading instead: a DbContext runs one operation at a time.",
            Flags = new[]
            {
                "an executed proven query whose chain has two or more `Include(x => x.Collection)` calls whose navigation type is a collection, and neither "
                    + "`AsSplitQuery()` nor `AsSingleQuery()`; reported on the second collection `Include`",
            },
            Ignores = new[]
            {
                "`AsSingleQuery()` written explicitly (a deliberate choice) and projects that configure `UseQuerySplittingBehavior` anywhere in the "
                    + "compilation",
                "string-based `Include(\"Lines\")` (the navigation type is unknown) and `ThenInclude` (a nested collection is a join, not a product of "
                    + "siblings)",
                "reference (non-collection) navigations",
                "queries that are not executed in the method (returned `IQueryable`) and queries of unknown provenance",
            },
            Fix = "Add `.AsSplitQuery()` to the query (or project only what you need with `Select`). A code fix (PerfGate.CodeFixes: IDE, `dotnet format "
                + "analyzers --diagnostics PG1013`) does it automatically: it inserts `.AsSplitQuery()` after the chain's last `Include`/`ThenInclude` and "
                + "adds `using Microsoft.EntityFrameworkCore;` when missing. A split query runs one statement per collection: before EF Core 10, one that "
                + "pages (`Skip`/`Take`) must be ordered by a unique key (`OrderBy(o => o.Date).ThenBy(o => o.Id)`) or the statements can disagree on "
                + "which rows they load; outside a transaction, rows changed between the statements can also disagree.",
            FlaggedExample = "var order = await db.Orders\n"
                + "    .Include(o => o.Lines)\n"
                + "    .Include(o => o.Payments)\n"
                + "    .FirstAsync(o => o.Id == id);",
            FixedExample = "var order = await db.Orders\n"
                + "    .Include(o => o.Lines)\n"
                + "    .Include(o => o.Payments)\n"
                + "    .AsSplitQuery()\n"
                + "    .FirstAsync(o => o.Id == id);",
            Tags = new[] { "performance", "ef-core" },
        };
    }

    /// <summary>PG1013: two or more collection <c>Include</c>s in one single query: the join multiplies rows (cartesian explosion).</summary>
    public sealed class DoNotIncludeSeveralCollectionsInOneQueryAnalyzer : PerfGateRule
    {
        public DoNotIncludeSeveralCollectionsInOneQueryAnalyzer()
            : base(DataAccessRules.CartesianExplosion)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            INamedTypeSymbol? enumerable = rule.Types.IEnumerable;
            if (provenance == null || enumerable == null) return;
            var ef = rule.Services.EfExecution!;
            Compilation compilation = rule.Compilation;
            // A context configured with UseQuerySplittingBehavior(...) anywhere decides for every query: stay silent.
            var globallyConfigured = new System.Lazy<bool>(() =>
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    if (tree.GetText().ToString().Contains("UseQuerySplittingBehavior")) return true;
                }

                return false;
            }, LazyThreadSafetyMode.ExecutionAndPublication);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IOperation? query = ef.ExecutedQuery(invocation);
                if (query == null || ef.IsInsideExpressionTree(invocation)) return;

                var collectionIncludes = new List<IInvocationOperation>();
                foreach (IInvocationOperation step in provenance.ComposingChain(query))
                {
                    string name = step.TargetMethod.Name;
                    if (name == "AsSplitQuery" || name == "AsSingleQuery") return; // decided explicitly
                    if (name == "Include" && IsCollectionNavigation(step, enumerable)) collectionIncludes.Add(step);
                }

                if (collectionIncludes.Count < 2 || globallyConfigured.Value) return;
                // The chain is outermost first: the last collection Include is the first one written.
                IInvocationOperation second = collectionIncludes[collectionIncludes.Count - 2];
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(second.Syntax), collectionIncludes.Count,
                    invocation.TargetMethod.Name);
            }, OperationKind.Invocation);
        }

        /// <summary><c>Include(o =&gt; o.Lines)</c> where the navigation is a collection (string includes are unknown: not counted).</summary>
        private static bool IsCollectionNavigation(IInvocationOperation include, INamedTypeSymbol enumerable)
        {
            if (include.TargetMethod.TypeArguments.Length != 2) return false;
            ITypeSymbol navigation = include.TargetMethod.TypeArguments[1];
            if (navigation.SpecialType == SpecialType.System_String) return false;
            foreach (INamedTypeSymbol implemented in navigation.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, enumerable)) return true;
            }

            return SymbolEqualityComparer.Default.Equals(navigation, enumerable);
        }
    }
}

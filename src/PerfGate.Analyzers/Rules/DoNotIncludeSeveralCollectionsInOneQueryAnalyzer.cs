using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
                "an executed proven query (by an operator, or by `foreach` over it or its `AsEnumerable()`) that includes two collection navigations "
                    + "neither of which is nested in the other, and neither `AsSplitQuery()` nor `AsSingleQuery()`: two `Include(x => x.Collection)` "
                    + "siblings, a collection reached by `ThenInclude` under a reference navigation next to another collection "
                    + "(`Include(s => s.Metadata).ThenInclude(m => m.Genres)` with `Include(s => s.Volumes)`), or two `ThenInclude` collections under the "
                    + "same navigation; reported on the `Include`/`ThenInclude` that adds the second independent collection",
            },
            Ignores = new[]
            {
                "`AsSingleQuery()` written explicitly (a deliberate choice) and projects that configure `UseQuerySplittingBehavior` anywhere in the "
                    + "compilation",
                "string-based `Include(\"Lines\")` (the navigation type is unknown) and a collection nested in another (`Include(c => c.Orders)"
                    + ".ThenInclude(o => o.Lines)`: a nested join, not a product of siblings)",
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
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            Compilation compilation = rule.Compilation;
            // A context configured with UseQuerySplittingBehavior(...) anywhere decides for every query: stay silent.
            var globallyConfigured = new System.Lazy<bool>(() =>
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    if (TreeText.Of(tree).Contains("UseQuerySplittingBehavior")) return true;
                }

                return false;
            }, LazyThreadSafetyMode.ExecutionAndPublication);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IOperation? query = ef.ExecutedQuery(invocation);
                if (query == null || ef.IsInsideExpressionTree(invocation)) return;
                Analyze(query, invocation.TargetMethod.Name, operationContext.ReportDiagnostic);
            }, OperationKind.Invocation);

            // foreach over the query itself (or its AsEnumerable()): the loop runs it.
            rule.Start.RegisterOperationAction(operationContext =>
            {
                if (!(operationContext.Operation is IForEachLoopOperation loop)) return;
                if (provenance.Classify(loop.Collection) != QueryProvenance.Proven || ef.IsInsideExpressionTree(loop)) return;
                Analyze(loop.Collection, loop.IsAsynchronous ? "await foreach" : "foreach", operationContext.ReportDiagnostic);
            }, OperationKind.Loop);

            void Analyze(IOperation query, string execution, System.Action<Diagnostic> report)
            {
                var chain = new List<IInvocationOperation>(provenance.ComposingChain(query));
                chain.Reverse(); // as written: innermost first
                var paths = new List<(string Path, bool IsCollection, IInvocationOperation Step)>();
                string? current = null;
                foreach (IInvocationOperation step in chain)
                {
                    string name = step.TargetMethod.Name;
                    if (name == "AsSplitQuery" || name == "AsSingleQuery") return; // decided explicitly
                    if (name != "Include" && name != "ThenInclude") continue;
                    if (!(NavigationOf(step) is (string navigation, bool isCollection)))
                    {
                        current = null; // a string include or an unreadable lambda: this path is unknown
                        continue;
                    }

                    if (name == "Include") current = navigation;
                    else if (current != null) current = current + "/" + navigation;
                    else continue;
                    paths.Add((current, isCollection, step));
                }

                // Two collection paths neither of which contains the other multiply each other's rows.
                var collections = new List<(string Path, IInvocationOperation Step)>();
                IInvocationOperation? second = null;
                foreach ((string path, bool isCollection, IInvocationOperation step) in paths)
                {
                    if (!isCollection || collections.Exists(c => c.Path == path)) continue;
                    if (second == null && collections.Exists(c => !IsPrefix(c.Path, path))) second = step;
                    collections.Add((path, step));
                }

                if (second == null || globallyConfigured.Value) return;
                rule.Report(report, DiagnosticLocations.ForInvocation(second.Syntax), collections.Count, execution);
            }
        }

        private static bool IsPrefix(string ancestor, string path) => path.StartsWith(ancestor + "/", System.StringComparison.Ordinal);

        /// <summary>
        /// The navigation an <c>Include</c>/<c>ThenInclude</c> names (<c>o =&gt; o.Lines</c>, a filtered <c>o =&gt; o.Lines.Where(...)</c>) and whether it
        /// is a collection; null for string includes and lambdas of another shape.
        /// </summary>
        private static (string Name, bool IsCollection)? NavigationOf(IInvocationOperation include)
        {
            foreach (IArgumentOperation argument in include.Arguments)
            {
                if (argument.Parameter?.Ordinal != 1) continue;
                IOperation value = argument.Value.WithoutConversions();
                if (value is IDelegateCreationOperation creation) value = creation.Target;
                if (!(value is IAnonymousFunctionOperation lambda) || lambda.Body.Operations.Length != 1
                    || !(lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: IOperation returned }))
                    return null;
                IOperation body = returned.WithoutConversions();
                while (body is IInvocationOperation call && call.GetReceiver() is IOperation receiver) body = receiver.WithoutConversions();
                if (!(body is IPropertyReferenceOperation property) || property.Type == null) return null;
                // o => o.Customer.Orders: the path Customer/Orders.
                string path = property.Property.Name;
                for (IOperation? instance = property.Instance?.WithoutConversions(); !(instance is IParameterReferenceOperation);
                    instance = ((IPropertyReferenceOperation)instance).Instance?.WithoutConversions())
                {
                    if (!(instance is IPropertyReferenceOperation outer)) return null;
                    path = outer.Property.Name + "/" + path;
                }

                ITypeSymbol type = property.Type;
                bool isCollection = type.SpecialType != SpecialType.System_String
                    && (type is IArrayTypeSymbol || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                        || type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T));
                return (path, isCollection);
            }

            return null;
        }
    }
}

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
        public static readonly RuleMetadata UnindexedFilterOrSort = new RuleMetadata
        {
            Id = RuleIdentifiers.UnindexedFilterOrSort,
            Title = "Filter or sort on a column with no index",
            MessageFormat = "'{0}' {1} '{2}.{3}', but the EF Core model has no index led by that column: the database scans the table",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "medium",
            Description = "A proven EF Core query filters (`Where`, or the predicate of `First*`/`Single*`/`Any`/`Count`...) or sorts (`OrderBy*`) a DbSet by "
                + "a column that no index of the EF Core model starts with, so the database reads the whole table. The model is read from the compilation: "
                + "`HasIndex`, `HasKey`, `HasAlternateKey`, `HasForeignKey` and `HasPrincipalKey` (in `OnModelCreating`, `IEntityTypeConfiguration<T>` "
                + "classes and migration model snapshots), `[Index]`, `[Key]` and `[ForeignKey]` attributes, the key convention (`Id`, `<Type>Id`) and the "
                + "foreign-key convention (`<Navigation>Id`, `<Type>Id`). Reported only when the whole model configuration of the query's context is visible "
                + "in the compilation, or when the context's own project (a data project the API references) was built with PerfGate and recorded its "
                + "model as fully visible: the indexed columns it saw travel with its assembly. Precision is medium: small tables do not need indexes, and indexes created by raw SQL outside migrations are "
                + "invisible; the default level is note.",
            Flags = new[]
            {
                "`Where` and the predicate of `First*`, `Single*`, `Last*`, `Any*`, `Count*`, `LongCount*` comparing (`==`, `<`, `<=`, `>`, `>=`) a scalar "
                    + "property of the entity with a value that does not depend on the entity, on a proven query rooted at a `DbSet<T>` of a context declared "
                    + "in the compilation or in a referenced project that recorded its model, when no filter of the query uses an indexed column",
                "the first key of `OrderBy`/`OrderByDescending` on such a query when the query has no filter at all",
            },
            Ignores = new[]
            {
                "contexts whose model configuration is not fully visible: a context or base context declared in another assembly that recorded no "
                    + "model (built without PerfGate), `OnModelCreating` calling anything but EF Core's model-building API, `ApplyConfiguration` of a type outside the compilation, `ApplyConfigurationsFromAssembly` "
                    + "of an assembly other than this one, and migrations that run raw SQL (`migrationBuilder.Sql`), which may create indexes",
                "queries with any filter on an indexed column (the index narrows the rows; sorting or filtering the rest is cheap)",
                "`!=`, `||`, `Contains`, method calls and navigation paths (`o.Customer.Name`) in predicates, and keys after the first in `ThenBy`",
                "entities whose index configuration cannot be read (a `HasIndex` with a non-constant column name, an `[Index]` with a non-constant argument)",
                "queries through a context interface that several contexts implement (which model applies is unknown; with one implementing "
                    + "context, its model is read)",
                "queries after `Select`/`GroupBy`/`Join` (the element is not the entity), queries of unknown provenance, and lambdas nested inside expression "
                    + "trees",
            },
            Fix = "Add an index led by the column (`modelBuilder.Entity<Order>().HasIndex(o => o.Status)` or `[Index(nameof(Status))]`) and a migration, or "
                + "filter by an indexed column first.",
            FlaggedExample = "var open = await db.Orders.Where(o => o.Status == \"open\").ToListAsync();",
            FixedExample = "// in OnModelCreating (or the entity's IEntityTypeConfiguration):\n"
                + "modelBuilder.Entity<Order>().HasIndex(o => o.Status);\n"
                + "\n"
                + "// the query, unchanged:\n"
                + "var open = await db.Orders.Where(o => o.Status == \"open\").ToListAsync();",
            Tags = new[] { "performance", "ef-core", "indexes" },
        };
    }

    /// <summary>
    /// PG1012: a proven query filters or sorts a DbSet by a column that no index of the (fully visible) EF Core
    /// model starts with.
    /// </summary>
    public sealed class DoNotFilterOnUnindexedColumnAnalyzer : PerfGateRule
    {
        private static readonly HashSet<string> PredicateOperators = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Where", "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync", "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync",
            "Last", "LastAsync", "LastOrDefault", "LastOrDefaultAsync", "Any", "AnyAsync", "Count", "CountAsync", "LongCount", "LongCountAsync",
        };

        private static readonly HashSet<string> Projections = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Select", "SelectMany", "GroupBy", "Join", "GroupJoin", "Cast", "OfType", "Concat", "Union", "Intersect", "Except",
            "FromSql", "FromSqlRaw", "FromSqlInterpolated",
        };

        public DoNotFilterOnUnindexedColumnAnalyzer()
            : base(DataAccessRules.UnindexedFilterOrSort)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            INamedTypeSymbol? queryable = rule.Types.Queryable;
            INamedTypeSymbol? efExtensions = rule.Types.EntityFrameworkQueryableExtensions;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var outer = (IInvocationOperation)operationContext.Operation;
                if (!IsQueryOperator(outer, queryable, efExtensions) || IsComposedFurther(outer, provenance)) return;
                IOperation? receiver = outer.GetReceiver();
                if (receiver == null || provenance.Classify(receiver) != QueryProvenance.Proven || !ef.IsRootedAtDbSet(receiver)) return;
                if (ef.IsInsideExpressionTree(outer)) return;

                // The operators from the root up to the outermost one, innermost first.
                var chain = new List<IInvocationOperation>(provenance.ComposingChain(receiver));
                chain.Reverse();
                chain.Add(outer);

                IOperation root = ef.Root(receiver);
                if (!(QueryElement.Of(root.Type) is INamedTypeSymbol entity) || !(ContextOf(root, provenance) is INamedTypeSymbol dbContext)) return;

                var filters = new List<(IInvocationOperation Operator, string Column)>();
                (IInvocationOperation Operator, string Column)? sort = null;
                foreach (IInvocationOperation step in chain)
                {
                    string name = step.TargetMethod.Name;
                    if (Projections.Contains(name)) return;
                    if (!IsQueryOperator(step, queryable, efExtensions)) continue;
                    IAnonymousFunctionOperation? lambda = LambdaArgument(step);
                    if (PredicateOperators.Contains(name))
                    {
                        if (lambda == null) continue; // First() without a predicate
                        var columns = new List<string>();
                        if (!ReadConjunction(Body(lambda), lambda, columns)) return; // a predicate we cannot read: stay silent
                        foreach (string column in columns) filters.Add((step, column));
                    }
                    else if ((name == "OrderBy" || name == "OrderByDescending") && sort == null && lambda != null)
                    {
                        if (ColumnOf(Body(lambda), lambda) is string column) sort = (step, column);
                    }
                }

                if (filters.Count == 0 && sort == null) return;
                EfIndexModel index = EfIndexModel.For(rule.Compilation, provenance);
                if (!index.IsVisible(dbContext) || !index.IsReadable(entity, dbContext)) return;

                (IInvocationOperation Operator, string Column)? finding = null;
                string verb = "filters on";
                if (filters.Count > 0)
                {
                    foreach ((IInvocationOperation op, string column) in filters)
                    {
                        if (index.IsIndexed(entity, column, dbContext)) return; // an index narrows the rows
                        finding ??= (op, column);
                    }
                }
                else if (!index.IsIndexed(entity, sort!.Value.Column, dbContext))
                {
                    finding = sort;
                    verb = "sorts on";
                }

                if (finding == null) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(finding.Value.Operator.Syntax),
                    finding.Value.Operator.TargetMethod.Name, verb, entity.Name, finding.Value.Column);
            }, OperationKind.Invocation);
        }

        private static bool IsQueryOperator(IInvocationOperation invocation, INamedTypeSymbol? queryable, INamedTypeSymbol? efExtensions)
        {
            INamedTypeSymbol type = invocation.TargetMethod.ContainingType;
            return type.IsType(queryable) || type.IsType(efExtensions);
        }

        /// <summary>The invocation is the receiver of another query operator: the outermost one reports for the chain.</summary>
        private static bool IsComposedFurther(IInvocationOperation invocation, EfQueryProvenance provenance)
        {
            IOperation current = invocation;
            while (current.Parent is IConversionOperation) current = current.Parent;
            return current.Parent is IArgumentOperation argument && argument.Parameter?.Ordinal == 0
                && argument.Parent is IInvocationOperation next && next.TargetMethod.IsExtensionMethod
                && (provenance.IsComposingOperator(next.TargetMethod)
                    || next.TargetMethod.ContainingType.Name is "Queryable" or "EntityFrameworkQueryableExtensions");
        }

        private static INamedTypeSymbol? ContextOf(IOperation root, EfQueryProvenance provenance)
        {
            root = root.WithoutConversions();
            // Through a context interface, the model is its implementing context's.
            if (root is IPropertyReferenceOperation property && provenance.IsDbContext(property.Instance?.Type))
                return provenance.ContextClass(property.Instance!.Type);
            if (root is IInvocationOperation { TargetMethod.Name: "Set" } set && provenance.IsDbContext(set.Instance?.Type))
                return provenance.ContextClass(set.Instance!.Type);
            return null;
        }

        private static IAnonymousFunctionOperation? LambdaArgument(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal != 1) continue;
                IOperation value = argument.Value.WithoutConversions();
                if (value is IDelegateCreationOperation creation) value = creation.Target;
                return value as IAnonymousFunctionOperation;
            }

            return null;
        }

        private static IOperation? Body(IAnonymousFunctionOperation lambda) =>
            lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation ret ? ret.ReturnedValue : null;

        /// <summary><c>a &amp;&amp; b &amp;&amp; ...</c> of <c>e.X op value</c> comparisons; false for anything else.</summary>
        private static bool ReadConjunction(IOperation? body, IAnonymousFunctionOperation lambda, List<string> columns)
        {
            if (body == null) return false;
            body = body.WithoutConversions();
            if (!(body is IBinaryOperation binary)) return false;
            if (binary.OperatorKind == BinaryOperatorKind.ConditionalAnd)
                return ReadConjunction(binary.LeftOperand, lambda, columns) && ReadConjunction(binary.RightOperand, lambda, columns);
            if (binary.OperatorKind != BinaryOperatorKind.Equals && binary.OperatorKind != BinaryOperatorKind.LessThan
                && binary.OperatorKind != BinaryOperatorKind.LessThanOrEqual && binary.OperatorKind != BinaryOperatorKind.GreaterThan
                && binary.OperatorKind != BinaryOperatorKind.GreaterThanOrEqual)
                return false;
            string? left = ColumnOf(binary.LeftOperand, lambda);
            string? right = ColumnOf(binary.RightOperand, lambda);
            if (left != null && right == null && !UsesParameter(binary.RightOperand, lambda)) { columns.Add(left); return true; }
            if (right != null && left == null && !UsesParameter(binary.LeftOperand, lambda)) { columns.Add(right); return true; }
            return false;
        }

        /// <summary><c>e.X</c> where <c>e</c> is the lambda's parameter and X a scalar property; null otherwise.</summary>
        private static string? ColumnOf(IOperation? operation, IAnonymousFunctionOperation lambda)
        {
            if (operation == null) return null;
            operation = operation.WithoutConversions();
            return operation is IPropertyReferenceOperation property && property.Instance is IParameterReferenceOperation parameter
                && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol)
                && property.Type != null && (property.Type.IsValueType || property.Type.SpecialType == SpecialType.System_String)
                ? property.Property.Name : null;
        }

        private static bool UsesParameter(IOperation operation, IAnonymousFunctionOperation lambda)
        {
            foreach (IOperation node in operation.DescendantsAndSelf())
            {
                if (node is IParameterReferenceOperation parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol))
                    return true;
            }

            return false;
        }
    }
}

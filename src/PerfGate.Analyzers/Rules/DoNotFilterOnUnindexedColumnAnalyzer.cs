using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG1012: a proven query filters or sorts a DbSet by a column that no index of the (fully visible) EF Core
    /// model starts with.
    /// </summary>
    public sealed class DoNotFilterOnUnindexedColumnAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.UnindexedFilterOrSort);

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

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(start.Compilation);
                if (provenance == null) return;
                var ef = new EfExecution(start.Compilation, provenance);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                INamedTypeSymbol? queryable = start.Compilation.GetTypeByMetadataName("System.Linq.Queryable");
                INamedTypeSymbol? efExtensions = start.Compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
                var model = new System.Lazy<EfIndexModel>(() => EfIndexModel.Build(start.Compilation, provenance), LazyThreadSafetyMode.ExecutionAndPublication);

                start.RegisterOperationAction(operationContext =>
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
                    EfIndexModel index = model.Value;
                    if (!index.IsVisible(dbContext) || !index.IsReadable(entity)) return;

                    (IInvocationOperation Operator, string Column)? finding = null;
                    string verb = "filters on";
                    if (filters.Count > 0)
                    {
                        foreach ((IInvocationOperation op, string column) in filters)
                        {
                            if (index.IsIndexed(entity, column)) return; // an index narrows the rows
                            finding ??= (op, column);
                        }
                    }
                    else if (!index.IsIndexed(entity, sort!.Value.Column))
                    {
                        finding = sort;
                        verb = "sorts on";
                    }

                    if (finding == null || policy.IsExcluded(outer.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, DiagnosticLocations.ForInvocation(finding.Value.Operator.Syntax),
                        finding.Value.Operator.TargetMethod.Name, verb, entity.Name, finding.Value.Column));
                }, OperationKind.Invocation);
            });
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
                && (provenance.IsComposingOperator(next.TargetMethod) || next.TargetMethod.ContainingType.Name is "Queryable" or "EntityFrameworkQueryableExtensions");
        }

        private static INamedTypeSymbol? ContextOf(IOperation root, EfQueryProvenance provenance)
        {
            root = root.WithoutConversions();
            if (root is IPropertyReferenceOperation property && provenance.IsDbContext(property.Instance?.Type)) return property.Instance!.Type as INamedTypeSymbol;
            if (root is IInvocationOperation { TargetMethod.Name: "Set" } set && provenance.IsDbContext(set.Instance?.Type)) return set.Instance!.Type as INamedTypeSymbol;
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
                if (node is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol))
                    return true;
            }

            return false;
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata CountToTestForAny = new RuleMetadata
        {
            Id = RuleIdentifiers.CountToTestForAny,
            Title = "Count compared with 0 or 1 to test for any row",
            MessageFormat = "'{0}' counts every {1} only to test whether there is one: use '{2}', which stops at the first",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`Count() > 0` on a query makes the database count every matching row (`SELECT COUNT(*)`) where `Any()` asks whether one "
                + "exists (`EXISTS`) and stops at the first; on a lazy LINQ sequence, `Count()` runs the filter or projection over every element. "
                + "The answer is the same either way.",
            Flags = new[]
            {
                "`Count`, `LongCount`, `CountAsync` and `LongCountAsync` (with or without a predicate) on a proven EF Core query, compared with 0 or 1 "
                    + "so that only emptiness is tested: `> 0`, `>= 1`, `!= 0`, `== 0`, `< 1`, `<= 0` (either side of the operator)",
                "`Enumerable.Count`/`LongCount` compared the same way on a lazy sequence that has to be enumerated to be counted: the result of "
                    + "`Where`, `Select`, `SelectMany`, `Distinct`, `Except`, `Intersect`, `Union`, `Concat`, `OfType`, `Join`, `GroupJoin`, "
                    + "`GroupBy`, `TakeWhile`, `SkipWhile` or `Zip`, directly or through a local that is assigned only that value",
            },
            Ignores = new[]
            {
                "collections (`List<T>.Count`, arrays, `ICollection<T>`): their count is a field read",
                "sequences of unknown origin (an `IEnumerable<T>` parameter, field or method result) and `IQueryable` of unknown provenance",
                "comparisons with other numbers (`Count() == 1`, `Count() > 2`): they need the count",
                "counts inside lambdas converted to expression trees (EF translates the whole predicate)",
            },
            Fix = "Replace `Count() > 0` with `Any()`, `Count(pred) == 0` with `!Any(pred)`, `await CountAsync(pred) > 0` with `await AnyAsync(pred)`.",
            FlaggedExample = "bool hasOpenOrders = await db.Orders.CountAsync(o => o.CustomerId == customerId && o.Status == \"open\") > 0;",
            FixedExample = "bool hasOpenOrders = await db.Orders.AnyAsync(o => o.CustomerId == customerId && o.Status == \"open\");",
            Tags = new[] { "ef-core", "linq", "over-fetching" },
        };
    }

    /// <summary>PG1015: <c>Count() &gt; 0</c>-style emptiness tests on EF queries and lazy LINQ sequences, where <c>Any()</c> stops at the first.</summary>
    public sealed class UseAnyInsteadOfCountAnalyzer : PerfGateRule
    {
        /// <summary>LINQ-to-objects operators whose result must be enumerated (running the caller's delegate) to be counted.</summary>
        private static readonly ImmutableHashSet<string> s_enumeratingOperators = ImmutableHashSet.Create(
            "Where", "Select", "SelectMany", "Distinct", "DistinctBy", "Except", "ExceptBy", "Intersect", "IntersectBy", "Union", "UnionBy", "Concat",
            "OfType", "Join", "GroupJoin", "GroupBy", "TakeWhile", "SkipWhile", "Zip");

        public UseAnyInsteadOfCountAnalyzer()
            : base(DataAccessRules.CountToTestForAny)
        {
        }

        internal override void Start(RuleContext rule)
        {
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            INamedTypeSymbol? queryable = rule.Types.Queryable;
            INamedTypeSymbol? efExtensions = rule.Types.EntityFrameworkQueryableExtensions;
            INamedTypeSymbol? lambdaExpression = rule.Types.LambdaExpression;
            EfQueryProvenance? provenance = rule.Services.Ef;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var comparison = (IBinaryOperation)operationContext.Operation;
                if (!TestsEmptiness(comparison, out IInvocationOperation? count, out bool testsNone) || count == null) return;
                IMethodSymbol method = count.TargetMethod;
                IOperation? receiver = count.GetReceiver();
                if (receiver == null || comparison.IsInsideExpressionTree(lambdaExpression)) return;
                bool isAsync = method.Name.EndsWith("Async", System.StringComparison.Ordinal);
                string counted;
                if (method.ContainingType.IsType(queryable) || (isAsync && method.ContainingType.IsType(efExtensions)))
                {
                    if (provenance == null || provenance.Classify(receiver) != QueryProvenance.Proven) return;
                    counted = "row of the EF Core query";
                }
                else if (method.ContainingType.IsType(enumerable) && !isAsync)
                {
                    if (!IsLazyEnumeratingSequence(receiver, enumerable)) return;
                    counted = "element of the lazy sequence";
                }
                else
                {
                    return;
                }

                string any = (testsNone ? "!" : "") + (isAsync ? "await AnyAsync" : "Any") + (HasPredicate(count) ? "(predicate)" : "()");
                rule.Report(operationContext.ReportDiagnostic, comparison.Syntax.GetLocation(), comparison.Syntax.ToString(), counted, any);
            }, OperationKind.Binary);
        }

        /// <summary>True when <paramref name="comparison"/> compares a count with 0 or 1 so that only "is there one" is asked.</summary>
        private static bool TestsEmptiness(IBinaryOperation comparison, out IInvocationOperation? count, out bool testsNone)
        {
            count = null;
            testsNone = false;
            BinaryOperatorKind kind = comparison.OperatorKind;
            long? right = ConstantOf(comparison.RightOperand);
            count = CountCall(comparison.LeftOperand);
            if (count == null || right == null)
            {
                long? left = ConstantOf(comparison.LeftOperand);
                count = CountCall(comparison.RightOperand);
                if (count == null || left == null) return false;
                right = left;
                kind = Mirror(kind);
            }

            switch (kind)
            {
                case BinaryOperatorKind.GreaterThan when right == 0:
                case BinaryOperatorKind.GreaterThanOrEqual when right == 1:
                case BinaryOperatorKind.NotEquals when right == 0:
                    return true;
                case BinaryOperatorKind.Equals when right == 0:
                case BinaryOperatorKind.LessThan when right == 1:
                case BinaryOperatorKind.LessThanOrEqual when right == 0:
                    testsNone = true;
                    return true;
                default:
                    return false;
            }
        }

        private static BinaryOperatorKind Mirror(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            _ => kind,
        };

        private static long? ConstantOf(IOperation operand)
        {
            object? value = operand.WithoutConversions().ConstantValue.HasValue ? operand.WithoutConversions().ConstantValue.Value : null;
            return value switch
            {
                int number => number,
                long number => number,
                _ => null,
            };
        }

        private static IInvocationOperation? CountCall(IOperation operand)
        {
            IOperation value = operand.WithoutConversions();
            if (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
            if (!(value is IInvocationOperation invocation)) return null;
            string name = invocation.TargetMethod.Name;
            return name == "Count" || name == "LongCount" || name == "CountAsync" || name == "LongCountAsync" ? invocation : null;
        }

        private static bool HasPredicate(IInvocationOperation count)
        {
            foreach (IArgumentOperation argument in count.Arguments)
            {
                if (argument.Parameter?.Name == "predicate" && !argument.IsImplicit) return true;
            }

            return false;
        }

        /// <summary>
        /// The result of a LINQ-to-objects operator that has to run the caller's delegates over the source to count it, directly or through a
        /// local whose only assignment is such a result. Anything else (collections, parameters, fields, the app's own methods) may be cheap to count.
        /// </summary>
        private static bool IsLazyEnumeratingSequence(IOperation receiver, INamedTypeSymbol? enumerable)
        {
            IOperation? value = receiver.WithoutConversions();
            if (value is ILocalReferenceOperation local) value = SoleAssignedValue(local)?.WithoutConversions();
            return value is IInvocationOperation invocation && invocation.TargetMethod.ContainingType.IsType(enumerable)
                && s_enumeratingOperators.Contains(invocation.TargetMethod.Name);
        }

        private static IOperation? SoleAssignedValue(ILocalReferenceOperation reference)
        {
            IOperation root = reference;
            while (root.Parent != null) root = root.Parent;
            IOperation? value = null;
            foreach (IOperation operation in root.Descendants())
            {
                IOperation? assigned = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local)
                        => declarator.GetVariableInitializer()?.Value,
                    IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local) => assignment.Value,
                    _ => null,
                };
                if (assigned == null) continue;
                if (value != null) return null; // assigned more than once: which value is counted depends on the path
                value = assigned;
            }

            return value;
        }
    }
}

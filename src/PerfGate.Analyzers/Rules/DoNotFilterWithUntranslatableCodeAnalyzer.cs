using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata UntranslatablePredicate = new RuleMetadata
        {
            Id = RuleIdentifiers.UntranslatablePredicate,
            Title = "Query predicate EF Core cannot translate to SQL",
            MessageFormat = "{0} in this '{1}' predicate cannot be translated to SQL: {2}",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "EF Core translates a query's predicate to SQL; code it cannot translate makes EF Core 2 load every row and filter in memory "
                + "(client evaluation), and EF Core 3 and later throw at run time. Three shapes real code has: LINQ over an in-memory list of objects "
                + "(`Where(x => items.Any(p => p.ProductId == x.ProductId))`: a list of objects cannot be sent to the database; a list of keys can), "
                + "a call of the app's own method on the row (`Where(x => IsVisible(x))`: its body is .NET code the translator never sees), and "
                + "`string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)` (relational providers translate no `StringComparison` overload).",
            Flags = new[]
            {
                "inside the predicate of `Where`, `Any`, `All`, `Count`, `LongCount`, `First*`, `Single*`, `Last*`, `SkipWhile`, `TakeWhile` (and their "
                    + "EF `…Async` forms) on a proven query: a LINQ to objects call with a lambda (`Any(p => …)`, `All`, `Count`, `Where`, `First*`, …) "
                    + "over a captured in-memory sequence (a local, parameter, field or property, not a query and not a navigation of the row) whose "
                    + "elements are objects, not scalars, when the lambda uses the row",
                "inside the same predicates: a call of a method declared in the app's source, given the row or one of its members, that is not an "
                    + "`IQueryable` extension",
                "inside the same predicates: `string.Equals(a, b, StringComparison…)` or `a.Equals(b, StringComparison…)` on the row's values "
                    + "(relational providers throw for it)",
            },
            Ignores = new[]
            {
                "in-memory sequences of scalars (numbers, strings, `Guid`, dates, enums): EF Core translates `ids.Contains(x.Id)` and, since EF Core 8, "
                    + "`ids.Any(i => i == x.Id)`",
                "captured values and calls that do not use the row (`Where(x => x.Date > GetCutoff())`): EF Core evaluates them once, as a parameter",
                "projections (`Select`): EF Core runs the final projection on the client on purpose",
                "compilations that map methods to SQL or expand them before translation (`[DbFunction]`, `HasDbFunction`, method-call translator "
                    + "plugins, LinqKit's `AsExpandable`/`[Expandable]`, `[Projectable]`, NeinLinq, DelegateDecompiler's `[Computed]`)",
                "queries of unknown provenance",
                "`string.Equals` with a `StringComparison` in compilations that reference the Cosmos provider (it translates the overload)",
            },
            Fix = "Send keys, not objects: `var productIds = items.Select(p => p.ProductId).ToList();` then `Where(x => productIds.Contains(x.ProductId))`. "
                + "Inline the app method's logic as an expression EF Core can translate (or map it with `[DbFunction]`).",
            FlaggedExample = "var lines = await db.OrderLines\n"
                + "    .Where(l => l.Quantity > 0 && basket.Any(b => b.ProductId == l.ProductId))\n"
                + "    .ToListAsync();",
            FixedExample = "var productIds = basket.Select(b => b.ProductId).ToList();\n"
                + "var lines = await db.OrderLines\n"
                + "    .Where(l => l.Quantity > 0 && productIds.Contains(l.ProductId))\n"
                + "    .ToListAsync();",
            Tags = new[] { "performance", "ef-core", "client-evaluation" },
        };
    }

    /// <summary>
    /// PG1016: a proven query's predicate holds code EF Core cannot translate: LINQ over a captured in-memory list of objects that uses the row, or
    /// a call of the app's own method on the row (client evaluation in EF Core 2, an exception since EF Core 3).
    /// </summary>
    public sealed class DoNotFilterWithUntranslatableCodeAnalyzer : PerfGateRule
    {
        private static readonly HashSet<string> PredicateOperators = EfApi.Set(
            "Where", "Any", "All", "Count", "LongCount", "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault",
            "SkipWhile", "TakeWhile", "AnyAsync", "AllAsync", "CountAsync", "LongCountAsync", "FirstAsync", "FirstOrDefaultAsync", "SingleAsync",
            "SingleOrDefaultAsync", "LastAsync", "LastOrDefaultAsync");

        /// <summary>What mentions these maps or expands methods before EF Core translates them: stay silent on the app's own methods.</summary>
        private static readonly string[] MethodMappingMarkers =
        {
            "DbFunction", "MethodCallTranslator", "AsExpandable", "Expandable", "Projectable", "NeinLinq", "[Computed", "Decompile",
            "QueryTranslationPreprocessor", "IQueryExpressionInterceptor",
        };

        public DoNotFilterWithUntranslatableCodeAnalyzer()
            : base(DataAccessRules.UntranslatablePredicate)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? queryable = rule.Types.Queryable;
            INamedTypeSymbol? queryInterface = rule.Types.IQueryable;
            INamedTypeSymbol? efExtensions = rule.Types.EntityFrameworkQueryableExtensions;
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            var mapsMethods = new System.Lazy<bool>(() => compilation.SyntaxTrees.Any(tree =>
            {
                string text = TreeText.Of(tree);
                return MethodMappingMarkers.Any(marker => text.Contains(marker));
            }), LazyThreadSafetyMode.ExecutionAndPublication);

            // The Cosmos provider translates string.Equals with a StringComparison; relational providers throw.
            bool cosmos = compilation.ReferencedAssemblyNames.Any(a => a.Name == "Microsoft.EntityFrameworkCore.Cosmos");
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var call = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = call.TargetMethod;
                if (!PredicateOperators.Contains(method.Name)) return;
                if (!method.ContainingType.IsType(queryable) && !method.ContainingType.IsType(efExtensions)) return;
                IOperation? receiver = call.GetReceiver();
                if (receiver == null || provenance.Classify(receiver) != QueryProvenance.Proven) return;
                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (!(Lambda(argument.Value) is IAnonymousFunctionOperation predicate)) continue;
                    foreach (IOperation node in predicate.Body.Descendants())
                    {
                        if (!(node is IInvocationOperation inner)) continue;
                        string? what = InMemoryObjectsQuery(inner, predicate, enumerable, queryInterface)
                            ?? (cosmos ? null : StringEqualsWithComparison(inner, predicate))
                            ?? (mapsMethods.Value ? null : OwnMethodOnRow(inner, predicate, queryInterface));
                        if (what == null) continue;
                        rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(inner.Syntax), what.Split('\n')[0], method.Name,
                            what.Split('\n')[1]);
                        return;
                    }
                }
            }, OperationKind.Invocation);
        }

        private static IAnonymousFunctionOperation? Lambda(IOperation value)
        {
            value = value.WithoutConversions();
            if (value is IDelegateCreationOperation creation) value = creation.Target;
            return value as IAnonymousFunctionOperation;
        }

        /// <summary><c>items.Any(p =&gt; p.ProductId == x.ProductId)</c> over a captured list of objects; "what\nwhy" or null.</summary>
        private static string? InMemoryObjectsQuery(IInvocationOperation inner, IAnonymousFunctionOperation predicate, INamedTypeSymbol? enumerable,
            INamedTypeSymbol? queryInterface)
        {
            if (!inner.TargetMethod.ContainingType.IsType(enumerable)) return null;
            IOperation? source = inner.GetReceiver()?.WithoutConversions();
            if (source == null || !IsCaptured(source, predicate)) return null;
            if (source.Type == null || IsQuery(source.Type, queryInterface)) return null;
            ITypeSymbol? element = ElementOf(source.Type);
            if (element == null || IsScalar(element)) return null;
            bool usesRow = inner.Arguments.Any(a => Lambda(a.Value) is IAnonymousFunctionOperation lambda && UsesParameterOf(lambda.Body, predicate));
            if (!usesRow) return null;
            string name = source.Syntax.ToString();
            return $"'{inner.TargetMethod.Name}' over the in-memory list '{name}' of {element.Name} objects\n"
                + "a list of objects cannot be sent to the database (EF Core 3+ throws, EF Core 2 filters every row in memory); send its keys: "
                + $"'var keys = {name}.Select(i => i.Key).ToList();' and 'keys.Contains(row.Key)'";
        }

        /// <summary><c>string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)</c> (or the instance form) on the row; "what\nwhy" or null.</summary>
        private static string? StringEqualsWithComparison(IInvocationOperation inner, IAnonymousFunctionOperation predicate)
        {
            IMethodSymbol target = inner.TargetMethod;
            if (target.Name != "Equals" || target.ContainingType.SpecialType != SpecialType.System_String) return null;
            if (!target.Parameters.Any(p => p.Type.Name == "StringComparison")) return null;
            bool usesRow = (inner.Instance != null && UsesParameterOf(inner.Instance, predicate))
                || inner.Arguments.Any(a => UsesParameterOf(a.Value, predicate));
            if (!usesRow) return null;
            return "'string.Equals' with a StringComparison\n"
                + "EF Core's relational providers do not translate the StringComparison overloads and throw at run time; compare with '==' and "
                + "let the column's collation decide case (or EF.Functions.Collate / ILike)";
        }

        /// <summary><c>IsVisible(x)</c>: the app's own method given the row; "what\nwhy" or null.</summary>
        private static string? OwnMethodOnRow(IInvocationOperation inner, IAnonymousFunctionOperation predicate, INamedTypeSymbol? queryInterface)
        {
            IMethodSymbol target = inner.TargetMethod;
            if (target.DeclaringSyntaxReferences.IsEmpty || target.MethodKind != MethodKind.Ordinary) return null;
            if (target.IsExtensionMethod && target.Parameters.Length > 0 && IsQuery(target.Parameters[0].Type, queryInterface)) return null;
            if (target.GetAttributes().Any(a => a.AttributeClass?.Name.Contains("DbFunction") == true)) return null;
            bool usesRow = (inner.Instance != null && UsesParameterOf(inner.Instance, predicate))
                || inner.Arguments.Any(a => UsesParameterOf(a.Value, predicate));
            if (!usesRow) return null;
            return $"the app's own method '{target.Name}'\n"
                + "its body is .NET code the translator never sees (EF Core 3+ throws, EF Core 2 filters every row in memory); "
                + "inline its logic as an expression or map it with [DbFunction]";
        }

        /// <summary>A local, parameter, field or property read that does not involve the predicate's own parameters.</summary>
        private static bool IsCaptured(IOperation source, IAnonymousFunctionOperation predicate) =>
            (source is ILocalReferenceOperation || source is IParameterReferenceOperation || source is IFieldReferenceOperation
                || source is IPropertyReferenceOperation)
            && !UsesParameterOf(source, predicate);

        private static bool UsesParameterOf(IOperation operation, IAnonymousFunctionOperation predicate)
        {
            foreach (IOperation node in operation.DescendantsAndSelf())
            {
                if (node is IParameterReferenceOperation reference
                    && predicate.Symbol.Parameters.Contains(reference.Parameter, SymbolEqualityComparer.Default))
                    return true;
            }

            return false;
        }

        private static bool IsQuery(ITypeSymbol type, INamedTypeSymbol? queryInterface) =>
            type.IsType(queryInterface) || type.AllInterfaces.Any(i => i.IsType(queryInterface));

        private static ITypeSymbol? ElementOf(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array) return array.ElementType;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence)
                return sequence.TypeArguments[0];
            foreach (INamedTypeSymbol candidate in type.AllInterfaces)
            {
                if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return candidate.TypeArguments[0];
            }

            return null;
        }

        /// <summary>What EF Core sends as a primitive collection: numbers, strings, booleans, dates, Guids, enums (and their nullables).</summary>
        private static bool IsScalar(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            if (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum) return true;
            string name = type.Name;
            return name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly";
        }
    }
}

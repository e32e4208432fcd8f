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
        public static readonly RuleMetadata OverFetchingEntities = new RuleMetadata
        {
            Id = RuleIdentifiers.OverFetchingEntities,
            Title = "Whole entities loaded where a few columns are read (use a Select projection)",
            MessageFormat = "'{0}' loads whole '{1}' entities ({2} mapped columns) but this method reads only {3}: project them with Select",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "medium",
            Description = "A proven EF Core query loads whole entities (every mapped column, tracked unless `AsNoTracking`), and every use of the result in "
                + "the method reads at most 3 scalar properties of an entity that has at least 6; or the app's own method returns every row of a "
                + "table and the caller only tests one key or reads one or two columns of them. A `Select` projection to those properties reads fewer "
                + "columns, can be served from an index, and skips change tracking. Reported only when every use is visible in the method and nothing "
                + "escapes. Precision is medium: when the rows are few or narrow, the saving is small; the default level is note.",
            Flags = new[]
            {
                "`ToList[Async]`, `ToArray[Async]` (and `First*`, `Single*`, `Last*` when the row is wide: the query has `Include`, or the entity has a "
                    + "`byte[]` column) on a proven query rooted at a `DbSet<T>` with no "
                    + "`Select`/`SelectMany`/`GroupBy`/`Join`/`Cast`/`OfType`/`FromSql*` in the chain, assigned to a local whose every use is a read of a "
                    + "scalar (value type or `string`) property, a null check, `foreach` (the loop variable likewise), `Count`/`Length`, or a LINQ-to-objects "
                    + "call whose lambdas only read scalar properties and whose result is not the entities",
                "only when the distinct scalar properties read are at most 3 and the entity type has at least 6 scalar properties (public instance properties "
                    + "of value type or `string`, inherited ones included, `[NotMapped]` excluded)",
                "a call of the app's own parameterless method that returns every row of a table whole (`_seriesService.GetAllSeries()`), used only to "
                    + "test a key (`.Exists(s => s.TvdbId == id)`, `.Any(...)`) or to read at most 3 columns (a column of scalars such as `List<int> Tags` "
                    + "counts as one; `Where`/`OrderBy` over the rows are followed), of a class with at least 10 scalar properties. Every row: the "
                    + "method's one returned expression is an EF Core `ToList`/`ToArray`[`Async`] of a `DbSet<T>` with only `Include`, ordering and "
                    + "tracking options in between, a Dapper `Query<T>` of a constant `SELECT ... FROM table` with no `WHERE`/join/grouping/limit, a "
                    + "method named `All`/`GetAll`/`AllAsync`/`GetAllAsync` whose I/O summary reads the database outside any cache (a data layer of the "
                    + "app's own), or a call of such a method (every implementation it may dispatch to) kept whole by `ToList`/`ToArray`/ordering",
            },
            Ignores = new[]
            {
                "a single row (`First*`, `Single*`, `Last*`) of scalar columns with nothing included: a dozen small columns of one row cost nothing "
                    + "measurable to read whole",
                "results that escape: returned, passed to any method other than LINQ to objects, stored in a field or property, captured by a local function, "
                    + "or a loop variable or local assigned again",
                "entities that are modified (`=`, `++`, compound assignment, `ref`/`out`) and methods with any unit-of-work call on a context or DbSet "
                    + "(`SaveChanges`, `Add`, `Update`, `Attach`, `Remove`, `Entry`)",
                "reads of navigations (`order.Customer.Name`) and method calls on the entity (`order.ToString()`)",
                "queries that already project, `FromSql*` queries, queries of unknown provenance, and everything inside expression trees",
                "through a method: methods that take an argument or filter (`GetMonitoredSeries()` with a `Where`), bodies that do anything but return "
                    + "the rows (a cache lookup, a mapping), tables named like hand-edited configuration (`…Definition`, `…Profile`, `…Setting(s)`, "
                    + "`…Config(uration)`, `…Option(s)`, `…Preference(s)`: a handful of rows) or with fewer than 10 scalar columns, and rows taken out "
                    + "whole (`FirstOrDefault(pred)` returns a row)",
            },
            Fix = "Project the properties the method reads: `await db.Orders.Where(...).Select(o => new { o.Id, o.Total }).ToListAsync()`.",
            FlaggedExample = "var orders = await db.Orders.Where(o => o.CustomerId == id).ToListAsync();\n"
                + "return orders.Sum(o => o.Total);",
            FixedExample = "var totals = await db.Orders.Where(o => o.CustomerId == id).Select(o => o.Total).ToListAsync();\n"
                + "return totals.Sum();",
            Tags = new[] { "performance", "ef-core", "over-fetching" },
        };
    }

    /// <summary>
    /// PG1004: whole entities loaded where the method reads only a few scalar properties of them (every use
    /// visible, nothing escapes): a <c>Select</c> projection reads fewer columns.
    /// </summary>
    public sealed partial class UseProjectionForFewColumnsAnalyzer : PerfGateRule
    {
        /// <summary>At most this many distinct scalar properties read.</summary>
        internal const int MaxReadProperties = 3;

        /// <summary>The entity must have at least this many scalar properties.</summary>
        internal const int MinEntityColumns = 6;

        public UseProjectionForFewColumnsAnalyzer()
            : base(DataAccessRules.OverFetchingEntities)
        {
        }

        private static readonly string[] Materializers = EfApi.ListMaterializers.Concat(EfApi.SingleRowLoaders).ToArray();

        internal override void Start(RuleContext rule)
        {
            StartWholeTableCalls(rule);
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            INamedTypeSymbol? notMapped = rule.Types.NotMappedAttribute;
            var ef = rule.Services.EfExecution!;

            rule.Start.RegisterOperationBlockAction(blockContext =>
            {
                // A materializer is always called by name: a body whose text names none has no candidate.
                if (!blockContext.OperationBlocks.Any(block => TreeText.MayNameAnyIn(block.Syntax.SyntaxTree, block.Syntax.Span, Materializers))) return;
                var candidates = new List<IInvocationOperation>();
                foreach (IOperation block in blockContext.OperationBlocks)
                {
                    foreach (IOperation node in block.DescendantsAndSelf())
                    {
                        if (!(node is IInvocationOperation invocation)) continue;
                        string name = invocation.TargetMethod.Name;
                        if (provenance.IsUnitOfWorkCall(invocation)) return; // a unit of work
                        if (EfApi.ListMaterializers.Contains(name) || EfApi.SingleRowLoaders.Contains(name)) candidates.Add(invocation);
                    }
                }

                foreach (IInvocationOperation invocation in candidates)
                {
                    IOperation? query = ef.ExecutedQuery(invocation);
                    if (query == null || !ef.IsRootedAtDbSet(query) || ef.IsInsideExpressionTree(invocation)) continue;
                    if (!IsEntityQuery(query, provenance, out INamedTypeSymbol? entity)) continue;
                    if (!(entity!.TypeKind == TypeKind.Class)) continue;
                    int columns = ScalarProperties(entity, notMapped).Count;
                    if (columns < MinEntityColumns) continue;
                    bool collection = EfApi.ListMaterializers.Contains(invocation.TargetMethod.Name);
                    if (!collection && !IsWideRow(query, entity, provenance)) continue; // one narrow row: a projection saves nothing measurable
                    var read = new SortedSet<string>(System.StringComparer.Ordinal);
                    if (!AllUsesReadScalars(invocation, collection, entity, enumerable, read, wholeTable: false)) continue;
                    if (read.Count == 0 || read.Count > MaxReadProperties) continue;
                    rule.Report(blockContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax),
                        invocation.TargetMethod.Name, entity.Name, columns, string.Join(", ", read));
                }
            });
        }

        /// <summary>The chain selects whole entities of the root DbSet.</summary>
        private static bool IsEntityQuery(IOperation query, EfQueryProvenance provenance, out INamedTypeSymbol? entity)
        {
            entity = null;
            foreach (IInvocationOperation step in provenance.ComposingChain(query))
            {
                string name = step.TargetMethod.Name;
                if (name == "Select" || name == "SelectMany" || name == "GroupBy" || name == "Join" || name == "GroupJoin"
                    || name == "Cast" || name == "OfType" || name.StartsWith("FromSql", System.StringComparison.Ordinal))
                    return false;
            }

            entity = QueryElement.Of(query.WithoutConversions().Type);
            return entity != null;
        }

        /// <summary>
        /// A single row worth projecting: the query loads navigations (<c>Include</c>) or the entity has a binary column (<c>byte[]</c>). One
        /// row of a dozen scalar columns costs the same few hundred bytes either way.
        /// </summary>
        private static bool IsWideRow(IOperation query, INamedTypeSymbol entity, EfQueryProvenance provenance)
        {
            if (provenance.ComposingChain(query).Any(step => step.TargetMethod.Name == "Include" || step.TargetMethod.Name == "ThenInclude")) return true;
            for (INamedTypeSymbol? type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                if (type.GetMembers().OfType<IPropertySymbol>().Any(p => !p.IsStatic
                    && p.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }))
                    return true;
            }

            return false;
        }

        /// <summary>Public instance properties of value type or string, inherited ones included, [NotMapped] excluded.</summary>
        internal static HashSet<string> ScalarProperties(INamedTypeSymbol entity, INamedTypeSymbol? notMapped)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            for (INamedTypeSymbol? type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IPropertySymbol property && !property.IsStatic && !property.IsIndexer
                        && property.DeclaredAccessibility == Accessibility.Public && property.GetMethod != null
                        && IsScalar(property.Type)
                        && !property.GetAttributes().Any(a => a.AttributeClass.IsType(notMapped)))
                        names.Add(property.Name);
                }
            }

            return names;
        }

        private static bool IsScalar(ITypeSymbol? type) =>
            type != null && (type.IsValueType || type.SpecialType == SpecialType.System_String);

        /// <summary>
        /// The loaded value goes straight into a local declaration, and every reference to that local (and to
        /// foreach variables over it) reads scalar properties only; the names read are collected.
        /// </summary>
        private static bool AllUsesReadScalars(IInvocationOperation load, bool collection, INamedTypeSymbol entity, INamedTypeSymbol? enumerable,
            SortedSet<string> read, bool wholeTable)
        {
            IOperation current = load;
            while (current.Parent is IConversionOperation || current.Parent is IAwaitOperation) current = current.Parent;
            if (!(current.Parent is IVariableInitializerOperation initializer) || !(initializer.Parent is IVariableDeclaratorOperation declarator))
                return wholeTable && collection && IsListRead(current, entity, enumerable, read, wholeTable); // used where it is loaded
            ILocalSymbol local = declarator.Symbol;
            if (local.IsRef) return false;

            IOperation root = declarator.OperationRoot();

            var entityLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            if (collection)
            {
                foreach (IOperation node in root.Descendants())
                {
                    if (node is IForEachLoopOperation loop && IsLocal(loop.Collection, local)
                        && loop.LoopControlVariable is IVariableDeclaratorOperation variable)
                        entityLocals.Add(variable.Symbol);
                }
            }
            else
            {
                entityLocals.Add(local);
            }

            foreach (IOperation node in root.Descendants())
            {
                if (node is ILocalFunctionOperation localFunction && References(localFunction, local, entityLocals)) return false;
                if (!(node is ILocalReferenceOperation reference)) continue;
                bool isList = collection && SymbolEqualityComparer.Default.Equals(reference.Local, local);
                bool isEntity = entityLocals.Contains(reference.Local);
                if (!isList && !isEntity) continue;
                if (reference.IsDeclaration) continue;
                if (isEntity && !IsEntityRead(reference, entity, read, wholeTable)) return false;
                if (isList && !IsListRead(reference, entity, enumerable, read, wholeTable)) return false;
            }

            return true;
        }

        private static bool References(ILocalFunctionOperation function, ILocalSymbol local, HashSet<ILocalSymbol> entityLocals)
        {
            foreach (IOperation node in function.Descendants())
            {
                if (node is ILocalReferenceOperation reference
                    && (SymbolEqualityComparer.Default.Equals(reference.Local, local) || entityLocals.Contains(reference.Local)))
                    return true;
            }

            return false;
        }

        /// <summary><c>x.Scalar</c> read, or a null check of the entity.</summary>
        private static bool IsEntityRead(IOperation reference, INamedTypeSymbol entity, SortedSet<string> read, bool wholeTable)
        {
            IOperation use = reference;
            while (use.Parent is IConversionOperation) use = use.Parent;
            switch (use.Parent)
            {
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                    if (!(IsScalar(property.Type) || (wholeTable && IsScalarCollection(property.Type))) || !IsReadOfValue(property)) return false;
                    read.Add(property.Property.Name);
                    return true;
                case IBinaryOperation binary when IsNullLiteral(binary.LeftOperand) || IsNullLiteral(binary.RightOperand):
                    return true;
                case IIsPatternOperation pattern when pattern.Pattern is IConstantPatternOperation constant && IsNullLiteral(constant.Value):
                    return true;
                case IIsPatternOperation pattern when pattern.Pattern is INegatedPatternOperation negated
                    && negated.Pattern is IConstantPatternOperation constant2 && IsNullLiteral(constant2.Value):
                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>foreach</c> over the list, <c>Count</c>/<c>Length</c>, or LINQ to objects whose lambdas only read scalars and whose result is not the
        /// entities.</summary>
        private static bool IsListRead(IOperation reference, INamedTypeSymbol entity, INamedTypeSymbol? enumerable, SortedSet<string> read,
            bool wholeTable)
        {
            IOperation use = reference;
            while (use.Parent is IConversionOperation) use = use.Parent;
            switch (use.Parent)
            {
                case IForEachLoopOperation loop when ReferenceEquals(loop.Collection, use):
                    // A local's loop variables are checked with the local; a loop over the load or a filter of it is checked here.
                    return reference is ILocalReferenceOperation || LoopVariableReadsScalars(loop, entity, read);
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                    return (property.Property.Name == "Count" || property.Property.Name == "Length") && IsReadOfValue(property);
                case IArgumentOperation argument when argument.Parent is IInvocationOperation call:
                    if (!call.TargetMethod.ContainingType.IsType(enumerable) || argument.Parameter?.Ordinal != 0) return false;
                    if (wholeTable && KeepsRows.Contains(call.TargetMethod.Name))
                        return LambdasReadScalars(call, entity, read, wholeTable) && IsListRead(call, entity, enumerable, read, wholeTable);
                    if (ContainsEntity(call.Type, entity)) return false;
                    return LambdasReadScalars(call, entity, read, wholeTable);
                case IInvocationOperation call when wholeTable && ReferenceEquals(call.Instance, use) && ListPredicates.Contains(call.TargetMethod.Name)
                    && call.TargetMethod.ContainingType.Name == "List" && !ContainsEntity(call.Type, entity):
                    return LambdasReadScalars(call, entity, read, wholeTable, firstIsSource: false);
                default:
                    return false;
            }
        }

        private static bool ContainsEntity(ITypeSymbol? type, INamedTypeSymbol entity)
        {
            if (type == null) return false;
            if (SymbolEqualityComparer.Default.Equals(type, entity)) return true;
            if (type is IArrayTypeSymbol array) return ContainsEntity(array.ElementType, entity);
            if (type is INamedTypeSymbol named)
            {
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (ContainsEntity(argument, entity)) return true;
                }
            }

            return false;
        }

        private static bool LambdasReadScalars(IInvocationOperation call, INamedTypeSymbol entity, SortedSet<string> read, bool wholeTable,
            bool firstIsSource = true)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (firstIsSource && argument.Parameter?.Ordinal == 0) continue;
                IOperation value = argument.Value.WithoutConversions();
                if (value is IDelegateCreationOperation creation)
                {
                    if (!(creation.Target is IAnonymousFunctionOperation lambda)) return false; // a method group sees the entity
                    foreach (IOperation node in lambda.Body.Descendants())
                    {
                        if (node is IParameterReferenceOperation parameter
                            && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol)
                            && SymbolEqualityComparer.Default.Equals(parameter.Parameter.Type, entity)
                            && !IsEntityRead(parameter, entity, read, wholeTable))
                            return false;
                    }
                }
            }

            return true;
        }

        private static bool IsReadOfValue(IOperation member)
        {
            IOperation use = member;
            while (use.Parent is IConversionOperation) use = use.Parent;
            if (use.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, use)) return false;
            if (use.Parent is IArgumentOperation argument && argument.Parameter?.RefKind != RefKind.None) return false;
            if (use.Parent is IIncrementOrDecrementOperation) return false;
            return true;
        }

        private static bool IsNullLiteral(IOperation operation) =>
            operation.WithoutConversions() is ILiteralOperation literal && literal.ConstantValue.HasValue && literal.ConstantValue.Value == null;

        private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
            operation.WithoutConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata RowByRowUpdate = new RuleMetadata
        {
            Id = RuleIdentifiers.RowByRowUpdate,
            Title = "Row-by-row update or delete of loaded entities (use ExecuteUpdate/ExecuteDelete)",
            MessageFormat = "This loop {0} each loaded '{1}' one by one and then saves: the rows are read, tracked and written back one statement per row; "
                + "use {2} to do it in one statement",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Entities are loaded by a proven query only to have plain scalar properties set, or to be removed, one by one in a `foreach`, "
                + "followed by `SaveChanges`. EF Core 7+ runs the same change as one `UPDATE ... WHERE` / `DELETE ... WHERE` with "
                + "`ExecuteUpdate[Async]`/`ExecuteDelete[Async]`, without loading or tracking the rows. Note that those bypass the change tracker (no "
                + "interceptors on SaveChanges, no concurrency tokens checked): the doc's fix says what to review.",
            Flags = new[]
            {
                "a `foreach`/`await foreach` over a proven query rooted at a `DbSet<T>` (directly, its awaited `ToList[Async]()`/`ToArray[Async]()`, or a "
                    + "local assigned once from it) whose body only assigns scalar properties of the loop variable from constants, parameters, captured "
                    + "locals, static properties (`DateTime.UtcNow`) or the item's own properties, or only calls `Remove(item)` on the context or the DbSet; "
                    + "with `SaveChanges[Async]` later in the same block",
                "only when the compilation's EF Core has `ExecuteUpdate`/`ExecuteDelete` (EF Core 7 or later)",
            },
            Ignores = new[]
            {
                "loop bodies with conditions, method calls, other statements, navigation assignments, or values that need C# (method calls, object creation)",
                "queries with `Select`, `Include`, `AsNoTracking` or `GroupBy` (not tracked entities of one table)",
                "bodies that both update and delete, and loops with no `SaveChanges` after them in the same block",
                "queries of unknown provenance",
            },
            Fix = "Replace the load-mutate-save sequence with `await query.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, \"archived\"))` or `await "
                + "query.ExecuteDeleteAsync()`; review what you relied on from `SaveChanges` (interceptors, concurrency tokens, owned or related entities).",
            FlaggedExample = "var stale = await db.Orders.Where(o => o.PlacedAtUtc < cutoff).ToListAsync();\n"
                + "foreach (var order in stale)\n"
                + "{\n"
                + "    order.Status = \"archived\";\n"
                + "}\n"
                + "await db.SaveChangesAsync();",
            FixedExample = "await db.Orders.Where(o => o.PlacedAtUtc < cutoff)\n"
                + "    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, \"archived\"));",
            Tags = new[] { "performance", "ef-core", "bulk" },
        };
    }

    /// <summary>
    /// PG1006: entities loaded by a proven query are updated (plain property assignments) or removed one by
    /// one in a loop, then saved: ExecuteUpdate/ExecuteDelete does it in one statement without loading them.
    /// </summary>
    public sealed class UseSetBasedUpdateInsteadOfRowByRowAnalyzer : PerfGateRule
    {
        private static readonly System.Collections.Generic.HashSet<string> Materializers =
            EfApi.Union(EfApi.ListMaterializers, "AsAsyncEnumerable", "AsEnumerable");

        public UseSetBasedUpdateInsteadOfRowByRowAnalyzer()
            : base(DataAccessRules.RowByRowUpdate)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null || !HasSetBasedOperators(rule.Types)) return; // EF Core 7+ only
            var ef = rule.Services.EfExecution!;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                if (!(operationContext.Operation is IForEachLoopOperation loop)) return; // for/while/do: no loaded entities
                if (!(loop.LoopControlVariable is IVariableDeclaratorOperation declarator)) return;
                ILocalSymbol item = declarator.Symbol;
                IOperation? query = LoadedQuery(loop.Collection, provenance);
                if (query == null || !ef.IsRootedAtDbSet(query)) return;
                foreach (IInvocationOperation step in provenance.ComposingChain(query))
                {
                    string name = step.TargetMethod.Name;
                    if (name == "Select" || name == "SelectMany" || name.StartsWith("Include", System.StringComparison.Ordinal)
                        || name == "ThenInclude" || name == "AsNoTracking" || name == "GroupBy")
                        return; // not tracked entities of one table
                }

                string? kind = ClassifyBody(loop.Body, item, provenance);
                if (kind == null || !SavedAfter(loop, provenance)) return;
                Location location = loop.Syntax is CommonForEachStatementSyntax statement
                    ? Location.Create(loop.Syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.SpanStart,
                        statement.CloseParenToken.Span.End))
                    : loop.Syntax.GetLocation();
                string entity = item.Type.Name;
                rule.Report(operationContext.ReportDiagnostic, location,
                    kind == "update" ? "updates" : "deletes", entity, kind == "update" ? "ExecuteUpdateAsync" : "ExecuteDeleteAsync");
            }, OperationKind.Loop);
        }

        private static bool HasSetBasedOperators(WellKnownTypes types)
        {
            foreach (INamedTypeSymbol? type in new[] { types.EntityFrameworkQueryableExtensions, types.RelationalQueryableExtensions })
            {
                if (type != null && !type.GetMembers("ExecuteDeleteAsync").IsEmpty) return true;
            }

            return false;
        }

        /// <summary>The proven query a foreach iterates: the query itself, its ToList[Async]() (awaited), or a local assigned once from one.</summary>
        private static IOperation? LoadedQuery(IOperation collection, EfQueryProvenance provenance)
        {
            IOperation current = collection.WithoutConversions();
            if (current is ILocalReferenceOperation local)
            {
                IOperation? single = SingleInitializer(local);
                if (single == null) return null;
                current = single;
            }

            if (current is IAwaitOperation awaited) current = awaited.Operation.WithoutConversions();
            if (current is IInvocationOperation invocation && Materializers.Contains(invocation.TargetMethod.Name))
            {
                IOperation? receiver = invocation.GetReceiver();
                return receiver != null && provenance.Classify(receiver) == QueryProvenance.Proven ? receiver : null;
            }

            return provenance.IsQueryable(current.Type) && provenance.Classify(current) == QueryProvenance.Proven ? current : null;
        }

        private static IOperation? SingleInitializer(ILocalReferenceOperation reference)
        {
            IOperation root = reference.OperationRoot();
            IOperation? value = null;
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
                    value = declarator.GetVariableInitializer()?.Value.WithoutConversions();
                else if (descendant is IAssignmentOperation assignment && assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local))
                    return null;
            }

            return value;
        }

        /// <summary>"update" when every statement assigns a scalar property of the item from values SQL can compute; "delete" when it only removes the
        /// item.</summary>
        private static string? ClassifyBody(IOperation body, ILocalSymbol item, EfQueryProvenance provenance)
        {
            bool updates = false, deletes = false;
            System.Collections.Generic.IEnumerable<IOperation> statements = body is IBlockOperation block ? block.Operations : new[] { body };
            foreach (IOperation statement in statements)
            {
                if (!(statement is IExpressionStatementOperation expression)) return null;
                switch (expression.Operation)
                {
                    case IAssignmentOperation assignment when assignment.Target is IPropertyReferenceOperation property
                        && IsItem(property.Instance, item) && IsScalar(property.Type) && IsSqlValue(assignment.Value, item):
                        updates = true;
                        break;
                    case IInvocationOperation call when call.TargetMethod.Name == "Remove" && call.Arguments.Length == 1
                        && IsItem(call.Arguments[0].Value, item)
                        && (provenance.IsDbContext(call.Instance?.Type) || (call.Instance != null && provenance.IsDbSetMethod(call.TargetMethod))):
                        deletes = true;
                        break;
                    default:
                        return null;
                }
            }

            if (updates == deletes) return null; // empty, or both
            return updates ? "update" : "delete";
        }

        private static bool IsItem(IOperation? operation, ILocalSymbol item) =>
            operation?.WithoutConversions() is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, item);

        private static bool IsScalar(ITypeSymbol? type)
        {
            if (type == null) return false;
            if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) type = named.TypeArguments[0];
            return type.IsValueType || type.SpecialType == SpecialType.System_String;
        }

        /// <summary>Constants, captured locals and parameters, static properties (<c>DateTime.UtcNow</c>), the item's own scalar properties, and operators over
        /// them.</summary>
        private static bool IsSqlValue(IOperation value, ILocalSymbol item)
        {
            foreach (IOperation node in value.DescendantsAndSelf())
            {
                switch (node)
                {
                    case ILiteralOperation _:
                    case IBinaryOperation _:
                    case IUnaryOperation _:
                    case IConversionOperation _:
                    case IParameterReferenceOperation _:
                    case IDefaultValueOperation _:
                    case IFieldReferenceOperation field when field.Field.IsStatic || field.Field.IsConst || field.Instance is IInstanceReferenceOperation:
                        break;
                    case IInstanceReferenceOperation _:
                        break;
                    case ILocalReferenceOperation local:
                        break; // the item itself or a value captured from outside the loop
                    case IPropertyReferenceOperation property when property.Property.IsStatic || IsItem(property.Instance, item)
                        || property.Instance is IInstanceReferenceOperation:
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>SaveChanges[Async] on a DbContext in a later statement of the block holding the loop.</summary>
        private static bool SavedAfter(ILoopOperation loop, EfQueryProvenance provenance)
        {
            IOperation statement = loop;
            while (statement.Parent != null && !(statement.Parent is IBlockOperation)) statement = statement.Parent;
            if (!(statement.Parent is IBlockOperation block)) return false;
            int index = block.Operations.IndexOf(statement);
            for (int i = index + 1; i < block.Operations.Length; i++)
            {
                foreach (IOperation node in block.Operations[i].DescendantsAndSelf())
                {
                    if (node is IInvocationOperation call && (call.TargetMethod.Name == "SaveChanges" || call.TargetMethod.Name == "SaveChangesAsync")
                        && provenance.IsDbContext(call.Instance?.Type))
                        return true;
                }
            }

            return false;
        }
    }
}

using System.Collections.Immutable;
using System.Linq;
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
            MessageFormat = "{0}: the rows are read and tracked only to be written back one statement per row; use {1} to do it in one statement",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "2 of 27 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were rows that are few by construction (a role's "
                + "permissions, one user's sessions), one-off admin clean-ups, and deletes whose entities carry cascades or hooks the application "
                + "relies on. So it is a note by default: raise it with `rules: { PG1006: warning }` where it fits your code.",
            Description = "Entities are loaded by a proven query only to have plain scalar properties set, or to be removed, one by one in a `foreach`, "
                + "followed by `SaveChanges`; or one entity is loaded only to be removed (`FirstOrDefault` + null check + `Remove` + `SaveChanges`); or "
                + "`RemoveRange` is handed a query, which loads every row to delete it. EF Core 7+ runs the same change as one `UPDATE ... WHERE` / "
                + "`DELETE ... WHERE` with `ExecuteUpdate[Async]`/`ExecuteDelete[Async]`, without loading or tracking the rows. Those bypass the change "
                + "tracker (no interceptors on SaveChanges, no concurrency tokens checked), so the rule stays silent where the application hooks "
                + "SaveChanges for that kind of change (an override, an interceptor) or the entity looks soft-deleted.",
            Flags = new[]
            {
                "a `foreach`/`await foreach` over a proven query rooted at a `DbSet<T>` (directly, its awaited `ToList[Async]()`/`ToArray[Async]()`, or a "
                    + "local assigned once from it) whose body only assigns scalar properties of the loop variable from constants, parameters, captured "
                    + "locals, static properties (`DateTime.UtcNow`) or the item's own properties, or only calls `Remove(item)` on the context or the DbSet; "
                    + "with `SaveChanges[Async]` later in the same block",
                "a single entity loaded by `First*`/`Single*`/`Last*` (with or without `OrDefault`, `Async`) or `Find[Async]` on a proven query rooted at a "
                    + "`DbSet<T>`, whose only uses are null checks and `Remove(entity)` on the context or the DbSet, with `SaveChanges[Async]` after the "
                    + "`Remove`: reported on the load (`ExecuteDeleteAsync` on the same filter)",
                "`RemoveRange(query)` on the context or a DbSet, where the argument is a proven query rooted at a `DbSet<T>` (or a local holding one, or "
                    + "its `ToList[Async]()`), with `SaveChanges[Async]` after it",
                "only when the compilation's EF Core has `ExecuteUpdate`/`ExecuteDelete` (EF Core 7 or later)",
            },
            Ignores = new[]
            {
                "loop bodies with conditions, method calls, other statements, navigation assignments, or values that need C# (method calls, object creation)",
                "queries with `Select`, `Include`, `AsNoTracking` or `GroupBy` (not tracked entities of one table)",
                "bodies that both update and delete, and loops with no `SaveChanges` after them in the same block",
                "loads whose entity is read, returned, logged or passed anywhere besides the null check and the `Remove`",
                "updates in compilations that override `SaveChanges`/`SaveChangesAsync` or declare a save-changes interceptor, deletes where such a hook "
                    + "mentions `Deleted` (soft delete, deletion audit), both where `AddInterceptors` registers a package's save-changes interceptor, and "
                    + "entities with a soft-delete flag (`IsDeleted`, `Deleted`, `DeletedAt`...): set-based operations would bypass that logic",
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
            Compilation compilation = rule.Compilation;
            var hooks = new System.Lazy<SaveChangesHooks>(
                () => SaveChangesHooks.Find(compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            // A block action: the finding sits on the load, another statement than the Remove (an operation action's report is kept to its
            // own span in the IDE's file-scoped analysis).
            rule.Start.RegisterOperationBlockAction(blockContext =>
            {
                foreach (IOperation block in blockContext.OperationBlocks)
                {
                    foreach (IOperation node in block.Descendants())
                    {
                        if (!(node is IInvocationOperation remove) || !IsUnitOfWork(remove, provenance, "Remove", "RemoveRange")
                            || remove.Arguments.Length != 1 || ef.IsInsideExpressionTree(remove))
                            continue;
                        IOperation argument = remove.Arguments[0].Value.WithoutConversions();
                        if (argument is IArrayCreationOperation) continue; // RemoveRange(a, b): params entities
                        (IInvocationOperation? Load, INamedTypeSymbol? Entity, string Text)? finding = remove.TargetMethod.Name == "Remove"
                            ? LoadedOnlyToDelete(argument, remove, ef)
                            : QueryHandedToRemoveRange(argument, remove, ef);
                        if (finding == null || !SavedLater(remove, provenance) || hooks.Value.OnDelete || IsSoftDeleted(finding.Value.Entity!)) continue;
                        IInvocationOperation at = finding.Value.Load ?? remove;
                        rule.Report(blockContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(at.Syntax), finding.Value.Text, "ExecuteDeleteAsync");
                    }
                }
            });

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
                if ((kind == "update" ? hooks.Value.OnUpdate : hooks.Value.OnDelete) || IsSoftDeleted(item.Type as INamedTypeSymbol)) return;
                Location location = loop.Syntax is CommonForEachStatementSyntax statement
                    ? Location.Create(loop.Syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.SpanStart,
                        statement.CloseParenToken.Span.End))
                    : loop.Syntax.GetLocation();
                string entity = item.Type.Name;
                rule.Report(operationContext.ReportDiagnostic, location,
                    "This loop " + (kind == "update" ? "updates" : "deletes") + " each loaded '" + entity + "' one by one and then saves",
                    kind == "update" ? "ExecuteUpdateAsync" : "ExecuteDeleteAsync");
            }, OperationKind.Loop);
        }

        private static bool IsUnitOfWork(IInvocationOperation call, EfQueryProvenance provenance, params string[] names) =>
            System.Array.IndexOf(names, call.TargetMethod.Name) >= 0
            && (provenance.IsDbContext(call.Instance?.Type) || (call.Instance != null && provenance.IsDbSetMethod(call.TargetMethod)));

        /// <summary>
        /// <c>var key = await db.ApiKeys.FirstOrDefaultAsync(k =&gt; k.Token == token); if (key is null) return; db.Remove(key);</c>: the local
        /// is loaded by one single-row load of a proven DbSet query, and used only in null checks and this <c>Remove</c>.
        /// </summary>
        private static (IInvocationOperation?, INamedTypeSymbol?, string)? LoadedOnlyToDelete(IOperation argument, IInvocationOperation remove, EfExecution ef)
        {
            if (!(argument is ILocalReferenceOperation local) || local.Local.IsRef) return null;
            IOperation? value = local.SingleAssignment()?.WithoutConversions();
            while (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
            // ConfigureAwait(false) around the load.
            if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance != null)
                value = configured.Instance.WithoutConversions();
            if (!(value is IInvocationOperation load)) return null;
            string name = load.TargetMethod.Name;
            INamedTypeSymbol? entity;
            if (name == "Find" || name == "FindAsync")
            {
                if (load.Instance == null || !ef.Provenance.IsDbSetMethod(load.TargetMethod) || ef.Provenance.Classify(load.Instance) != QueryProvenance.Proven)
                    return null;
                entity = QueryElement.Of(load.Instance.Type);
            }
            else
            {
                if (!EfApi.SingleRowLoaders.Contains(name)) return null;
                IOperation? query = ef.ExecutedQuery(load);
                if (query == null || !ef.IsRootedAtDbSet(query)) return null;
                foreach (IInvocationOperation step in ef.Provenance.ComposingChain(query))
                {
                    if (step.TargetMethod.Name != "Where"
                        && step.TargetMethod.Name != "AsQueryable") return null; // Include, Select, ...: not one row of one table
                }

                entity = QueryElement.Of(query.WithoutConversions().Type);
            }

            if (entity == null) return null;
            foreach (IOperation node in remove.OperationRoot().Descendants())
            {
                if (!(node is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, local.Local)) continue;
                if (ReferenceEquals(reference, argument)) continue;
                if (reference.Parent is IVariableDeclaratorOperation) continue;
                if (!IsNullCheck(reference)) return null;
            }

            return (load, entity, "'" + name + "' loads a '" + entity.Name + "' only to remove it and save");
        }

        private static bool IsNullCheck(IOperation reference)
        {
            IOperation use = reference;
            while (use.Parent is IConversionOperation) use = use.Parent;
            return use.Parent switch
            {
                IIsPatternOperation pattern => pattern.Pattern is IConstantPatternOperation { Value: { ConstantValue: { HasValue: true, Value: null } } }
                    || pattern.Pattern is INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: { ConstantValue: { HasValue: true,
                        Value: null } } } },
                IBinaryOperation binary => (binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals)
                    && (IsNull(binary.LeftOperand) || IsNull(binary.RightOperand)),
                _ => false,
            };
        }

        private static bool IsNull(IOperation operation) =>
            operation.WithoutConversions().ConstantValue is { HasValue: true, Value: null };

        /// <summary><c>db.RemoveRange(db.Logs.Where(...))</c>, through a local holding the query or its <c>ToList[Async]()</c>.</summary>
        private static (IInvocationOperation?, INamedTypeSymbol?, string)? QueryHandedToRemoveRange(IOperation argument, IInvocationOperation remove,
            EfExecution ef)
        {
            IOperation value = argument;
            if (value is ILocalReferenceOperation local)
            {
                IOperation? single = local.SingleAssignment();
                if (single == null) return null;
                value = single.WithoutConversions();
            }

            while (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
            if (value is IInvocationOperation materialized && EfApi.ListMaterializers.Contains(materialized.TargetMethod.Name))
            {
                IOperation? executed = ef.ExecutedQuery(materialized);
                if (executed == null) return null;
                value = executed;
            }

            if (ef.Provenance.Classify(value) != QueryProvenance.Proven || !ef.IsRootedAtDbSet(value)) return null;
            foreach (IInvocationOperation step in ef.Provenance.ComposingChain(value))
            {
                string name = step.TargetMethod.Name;
                if (name == "Select" || name == "SelectMany" || name == "GroupBy" || name.StartsWith("Include", System.StringComparison.Ordinal)
                    || name == "ThenInclude" || name.StartsWith("AsNoTracking", System.StringComparison.Ordinal) || name == "Take" || name == "Skip")
                    return null; // not every tracked row of one filter
            }

            INamedTypeSymbol? entity = QueryElement.Of(value.WithoutConversions().Type);
            return entity == null ? null
                : ((IInvocationOperation?)null, entity, "'RemoveRange' loads every '" + entity.Name + "' the query matches to delete them one by one");
        }

        /// <summary>SaveChanges[Async] on a DbContext written after <paramref name="call"/> in the same method.</summary>
        private static bool SavedLater(IOperation call, EfQueryProvenance provenance)
        {
            int position = call.Syntax.Span.End;
            foreach (IOperation node in call.OperationRoot().Descendants())
            {
                if (node is IInvocationOperation save && EfApi.IsSaveChanges(save.TargetMethod.Name) && provenance.IsDbContext(save.Instance?.Type)
                    && save.Syntax.SpanStart > position)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// What the application does inside SaveChanges that a set-based operation would bypass: any <c>SaveChanges</c> override or
        /// save-changes interceptor may act on modified entries (concurrency tokens, audit columns); only those that mention
        /// <c>Deleted</c> (soft delete, deletion audit) act on removals. Interceptors of packages are unknown: both.
        /// </summary>
        private sealed class SaveChangesHooks
        {
            public bool OnUpdate { get; private set; }

            public bool OnDelete { get; private set; }

            public static SaveChangesHooks Find(Compilation compilation)
            {
                var hooks = new SaveChangesHooks();
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    string text = TreeText.Of(tree);
                    bool overrides = text.Contains("SaveChanges"), intercepts = text.Contains("SaveChangesInterceptor"),
                        adds = text.Contains("AddInterceptors");
                    if (!overrides && !intercepts && !adds) continue;
                    SemanticModel? model = null;
                    foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                    {
                        switch (node)
                        {
                            case MethodDeclarationSyntax method when (method.Identifier.ValueText == "SaveChanges"
                                || method.Identifier.ValueText == "SaveChangesAsync")
                                && method.Modifiers.Any(m => m.ValueText == "override"):
                                hooks.Add(method.ToString());
                                break;
                            case ClassDeclarationSyntax type when intercepts && type.BaseList != null
                                && type.BaseList.Types.Any(t => t.ToString().Contains("SaveChangesInterceptor")):
                                hooks.Add(type.ToString());
                                break;
                            case InvocationExpressionSyntax call when adds
                                && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddInterceptors" }:
#pragma warning disable RS1030 // One bind per AddInterceptors call, found by a syntactic scan; inside the compiler the cached model is returned.
                                model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                                foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                                {
                                    ITypeSymbol? type = model.GetTypeInfo(argument.Expression).Type;
                                    // An unresolved type (a scan without the package): judged by its name.
                                    if (type == null || type.TypeKind == TypeKind.Error)
                                    {
                                        string name = type?.Name ?? argument.Expression.ToString();
                                        if (name.Contains("SaveChanges") || name.Contains("Audit") || name.Contains("Delete")) hooks.Add("Deleted");
                                    }
                                    else if (type.AllInterfaces.Any(i => i.Name == "ISaveChangesInterceptor") && type.DeclaringSyntaxReferences.IsEmpty)
                                        hooks.Add("Deleted"); // a package's interceptor: unknown
                                }

                                break;
                        }
                    }
                }

                return hooks;
            }

            private void Add(string body)
            {
                OnUpdate = true;
                if (body.Contains("Deleted")) OnDelete = true;
            }
        }

        /// <summary>A soft-delete flag on the entity: its removal may be turned into an update by the application.</summary>
        private static bool IsSoftDeleted(INamedTypeSymbol? entity)
        {
            for (INamedTypeSymbol? type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IPropertySymbol property && (property.Name == "IsDeleted" || property.Name == "Deleted" || property.Name == "SoftDeleted"
                        || property.Name.StartsWith("DeletedAt", System.StringComparison.Ordinal)
                            || property.Name.StartsWith("DeletedOn", System.StringComparison.Ordinal)
                        || property.Name == "DeletedDate"))
                        return true;
                }
            }

            return false;
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

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
        public static readonly RuleMetadata MissingAsNoTracking = new RuleMetadata
        {
            Id = RuleIdentifiers.MissingAsNoTracking,
            Title = "Read-only query without AsNoTracking",
            MessageFormat = "'{0}' loads tracked '{1}' entities that this method only reads: add AsNoTracking() so EF Core skips the change tracker",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "high",
            Description = "A tracking query makes EF Core snapshot every loaded entity for change detection and identity resolution: CPU and memory for "
                + "nothing when the entities are only read. Reported only when every use of the result is proven to read: in the method, and through the "
                + "methods and constructors it hands the entities to (a mapper, a DTO constructor, an injected mapping service whose every implementation "
                + "only reads), AutoMapper's `Map` or a JSON serializer; and the method does no unit-of-work operation on any context (no `SaveChanges`, "
                + "`Add`, `Update`, `Attach`, `Remove`, `Entry`). Queries through generic repositories whose every implementation returns the context's "
                + "DbSet count as DbSet queries. Default level note: the saving grows with row count, and some teams rely on tracking for identity "
                + "resolution.",
            Flags = new[]
            {
                "the whole result of a proven query rooted at a `DbSet<T>` (directly, through a generic repository's `Query()`, or through locals that "
                    + "compose it) with no `AsNoTracking*`/`AsTracking`, no `SelectMany`/`GroupBy`/`Join`/`Cast`/`OfType`/`FromSql*`, and no `Select` "
                    + "other than an anonymous object holding the entity itself (EF Core tracks it there): loaded by `ToList[Async]`, `ToArray[Async]`, "
                    + "`ToHashSet[Async]`, `ToDictionary[Async]`, `AsAsyncEnumerable`, LINQ to objects applied to the query (`ToImmutableList`, "
                    + "`AsEnumerable().Select(Map)`), or a `foreach` over the query",
                "when every use of the entities reads: member reads, null checks, comparisons, string interpolation, `foreach`, LINQ to objects whose "
                    + "lambdas and method groups only read, arguments of methods and constructors whose parameter is only read (followed up to four calls "
                    + "deep, through every implementation of an interface), `ArgumentNullException.ThrowIfNull` and `nameof`, AutoMapper `Map` (as the source), "
                    + "`JsonSerializer.Serialize`, `Ok`/`Json`/`View` results, the value of a cache entry's factory (`GetOrCreate*`, `GetOrAdd`), or the response of a request handler",
                "entities (or their navigations) kept by a member of a DTO or view model when the query reads a context the method creates and "
                    + "disposes (`using var db = factory.CreateDbContext()`, `await using`, `using (var db = new AppDbContext(...))`) and uses only to reach "
                    + "its sets: nothing can save them through that context after the method",
                "only in methods (and their lambdas) with no `SaveChanges`/`Add`/`AddRange`/`Update`/`Attach`/`Remove`/`Entry` call on a `DbContext` or "
                    + "`DbSet`",
            },
            Ignores = new[]
            {
                "results returned from methods that are not request handlers, stored in fields, passed to methods of other assemblies (other than the "
                    + "readers above), to delegates, or to a method one of whose implementations writes, stores or returns the entity (the caller may modify "
                    + "and save it)",
                "property writes on the entities, `++`/`--`, `ref`/`out` passing, and calls of the entity's own methods",
                "projections (`Select`) to anything that does not hold the entity itself: EF Core does not track non-entity results",
                "projects that set `UseQueryTrackingBehavior(...)`, or `QueryTrackingBehavior =` inside a context, on a field or on a context that is "
                    + "returned, stored or wrapped (tracking is decided globally); methods that set it on their own context",
                "entities returned by a method of a context it creates and disposes (a repository's `GetAll`): the callers decide how many rows that is "
                    + "and how often; the owned-context proof when lazy loading may be on (`UseLazyLoadingProxies()`, or entities taking an `ILazyLoader`): navigations "
                    + "load through the tracking context, so every use must still be proven to read",
                "single-entity loads (`First*`, `Single*`, `Find[Async]`) and aggregates: tracking one entity costs next to nothing",
                "queries of unknown provenance (a repository with an implementation that is not EF Core, or none in the compilation)",
            },
            Fix = "Add `.AsNoTracking()` to the query (or `AsNoTrackingWithIdentityResolution()` when the same entity appears many times through "
                + "navigations); or project the columns you need with `Select`. A code fix (PerfGate.CodeFixes: IDE, `dotnet format analyzers --diagnostics "
                + "PG1009`) does it automatically: it inserts `.AsNoTracking()` right after the `DbSet` root of the query chain (the rule only reports "
                + "queries whose entities are only read, so the method observes the same values).",
            FlaggedExample = "public async Task<IActionResult> List() =>\n"
                + "    Ok(await _db.Products.Where(p => p.Visible).ToListAsync());",
            FixedExample = "public async Task<IActionResult> List() =>\n"
                + "    Ok(await _db.Products.AsNoTracking().Where(p => p.Visible).ToListAsync());",
            Tags = new[] { "performance", "ef-core", "tracking" },
        };
    }

    /// <summary>
    /// PG1009: entities loaded by a tracking query that the method only reads (every use visible, no save,
    /// no attach/update/remove): <c>AsNoTracking()</c> skips the change tracker's snapshots.
    /// </summary>
    public sealed class UseNoTrackingForReadOnlyQueryAnalyzer : PerfGateRule
    {
        public UseNoTrackingForReadOnlyQueryAnalyzer()
            : base(DataAccessRules.MissingAsNoTracking)
        {
        }

        /// <summary>EF's own materializers of whole results (the entities end up in the returned collection).</summary>
        private static readonly System.Collections.Generic.HashSet<string> EfMaterializers = EfApi.Set(
            "ToListAsync", "ToArrayAsync", "ToHashSetAsync", "ToDictionaryAsync", "AsAsyncEnumerable");

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            RequestPaths requests = rule.Services.RequestPaths;
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            var globalNoTracking = new System.Lazy<bool>(() =>
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    string text = TreeText.Of(tree);
                    if (text.Contains("UseQueryTrackingBehavior")) return true;
                    if (text.Contains("QueryTrackingBehavior =") && SetsTrackingBeyondOneMethod(compilation, tree)) return true;
                }

                return false;
            }, LazyThreadSafetyMode.ExecutionAndPublication);

            // The lazy-loading model, unless proxies or lazy loaders may be on: they read navigations through the tracking context.
            var lazyLoading = new System.Lazy<EfLazyLoadingModel?>(() =>
            {
                EfLazyLoadingModel model = EfLazyLoadingModel.For(compilation, provenance);
                return model.MayHaveProxiesOrLoaders ? null : model;
            }, LazyThreadSafetyMode.ExecutionAndPublication);

            rule.Start.RegisterOperationBlockAction(blockContext =>
            {
                if (!(blockContext.OwningSymbol is IMethodSymbol owner)) return;
                var candidates = new List<(IOperation Query, IOperation Loaded, Location Location, string What)>();
                foreach (IOperation block in blockContext.OperationBlocks)
                {
                    foreach (IOperation node in block.DescendantsAndSelf())
                    {
                        if (node is IInvocationOperation invocation)
                        {
                            if (provenance.IsUnitOfWorkCall(invocation)) return; // a unit of work
                            if (Execution(invocation, provenance, enumerable) is (IOperation query, IOperation loaded))
                                candidates.Add((query, loaded, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name));
                        }
                        else if (node is IForEachLoopOperation loop && provenance.Classify(loop.Collection) == QueryProvenance.Proven)
                        {
                            // foreach over the query itself: the loop runs it and tracks every row.
                            candidates.Add((loop.Collection, loop.Collection, loop.Collection.WithoutConversions().Syntax.GetLocation(), "foreach"));
                        }
                    }
                }

                if (candidates.Count == 0) return;
                // The method sets its own context's tracking behaviour (ctx.ChangeTracker.QueryTrackingBehavior = ...): it decided.
                if (owner.DeclaringSyntaxReferences.Any(r => r.GetSyntax().ToString().Contains("QueryTrackingBehavior"))) return;
                EntityReadFlow flow = EntityReadFlow.For(compilation, provenance);
                bool isHandler = requests.IsHandler(owner);
                foreach ((IOperation query, IOperation loaded, Location location, string what) in candidates)
                {
                    if (ef.IsInsideExpressionTree(query)) continue;
                    List<IInvocationOperation>? chain = ef.WholeDbSetChain(query);
                    if (chain == null || !IsEntityQuery(query, chain, out ITypeSymbol? entity)) continue;
                    bool ownedContext = lazyLoading.Value is EfLazyLoadingModel noProxies && !(entity is INamedTypeSymbol named && noProxies.HasLazyLoaderConstructor(named))
                        && ReadsThroughOwnedContext(query, provenance);
                    if (!flow.IsOnlyRead(loaded, entity!, owner, isHandler, detached: ownedContext)) continue;
                    if (globalNoTracking.Value) return;
                    rule.Report(blockContext.ReportDiagnostic, location, what, entity!.Name);
                }
            });
        }

        /// <summary>
        /// A call that loads the whole result of a proven query: EF's <c>ToListAsync</c>-style materializers (the loaded value is the
        /// call's result), or LINQ to objects applied to the query itself that returns a collection (<c>ToList</c>, <c>ToImmutableArray</c>,
        /// <c>AsEnumerable().Select(Map)</c>: the loaded value is the query, which the operator enumerates). Single rows and aggregates are not.
        /// </summary>
        private static (IOperation Query, IOperation Loaded)? Execution(IInvocationOperation invocation, EfQueryProvenance provenance,
            INamedTypeSymbol? enumerable)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (!method.IsExtensionMethod || provenance.IsComposingOperator(method)) return null;
            IOperation? receiver = invocation.GetReceiver();
            if (receiver == null) return null;
            // The query itself, or its AsEnumerable() (typed IEnumerable, still the un-run query).
            if (!provenance.IsQueryable(receiver.WithoutConversions().Type)
                && !(receiver.WithoutConversions() is IInvocationOperation { TargetMethod.Name: "AsEnumerable" } asEnumerable
                    && provenance.IsComposingOperator(asEnumerable.TargetMethod)))
                return null;
            bool efMaterializer = EfMaterializers.Contains(method.Name)
                && method.ContainingType.Name == "EntityFrameworkQueryableExtensions";
            bool linqToObjects = method.ContainingType.IsType(enumerable)
                || method.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Collections.Immutable";
            if (!efMaterializer && !(linqToObjects && IsCollection(invocation.Type))) return null;
            if (provenance.Classify(receiver) != QueryProvenance.Proven) return null;
            return efMaterializer ? (receiver, invocation) : (receiver, receiver);
        }

        /// <summary>
        /// An assignment <c>… .QueryTrackingBehavior = …</c> in the tree decides tracking for contexts beyond one method: inside a context
        /// (<c>ChangeTracker.QueryTrackingBehavior</c> in its constructor), on a field or parameter, or on a local context that the method
        /// returns, stores or wraps. A local the method creates (<c>CreateDbContext[Async]</c>, <c>new</c>) and keeps (a backup job's own context)
        /// decides for that instance only; the method's own queries stay silent (the caller checks).
        /// </summary>
        private static bool SetsTrackingBeyondOneMethod(Compilation compilation, SyntaxTree tree)
        {
#pragma warning disable RS1030 // Only trees that assign QueryTrackingBehavior, once per compilation; the compiler's cached model is returned.
            SemanticModel model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            foreach (var assignment in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax>())
            {
                if (!(assignment.Left is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax target)
                    || target.Name.Identifier.ValueText != "QueryTrackingBehavior") continue;
                if (!(target.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax changeTracker)
                    || !(changeTracker.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax receiver)
                    || !(model.GetSymbolInfo(receiver).Symbol is ILocalSymbol local)
                    || !(model.GetOperation(assignment)?.OperationRoot() is IOperation root)
                    || !OnlyThisMethodHolds(local, root))
                    return true;
            }

            return false;
        }

        /// <summary>The local is created here (<c>CreateDbContext[Async]</c>, <c>new</c>) and never returned, stored or wrapped.</summary>
        private static bool OnlyThisMethodHolds(ILocalSymbol local, IOperation root)
        {
            bool created = false;
            foreach (IOperation node in root.Descendants())
            {
                if (node is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    IOperation? value = declarator.GetVariableInitializer()?.Value.WithoutConversions();
                    while (value is IAwaitOperation || value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
                        value = (value is IAwaitOperation awaited ? awaited.Operation : ((IInvocationOperation)value).Instance!).WithoutConversions();
                    created = value is IObjectCreationOperation
                        || value is IInvocationOperation { TargetMethod.Name: "CreateDbContext" or "CreateDbContextAsync" };
                }

                if (!(node is ILocalReferenceOperation use) || !SymbolEqualityComparer.Default.Equals(use.Local, local)) continue;
                IOperation? parent = use.Parent;
                while (parent is IConversionOperation) parent = parent.Parent;
                if (parent is IReturnOperation || parent is ISimpleAssignmentOperation assigned && !ReferenceEquals(assigned.Target, use)
                    || parent is IArgumentOperation { Parent: IObjectCreationOperation } || parent is IVariableInitializerOperation)
                    return false;
            }

            return created;
        }

        /// <summary>
        /// The query reads a set of a context this method creates and disposes (<c>using var db = factory.CreateDbContext();</c>, <c>await using</c>,
        /// <c>new ShopContext(...)</c>) and uses only to reach its sets, in a method that does no unit of work (the caller checked): nothing can
        /// save the entities through that context after the method, so the read proof may let them be kept by a DTO's member. Not with lazy
        /// loading, which reads navigations through the tracking context.
        /// </summary>
        private static bool ReadsThroughOwnedContext(IOperation query, EfQueryProvenance provenance)
        {
            IOperation current = query.WithoutConversions();
            while (current is IInvocationOperation invocation && provenance.IsComposingOperator(invocation.TargetMethod))
                current = invocation.GetReceiver()?.WithoutConversions() ?? current;
            IOperation? context = current switch
            {
                IPropertyReferenceOperation set => set.Instance,
                IInvocationOperation { TargetMethod.Name: "Set" } set => set.Instance,
                _ => null,
            };
            if (!(context?.WithoutConversions() is ILocalReferenceOperation local) || !provenance.IsDbContext(local.Type)) return false;
            if (!IsCreatedAndDisposedHere(local)) return false;
            foreach (IOperation node in local.OperationRoot().Descendants())
            {
                if (!(node is ILocalReferenceOperation use) || !SymbolEqualityComparer.Default.Equals(use.Local, local.Local)) continue;
                IOperation? parent = use.Parent;
                // db.Orders, db.Set<T>(): reaching a set. Anything else (passed on, stored, returned, db.Entry) may let others save.
                bool reachesSet = parent is IPropertyReferenceOperation property && ReferenceEquals(property.Instance, use)
                        && property.Type is INamedTypeSymbol { Name: "DbSet" }
                    || parent is IInvocationOperation call && ReferenceEquals(call.Instance, use) && call.TargetMethod.Name == "Set";
                if (!reachesSet) return false;
            }

            return true;
        }

        /// <summary>Declared by a <c>using</c> (declaration or statement) from <c>CreateDbContext[Async]()</c> or <c>new</c>.</summary>
        private static bool IsCreatedAndDisposedHere(ILocalReferenceOperation local)
        {
            foreach (IOperation node in local.OperationRoot().Descendants())
            {
                if (!(node is IVariableDeclaratorOperation declarator) || !SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)) continue;
                IOperation? value = declarator.GetVariableInitializer()?.Value.WithoutConversions();
                if (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
                bool created = value is IObjectCreationOperation
                    || value is IInvocationOperation { TargetMethod.Name: "CreateDbContext" or "CreateDbContextAsync" };
                IOperation? group = declarator.Parent?.Parent; // declarator -> declaration -> group -> using
                bool disposed = group?.Parent is IUsingDeclarationOperation || group?.Parent is IUsingOperation;
                return created && disposed;
            }

            return false;
        }

        private static bool IsCollection(ITypeSymbol? type) =>
            type != null && type.SpecialType != SpecialType.System_String
            && (type is IArrayTypeSymbol || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)
                || type.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);

        /// <summary>
        /// The chain selects whole entities of the root DbSet (no projection, no tracking decision written), or projects them into an
        /// anonymous object that holds the entity itself (<c>Select(e =&gt; new { chapter = e, path = e.Item.Path })</c>: EF Core tracks
        /// entities wherever they appear in the result).
        /// </summary>
        private static bool IsEntityQuery(IOperation query, List<IInvocationOperation> chain, out ITypeSymbol? entity)
        {
            entity = null;
            ITypeSymbol? carried = null;
            foreach (IInvocationOperation step in chain)
            {
                string name = step.TargetMethod.Name;
                if (name == "Select" && carried == null && ProjectedEntity(step) is ITypeSymbol projected)
                {
                    carried = projected;
                    continue;
                }

                if (name.StartsWith("AsNoTracking", System.StringComparison.Ordinal) || name == "AsTracking"
                    || name == "Select" || name == "SelectMany" || name == "GroupBy" || name == "Join" || name == "GroupJoin"
                    || name == "Cast" || name == "OfType" || name.StartsWith("FromSql", System.StringComparison.Ordinal))
                    return false;
            }

            entity = carried ?? QueryElement.Of(query.WithoutConversions().Type);
            return entity != null && entity.TypeKind == TypeKind.Class;
        }

        /// <summary>The entity an anonymous projection carries whole (a member initialized with the lambda's parameter itself); null otherwise.</summary>
        private static ITypeSymbol? ProjectedEntity(IInvocationOperation select)
        {
            foreach (IArgumentOperation argument in select.Arguments)
            {
                if (argument.Parameter?.Ordinal != 1) continue;
                IOperation value = argument.Value.WithoutConversions();
                if (value is IDelegateCreationOperation creation) value = creation.Target;
                if (!(value is IAnonymousFunctionOperation lambda) || lambda.Symbol.Parameters.Length != 1) return null;
                if (!(lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: IOperation returned })) return null;
                if (!(returned.WithoutConversions() is IAnonymousObjectCreationOperation anonymous)) return null;
                foreach (IOperation initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation assignment && assignment.Value.WithoutConversions() is IParameterReferenceOperation parameter
                        && SymbolEqualityComparer.Default.Equals(parameter.Parameter, lambda.Symbol.Parameters[0]))
                        return parameter.Parameter.Type;
                }
            }

            return null;
        }
    }
}

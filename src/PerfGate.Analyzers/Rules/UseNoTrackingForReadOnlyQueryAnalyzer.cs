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
        public static readonly RuleMetadata MissingAsNoTracking = new RuleMetadata
        {
            Id = RuleIdentifiers.MissingAsNoTracking,
            Title = "Read-only query without AsNoTracking",
            MessageFormat = "'{0}' loads tracked '{1}' entities that this method only reads: add AsNoTracking() so EF Core skips the change tracker",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "high",
            Description = "A tracking query makes EF Core snapshot every loaded entity for change detection and identity resolution: CPU and memory for "
                + "nothing when the entities are only read. Reported only when every use of the result is visible in the method and is a read, and the method "
                + "does no unit-of-work operation on any context (no `SaveChanges`, `Add`, `Update`, `Attach`, `Remove`, `Entry`). Default level note: the "
                + "saving grows with row count, and some teams rely on tracking for identity resolution.",
            Flags = new[]
            {
                "`ToList[Async]`, `ToArray[Async]` on a proven query rooted at a `DbSet<T>` with no `AsNoTracking*`/`AsTracking`, no "
                    + "`Select`/`SelectMany`/`GroupBy`/`Join`/`Cast`/`OfType`/`FromSql*` (whole entities are tracked), whose result is: stored in a local "
                    + "used only for member reads, `foreach` (the loop variable likewise), null checks and comparisons, string interpolation, LINQ-to-objects "
                    + "calls that project to something other than the entities with lambdas that only read, or `Ok`/`Json`/`View` results; passed directly to "
                    + "such a result helper; or returned from a request handler (serialized)",
                "only in methods (and their lambdas) with no `SaveChanges`/`Add`/`AddRange`/`Update`/`Attach`/`Remove`/`Entry` call on a `DbContext` or "
                    + "`DbSet`",
            },
            Ignores = new[]
            {
                "results returned from methods that are not request handlers, passed to other methods, stored in fields, or whose entities or navigations "
                    + "flow anywhere the rule cannot see (the caller may modify and save them)",
                "property writes on the entities, `++`/`--`, `ref`/`out` passing",
                "projections (`Select`): EF Core does not track non-entity results",
                "projects that set `UseQueryTrackingBehavior(...)` or `QueryTrackingBehavior =` anywhere (tracking is decided globally)",
                "single-entity loads (`First*`, `Single*`, `Find[Async]`): tracking one entity costs next to nothing",
                "queries of unknown provenance",
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

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            RequestPaths requests = rule.Services.RequestPaths;
            Compilation compilation = rule.Compilation;
            var globalNoTracking = new System.Lazy<bool>(() =>
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    string text = tree.GetText().ToString();
                    if (text.Contains("UseQueryTrackingBehavior") || text.Contains("QueryTrackingBehavior =")) return true;
                }

                return false;
            }, LazyThreadSafetyMode.ExecutionAndPublication);

            rule.Start.RegisterOperationBlockAction(blockContext =>
            {
                if (!(blockContext.OwningSymbol is IMethodSymbol owner)) return;
                var candidates = new List<IInvocationOperation>();
                foreach (IOperation block in blockContext.OperationBlocks)
                {
                    foreach (IOperation node in block.DescendantsAndSelf())
                    {
                        if (!(node is IInvocationOperation invocation)) continue;
                        if (provenance.IsUnitOfWorkCall(invocation)) return; // a unit of work
                        // Collections only: tracking one entity costs next to nothing (the OSS trial's single-entity findings were all of that kind).
                        if (EfApi.ListMaterializers.Contains(invocation.TargetMethod.Name)) candidates.Add(invocation);
                    }
                }

                foreach (IInvocationOperation invocation in candidates)
                {
                    IOperation? query = ef.ExecutedQuery(invocation);
                    if (query == null || !ef.IsRootedAtDbSet(query) || ef.IsInsideExpressionTree(invocation)) continue;
                    if (!IsEntityQuery(query, provenance, out ITypeSymbol? entity)) continue;
                    if (!IsOnlyRead(invocation, owner, requests, enumerable)) continue;
                    if (globalNoTracking.Value) return;
                    rule.Report(blockContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax),
                        invocation.TargetMethod.Name, entity!.Name);
                }
            });
        }

        /// <summary>The chain selects whole entities of the root DbSet (no projection, no tracking decision written).</summary>
        private static bool IsEntityQuery(IOperation query, EfQueryProvenance provenance, out ITypeSymbol? entity)
        {
            entity = null;
            foreach (IInvocationOperation step in provenance.ComposingChain(query))
            {
                string name = step.TargetMethod.Name;
                if (name.StartsWith("AsNoTracking", System.StringComparison.Ordinal) || name == "AsTracking"
                    || name == "Select" || name == "SelectMany" || name == "GroupBy" || name == "Join" || name == "GroupJoin"
                    || name == "Cast" || name == "OfType" || name.StartsWith("FromSql", System.StringComparison.Ordinal))
                    return false;
            }

            if (query.WithoutConversions().Type is INamedTypeSymbol type && type.TypeArguments.Length == 1)
            {
                entity = type.TypeArguments[0];
                return entity.TypeKind == TypeKind.Class;
            }

            return false;
        }

        /// <summary>
        /// Every use of the loaded value is visible and reads: assigned to a local used only for member reads,
        /// foreach, LINQ-to-objects calls and ASP.NET result helpers; or returned from a request handler.
        /// </summary>
        private static bool IsOnlyRead(IInvocationOperation load, IMethodSymbol owner, RequestPaths requests, INamedTypeSymbol? enumerable)
        {
            IOperation current = load;
            while (current.Parent is IConversionOperation || current.Parent is IAwaitOperation) current = current.Parent;
            switch (current.Parent)
            {
                case IReturnOperation _:
                    return requests.IsHandler(owner) && !HasLambdaBetween(load, owner);
                case IArgumentOperation argument when argument.Parent is IInvocationOperation helper && IsResultHelper(helper.TargetMethod):
                    return true;
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    return LocalIsOnlyRead(declarator.Symbol, declarator, owner, requests, enumerable);
                default:
                    return false;
            }
        }

        private static bool HasLambdaBetween(IOperation operation, IMethodSymbol owner)
        {
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation) return true;
            }

            return false;
        }

        private static bool LocalIsOnlyRead(ILocalSymbol local, IOperation anchor, IMethodSymbol owner, RequestPaths requests, INamedTypeSymbol? enumerable)
        {
            IOperation root = anchor.OperationRoot();
            var readOnlyLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default) { local };
            foreach (IOperation node in root.Descendants())
            {
                if (node is IForEachLoopOperation loop && IsLocal(loop.Collection, readOnlyLocals)
                    && loop.LoopControlVariable is IVariableDeclaratorOperation variable)
                    readOnlyLocals.Add(variable.Symbol);
            }

            foreach (IOperation node in root.Descendants())
            {
                if (!(node is ILocalReferenceOperation reference) || !readOnlyLocals.Contains(reference.Local)) continue;
                if (!IsReadingUse(reference, owner, requests, enumerable)) return false;
            }

            return true;
        }

        private static bool IsReadingUse(ILocalReferenceOperation reference, IMethodSymbol owner, RequestPaths requests, INamedTypeSymbol? enumerable)
        {
            IOperation use = reference;
            while (use.Parent is IConversionOperation) use = use.Parent;
            switch (use.Parent)
            {
                case IForEachLoopOperation loop when ReferenceEquals(loop.Collection, use):
                    return true;
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                    return IsReadOfValue(property);
                case IFieldReferenceOperation field when ReferenceEquals(field.Instance, use):
                    return IsReadOfValue(field);
                case IBinaryOperation _:
                case IIsPatternOperation _:
                case IInterpolationOperation _:
                    return true;
                case IArgumentOperation argument when argument.Parent is IInvocationOperation call:
                    if (IsResultHelper(call.TargetMethod)) return true;
                    // LINQ to objects over the list: reading, as long as the result is not the entities themselves.
                    return call.TargetMethod.ContainingType.IsType(enumerable) && argument.Parameter?.Ordinal == 0
                        && !(call.Type is INamedTypeSymbol result && result.TypeArguments.Length == 1
                            && SymbolEqualityComparer.Default.Equals(result.TypeArguments[0], ElementType(reference.Type)))
                        && LambdasOnlyRead(call);
                case IReturnOperation _:
                    return requests.IsHandler(owner);
                default:
                    return false;
            }
        }

        /// <summary>A member read whose value is not written, not passed by reference, and (for navigations) only read further.</summary>
        private static bool IsReadOfValue(IOperation member)
        {
            IOperation use = member;
            while (use.Parent is IConversionOperation) use = use.Parent;
            if (use.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, use)) return false;
            if (use.Parent is IArgumentOperation argument && argument.Parameter?.RefKind != RefKind.None) return false;
            if (use.Parent is IIncrementOrDecrementOperation) return false;
            if (member.Type != null && member.Type.TypeKind == TypeKind.Class && member.Type.SpecialType != SpecialType.System_String)
            {
                // order.Customer.Name is a read; order.Customer passed somewhere is not visible.
                return use.Parent is IPropertyReferenceOperation next && ReferenceEquals(next.Instance, use) && IsReadOfValue(next)
                    || use.Parent is IIsPatternOperation || use.Parent is IBinaryOperation || use.Parent is IInterpolationOperation;
            }

            return true;
        }

        private static bool LambdasOnlyRead(IInvocationOperation call)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (!(argument.Value.WithoutConversions() is IDelegateCreationOperation creation) || !(creation.Target is IAnonymousFunctionOperation lambda))
                    continue;
                foreach (IOperation node in lambda.Body.Descendants())
                {
                    if (node is IParameterReferenceOperation parameter
                        && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol))
                    {
                        IOperation use = parameter;
                        while (use.Parent is IConversionOperation) use = use.Parent;
                        bool read = use.Parent is IPropertyReferenceOperation property && ReferenceEquals(property.Instance, use) && IsReadOfValue(property);
                        if (!read) return false;
                    }
                }
            }

            return true;
        }

        private static ITypeSymbol? ElementType(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && named.TypeArguments.Length == 1 ? named.TypeArguments[0]
            : type is IArrayTypeSymbol array ? array.ElementType : null;

        private static bool IsLocal(IOperation operation, HashSet<ILocalSymbol> locals) =>
            operation.WithoutConversions() is ILocalReferenceOperation reference && locals.Contains(reference.Local);

        private static bool IsResultHelper(IMethodSymbol method)
        {
            string? ns = method.ContainingNamespace?.ToDisplayString();
            return ns != null && ns.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal)
                && (method.Name == "Ok" || method.Name == "Json" || method.Name == "View" || method.Name == "PartialView");
        }
    }
}

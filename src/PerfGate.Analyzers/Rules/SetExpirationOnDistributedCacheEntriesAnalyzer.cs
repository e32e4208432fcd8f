using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class CachingRules
    {
        public static readonly RuleMetadata DistributedCacheEntryWithoutExpiration = new RuleMetadata
        {
            Id = RuleIdentifiers.DistributedCacheEntryWithoutExpiration,
            Title = "Distributed cache entry written without expiration",
            MessageFormat = "'{0}' writes a distributed cache entry {1}: it never expires, so the cache grows without bound and serves stale data until "
                + "someone deletes the key; set AbsoluteExpirationRelativeToNow or SlidingExpiration",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`IDistributedCache` entries live until they are removed when no expiration is given: the Redis and SQL Server implementations keep "
                + "them forever, so a cache keyed by user, product or query grows without bound and invalidation bugs serve stale data indefinitely. Every "
                + "write should carry an absolute or sliding expiration (or go through `HybridCache`, which applies a default).",
            Flags = new[]
            {
                "`IDistributedCache.Set`/`SetAsync` and the `DistributedCacheExtensions` `Set`/`SetAsync`/`SetString`/`SetStringAsync` called without a "
                    + "`DistributedCacheEntryOptions` argument",
                "the same calls given options proven to carry no expiration: a `new DistributedCacheEntryOptions()` (with or without an object initializer) "
                    + "that sets none of `AbsoluteExpiration`, `AbsoluteExpirationRelativeToNow`, `SlidingExpiration`, passed directly or through a local "
                    + "whose every use in the method is seen and none sets one (assignment, `SetAbsoluteExpiration`/`SetSlidingExpiration`)",
            },
            Ignores = new[]
            {
                "options that come from a field, property, parameter or method call (they may carry an expiration: unknown stays silent), and locals passed "
                    + "by `ref`/`out` or captured by a lambda",
                "StackExchange.Redis `StringSet` without expiry (Redis is also used as a store, where keys must not expire)",
                "`IMemoryCache` entries without expiration: that is PG3002's (unbounded in-process cache)",
                "`HybridCache` writes (it applies `HybridCacheOptions.DefaultEntryOptions`)",
            },
            Fix = "Pass options with an expiration: `await cache.SetStringAsync(key, json, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow "
                + "= TimeSpan.FromMinutes(10) });`, or keep one `static readonly DistributedCacheEntryOptions` per kind of entry.",
            FlaggedExample = "public Task SaveAsync(int id, string json) =>\n"
                + "    _cache.SetStringAsync($\"product:{id}\", json);",
            FixedExample = "private static readonly DistributedCacheEntryOptions ProductTtl =\n"
                + "    new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };\n"
                + "\n"
                + "public Task SaveAsync(int id, string json) =>\n"
                + "    _cache.SetStringAsync($\"product:{id}\", json, ProductTtl);",
            Tags = new[] { "performance", "caching", "memory" },
        };
    }

    /// <summary>
    /// PG3005: an <c>IDistributedCache</c> write with no options, or with options proven to carry no expiration.
    /// </summary>
    public sealed class SetExpirationOnDistributedCacheEntriesAnalyzer : PerfGateRule
    {
        private static readonly ImmutableHashSet<string> WriteMethods = ImmutableHashSet.Create("Set", "SetAsync", "SetString", "SetStringAsync");

        private static readonly ImmutableHashSet<string> ExpirationMembers = ImmutableHashSet.Create(
            "AbsoluteExpiration", "AbsoluteExpirationRelativeToNow", "SlidingExpiration", "SetAbsoluteExpiration", "SetSlidingExpiration");

        public SetExpirationOnDistributedCacheEntriesAnalyzer()
            : base(CachingRules.DistributedCacheEntryWithoutExpiration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            INamedTypeSymbol? cache = rule.Types.IDistributedCache;
            INamedTypeSymbol? extensions = rule.Types.DistributedCacheExtensions;
            INamedTypeSymbol? options = rule.Types.DistributedCacheEntryOptions;
            INamedTypeSymbol? lambdaExpression = rule.Types.LambdaExpression;
            if (cache == null || options == null) return;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (!WriteMethods.Contains(method.Name)) return;
                if (!method.ContainingType.IsType(cache) && !method.ContainingType.IsType(extensions)) return;

                IArgumentOperation? optionsArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter != null && a.Parameter.Type.IsType(options));
                string how;
                if (optionsArgument == null)
                {
                    how = "without DistributedCacheEntryOptions";
                }
                else
                {
                    if (!HasNoExpiration(optionsArgument.Value, options!)) return;
                    how = "with DistributedCacheEntryOptions that set no expiration";
                }

                if (IsInExpressionTree(invocation, lambdaExpression)) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, how);
            }, OperationKind.Invocation);
        }

        private static bool IsInExpressionTree(IOperation operation, INamedTypeSymbol? lambdaExpression)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (!(current is IAnonymousFunctionOperation)) continue;
                for (IOperation? parent = current.Parent; parent is IDelegateCreationOperation || parent is IConversionOperation; parent = parent.Parent)
                {
                    if (parent.Type.InheritsFromOrEquals(lambdaExpression)) return true;
                }
            }

            return false;
        }

        /// <summary>Proven: a <c>new DistributedCacheEntryOptions()</c> (directly, or in a local whose every use is seen) that never gets an
        /// expiration.</summary>
        private static bool HasNoExpiration(IOperation value, INamedTypeSymbol optionsType)
        {
            value = value.WithoutConversions();
            if (value is IObjectCreationOperation creation)
                return creation.Type.IsType(optionsType) && !SetsExpiration(creation.Initializer);

            if (!(value is ILocalReferenceOperation reference)) return false;
            ILocalSymbol local = reference.Local;
            IOperation root = value.OperationRoot();

            IVariableDeclaratorOperation? declaration = root.Descendants().OfType<IVariableDeclaratorOperation>()
                .FirstOrDefault(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local));
            if (declaration == null || local.RefKind != RefKind.None) return false;
            IOperation? initial = declaration.Initializer?.Value.WithoutConversions();
            if (!(initial is IObjectCreationOperation created) || !created.Type.IsType(optionsType) || SetsExpiration(created.Initializer)) return false;

            foreach (IOperation operation in root.Descendants())
            {
                switch (operation)
                {

                    case ILocalReferenceOperation use when SymbolEqualityComparer.Default.Equals(use.Local, local):
                        if (use.IsCapturedFrom(declaration)) return false;
                        IOperation parent = use.Parent!;
                        while (parent is IConversionOperation) parent = parent.Parent!;
                        switch (parent)
                        {
                            case IArgumentOperation argument:
                                if (argument.Parameter == null || argument.Parameter.RefKind != RefKind.None) return false;
                                // options.SetSlidingExpiration(...) as an extension call: the receiver is an argument.
                                if (argument.Parent is IInvocationOperation call && ExpirationMembers.Contains(call.TargetMethod.Name)) return false;
                                if (!argument.Parameter.Type.IsType(optionsType)) return false;
                                if (!(argument.Parent is IInvocationOperation write && WriteMethods.Contains(write.TargetMethod.Name))) return false;
                                break;
                            case IPropertyReferenceOperation property:
                                if (ExpirationMembers.Contains(property.Property.Name)) return false;
                                break;
                            case IInvocationOperation invocation when ExpirationMembers.Contains(invocation.TargetMethod.Name):
                                return false;
                            case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, use):
                                return false;
                            default:
                                return false;
                        }

                        break;
                }
            }

            return true;
        }

        private static bool SetsExpiration(IObjectOrCollectionInitializerOperation? initializer) =>
            initializer != null && initializer.Initializers.OfType<IAssignmentOperation>().Any(assignment =>
                assignment.Target is IPropertyReferenceOperation property && ExpirationMembers.Contains(property.Property.Name));
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class CachingRules
    {
        public static readonly RuleMetadata UnboundedCache = new RuleMetadata
        {
            Id = RuleIdentifiers.UnboundedCache,
            Title = "Unbounded in-memory cache",
            MessageFormat = "'{0}' {1}: entries pile up until memory pressure; {2}",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "0 of 9 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were dictionaries keyed by a closed set (types of an "
                + "assembly, configured names, currencies), so bounded by the code, not by requests. So it is a note by default: raise it with "
                + "`rules: { PG3002: warning }` where it fits your code.",
            Description = "`IMemoryCache` keeps an entry until it expires, is evicted for size, or the process ends. With no expiration and no `SizeLimit`, a "
                + "cache keyed by user, product or query input only grows: the service's memory climbs with the variety of requests until the GC works "
                + "constantly or the process is killed. Give every entry an expiration. (A `SizeLimit` on the shared `IMemoryCache` makes every write that "
                + "sets no `Size` throw, the framework's and libraries' writes included, so the message suggests it only where the entry sets a `Size`.) "
                + "A `static` "
                + "`Dictionary`/`ConcurrentDictionary` used as a cache is worse: it has neither; when a request path adds to it and nothing ever removes from "
                + "it, it grows with every distinct key the requests bring.",
            Flags = new[]
            {
                "`IMemoryCache` writes through `CacheExtensions.Set(key, value)` (no expiration overload) or `Set(key, value, options)` with a `new "
                    + "MemoryCacheEntryOptions()` that sets no expiration",
                "`GetOrCreate`/`GetOrCreateAsync(key, entry => ...)` whose factory lambda sets no expiration on `entry` (`AbsoluteExpiration*`, "
                    + "`SlidingExpiration`, `Set*Expiration`, `SetOptions`, `ExpirationTokens`, `AddExpirationToken`)",
                "only when the key is not a compile-time constant (a constant key is one entry, bounded) and no `MemoryCacheOptions.SizeLimit` is assigned "
                    + "anywhere in the compilation",
                "a `static` field of type `Dictionary<K,V>` or `ConcurrentDictionary<K,V>` (declared in the compilation) written with `dict[key] = v`, `Add`, "
                    + "`TryAdd`, `GetOrAdd` or `AddOrUpdate` under a non-constant key, in a request handler or a method one reaches (PerfGate's request "
                    + "paths), when no code in the compilation removes from a field of that name (`Remove`, `TryRemove`, `Clear`), reassigns it, or hands it "
                    + "to anything",
            },
            Ignores = new[]
            {
                "compilations that assign `MemoryCacheOptions.SizeLimit` (`AddMemoryCache(o => o.SizeLimit = ...)`): eviction bounds the cache",
                "keys the compilation also removes by the same shape (`Set($\"product:{id}\", ...)` and `Remove($\"product:{id}\")` on save or delete, "
                    + "or the same key-building method): entries of existing rows, bounded by the data and evicted when it changes",
                "keys made of a culture (`CultureInfo.CurrentUICulture.Name`, directly or through every caller's argument): one entry per configured "
                    + "culture",
                "constant keys, options from a field, parameter or method (they may expire: unknown stays silent), factories given as method groups, and "
                    + "`CreateEntry` (configured by hand)",
                "static dictionaries filled only in static constructors and field initializers, or written only outside request paths (startup, background "
                    + "services)",
                "static dictionaries of locks (values of type `SemaphoreSlim`, `Mutex`, `ReaderWriterLockSlim`, `Lock`, `object`, or a type named "
                    + "`*Lock*`): one lock per entity being worked on, and expiring one while it is held would let two callers in at once",
                "static dictionaries whose key or value is a `Type`, a `MemberInfo` (or an array of them), an enum or a `bool` (bounded by the program: "
                    + "reflection and type-name lookups; in the OSS trial Jellyfin's type-name → `Type` map was reported before this), dictionaries whose "
                    + "`Count` the writing method reads (a bounded cache), instance fields (they live as long as their owner), and methods no request handler "
                    + "reaches",
                "writes inside lambdas and local functions (a minimal API handler lambda included): where they run is not placed on a request path",
                "eviction is matched by the field's name anywhere in the compilation, so a `Remove` on a same-named field of another type also silences the "
                    + "rule",
                "`IDistributedCache` writes without expiration: that is PG3005's",
            },
            Fix = "Give the entry a lifetime: `cache.Set(key, value, TimeSpan.FromMinutes(5));` or `cache.GetOrCreate(key, entry => { "
                + "entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return Load(); });`. Bound a cache by size only when every entry "
                + "written to it sets a `Size` (with `SizeLimit` set, a write without one throws): a dedicated `new MemoryCache(new MemoryCacheOptions { "
                + "SizeLimit = 10_000 })` for this data is safer than a limit on the shared one. Replace a static dictionary cache with `IMemoryCache` (with "
                + "an expiration) or `HybridCache`, or evict from it.",
            FlaggedExample = "public Product Get(int id) =>\n"
                + "    _cache.GetOrCreate($\"product:{id}\", _ => _db.Products.Find(id))!;",
            FixedExample = "public Product Get(int id) =>\n"
                + "    _cache.GetOrCreate($\"product:{id}\", entry =>\n"
                + "    {\n"
                + "        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);\n"
                + "        return _db.Products.Find(id);\n"
                + "    })!;",
            Tags = new[] { "performance", "memory", "caching" },
        };
    }

    /// <summary>
    /// PG3002: <c>IMemoryCache</c> entries under computed keys with no expiration, in a compilation that
    /// configures no <c>SizeLimit</c>.
    /// </summary>
    public sealed class BoundInMemoryCacheEntriesAnalyzer : PerfGateRule
    {
        private static readonly ImmutableHashSet<string> ExpirationMembers = ImmutableHashSet.Create(
            "AbsoluteExpiration", "AbsoluteExpirationRelativeToNow", "SlidingExpiration", "SetAbsoluteExpiration",
            "SetSlidingExpiration", "SetOptions", "ExpirationTokens", "AddExpirationToken");

        private static readonly ImmutableHashSet<string> NeutralEntryMethods = ImmutableHashSet.Create(
            "SetSize", "SetPriority", "SetValue", "RegisterPostEvictionCallback");

        public BoundInMemoryCacheEntriesAnalyzer()
            : base(CachingRules.UnboundedCache)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? extensions = rule.Types.MemoryCacheExtensions;
            INamedTypeSymbol? entryOptions = rule.Types.MemoryCacheEntryOptions;
            if (extensions == null) return;
            var sizeLimited = new Lazy<bool>(() => AssignsSizeLimit(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            var removedKeys = new Lazy<ImmutableHashSet<string>>(() => CacheKeyShapes.Removed(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            MethodCallSites callSites = rule.Services.CallSites;
            INamedTypeSymbol? culture = rule.Types.CultureInfo;

            bool IsMadeOfACulture(IOperation key, IMethodSymbol? method, MethodCallSites sites) =>
                culture != null && (ReadsCulture(key) || (method != null && ReadsCultureThroughEveryCaller(key, method, sites)));

            bool ReadsCulture(IOperation value) => ValueSources.Contributors(value).Any(o =>
                (o is IPropertyReferenceOperation property && property.Property.ContainingType.IsType(culture))
                || (o is IInvocationOperation call && call.TargetMethod.ContainingType.IsType(culture)));

            // LoadResources(string culture) called only as LoadResources(CultureInfo.CurrentUICulture.Name).
            bool ReadsCultureThroughEveryCaller(IOperation key, IMethodSymbol method, MethodCallSites sites)
            {
                ImmutableArray<int> parameters = ValueSources.Parameters(key, method);
                if (parameters.IsEmpty) return false;
                ImmutableArray<(IInvocationOperation Call, ISymbol Container)> calls = sites.Find(method);
                return !calls.IsEmpty && calls.All(site => site.Call.Arguments.Any(a => a.Parameter != null && parameters.Contains(a.Parameter.Ordinal)
                    && ReadsCulture(a.Value)));
            }

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (!method.ContainingType.IsType(extensions)) return;

                string how;
                bool setsSize = false;
                if (method.Name == "Set")
                {
                    // Set(cache, key, value) has 3 parameters; the others carry an expiration, a token or options.
                    if (method.Parameters.Length == 3) how = "with no expiration";
                    else if (method.Parameters.Length == 4 && method.Parameters[3].Type.IsType(entryOptions)
                             && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 3)?.Value.WithoutConversions()
                                 is IObjectCreationOperation created
                             && !SetsExpiration(created.Initializer))
                    {
                        how = "with MemoryCacheEntryOptions that set no expiration";
                        setsSize = created.Initializer != null && created.Initializer.Initializers.OfType<IAssignmentOperation>().Any(assignment =>
                            assignment.Target is IPropertyReferenceOperation { Property.Name: "Size" });
                    }
                    else return;
                }
                else if (method.Name == "GetOrCreate" || method.Name == "GetOrCreateAsync")
                {
                    IOperation? factory = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "factory")?.Value.WithoutConversions();
                    if (factory is IDelegateCreationOperation creation) factory = creation.Target;
                    if (!(factory is IAnonymousFunctionOperation lambda) || lambda.Symbol.Parameters.Length != 1) return;
                    if (invocation.Arguments.Any(a => a.Parameter?.Type.IsType(entryOptions) == true && !(a.Value is IDefaultValueOperation) && !a.IsImplicit))
                        return;
                    if (ConfiguresExpiration(lambda)) return;
                    how = "from a factory that sets no expiration";
                    setsSize = lambda.Body.Descendants().Any(o => o is IPropertyReferenceOperation { Property.Name: "Size" }
                        || o is IInvocationOperation { TargetMethod.Name: "SetSize" });
                }
                else
                {
                    return;
                }

                IOperation? key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key")?.Value.WithoutConversions();
                if (key == null || key.ConstantValue.HasValue) return;
                if (sizeLimited.Value) return;
                if (CacheKeyShapes.Of(key) is { } shape && removedKeys.Value.Contains(shape)) return; // evicted on save/delete: bounded by the data
                if (IsMadeOfACulture(key, operationContext.ContainingSymbol as IMethodSymbol, callSites)) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name,
                    "adds an IMemoryCache entry under a computed key " + how + ", and no MemoryCacheOptions.SizeLimit is configured",
                    setsSize
                        ? "set an expiration (AbsoluteExpirationRelativeToNow, SlidingExpiration), or a SizeLimit (every entry written to that cache "
                            + "must then set a Size, as this one does)"
                        : "set an expiration (AbsoluteExpirationRelativeToNow, SlidingExpiration)");
            }, OperationKind.Invocation);
        }

        private static bool SetsExpiration(IObjectOrCollectionInitializerOperation? initializer) =>
            initializer != null && initializer.Initializers.OfType<IAssignmentOperation>().Any(assignment =>
                assignment.Target is IPropertyReferenceOperation property && ExpirationMembers.Contains(property.Property.Name));

        /// <summary>The factory touches an expiration member of its entry, or hands the entry to anything (it may configure it).</summary>
        private static bool ConfiguresExpiration(IAnonymousFunctionOperation lambda)
        {
            IParameterSymbol entry = lambda.Symbol.Parameters[0];
            foreach (IParameterReferenceOperation reference in lambda.Body.Descendants().OfType<IParameterReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Parameter, entry)) continue;
                IOperation? parent = reference.Parent;
                while (parent is IConversionOperation) parent = parent.Parent;
                switch (parent)
                {
                    case IPropertyReferenceOperation property:
                        if (ExpirationMembers.Contains(property.Property.Name)) return true;
                        break; // entry.Size = 1, entry.Priority = ...: not an expiration
                    case IArgumentOperation { Parent: IInvocationOperation call }:
                        if (ExpirationMembers.Contains(call.TargetMethod.Name)) return true;
                        if (!NeutralEntryMethods.Contains(call.TargetMethod.Name)) return true; // handed elsewhere: may configure it
                        break;
                    default:
                        return true; // stored, returned, captured: unknown
                }
            }

            return false;
        }

        private static bool AssignsSizeLimit(Compilation compilation)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (!TreeText.MayName(tree, "SizeLimit")) continue;
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && ((assignment.Left as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText == "SizeLimit"
                            || (assignment.Left as IdentifierNameSyntax)?.Identifier.ValueText == "SizeLimit"))
                        return true; // MemoryCacheOptions.SizeLimit (by name: any SizeLimit assignment keeps the rule silent)
                }
            }

            return false;
        }
    }
}

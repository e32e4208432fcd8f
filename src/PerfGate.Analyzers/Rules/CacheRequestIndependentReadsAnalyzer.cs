using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class CachingRules
    {
        public static readonly RuleMetadata CacheableHotRead = new RuleMetadata
        {
            Id = RuleIdentifiers.CacheableHotRead,
            Title = "Request-independent external read on every request",
            MessageFormat = "'{0}' {1} on every request ({2}), and nothing caches it: every request pays the round trip for the same answer; cache it with a "
                + "TTL (HybridCache.GetOrCreateAsync, IMemoryCache with an expiration, [OutputCache])",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "1 of 20 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were reads already cached by their caller or a decorator "
                + "(rate providers polled by a cached fetcher), and reads on admin or rarely visited pages. So it is a note by default: raise it "
                + "with `rules: { PG3003: warning }` where it fits your code.",
            Description = "A read whose arguments are the same for every request (a constant URL, the configured plan, the list of all categories) returns "
                + "the same answer to every request until the data changes. Run on each request, it costs a network round trip, a query or a paid API call "
                + "each time and ties the endpoint's latency and availability to the dependency. Cache it for a short time (`HybridCache`, `IMemoryCache` "
                + "with an expiration, `IDistributedCache`, or output caching for the whole response): staleness is bounded by the TTL.",
            Flags = new[]
            {
                "an external read: `HttpClient.GetAsync`/`GetStringAsync`/`GetByteArrayAsync`/`GetStreamAsync`/`GetFromJsonAsync`; a Stripe.net service "
                    + "`Get`/`GetAsync`/`List`/`ListAsync` (`ProductService.ListAsync`, `PriceService.GetAsync`); OpenAI `GetModel*`; an EF Core query proven "
                    + "to start at a `DbSet` (of a `DbContext`, or of an interface every implementing class of which in the compilation is a "
                    + "`DbContext`: `IApplicationDbContext`) and executed with `ToList`/`ToArray`/`ToDictionary`/`ToHashSet`/`First*`/`Single*` "
                    + "(and their `*Async` forms)",
                "whose arguments are proven request-independent: compile-time constants, `const` and `static readonly` fields, "
                    + "`IOptions<T>.Value`/`IOptionsSnapshot<T>.Value`/`IOptionsMonitor<T>.CurrentValue` and their members, "
                    + "`IConfiguration[\"key\"]`/`GetValue`/`GetSection`/`GetConnectionString` with constant keys, readonly fields and get-only "
                    + "auto-properties every constructor assigns from those (`EntityName = typeof(T).Name`), parameters every call of whose method in the "
                    + "compilation passes such a value (calls through the interfaces it implements included; private and internal methods, or any method "
                    + "when the compilation is the whole app), and strings, objects (`new ProductListOptions { Active = true }`), arrays and "
                    + "once-assigned locals built only from them "
                    + "(cancellation tokens are ignored); for a query, every operator argument is a constant or a lambda that captures nothing (no parameter, "
                    + "local, `this` or mutable static of the enclosing method; a parameter proven as above may be captured): "
                    + "`db.Categories.OrderBy(c => c.Name).ToListAsync()`, and the queried entity "
                    + "is reference data: nothing in the compilation writes it (`Add*`/`Update*`/`Remove*`/`Attach*` of it or its `DbSet`, "
                    + "`ExecuteUpdate`/`ExecuteDelete` on it, or a read of its `DbSet` in a method that calls `SaveChanges`; writes in data seeding, a method "
                    + "or type whose name contains `Seed`, do not count), or whose every write is reached only from admin-only handlers, run-once code or "
                    + "tests, when the read itself is reached from a request handler anyone can call (a settings table saved from admin pages and read "
                    + "by every page: the message then says to evict the cached entry where it is saved)",
                "in a request handler (controller action, minimal API handler, Razor Pages handler, SignalR hub or gRPC method) or a source method one "
                    + "reaches, when nothing caches it: no handler on the way has `[OutputCache]`/`[ResponseCache]` or `.CacheOutput()`, no method on the way "
                    + "touches a cache (a member of a type whose name contains `Cache`), the call is not in a lambda given to a cache (`GetOrCreate*`, "
                    + "`GetOrAdd*`, `GetOrSet*`), and the method (or handler lambda) assigns no field or property (a method that keeps state across calls is "
                    + "treated as a hand-made cache; in the OSS trial, Jellyfin's `SchedulesDirect.GetAvailableCountries`, which keeps the downloaded bytes "
                    + "in a field, was reported before this)",
                "reads of the signed-in user in authentication callbacks that run on every authenticated request, when nothing in the callback touches a "
                    + "cache: ASP.NET Core Identity's `UserManager`/`RoleManager` `Find*`/`GetRoles*`/`GetClaims*`/`IsInRole*` and executed EF Core queries "
                    + "in lambdas assigned to `JwtBearerEvents.OnTokenValidated`/`OnMessageReceived` or `CookieAuthenticationEvents.OnValidatePrincipal`, in "
                    + "overrides of their `TokenValidated`/`MessageReceived`/`ValidatePrincipal`, and in `IClaimsTransformation.TransformAsync`; the answer "
                    + "is the same for every request of that user, so a short keyed cache (user id, a few minutes) removes the query from almost every request",
            },
            Ignores = new[]
            {
                "reads with any argument from the request or of unknown origin: route, query and body parameters, parameters of the method, instance state "
                    + "not proven to come from configuration, results of other calls (a query filtered by a route parameter is not a candidate)",
                "queries of tables the app writes itself from request handlers anyone can call, jobs or code nothing places (orders, carts, "
                    + "a settings row an anonymous setup endpoint saves): a TTL cache would serve its own stale writes, so that "
                    + "needs invalidation, not a rule that only sees the read; and queries through a `DbContext` declared in another project (its writes may "
                    + "live there)",
                "writes and non-GET calls (`PostAsync`, `SendAsync`, Stripe `Create`/`Update`), `Find`/`FindAsync`, aggregates (`Count`, `Any`, `Sum`), raw "
                    + "SQL, Dapper and ADO.NET, and queries in methods that also write through the context (`SaveChanges`, `Add`, `Update`, ...: read to "
                    + "update)",
                "what counts as cached is decided by shape, not by key: a method that touches any cache (even for another key), output caching configured "
                    + "globally (`AddBasePolicy`) or on a route group, and any `GetOrAdd*`/`GetOrCreate*`/`GetOrSet*` factory silence every read below them; "
                    + "HTTP caching headers set by hand and caches in a proxy or CDN are not seen (the rule then reports a read the edge already caches)",
                "calls inside lambdas other than a minimal API handler and the authentication callbacks above (a `Task.Run` body, another "
                    + "callback) and local functions, and methods no request handler reaches (background services, startup)",
            },
            Fix = "Cache the answer for a bounded time: `return await _cache.GetOrCreateAsync(\"categories\", async ct => await "
                + "_db.Categories.AsNoTracking().ToListAsync(ct), new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });` (HybridCache, .NET "
                + "9+), or `IMemoryCache.GetOrCreateAsync` with `AbsoluteExpirationRelativeToNow`, or `[OutputCache(Duration = 60)]` / `.CacheOutput()` on "
                + "the endpoint when the whole response is the same for everyone.",
            FlaggedExample = "public async Task<List<Category>> GetCategoriesAsync() =>\n"
                + "    await _db.Categories.OrderBy(c => c.Name).ToListAsync();\n"
                + "\n"
                + "public Task<StripeList<Price>> GetPlansAsync() =>\n"
                + "    _prices.ListAsync(new PriceListOptions { Active = true });",
            FixedExample = "public async Task<List<Category>> GetCategoriesAsync() =>\n"
                + "    await _cache.GetOrCreateAsync(\"categories\",\n"
                + "        async ct => await _db.Categories.OrderBy(c => c.Name).ToListAsync(ct),\n"
                + "        new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });\n"
                + "\n"
                + "public async Task<StripeList<Price>> GetPlansAsync() =>\n"
                + "    await _cache.GetOrCreateAsync(\"plans\",\n"
                + "        async ct => await _prices.ListAsync(new PriceListOptions { Active = true }, cancellationToken: ct),\n"
                + "        new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });",
            Tags = new[] { "performance", "caching", "latency" },
            Reach = ReachScope.FindingAdminIsCold,
        };
    }

    /// <summary>
    /// PG3003: an external read (HTTP GET, Stripe/OpenAI list or get, an EF Core query) whose arguments are proven
    /// not to depend on the request, run on every request of an uncached request path.
    /// </summary>
    public sealed class CacheRequestIndependentReadsAnalyzer : PerfGateRule
    {
        private static readonly HashSet<string> HttpGets = new HashSet<string>(StringComparer.Ordinal)
        {
            "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync", "GetFromJsonAsync", "GetFromJsonAsAsyncEnumerable",
        };

        private static readonly HashSet<string> StripeReads = new HashSet<string>(StringComparer.Ordinal) { "Get", "GetAsync", "List", "ListAsync" };

        private static readonly HashSet<string> RowReads = EfApi.Set(
            "ToList", "ToListAsync", "ToArray", "ToArrayAsync", "ToDictionary", "ToDictionaryAsync", "ToHashSet", "ToHashSetAsync",
            "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync", "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync");

        public CacheRequestIndependentReadsAnalyzer()
            : base(CachingRules.CacheableHotRead)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? httpClient = rule.Types.HttpClient;
            INamedTypeSymbol? httpJson = rule.Types.HttpClientJsonExtensions;
            EfQueryProvenance? provenance = rule.Services.Ef;
            EfExecution? ef = rule.Services.EfExecution;
            var written = new Lazy<EfWrittenEntities>(() => EfWrittenEntities.Find(compilation, provenance!),
                System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            var values = new RequestIndependentValues(compilation, rule.Services.Hotness.IsWholeApp);
            var paths = new UncachedRequestPaths(compilation);

            string? DescribeRead(IInvocationOperation invocation)
            {
                IMethodSymbol method = invocation.TargetMethod;
                string name = method.Name;
                if (HttpGets.Contains(name) && (method.ContainingType.InheritsFromOrEquals(httpClient) || method.ContainingType.IsType(httpJson)))
                    return values.ArgumentsAreProven(invocation) ? "sends the same HTTP GET" : null;
                if (StripeReads.Contains(name) && ExternalSdkCalls.IsStripeServiceRequest(method))
                    return values.ArgumentsAreProven(invocation) ? "sends the same Stripe " + method.ContainingType.Name + " request" : null;
                if (name.StartsWith("GetModel", StringComparison.Ordinal) && ExternalSdkCalls.IsOpenAiRequest(method))
                    return values.ArgumentsAreProven(invocation) ? "sends the same OpenAI " + method.ContainingType.Name + " request" : null;
                if (ef != null && RowReads.Contains(name)) return DescribeQuery(invocation, ef, written, compilation, values, rule.Services.Hotness);
                return null;
            }

            var callbacks = new PerRequestAuthenticationCallbacks(rule.Types);
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                string? what = DescribeRead(invocation);
                if (what == null)
                {
                    // The signed-in user (or its roles) read on every authenticated request by an authentication callback.
                    string? callback = callbacks.UncachedUserRead(invocation, operationContext.ContainingSymbol, ef);
                    if (callback != null)
                        rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name,
                            "reads the signed-in user's data", callback);
                    return;
                }

                string? path = DescribePath(invocation, operationContext.ContainingSymbol, paths);
                if (path == null) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name, what, path);
            }, OperationKind.Invocation);
        }

        /// <summary>
        /// A proven EF Core query rooted at a DbSet whose every operator argument is request-independent (lambdas that
        /// capture nothing, constant counts), in a method that does not also write (a unit of work reads to update),
        /// over an entity the compilation never writes (reference data).
        /// </summary>
        private static string? DescribeQuery(IInvocationOperation invocation, EfExecution ef, Lazy<EfWrittenEntities> written, Compilation compilation,
            RequestIndependentValues values, HotnessModel hotness)
        {
            IOperation? query = ef.ExecutedQuery(invocation);
            if (query == null || !ef.IsRootedAtDbSet(query) || ef.IsInsideExpressionTree(invocation)) return null;
            var calls = new List<IInvocationOperation> { invocation };
            calls.AddRange(ef.Provenance.ComposingChain(query));
            var captured = new List<IParameterReferenceOperation>();
            foreach (IInvocationOperation call in calls)
            {
                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Ordinal == 0) continue;
                    if (argument.Parameter?.Type.Name == "CancellationToken") continue;
                    if (!CapturesNothing(argument.Value, captured)) return null;
                }
            }

            IOperation root = invocation.OperationRoot();
            if (root.Descendants().OfType<IInvocationOperation>().Any(ef.Provenance.IsUnitOfWorkCall)) return null;
            // Reference data only: a table this app writes to would need invalidation, not just a TTL.
            // A context from another project may be written there: only contexts declared here are proven.
            IOperation queryRoot = ef.Root(query);
            if (!IsContextDeclaredHere(queryRoot, compilation)) return null;
            // Written tables are left out (computed once per entity) unless only admin pages, run-once code or tests write them.
            bool adminSaved = queryRoot.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set && written.Value.IsWritten(set.TypeArguments[0]);
            if (adminSaved && written.Value.IsWrittenOutsideAdminCode(((INamedTypeSymbol)queryRoot.Type!).TypeArguments[0], hotness)) return null;
            // Then the costlier proof (a search of the method's callers): every captured parameter is the same for every request.
            if (!captured.All(values.IsProven)) return null;
            // Admin-saved data is worth caching only where anyone's requests read it: a read on admin pages and in jobs (Oqtane's site
            // groups, read by a sync job) is as rare as the writes.
            if (adminSaved && hotness.ReachAt(invocation.Syntax).KindFor(adminRequestsAreCold: true) != ReachKind.Request) return null;
            string writes = adminSaved ? " (written only from admin pages or run-once code: evict the cached entry where it is saved)" : "";

            bool filtered = calls.Any(call => call.TargetMethod.Name == "Where")
                || invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Ordinal > 0
                    && a.Parameter.Type.Name != "CancellationToken");
            return "runs the same query on '" + TableName(queryRoot) + "'" + (filtered ? "" : " (no filter: the whole table)") + writes;
        }

        private static bool IsContextDeclaredHere(IOperation root, Compilation compilation)
        {
            ITypeSymbol? context = root switch
            {
                IPropertyReferenceOperation property => property.Instance?.Type,
                IFieldReferenceOperation field => field.Instance?.Type,
                IInvocationOperation set => set.Instance?.Type,
                _ => null,
            };
            return context != null && SymbolEqualityComparer.Default.Equals(context.ContainingAssembly, compilation.Assembly);
        }

        private static string TableName(IOperation root) => root switch
        {
            IPropertyReferenceOperation property => property.Property.Name,
            IFieldReferenceOperation field => field.Field.Name,
            _ => root.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set ? set.TypeArguments[0].Name : "a table",
        };

        /// <summary>
        /// Constants, or lambdas that read only their own parameters and locals, constants, static readonly fields, and parameters of the
        /// enclosing method, which are added to <paramref name="captured"/>: the caller proves that every call of the method passes a
        /// request-independent value (<c>s =&gt; s.Name == settingsName</c>, every caller passing <c>typeof(T).Name</c>).
        /// </summary>
        private static bool CapturesNothing(IOperation value, List<IParameterReferenceOperation> captured)
        {
            value = value.WithoutConversions();
            if (value.ConstantValue.HasValue) return true;
            if (value is IDelegateCreationOperation creation) value = creation.Target;
            if (!(value is IAnonymousFunctionOperation lambda)) return false;
            SyntaxNode lambdaSyntax = lambda.Syntax;
            foreach (IOperation operation in lambda.Body.Descendants())
            {
                switch (operation)
                {
                    case IInstanceReferenceOperation _:
                        return false;
                    case IParameterReferenceOperation parameter when !DeclaredInside(parameter.Parameter, lambdaSyntax):
                        captured.Add(parameter);
                        break;
                    case ILocalReferenceOperation local when !DeclaredInside(local.Local, lambdaSyntax):
                        return false;
                    case IFieldReferenceOperation field when field.Field.IsStatic && !field.Field.IsReadOnly && !field.Field.IsConst:
                        return false;
                }
            }

            return true;
        }

        private static bool DeclaredInside(ISymbol symbol, SyntaxNode container) =>
            symbol.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree == container.SyntaxTree && container.Span.Contains(reference.Span));

        /// <summary>Where the request runs the read, or null when it is cached, not on a request path, or in a lambda we cannot place.</summary>
        private static string? DescribePath(IInvocationOperation read, ISymbol containing, UncachedRequestPaths paths)
        {
            for (IOperation? current = read.Parent; current != null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation) return null;
                if (current is IAnonymousFunctionOperation lambda)
                {
                    // Only a minimal API handler lambda is the request itself; a cache factory runs on a miss.
                    if (!paths.RequestPaths.IsHandler(lambda.Symbol) || paths.IsCachedHandler(lambda.Symbol)) return null;
                    return UncachedRequestPaths.UsesCache(lambda)
                        || StoresState(lambda) ? null : "request handler '" + AsyncContext.OwnerName(lambda.Symbol) + "'";
                }
            }

            if (!(containing is IMethodSymbol method)) return null;
            IOperation body = read.OperationRoot();
            if (UncachedRequestPaths.UsesCache(body) || StoresState(body) || !paths.IsReachedUncached(method)) return null;
            return paths.RequestPaths.IsHandler(method)
                ? "request handler '" + IoSummaries.DisplayMethod(method) + "'"
                : "'" + IoSummaries.DisplayMethod(method) + "', reached from a request handler";
        }

        /// <summary>
        /// The body assigns a field or property (<c>_categories ??= await ...</c>, <c>_countriesCache = bytes</c>): it keeps
        /// state across calls, which in a request path is nearly always a hand-made cache (in the OSS trial, Jellyfin's
        /// <c>SchedulesDirect.GetAvailableCountries</c> stores the downloaded bytes in a field and a file).
        /// </summary>
        private static bool StoresState(IOperation body)
        {
            foreach (IOperation operation in body.Descendants())
            {
                if (operation is IAssignmentOperation assignment
                    && (assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation { Property: { IsIndexer: false } })
                    && !(assignment.Parent is IObjectOrCollectionInitializerOperation))
                    return true;
            }

            return false;
        }
    }
    /// <summary>
    /// Authentication callbacks that run on every authenticated request: <c>JwtBearerEvents.OnTokenValidated</c>/<c>OnMessageReceived</c>,
    /// <c>CookieAuthenticationEvents.OnValidatePrincipal</c> (lambdas assigned to them, or overrides of <c>TokenValidated</c>,
    /// <c>MessageReceived</c>, <c>ValidatePrincipal</c>) and <c>IClaimsTransformation.TransformAsync</c>; and the uncached reads of the
    /// user in them: ASP.NET Core Identity's <c>UserManager</c>/<c>RoleManager</c> <c>Find*</c>/<c>Get*</c>/<c>IsInRole*</c>, or a proven EF Core
    /// query executed with a row-reading operator.
    /// </summary>
    internal sealed class PerRequestAuthenticationCallbacks
    {
        private static readonly string[] CacheMethodPrefixes = { "GetOrAdd", "GetOrCreate", "GetOrSet", "TryGetValue" };

        private readonly WellKnownTypes _types;

        public PerRequestAuthenticationCallbacks(WellKnownTypes types) => _types = types;

        public string? UncachedUserRead(IInvocationOperation invocation, ISymbol containingSymbol, EfExecution? ef)
        {
            if (_types.JwtBearerEvents == null && _types.CookieAuthenticationEvents == null && _types.IClaimsTransformation == null) return null;
            if (!IsUserRead(invocation, ef)) return null;
            IOperation? body = null;
            string? callback = null;
            for (IOperation? parent = invocation.Parent; parent != null && callback == null; parent = parent.Parent)
            {
                if (parent is ILocalFunctionOperation) return null;
                if (!(parent is IAnonymousFunctionOperation lambda)) continue;
                callback = AssignedCallback(lambda);
                if (callback == null) return null; // a nested lambda (a cache factory, a Task.Run body) or another callback
                body = lambda;
            }

            if (callback == null && containingSymbol is IMethodSymbol method)
            {
                callback = OverriddenCallback(method);
                body = invocation.OperationRoot();
            }

            if (callback == null || body == null || TouchesCache(body)) return null;
            return callback + ", which runs on every authenticated request";
        }

        private bool IsUserRead(IInvocationOperation invocation, EfExecution? ef)
        {
            IMethodSymbol method = invocation.TargetMethod;
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            if (type.InheritsFromOrEquals(_types.IdentityUserManagerOfT) || type.InheritsFromOrEquals(_types.IdentityRoleManagerOfT))
                return name.StartsWith("Find", StringComparison.Ordinal) || name.StartsWith("GetRoles", StringComparison.Ordinal)
                    || name.StartsWith("GetClaims", StringComparison.Ordinal) || name.StartsWith("IsInRole", StringComparison.Ordinal);
            return ef != null && EfApi.QueryExecutingMethods.Contains(name) && ef.ExecutedQuery(invocation) != null
                && !ef.IsInsideExpressionTree(invocation);
        }

        private string? AssignedCallback(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            if (!(parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property })) return null;
            INamedTypeSymbol owner = property.Property.ContainingType;
            string name = property.Property.Name;
            if (owner.InheritsFromOrEquals(_types.JwtBearerEvents) && (name == "OnTokenValidated" || name == "OnMessageReceived"))
                return "JwtBearerEvents." + name;
            if (owner.InheritsFromOrEquals(_types.CookieAuthenticationEvents) && name == "OnValidatePrincipal")
                return "CookieAuthenticationEvents." + name;
            return null;
        }

        private string? OverriddenCallback(IMethodSymbol method)
        {
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                INamedTypeSymbol owner = overridden.ContainingType;
                if (owner.IsType(_types.JwtBearerEvents) && (method.Name == "TokenValidated" || method.Name == "MessageReceived"))
                    return "JwtBearerEvents." + method.Name;
                if (owner.IsType(_types.CookieAuthenticationEvents) && method.Name == "ValidatePrincipal")
                    return "CookieAuthenticationEvents." + method.Name;
            }

            if (method.Name == "TransformAsync" && _types.IClaimsTransformation != null && method.ContainingType.IsOrImplements(_types.IClaimsTransformation))
                return "IClaimsTransformation.TransformAsync";
            return null;
        }

        /// <summary>Any cache call in the callback silences it (cache-aside decided by shape, as for the rule's other reads).</summary>
        private static bool TouchesCache(IOperation body) =>
            body.Descendants().OfType<IInvocationOperation>().Any(call =>
                call.TargetMethod.ContainingType.Name.IndexOf("Cache", StringComparison.Ordinal) >= 0
                || CacheMethodPrefixes.Any(prefix => call.TargetMethod.Name.StartsWith(prefix, StringComparison.Ordinal)));
    }
}

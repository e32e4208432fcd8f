namespace PerfGate.Analyzers
{
    /// <summary>PG3xxx: caching and memoization.</summary>
    public static class CachingRules
    {
        public static readonly RuleMetadata ExpensiveObjectCreatedPerCall = new RuleMetadata
        {
            Id = RuleIdentifiers.ExpensiveObjectCreatedPerCall,
            Title = "Expensive object built on every call",
            MessageFormat = "{0} is built on every call of {1}: {2}",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Some objects are expensive to build and cheap to share: a `Regex` parses (and, with `RegexOptions.Compiled`, compiles) its pattern "
                + "in its constructor; an `XmlSerializer` built with any constructor other than `(Type)` or `(Type, string)` generates and loads a new "
                + "serialization assembly that is never unloaded (a memory leak per call); a `JsonSerializerOptions` instance owns the reflection metadata "
                + "cache of every type it serializes, so a fresh one per call re-reflects every type. Built once per call of a request handler, they cost CPU "
                + "and memory on every request. Relation to CA1869: the .NET analyzer CA1869 reports a `new JsonSerializerOptions` used only as an argument "
                + "of `JsonSerializer.Serialize`/`Deserialize`; PerfGate leaves those to CA1869 (gate it in `perfgate.yml` with `CA1869: warning`) and "
                + "reports the uses CA1869 does not look at: options handed to `HttpClient`/`HttpContent` JSON extensions, `JsonContent.Create`, "
                + "`Results.Json`, `WriteAsJsonAsync`, `ReadFromJsonAsync` and any other API.",
            Flags = new[]
            {
                "`new Regex(pattern)`, `new Regex(pattern, options)`, `new Regex(pattern, options, timeout)` whose pattern (and options) are compile-time "
                    + "constants, in a method, local function, lambda or property accessor",
                "`new XmlSerializer(...)` with any constructor other than `XmlSerializer(Type)` and `XmlSerializer(Type, string)` (the two the runtime "
                    + "caches), in a method, local function, lambda or property accessor",
                "`new JsonSerializerOptions(...)` (also with an object initializer) in a method, local function, lambda or property accessor, passed, "
                    + "directly or through a local assigned only once, to a `JsonSerializerOptions` parameter of a method that is not on "
                    + "`System.Text.Json.JsonSerializer`",
            },
            Ignores = new[]
            {
                "initializers of static and instance fields and properties, static and instance constructors, and assignment into a static field or property "
                    + "(`=` or `??=`): built once per type or per instance",
                "a static `Main` and top-level statements themselves (run once per process); lambdas inside them are still reported",
                "startup code (a method that takes `IServiceCollection`, `IApplicationBuilder`, `WebApplicationBuilder`, `IHostBuilder`, "
                    + "`IHostApplicationBuilder` or `IWebHostBuilder`, or extends a registration builder interface such as `IMvcBuilder`), LINQ lambdas run "
                    + "inside such code, and helpers whose every call in the compilation (up to three callers up) runs once in one of these ways; a helper "
                    + "called from a controller, page or hub constructor is still reported",
                "`new Regex(pattern)` whose pattern or options are not compile-time constants (a per-call pattern cannot be hoisted as is), and the static "
                    + "`Regex.IsMatch`/`Match`/`Replace` methods (they use the runtime's regex cache)",
                "`XmlSerializer(Type)` and `XmlSerializer(Type, string defaultNamespace)`: the runtime caches their generated assemblies",
                "`new JsonSerializerOptions` used with `JsonSerializer.*` (CA1869's), options whose initializer reads a parameter or local (they depend on "
                    + "the call), options stored anywhere but a local, and options only configured and returned (a factory)",
                "lambdas converted to expression trees",
            },
            Fix = "Build the object once: `private static readonly Regex OrderId = new(\"^[A-Z]{3}-\\\\d+$\", RegexOptions.Compiled);` or, better, a "
                + "`[GeneratedRegex(\"...\")] private static partial Regex OrderId();`; a `static readonly XmlSerializer` (or a dictionary of them keyed by "
                + "the extra types); a `static readonly JsonSerializerOptions` (or the one configured in DI via `IOptions<JsonOptions>`). A code fix "
                + "(PerfGate.CodeFixes: IDE, `dotnet format analyzers --diagnostics PG3001`) moves a `new Regex(...)` whose arguments are all compile-time "
                + "constants into a `private static readonly Regex` field of the enclosing type named after the member (`SlugifyRegex`) and uses it; a Regex "
                + "is immutable and thread-safe, so sharing it keeps behaviour. It is not offered for `XmlSerializer`/`JsonSerializerOptions` (their "
                + "instances can be configured after construction) or when an argument (a `TimeSpan` timeout) is not a constant.",
            FlaggedExample = "public bool IsOrderId(string value) =>\n"
                + "    new Regex(\"^[A-Z]{3}-\\\\d+$\").IsMatch(value);\n"
                + "\n"
                + "public Task<Rate?> GetRateAsync(string code) =>\n"
                + "    _http.GetFromJsonAsync<Rate>($\"rates/{code}\", new JsonSerializerOptions(JsonSerializerDefaults.Web));",
            FixedExample = "[GeneratedRegex(\"^[A-Z]{3}-\\\\d+$\")]\n"
                + "private static partial Regex OrderId();\n"
                + "public bool IsOrderId(string value) => OrderId().IsMatch(value);\n"
                + "\n"
                + "private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);\n"
                + "public Task<Rate?> GetRateAsync(string code) => _http.GetFromJsonAsync<Rate>($\"rates/{code}\", Web);",
            Tags = new[] { "performance", "memory", "caching" },
        };

        public static readonly RuleMetadata UnboundedCache = new RuleMetadata
        {
            Id = RuleIdentifiers.UnboundedCache,
            Title = "Unbounded in-memory cache",
            MessageFormat = "'{0}' {1}: entries pile up until memory pressure; {2}",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`IMemoryCache` keeps an entry until it expires, is evicted for size, or the process ends. With no expiration and no `SizeLimit`, a "
                + "cache keyed by user, product or query input only grows: the service's memory climbs with the variety of requests until the GC works "
                + "constantly or the process is killed. Give every entry an expiration, or configure `SizeLimit` (then each entry needs a `Size`). A `static` "
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
                "constant keys, options from a field, parameter or method (they may expire: unknown stays silent), factories given as method groups, and "
                    + "`CreateEntry` (configured by hand)",
                "static dictionaries filled only in static constructors and field initializers, or written only outside request paths (startup, background "
                    + "services)",
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
                + "entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return Load(); });`, or bound the cache with `services.AddMemoryCache(o "
                + "=> o.SizeLimit = 10_000)` and a `Size` per entry. Replace a static dictionary cache with `IMemoryCache` (expiration, `SizeLimit`) or "
                + "`HybridCache`, or evict from it.",
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

        public static readonly RuleMetadata CacheableHotRead = new RuleMetadata
        {
            Id = RuleIdentifiers.CacheableHotRead,
            Title = "Request-independent external read on every request",
            MessageFormat = "'{0}' {1} on every request ({2}), and nothing caches it: every request pays the round trip for the same answer; cache it with a "
                + "TTL (HybridCache.GetOrCreateAsync, IMemoryCache with an expiration, [OutputCache])",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A read whose arguments are the same for every request (a constant URL, the configured plan, the list of all categories) returns "
                + "the same answer to every request until the data changes. Run on each request, it costs a network round trip, a query or a paid API call "
                + "each time and ties the endpoint's latency and availability to the dependency. Cache it for a short time (`HybridCache`, `IMemoryCache` "
                + "with an expiration, `IDistributedCache`, or output caching for the whole response): staleness is bounded by the TTL.",
            Flags = new[]
            {
                "an external read: `HttpClient.GetAsync`/`GetStringAsync`/`GetByteArrayAsync`/`GetStreamAsync`/`GetFromJsonAsync`; a Stripe.net service "
                    + "`Get`/`GetAsync`/`List`/`ListAsync` (`ProductService.ListAsync`, `PriceService.GetAsync`); OpenAI `GetModel*`; an EF Core query proven "
                    + "to start at a `DbSet` and executed with `ToList`/`ToArray`/`ToDictionary`/`ToHashSet`/`First*`/`Single*` (and their `*Async` forms)",
                "whose arguments are proven request-independent: compile-time constants, `const` and `static readonly` fields, "
                    + "`IOptions<T>.Value`/`IOptionsSnapshot<T>.Value`/`IOptionsMonitor<T>.CurrentValue` and their members, "
                    + "`IConfiguration[\"key\"]`/`GetValue`/`GetSection`/`GetConnectionString` with constant keys, readonly fields every constructor assigns "
                    + "from those, and strings, objects (`new ProductListOptions { Active = true }`), arrays and once-assigned locals built only from them "
                    + "(cancellation tokens are ignored); for a query, every operator argument is a constant or a lambda that captures nothing (no parameter, "
                    + "local, `this` or mutable static of the enclosing method): `db.Categories.OrderBy(c => c.Name).ToListAsync()`, and the queried entity "
                    + "is reference data: nothing in the compilation writes it (`Add*`/`Update*`/`Remove*`/`Attach*` of it or its `DbSet`, "
                    + "`ExecuteUpdate`/`ExecuteDelete` on it, or a read of its `DbSet` in a method that calls `SaveChanges`; writes in data seeding, a method "
                    + "or type whose name contains `Seed`, do not count)",
                "in a request handler (controller action, minimal API handler, Razor Pages handler, SignalR hub or gRPC method) or a source method one "
                    + "reaches, when nothing caches it: no handler on the way has `[OutputCache]`/`[ResponseCache]` or `.CacheOutput()`, no method on the way "
                    + "touches a cache (a member of a type whose name contains `Cache`), the call is not in a lambda given to a cache (`GetOrCreate*`, "
                    + "`GetOrAdd*`, `GetOrSet*`), and the method (or handler lambda) assigns no field or property (a method that keeps state across calls is "
                    + "treated as a hand-made cache; in the OSS trial, Jellyfin's `SchedulesDirect.GetAvailableCountries`, which keeps the downloaded bytes "
                    + "in a field, was reported before this)",
            },
            Ignores = new[]
            {
                "reads with any argument from the request or of unknown origin: route, query and body parameters, parameters of the method, instance state "
                    + "not proven to come from configuration, results of other calls (a query filtered by a route parameter is not a candidate)",
                "queries of tables the app writes itself (orders, carts, anything it adds or updates): a TTL cache would serve its own stale writes, so that "
                    + "needs invalidation, not a rule that only sees the read; and queries through a `DbContext` declared in another project (its writes may "
                    + "live there)",
                "writes and non-GET calls (`PostAsync`, `SendAsync`, Stripe `Create`/`Update`), `Find`/`FindAsync`, aggregates (`Count`, `Any`, `Sum`), raw "
                    + "SQL, Dapper and ADO.NET, and queries in methods that also write through the context (`SaveChanges`, `Add`, `Update`, ...: read to "
                    + "update)",
                "what counts as cached is decided by shape, not by key: a method that touches any cache (even for another key), output caching configured "
                    + "globally (`AddBasePolicy`) or on a route group, and any `GetOrAdd*`/`GetOrCreate*`/`GetOrSet*` factory silence every read below them; "
                    + "HTTP caching headers set by hand and caches in a proxy or CDN are not seen (the rule then reports a read the edge already caches)",
                "calls inside lambdas other than a minimal API handler (a `Task.Run` body, a callback) and local functions, and methods no request handler "
                    + "reaches (background services, startup)",
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
                + "        new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });",
            Tags = new[] { "performance", "caching", "latency" },
        };

        public static readonly RuleMetadata RedisRoundTripPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.RedisRoundTripPerLoopIteration,
            Title = "Redis round trip per loop iteration",
            MessageFormat = "'{0}' waits for a Redis round trip on every iteration of the enclosing {1} ({2}); batch the keys (StringGet(RedisKey[]), "
                + "HashGet(key, RedisValue[])) or pipeline the calls (IBatch, or start every *Async call and await them together)",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A StackExchange.Redis command on `IDatabase` is a network round trip. Awaiting (or calling synchronously) one per item of a loop "
                + "serializes N round trips: 100 keys at 0.5 ms each are 50 ms of pure latency. Redis answers many keys in one command "
                + "(`StringGet(RedisKey[])` is `MGET`, `HashGet(key, RedisValue[])` is `HMGET`), and StackExchange.Redis pipelines commands that are started "
                + "without waiting (an `IBatch`, or `*Async` calls collected and awaited with `Task.WhenAll`). The rule also sees the round trip behind a "
                + "source method (a cache service's `GetAsync`) called in the loop, through PerfGate's I/O summaries, and prints the chain.",
            Flags = new[]
            {
                "a single-key command of `IDatabase`/`IDatabaseAsync` (first parameter a `RedisKey`: `StringGet`, `StringSet`, `HashGet`, `HashGetAll`, "
                    + "`KeyExists`, `KeyExpire`, `ListRightPush`, `SortedSetAdd`, ... and their `*Async` forms) in the body of a `foreach`/`for`/`while`/`do` "
                    + "loop or a per-element lambda (`Select`, `ForEach`, `Parallel.ForEach`, ...), when the call is synchronous or its task is awaited right "
                    + "there",
                "a call of a source method in such a loop, awaited or synchronous, whose I/O summary ends in such a Redis command (`await "
                    + "cache.GetUserAsync(id)` → `RedisUserCache.GetUserAsync` → `IDatabase.StringGetAsync`), with the chain in the message",
            },
            Ignores = new[]
            {
                "commands on an `IBatch` or `ITransaction` (that is the fix: queued, sent together on `Execute`)",
                "`*Async` calls whose task is not awaited in the loop (collected in a list and awaited with `Task.WhenAll`, or returned): StackExchange.Redis "
                    + "pipelines them on one connection",
                "commands with `CommandFlags.FireAndForget` (no reply is waited for)",
                "multi-key overloads (`StringGet(RedisKey[])`, `KeyDelete(RedisKey[])`) and commands without a key (`Ping`, `Publish`, `Execute`)",
                "polling loops paced by `Task.Delay`, `PeriodicTimer` or `Thread.Sleep` (one pass per tick), loop conditions, lambdas given to other methods, "
                    + "local functions, and expression trees",
                "`IDistributedCache` and `HybridCache` calls (the store behind them may be in memory)",
                "a source method whose implementations do not all reach Redis (a decorator or fake makes the call silent)",
            },
            Fix = "Collect the keys and issue one multi-key command, or pipeline: `RedisValue[] values = await db.StringGetAsync(keys.Select(k => "
                + "(RedisKey)k).ToArray());`, or `var batch = db.CreateBatch(); var tasks = keys.Select(k => batch.StringGetAsync(k)).ToList(); "
                + "batch.Execute(); await Task.WhenAll(tasks);`.",
            FlaggedExample = "foreach (var id in ids)\n"
                + "{\n"
                + "    RedisValue json = await db.StringGetAsync($\"user:{id}\");\n"
                + "    users.Add(Parse(json));\n"
                + "}",
            FixedExample = "RedisKey[] keys = ids.Select(id => (RedisKey)$\"user:{id}\").ToArray();\n"
                + "RedisValue[] values = await db.StringGetAsync(keys);   // one MGET\n"
                + "users.AddRange(values.Select(Parse));",
            Tags = new[] { "performance", "redis", "n+1", "caching" },
        };

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
            FlaggedExample = "await cache.SetStringAsync($\"product:{id}\", json);",
            FixedExample = "private static readonly DistributedCacheEntryOptions ProductTtl =\n"
                + "    new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };\n"
                + "\n"
                + "await cache.SetStringAsync($\"product:{id}\", json, ProductTtl);",
            Tags = new[] { "performance", "caching", "memory" },
        };
    }
}

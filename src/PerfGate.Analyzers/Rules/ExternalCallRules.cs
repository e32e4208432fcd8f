namespace PerfGate.Analyzers
{
    /// <summary>PG2xxx: external calls and async.</summary>
    public static class ExternalCallRules
    {
        public static readonly RuleMetadata HttpClientCreatedPerCall = new RuleMetadata(
            RuleIdentifiers.HttpClientCreatedPerCall,
            "HttpClient created per call",
            "A new HttpClient is created on every call of '{0}': each instance opens its own connections (socket exhaustion, no DNS refresh); use IHttpClientFactory or a shared instance",
            RuleCategories.ExternalCalls,
            RuleLevel.Warning,
            "high",
            "`new HttpClient(...)` in a method body creates a client, and a connection pool, per call. Under load this exhausts sockets and pays TLS handshakes on every request. Inject `HttpClient` through `IHttpClientFactory` (`AddHttpClient`) or hold one shared instance.",
            new[]
            {
                "`new HttpClient()` and `new HttpClient(handler[, disposeHandler])` (also target-typed `new()`) in methods, local functions, lambdas and property accessors",
                "lambdas that create a client, wherever they are declared (`static Func<HttpClient> Create = () => new HttpClient();` creates one per call of the delegate), including lambdas in top-level statements such as minimal-API handlers",
                "assignment into an instance field or property with `=` outside a constructor (`_client = new HttpClient()` in a method)",
            },
            new[]
            {
                "initializers of static fields and properties (`static readonly HttpClient Client = new();`)",
                "initializers of instance fields and properties, and constructors (static or instance): the instance owns one client for its lifetime (a per-request service that does this is a PG2004 concern); a lambda or local function inside them is still reported",
                "assignment into a static field or property, with `=` or `??=` (`s_client ??= new HttpClient()`, `if (s_client == null) s_client = new HttpClient()`, `s_client = s_client ?? new HttpClient()`)",
                "`??=` into an instance field or property (`_client ??= new HttpClient()`): one client per instance, as an initializer",
                "lambdas that build the client once: `new Lazy<HttpClient>(() => ...)`, `LazyInitializer.EnsureInitialized`, `AddSingleton`/`TryAddSingleton`/`AddKeyedSingleton` factories",
                "a static `Main` and top-level statements themselves (run once per process)",
                "`HttpClient` subclasses of unknown construction cost and `HttpMessageInvoker`",
            },
            "Register the client with `builder.Services.AddHttpClient<TClient>()` and take `HttpClient` in the constructor, or keep one `static readonly HttpClient` (with `SocketsHttpHandler.PooledConnectionLifetime` set).",
            "public async Task<string> GetRateAsync(string currency)\n{\n    using var client = new HttpClient();\n    return await client.GetStringAsync($\"https://rates.example/{currency}\");\n}",
            "public sealed class RatesClient(HttpClient client)\n{\n    public Task<string> GetRateAsync(string currency) =>\n        client.GetStringAsync($\"rates/{currency}\");\n}\n// Program.cs: builder.Services.AddHttpClient<RatesClient>(c => c.BaseAddress = new(\"https://rates.example/\"));",
            new[] { "performance", "http", "reliability" });
    }
}

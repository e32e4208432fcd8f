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
            new[] { "`new HttpClient()` and `new HttpClient(handler[, disposeHandler])` (also target-typed `new()`) in methods, local functions, lambdas and property accessors" },
            new[]
            {
                "initializers of static fields and properties (`static readonly HttpClient Client = new();`)",
                "initializers of instance fields and constructors: the instance owns one client for its lifetime (a per-request service that does this is a PG2004 concern)",
                "assignments inside a lazy-initialisation guard into a static field (`s_client ??= new HttpClient()`)",
                "`HttpClient` subclasses of unknown construction cost and `HttpMessageInvoker`",
            },
            "Register the client with `builder.Services.AddHttpClient<TClient>()` and take `HttpClient` in the constructor, or keep one `static readonly HttpClient` (with `SocketsHttpHandler.PooledConnectionLifetime` set).",
            "public async Task<string> GetRateAsync(string currency)\n{\n    using var client = new HttpClient();\n    return await client.GetStringAsync($\"https://rates.example/{currency}\");\n}",
            "public sealed class RatesClient(HttpClient client)\n{\n    public Task<string> GetRateAsync(string currency) =>\n        client.GetStringAsync($\"rates/{currency}\");\n}\n// Program.cs: builder.Services.AddHttpClient<RatesClient>(c => c.BaseAddress = new(\"https://rates.example/\"));",
            new[] { "performance", "http", "reliability" });
    }
}

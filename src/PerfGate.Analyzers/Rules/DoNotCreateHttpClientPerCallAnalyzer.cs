using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class ExternalCallRules
    {
        public static readonly RuleMetadata HttpClientCreatedPerCall = new RuleMetadata
        {
            Id = RuleIdentifiers.HttpClientCreatedPerCall,
            Title = "HttpClient created per call",
            MessageFormat = "A new HttpClient is created on every call of {0}: each instance opens its own connections (socket exhaustion, no DNS refresh); "
                + "use IHttpClientFactory or a shared instance",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "0 of 13 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were clients made in one-off admin, import or "
                + "plugin-install actions and in dev tools, where a client per call costs nothing measurable. So it is a note by default: raise it "
                + "with `rules: { PG2002: warning }` where it fits your code.",
            Description = "`new HttpClient(...)` in a method body creates a client, and a connection pool, per call. Under load this exhausts sockets and "
                + "pays TLS handshakes on every request. Inject `HttpClient` through `IHttpClientFactory` (`AddHttpClient`) or hold one shared instance.",
            Flags = new[]
            {
                "`new HttpClient()` and `new HttpClient(handler[, disposeHandler])` (also target-typed `new()`) in methods, local functions, lambdas and "
                    + "property accessors",
                "factories of scoped and transient DI registrations (`AddScoped(sp => new HttpClient())`, `AddTransient`, `TryAddScoped`, ...): the message "
                    + "names the registration (`the AddScoped factory (once per request scope)`)",
                "lambdas that create a client, wherever they are declared (`static Func<HttpClient> Create = () => new HttpClient();` creates one per call of "
                    + "the delegate), including lambdas in top-level statements such as minimal-API handlers",
                "assignment into an instance field or property with `=` outside a constructor (`_client = new HttpClient()` in a method)",
                "`new HttpClient` in instance field and property initializers and constructor assignments to instance fields of a type made per request "
                    + "(controllers, Razor Pages models, SignalR hubs, components) or made with `new T(...)` on every call somewhere in the compilation "
                    + "(followed two owners up, as in a webhook client built per message): the message names the owner",
            },
            Ignores = new[]
            {
                "initializers of static fields and properties (`static readonly HttpClient Client = new();`)",
                "initializers of instance fields and properties, and constructors (static or instance), of types that nothing here makes per request or per "
                    + "call (a service made by DI: its lifetime comes from a registration this rule does not follow yet): the instance owns one client for "
                    + "its lifetime; a lambda or local function inside them is still reported",
                "assignment into a static field or property, with `=` or `??=` (`s_client ??= new HttpClient()`, `if (s_client == null) s_client = new "
                    + "HttpClient()`, `s_client = s_client ?? new HttpClient()`)",
                "`??=` into an instance field or property (`_client ??= new HttpClient()`): one client per instance, as an initializer",
                "lambdas that build the client once: `new Lazy<HttpClient>(() => ...)`, `LazyInitializer.EnsureInitialized`, "
                    + "`AddSingleton`/`TryAddSingleton`/`AddKeyedSingleton` factories, and a method registered as such a factory by method group "
                    + "(`services.TryAddSingleton(CreateClient)`: one client per process)",
                "a static `Main` and top-level statements themselves (run once per process)",
                "startup code (a method that takes `IServiceCollection`, `IApplicationBuilder`, `WebApplicationBuilder`, `IHostBuilder`, "
                    + "`IHostApplicationBuilder` or `IWebHostBuilder`, or extends a registration builder interface such as `IMvcBuilder`), LINQ lambdas run "
                    + "inside such code, and helpers whose every call in the compilation (up to three callers up) runs once in one of these ways; a helper "
                    + "called from a controller, page or hub constructor is still reported",
                "`HttpClient` subclasses of unknown construction cost and `HttpMessageInvoker`",
                "Blazor WebAssembly apps (the compilation references `WebAssemblyHostBuilder`): there `HttpClient` wraps the browser's `fetch` and owns no "
                    + "sockets, and `AddScoped(sp => new HttpClient { BaseAddress = ... })` is the documented registration",
            },
            Fix = "Register the client with `builder.Services.AddHttpClient<TClient>()` and take `HttpClient` in the constructor, or keep one `static "
                + "readonly HttpClient` (with `SocketsHttpHandler.PooledConnectionLifetime` set).",
            FlaggedExample = "public async Task<string> GetRateAsync(string currency)\n"
                + "{\n"
                + "    using var client = new HttpClient();\n"
                + "    return await client.GetStringAsync($\"https://rates.example/{currency}\");\n"
                + "}",
            FixedExample = "public sealed class RatesClient(HttpClient client)\n"
                + "{\n"
                + "    public Task<string> GetRateAsync(string currency) =>\n"
                + "        client.GetStringAsync($\"rates/{currency}\");\n"
                + "}\n"
                + "// Program.cs: builder.Services.AddHttpClient<RatesClient>(c => c.BaseAddress = new(\"https://rates.example/\"));",
            Tags = new[] { "performance", "http", "reliability" },
            Reach = ReachScope.FindingAdminIsCold,
        };
    }

    /// <summary>
    /// PG2002: <c>new HttpClient(...)</c> where it runs on every call (method bodies, local functions,
    /// lambdas, accessors) instead of once (static/instance initializers, constructors, lazy statics), or once per
    /// instance of a type made per request or per call.
    /// </summary>
    public sealed class DoNotCreateHttpClientPerCallAnalyzer : PerfGateRule
    {
        public DoNotCreateHttpClientPerCallAnalyzer()
            : base(ExternalCallRules.HttpClientCreatedPerCall)
        {
        }

        internal override void Start(RuleContext rule)
        {
            INamedTypeSymbol? httpClient = rule.Types.HttpClient;
            if (httpClient == null) return;
            var analyzer = new Analyzer(
                rule,
                httpClient,
                // Blazor WebAssembly: HttpClient is a thin wrapper over the browser's fetch (no sockets of its own),
                // and AddScoped(sp => new HttpClient { BaseAddress = ... }) is the documented registration.
                new PerCallCreation(rule.Compilation, isWebAssembly: rule.Types.WebAssemblyHostBuilder != null));
            rule.Start.RegisterOperationAction(analyzer.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        }

        private sealed class Analyzer
        {
            private readonly RuleContext _rule;
            private readonly INamedTypeSymbol _httpClient;
            private readonly PerCallCreation _perCall;

            public Analyzer(RuleContext rule, INamedTypeSymbol httpClient, PerCallCreation perCall)
            {
                _rule = rule;
                _httpClient = httpClient;
                _perCall = perCall;
            }

            public void AnalyzeObjectCreation(OperationAnalysisContext context)
            {
                var creation = (IObjectCreationOperation)context.Operation;
                // Exactly HttpClient: subclasses have a construction cost we cannot know.
                if (!SymbolEqualityComparer.Default.Equals(creation.Type, _httpClient)) return;

                string? member = _perCall.FindPerCallMember(creation, context.ContainingSymbol)
                    ?? _perCall.FindPerInstanceOwner(creation, context.ContainingSymbol);
                if (member == null) return;
                _rule.Report(context.ReportDiagnostic, creation.Syntax.GetLocation(), member);
            }
        }
    }
}

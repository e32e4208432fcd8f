using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class ExternalCallRules
    {
        public static readonly RuleMetadata ClientCreatedPerCall = new RuleMetadata
        {
            Id = RuleIdentifiers.ClientCreatedPerCall,
            Title = "Connection-owning client created per call or per request",
            MessageFormat = "A new {0} is created on every call of {1}: it owns its own connections and pipeline (TLS handshakes, socket churn, no connection "
                + "reuse); register one instance as a singleton and inject it",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "SDK clients such as `StripeClient`, the OpenAI clients, Azure SDK clients and Redis's `ConnectionMultiplexer` hold an HTTP "
                + "pipeline or a connection pool and are documented as thread-safe and meant to be reused. Building one per call or per request pays "
                + "connection setup every time and, for Redis, opens a new multiplexer (several sockets) per request. The list is extendable in the policy: "
                + "`rules.PG2004.options.clientTypes`.",
            Flags = new[]
            {
                "`new` of `Stripe.StripeClient`, `OpenAI.OpenAIClient`, `ChatClient`, `EmbeddingClient`, `ImageClient`, `AudioClient`, `ModerationClient`, "
                    + "`Azure.AI.OpenAI.AzureOpenAIClient`, `BlobServiceClient`, `ServiceBusClient`, `SecretClient`, `CosmosClient`, and the types the policy "
                    + "adds (`rules: { PG2004: { level: warning, options: { clientTypes: [My.Sdk.Client] } } }`, full metadata names), and "
                    + "`ConnectionMultiplexer.Connect`/`ConnectAsync`",
                "in methods, local functions, lambdas (including scoped and transient DI factories) and property accessors — where PG2002 reports `new "
                    + "HttpClient`",
                "in instance field and property initializers and constructor assignments to instance fields of a type made per request (controllers, Razor "
                    + "Pages models, SignalR hubs, components) or made with `new T(...)` on every call somewhere in the compilation (followed two owners up, "
                    + "as in a webhook client built per message): the message names the owner",
            },
            Ignores = new[]
            {
                "`HttpClient` (PG2002 reports it)",
                "static initializers, static fields assigned once (`=` or `??=`), `??=` into instance fields, `Lazy<T>`, `LazyInitializer`, singleton DI "
                    + "factories (`AddSingleton(sp => new StripeClient(key))`) and `Main`/top-level statements",
                "startup code (a method that takes `IServiceCollection`, `IApplicationBuilder`, `WebApplicationBuilder`, `IHostBuilder`, "
                    + "`IHostApplicationBuilder` or `IWebHostBuilder`, or extends a registration builder interface such as `IMvcBuilder`), LINQ lambdas run "
                    + "inside such code, and helpers whose every call in the compilation (up to three callers up) runs once in one of these ways; a helper "
                    + "called from a controller, page or hub constructor is still reported",
                "constructors and initializers of other classes, that nothing here makes per call (a service's lifetime comes from its DI registration, which "
                    + "this rule does not follow yet)",
                "lightweight per-resource clients (`BlobClient`, `BlobContainerClient`) unless the policy lists them",
            },
            Fix = "Create the client once: `builder.Services.AddSingleton(new StripeClient(apiKey))`, `AddSingleton<ChatClient>(_ => new ChatClient(model, "
                + "apiKey))`, `AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(config))`, or the Azure SDK's `AddAzureClients`; "
                + "inject it where it is used.",
            FlaggedExample = "public async Task<string> ChargeAsync(long amount)\n"
                + "{\n"
                + "    var client = new StripeClient(_apiKey);\n"
                + "    var intents = new PaymentIntentService(client);\n"
                + "    return (await intents.CreateAsync(new() { Amount = amount, Currency = \"eur\" })).Id;\n"
                + "}",
            FixedExample = "// Program.cs: builder.Services.AddSingleton<IStripeClient>(new StripeClient(apiKey));\n"
                + "public sealed class Payments(IStripeClient stripe)\n"
                + "{\n"
                + "    private readonly PaymentIntentService _intents = new(stripe);\n"
                + "}",
            Tags = new[] { "performance", "http", "reliability" },
            Reach = ReachScope.FindingAdminIsCold,
        };
    }

    /// <summary>
    /// PG2004: a connection-owning SDK client (<c>StripeClient</c>, OpenAI clients, Azure SDK clients,
    /// <c>ConnectionMultiplexer.Connect[Async]</c>, and the policy's <c>clientTypes</c>) created on every call of a
    /// method, or once per instance of a type made per request (controller, Razor page, SignalR hub) or per call.
    /// <c>HttpClient</c> is PG2002's.
    /// </summary>
    public sealed class DoNotCreateServiceClientPerCallAnalyzer : PerfGateRule
    {
        public const string ClientTypesOption = "clientTypes";

        /// <summary>Types whose instances own connections, a pipeline or a pool: build once, share.</summary>
        internal static readonly string[] DefaultClientTypes =
        {
            "Stripe.StripeClient",
            "OpenAI.OpenAIClient",
            "OpenAI.Chat.ChatClient",
            "OpenAI.Embeddings.EmbeddingClient",
            "OpenAI.Images.ImageClient",
            "OpenAI.Audio.AudioClient",
            "OpenAI.Moderations.ModerationClient",
            "Azure.AI.OpenAI.AzureOpenAIClient",
            "Azure.Storage.Blobs.BlobServiceClient",
            "Azure.Messaging.ServiceBus.ServiceBusClient",
            "Azure.Security.KeyVault.Secrets.SecretClient",
            "Microsoft.Azure.Cosmos.CosmosClient",
        };

        public DoNotCreateServiceClientPerCallAnalyzer()
            : base(ExternalCallRules.ClientCreatedPerCall)
        {
        }

        internal override void Start(RuleContext rule)
        {
            var clients = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (string name in DefaultClientTypes.Concat(rule.ListOption(ClientTypesOption)))
            {
                if (rule.Types.Get(name) is INamedTypeSymbol type) clients.Add(type);
            }

            INamedTypeSymbol? multiplexer = rule.Types.ConnectionMultiplexer;
            if (clients.Count == 0 && multiplexer == null) return;

            var perCall = new PerCallCreation(rule.Compilation, isWebAssembly: false);

            void Check(OperationAnalysisContext operationContext, IOperation creation, string client)
            {
                string? member = perCall.FindPerCallMember(creation, operationContext.ContainingSymbol)
                    ?? perCall.FindPerInstanceOwner(creation, operationContext.ContainingSymbol);
                if (member == null) return;
                rule.Report(operationContext.ReportDiagnostic, creation.Syntax.GetLocation(), client, member);
            }

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var creation = (IObjectCreationOperation)operationContext.Operation;
                if (creation.Type is INamedTypeSymbol type && clients.Contains(type.OriginalDefinition))
                    Check(operationContext, creation, type.Name);
            }, OperationKind.ObjectCreation);

            if (multiplexer != null)
            {
                rule.Start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if ((method.Name == "Connect" || method.Name == "ConnectAsync") && method.IsStatic && method.ContainingType.IsType(multiplexer))
                        Check(operationContext, invocation, "ConnectionMultiplexer." + method.Name);
                }, OperationKind.Invocation);
            }
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG2004: a connection-owning SDK client (<c>StripeClient</c>, OpenAI clients, Azure SDK clients,
    /// <c>ConnectionMultiplexer.Connect[Async]</c>, and the policy's <c>clientTypes</c>) created on every call of a
    /// method, or once per instance of a type made per request (controller, Razor page, SignalR hub) or per call.
    /// <c>HttpClient</c> is PG2002's.
    /// </summary>
    public sealed class DoNotCreateServiceClientPerCallAnalyzer : DiagnosticAnalyzer
    {
        public const string ClientTypesOption = "clientTypes";

        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(ExternalCallRules.ClientCreatedPerCall);

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

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                Compilation compilation = start.Compilation;
                var clients = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                foreach (string name in DefaultClientTypes) Add(compilation, clients, name);
                foreach (string name in PolicyOptions.ReadList(start.Options, RuleIdentifiers.ClientCreatedPerCall, ClientTypesOption)) Add(compilation, clients, name);
                INamedTypeSymbol? multiplexer = compilation.GetTypeByMetadataName("StackExchange.Redis.ConnectionMultiplexer");
                if (clients.Count == 0 && multiplexer == null) return;

                var perCall = new PerCallCreation(compilation, isWebAssembly: false);
                PolicyOptions policy = PolicyOptions.From(start.Options);

                void Check(OperationAnalysisContext operationContext, IOperation creation, string client)
                {
                    string? member = perCall.FindPerCallMember(creation, operationContext.ContainingSymbol)
                        ?? perCall.FindPerInstanceOwner(creation, operationContext.ContainingSymbol);
                    if (member == null || policy.IsExcluded(creation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), client, member));
                }

                start.RegisterOperationAction(operationContext =>
                {
                    var creation = (IObjectCreationOperation)operationContext.Operation;
                    if (creation.Type is INamedTypeSymbol type && clients.Contains(type.OriginalDefinition))
                        Check(operationContext, creation, type.Name);
                }, OperationKind.ObjectCreation);

                if (multiplexer != null)
                {
                    start.RegisterOperationAction(operationContext =>
                    {
                        var invocation = (IInvocationOperation)operationContext.Operation;
                        IMethodSymbol method = invocation.TargetMethod;
                        if ((method.Name == "Connect" || method.Name == "ConnectAsync") && method.IsStatic && method.ContainingType.IsType(multiplexer))
                            Check(operationContext, invocation, "ConnectionMultiplexer." + method.Name);
                    }, OperationKind.Invocation);
                }
            });
        }

        private static void Add(Compilation compilation, HashSet<INamedTypeSymbol> clients, string metadataName)
        {
            INamedTypeSymbol? type = compilation.GetTypeByMetadataName(metadataName);
            if (type != null) clients.Add(type);
        }
    }
}

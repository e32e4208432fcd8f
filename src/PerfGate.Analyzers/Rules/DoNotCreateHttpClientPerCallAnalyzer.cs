using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG2002: <c>new HttpClient(...)</c> where it runs on every call (method bodies, local functions,
    /// lambdas, accessors) instead of once (static/instance initializers, constructors, lazy statics), or once per
    /// instance of a type made per request or per call.
    /// </summary>
    public sealed class DoNotCreateHttpClientPerCallAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(ExternalCallRules.HttpClientCreatedPerCall);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? httpClient = start.Compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
                if (httpClient == null) return;
                var analyzer = new Analyzer(
                    httpClient,
                    // Blazor WebAssembly: HttpClient is a thin wrapper over the browser's fetch (no sockets of its own),
                    // and AddScoped(sp => new HttpClient { BaseAddress = ... }) is the documented registration.
                    new PerCallCreation(start.Compilation, isWebAssembly:
                        start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Components.WebAssembly.Hosting.WebAssemblyHostBuilder") != null),
                    PolicyOptions.From(start.Options));
                start.RegisterOperationAction(analyzer.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            });
        }

        private sealed class Analyzer
        {
            private readonly INamedTypeSymbol _httpClient;
            private readonly PerCallCreation _perCall;
            private readonly PolicyOptions _policy;

            public Analyzer(INamedTypeSymbol httpClient, PerCallCreation perCall, PolicyOptions policy)
            {
                _httpClient = httpClient;
                _perCall = perCall;
                _policy = policy;
            }

            public void AnalyzeObjectCreation(OperationAnalysisContext context)
            {
                var creation = (IObjectCreationOperation)context.Operation;
                // Exactly HttpClient: subclasses have a construction cost we cannot know.
                if (!SymbolEqualityComparer.Default.Equals(creation.Type, _httpClient)) return;

                string? member = _perCall.FindPerCallMember(creation, context.ContainingSymbol)
                    ?? _perCall.FindPerInstanceOwner(creation, context.ContainingSymbol);
                if (member == null) return;
                if (_policy.IsExcluded(creation.Syntax.SyntaxTree)) return;
                context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), member));
            }
        }
    }
}

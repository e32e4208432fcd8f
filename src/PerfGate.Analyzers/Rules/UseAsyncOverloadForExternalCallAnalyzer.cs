using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG2007: a synchronous Stripe.net, OpenAI, <c>HttpClient.Send</c>, <c>WebClient</c> or
    /// <c>System.IO.File</c> call in an async method or on a request path, where the same type has an
    /// async counterpart (<c>CreateAsync</c>, <c>SendAsync</c>, <c>ReadAllTextAsync</c>).
    /// </summary>
    public sealed class UseAsyncOverloadForExternalCallAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(ExternalCallRules.SynchronousExternalCall);

        private static readonly HashSet<string> FileMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "ReadAllText", "ReadAllBytes", "ReadAllLines", "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                Compilation compilation = start.Compilation;
                INamedTypeSymbol? httpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
                INamedTypeSymbol? webClient = compilation.GetTypeByMetadataName("System.Net.WebClient");
                INamedTypeSymbol? file = compilation.GetTypeByMetadataName("System.IO.File");
                RequestPaths requestPaths = RequestPaths.For(compilation);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (method.Name.EndsWith("Async", StringComparison.Ordinal)) return;

                    string? what = null;
                    if (ExternalSdkCalls.IsStripeServiceRequest(method)) what = "Stripe";
                    else if (ExternalSdkCalls.IsOpenAiRequest(method)) what = "OpenAI";
                    else if (method.Name == "Send" && method.ContainingType.InheritsFromOrEquals(httpClient)) what = "HTTP";
                    else if (webClient != null && method.ContainingType.InheritsFromOrEquals(webClient)
                        && (method.Name.StartsWith("Download", StringComparison.Ordinal) || method.Name.StartsWith("Upload", StringComparison.Ordinal) || method.Name == "OpenRead" || method.Name == "OpenWrite"))
                        what = "HTTP";
                    else if (method.ContainingType.IsType(file) && FileMethods.Contains(method.Name)) what = "file";
                    if (what == null) return;

                    // Only where an async counterpart exists on the same type (WebClient: the *TaskAsync methods).
                    string? asyncName = AsyncCounterparts.Find(method);
                    if (asyncName == null) return;

                    string? where = AsyncContext.Describe(invocation, operationContext.ContainingSymbol, requestPaths);
                    if (where == null || policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, what, where, asyncName));
                }, OperationKind.Invocation);
            });
        }
    }
}

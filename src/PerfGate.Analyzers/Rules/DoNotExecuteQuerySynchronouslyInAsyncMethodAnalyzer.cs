using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>PG1014: a synchronous EF Core execution (<c>ToList</c>, <c>First</c>, <c>SaveChanges</c>, ...) inside an async method blocks a thread on database I/O.</summary>
    public sealed class DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.SynchronousQueryInAsyncMethod);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(start.Compilation);
                if (provenance == null) return;
                var ef = new EfExecution(start.Compilation, provenance);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (!EfExecution.SyncToAsync.TryGetValue(method.Name, out string? asyncName)) return;
                    if (!(operationContext.ContainingSymbol is IMethodSymbol container) || !IsAsyncHere(invocation, container)) return;
                    if (!IsSynchronousEfExecution(invocation, ef)) return;
                    if (ef.IsInsideExpressionTree(invocation)) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, asyncName));
                }, OperationKind.Invocation);
            });
        }

        /// <summary>The innermost function around the call (lambda, local function or method) is <c>async</c>.</summary>
        private static bool IsAsyncHere(IOperation operation, IMethodSymbol container)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda) return lambda.Symbol.IsAsync;
                if (current is ILocalFunctionOperation local) return local.Symbol.IsAsync;
            }

            return container.IsAsync;
        }

        private static bool IsSynchronousEfExecution(IInvocationOperation invocation, EfExecution ef)
        {
            IMethodSymbol method = invocation.TargetMethod;
            EfQueryProvenance provenance = ef.Provenance;
            switch (method.Name)
            {
                case "SaveChanges":
                    return provenance.IsDbContext(invocation.Instance?.Type);
                case "Find":
                    return provenance.IsDbSetMethod(method) && invocation.Instance != null
                        && provenance.Classify(invocation.Instance) == QueryProvenance.Proven;
                case "Load":
                    if (invocation.Instance != null) return provenance.IsNavigationEntry(invocation.Instance.Type);
                    break;
            }

            return ef.ExecutedQuery(invocation) != null;
        }
    }
}

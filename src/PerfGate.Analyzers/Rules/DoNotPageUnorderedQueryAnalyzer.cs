using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>PG1008: <c>Skip</c>/<c>Take</c> on a proven EF query with no <c>OrderBy</c> before it: pages come back in no defined order.</summary>
    public sealed class DoNotPageUnorderedQueryAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.PagingWithoutOrderBy);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(start.Compilation);
                INamedTypeSymbol? queryable = start.Compilation.GetTypeByMetadataName("System.Linq.Queryable");
                if (provenance == null || queryable == null) return;
                var ef = new EfExecution(start.Compilation, provenance);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (method.Name != "Skip" && method.Name != "Take") return;
                    if (!method.ContainingType.IsType(queryable)) return;
                    if (method.Name == "Take" && IsConstantOne(invocation)) return; // Take(1): "any one row"
                    IOperation? receiver = invocation.GetReceiver();
                    if (receiver == null || ef.IsInsideExpressionTree(invocation)) return;
                    if (provenance.Classify(receiver) != QueryProvenance.Proven || !ef.IsRootedAtDbSet(receiver)) return;

                    foreach (IInvocationOperation below in provenance.ComposingChain(receiver))
                    {
                        string name = below.TargetMethod.Name;
                        if (name.StartsWith("OrderBy", System.StringComparison.Ordinal) || name.StartsWith("ThenBy", System.StringComparison.Ordinal)
                            || name == "Order" || name == "OrderDescending"
                            || name.StartsWith("FromSql", System.StringComparison.Ordinal))
                            return; // ordered (or raw SQL that may order)
                        if (name == "Skip" || (name == "Take" && !IsConstantOne(below))) return; // reported on the inner one
                    }

                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name));
                }, OperationKind.Invocation);
            });
        }

        private static bool IsConstantOne(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 1 && argument.Value.ConstantValue.HasValue && argument.Value.ConstantValue.Value is int count)
                    return count == 1;
            }

            return false;
        }
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>PG1005: <c>DbContext.SaveChanges[Async]</c> inside a loop commits one transaction per item.</summary>
    public sealed class DoNotCallSaveChangesPerLoopIterationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.SaveChangesPerLoopIteration);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(start.Compilation);
                if (provenance == null) return; // no EF Core referenced
                LoopContext loops = LoopContext.Create(start.Compilation);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    string name = invocation.TargetMethod.Name;
                    if (name != "SaveChanges" && name != "SaveChangesAsync") return;

                    // Receiver typed as a DbContext (an implicit `this` inside a DbContext subclass counts).
                    ITypeSymbol? receiverType = invocation.Instance?.Type;
                    if (!provenance.IsDbContext(receiverType)) return;

                    string? iteration = loops.FindEnclosingIteration(invocation);
                    if (iteration == null) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;

                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), name, iteration));
                }, OperationKind.Invocation);
            });
        }
    }
}

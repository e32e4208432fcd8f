using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG1002: a method whose I/O summary says database is called once per loop iteration: the N+1
    /// behind a repository or service method, possibly in another project.
    /// </summary>
    public sealed class DoNotCallDatabaseMethodPerLoopIterationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.DatabaseCallPerLoopIteration);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                IoSummaries summaries = IoSummaries.For(start.Compilation);
                LoopContext loops = LoopContext.Create(start.Compilation);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    string? iteration = loops.FindEnclosingIteration(invocation);
                    if (iteration == null) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;

                    MethodIoSummary summary = summaries.SummarizeCall(invocation, out IoKind direct, out _);
                    string chain;
                    var related = new List<Location>();
                    if (direct != IoKind.None)
                    {
                        // EF Core executed directly in the loop is PG1001/PG1005's; Dapper and ADO.NET are ours.
                        if (direct != IoKind.Database || !summaries.Classifier.IsDapperOrAdoNet(invocation)) return;
                        chain = IoCallClassifier.Display(invocation);
                    }
                    else
                    {
                        if (!summary.Has(IoKind.Database)) return;
                        ImmutableArray<IoHop> hops = summary.Chain(IoKind.Database);
                        IEnumerable<string> names = hops.Select(hop => hop.Display);
                        if (!summary.IsDispatch) names = new[] { invocation.TargetMethod.Name }.Concat(names);
                        chain = string.Join(ReferencedIoSummaries.Separator, names);
                        foreach (IoHop hop in hops)
                        {
                            if (hop.CallSite != null && hop.CallSite.IsInSource) related.Add(hop.CallSite);
                        }
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), related, invocation.TargetMethod.Name, iteration, chain));
                }, OperationKind.Invocation);
            });
        }
    }
}

using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG4005: in a request handler or a method one reaches, waiting for a process the method started
    /// (ffmpeg and friends), or a <c>while</c>/<c>do</c> loop paced by a delay that calls an external
    /// service on each pass (polling an external job).
    /// </summary>
    public sealed class MoveLongRunningWorkOutOfRequestPathAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(RequestHandlingRules.LongRunningWorkInRequestPath);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                Compilation compilation = start.Compilation;
                INamedTypeSymbol? process = compilation.GetTypeByMetadataName("System.Diagnostics.Process");
                INamedTypeSymbol? task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
                INamedTypeSymbol? thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
                PolicyOptions policy = PolicyOptions.From(start.Options);
                IoSummaries summaries = IoSummaries.For(compilation);
                RequestPaths requestPaths = RequestPaths.For(compilation);
                var waited = new WaitedRequestPaths(compilation);

                string? DescribePath(IOperation operation, ISymbol containing)
                {
                    // Inside a lambda: only a minimal API handler lambda is the request itself (a Task.Run or
                    // callback lambda may run later, elsewhere).
                    for (IOperation? current = operation.Parent; current != null; current = current.Parent)
                    {
                        if (current is ILocalFunctionOperation) return null;
                        if (current is IAnonymousFunctionOperation lambda)
                            return requestPaths.IsHandler(lambda.Symbol) ? "request handler '" + AsyncContext.OwnerName(lambda.Symbol) + "'" : null;
                    }

                    if (!(containing is IMethodSymbol method)) return null;
                    if (requestPaths.IsHandler(method)) return "request handler '" + AsyncContext.OwnerName(method) + "'";
                    if (method.MethodKind == MethodKind.AnonymousFunction || method.MethodKind == MethodKind.LocalFunction) return null;
                    return waited.IsWaitedFor(method) ? "'" + AsyncContext.OwnerName(method) + "', reached from a request handler" : null;
                }

                if (process != null)
                {
                    start.RegisterOperationAction(operationContext =>
                    {
                        var invocation = (IInvocationOperation)operationContext.Operation;
                        IMethodSymbol method = invocation.TargetMethod;
                        if ((method.Name != "WaitForExit" && method.Name != "WaitForExitAsync") || !method.ContainingType.IsType(process)) return;
                        if (!(invocation.Instance?.WithoutConversions() is ILocalReferenceOperation local)) return;
                        if (!StartedHere(local, process)) return;
                        string? path = DescribePath(invocation, operationContext.ContainingSymbol);
                        if (path == null || policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                        operationContext.ReportDiagnostic(Diagnostic.Create(
                            Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, "waits for a process it started", path));
                    }, OperationKind.Invocation);
                }

                start.RegisterOperationAction(operationContext =>
                {
                    if (!(operationContext.Operation is IWhileLoopOperation loop)) return;
                    IInvocationOperation? delay = null;
                    string? external = null;
                    foreach (IOperation operation in OwnOperations(loop))
                    {
                        if (!(operation is IInvocationOperation call)) continue;
                        IMethodSymbol method = call.TargetMethod;
                        if ((method.Name == "Delay" && method.ContainingType.IsType(task)) || (method.Name == "Sleep" && method.ContainingType.IsType(thread)))
                        {
                            if (!InsideCatch(call, loop)) delay ??= call;
                            continue;
                        }

                        if (external != null) continue;
                        MethodIoSummary summary = summaries.SummarizeCall(call, out IoKind direct, out _);
                        IoKind kinds = direct != IoKind.None ? direct : summary.Kinds;
                        if ((kinds & (IoKind.Http | IoKind.Database | IoKind.Cache)) != 0) external = method.Name;
                    }

                    if (delay == null || external == null) return;
                    string? path = DescribePath(loop, operationContext.ContainingSymbol);
                    if (path == null || policy.IsExcluded(loop.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(delay.Syntax), delay.TargetMethod.Name,
                        "paces a polling loop that calls '" + external + "' on each pass (waiting for an external job)", path));
                }, OperationKind.Loop);
            });
        }

        /// <summary>The loop's own operations (condition and body), not those of nested loops, lambdas or local functions.</summary>
        private static System.Collections.Generic.IEnumerable<IOperation> OwnOperations(ILoopOperation loop)
        {
            var pending = new System.Collections.Generic.Stack<IOperation>();
            foreach (IOperation child in loop.ChildOperations) pending.Push(child);
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                if (operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation || operation is ILoopOperation) continue;
                yield return operation;
                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }
        }

        private static bool InsideCatch(IOperation operation, IOperation stop)
        {
            for (IOperation? current = operation.Parent; current != null && !ReferenceEquals(current, stop); current = current.Parent)
            {
                if (current is ICatchClauseOperation) return true;
            }

            return false;
        }

        /// <summary><c>var p = Process.Start(...)</c>, or <c>var p = new Process { ... }</c> with <c>p.Start()</c> in the same body.</summary>
        private static bool StartedHere(ILocalReferenceOperation reference, INamedTypeSymbol process)
        {
            IOperation root = reference.OperationRoot();
            IVariableDeclaratorOperation? declarator = root.Descendants().OfType<IVariableDeclaratorOperation>()
                .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, reference.Local));
            IOperation? initial = declarator?.Initializer?.Value.WithoutConversions();
            if (initial is IInvocationOperation start && start.TargetMethod.IsStatic && start.TargetMethod.Name == "Start" && start.TargetMethod.ContainingType.IsType(process))
                return true;
            if (initial is IObjectCreationOperation creation && creation.Type.IsType(process))
            {
                return root.Descendants().OfType<IInvocationOperation>().Any(call =>
                    call.TargetMethod.Name == "Start" && !call.TargetMethod.IsStatic
                    && call.Instance?.WithoutConversions() is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local));
            }

            return false;
        }
    }
}

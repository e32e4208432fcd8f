using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The source methods a request waits for: reachable from a request handler through calls whose result
    /// the caller waits for. Stricter than <see cref="RequestPaths.IsInRequestPath"/> (which follows every
    /// call, lambdas included): it does not enter lambdas other than per-element ones (<c>Select</c>,
    /// <c>ForEach</c>, <c>Parallel.ForEach</c>: a <c>Task.Run</c> or callback body may run after the response),
    /// and it does not follow <c>Task</c>-returning calls that are discarded (<c>_ = RunAsync()</c>, or a bare
    /// call statement: fire and forget). Computed once per compilation, on first question.
    /// </summary>
    internal sealed class WaitedRequestPaths
    {
        private readonly IoSummaries _summaries;
        private readonly RequestPaths _requestPaths;
        private readonly INamedTypeSymbol? _task;
        private readonly INamedTypeSymbol? _valueTask;
        private readonly HashSet<INamedTypeSymbol> _perElementTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _reachable;

        public WaitedRequestPaths(Compilation compilation)
        {
            _summaries = IoSummaries.For(compilation);
            _requestPaths = RequestPaths.For(compilation);
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _task = types.Task;
            _valueTask = types.ValueTask;
            foreach (INamedTypeSymbol? type in new[] { types.Enumerable, types.ParallelEnumerable, types.ListOfT, types.Array, types.Parallel })
            {
                if (type != null) _perElementTypes.Add(type);
            }

            _reachable = new Lazy<ImmutableHashSet<IMethodSymbol>>(Compute, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public bool IsWaitedFor(IMethodSymbol method) => _reachable.Value.Contains(IoSummaries.Normalize(method));

        private ImmutableHashSet<IMethodSymbol> Compute() =>
            _requestPaths.Walk(_requestPaths.Handlers(), (body, work) => Visit(body, isRoot: true, work));

        private void Visit(IOperation operation, bool isRoot, Stack<IMethodSymbol> work)
        {
            if (!isRoot && operation is IAnonymousFunctionOperation lambda && !IsPerElementLambda(lambda)) return;
            if (operation is IInvocationOperation invocation && !IsDiscardedTask(invocation))
            {
                foreach (IMethodSymbol target in _summaries.DispatchTargets(invocation.TargetMethod, invocation.Instance)) work.Push(target);
            }

            foreach (IOperation child in operation.ChildOperations) Visit(child, isRoot: false, work);
        }

        private bool IsPerElementLambda(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            return parent is IArgumentOperation { Parent: IInvocationOperation call }
                && _perElementTypes.Contains(call.TargetMethod.ContainingType.OriginalDefinition);
        }

        /// <summary><c>_ = RunAsync();</c> or <c>RunAsync();</c> as a statement: started, not waited for.</summary>
        private bool IsDiscardedTask(IInvocationOperation invocation)
        {
            ITypeSymbol returnType = invocation.TargetMethod.ReturnType;
            if (!returnType.InheritsFromOrEquals(_task) && !returnType.OriginalDefinition.IsType(_valueTask)) return false;
            IOperation? parent = invocation.Parent;
            while (parent is IConversionOperation) parent = parent.Parent;
            return parent is IExpressionStatementOperation
                || (parent is ISimpleAssignmentOperation assignment && assignment.Target is IDiscardOperation);
        }
    }
}

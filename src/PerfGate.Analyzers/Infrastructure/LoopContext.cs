using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Answers "does this operation run once per iteration of something?": the body of a
    /// <c>foreach</c>/<c>for</c>/<c>while</c>/<c>do</c> loop, or a lambda converted to a delegate and
    /// handed to a method that calls it once per element (<c>Enumerable.Select</c>, <c>List&lt;T&gt;.ForEach</c>, ...).
    /// The walk goes up the operation tree and stops at the first boundary it cannot see through: a
    /// local function, a lambda converted to an expression tree (translated, not run), or a lambda
    /// given to any other method (it may run once, later, or never).
    /// One per compilation: <see cref="CompilationServices.Loops"/>.
    /// </summary>
    internal sealed class LoopContext
    {
        private readonly INamedTypeSymbol? _lambdaExpression;
        private readonly HashSet<INamedTypeSymbol> _perElementTypes;
        private readonly INamedTypeSymbol? _parallel;
        private readonly INamedTypeSymbol? _task;
        private readonly INamedTypeSymbol? _thread;
        private readonly INamedTypeSymbol? _periodicTimer;

        public LoopContext(WellKnownTypes types)
        {
            _lambdaExpression = types.LambdaExpression;
            _parallel = types.Parallel;
            _task = types.Task;
            _thread = types.Thread;
            _periodicTimer = types.PeriodicTimer;
            _perElementTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (INamedTypeSymbol? type in new[] { types.Enumerable, types.AsyncEnumerable, types.ParallelEnumerable, types.ListOfT, types.Array })
            {
                if (type != null) _perElementTypes.Add(type);
            }
        }

        /// <summary>
        /// The per-iteration construct <paramref name="operation"/> runs in (<c>foreach loop</c>,
        /// <c>Select lambda</c>, ...), or null when it runs at most once per call of its method.
        /// </summary>
        public string? FindEnclosingIteration(IOperation operation)
        {
            IOperation current = operation;
            for (IOperation? parent = current.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ILoopOperation loop:
                        // Only the body repeats per item. A foreach collection is evaluated once; for
                        // initializers, conditions and increments are deliberately not reported, so
                        // keep walking: they still run once per iteration of an outer loop.
                        if (ReferenceEquals(loop.Body, current)) return IsPaced(loop) ? null : Describe(loop);
                        break;

                    case IAnonymousFunctionOperation lambda:
                        return DescribeLambda(lambda);

                    case ILocalFunctionOperation _:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// A <c>while</c>/<c>do</c>/<c>for</c> loop that waits on a timer each pass (<c>Task.Delay</c>,
        /// <c>PeriodicTimer.WaitForNextTickAsync</c>, <c>Thread.Sleep</c>, in its condition or body, not in a
        /// nested loop or lambda) is a poller: one pass per tick, not one per item.
        /// </summary>
        private bool IsPaced(ILoopOperation loop)
        {
            if (loop is IForEachLoopOperation) return false;
            var pending = new Stack<IOperation>();
            foreach (IOperation child in loop.ChildOperations) pending.Push(child);
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                if (operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation || operation is ILoopOperation) continue;
                if (operation is IInvocationOperation invocation)
                {
                    IMethodSymbol method = invocation.TargetMethod;
                    if ((method.Name == "Delay" && method.ContainingType.IsType(_task))
                        || (method.Name == "Sleep" && method.ContainingType.IsType(_thread))
                        || (method.Name == "WaitForNextTickAsync" && method.ContainingType.IsType(_periodicTimer)))
                        return true;
                }

                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }

            return false;
        }

        private static string Describe(ILoopOperation loop)
        {
            switch (loop)
            {
                case IForEachLoopOperation forEach:
                    return forEach.IsAsynchronous ? "await foreach loop" : "foreach loop";
                case IForLoopOperation _:
                    return "for loop";
                case IWhileLoopOperation whileLoop:
                    return whileLoop.ConditionIsTop ? "while loop" : "do loop";
                default:
                    return "loop";
            }
        }

        private string? DescribeLambda(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                // A lambda converted to Expression<T> is data for a query provider, never a loop.
                if (parent.Type.InheritsFromOrEquals(_lambdaExpression)) return null;
                parent = parent.Parent;
            }

            if (!(parent is IArgumentOperation argument) || argument.Parameter == null) return null;

            // The parameter must be declared as a delegate (Func<TSource, TResult>, Action<T>, Predicate<T>):
            // a lambda that is itself the element (List<Func<int>>.Add, Enumerable.Append) is not called per element.
            if (argument.Parameter.OriginalDefinition.Type.TypeKind != TypeKind.Delegate) return null;
            IMethodSymbol? method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                _ => null,
            };
            if (method == null) return null;

            INamedTypeSymbol containingType = method.ContainingType.OriginalDefinition;
            bool perElement = _perElementTypes.Contains(containingType)
                || (SymbolEqualityComparer.Default.Equals(containingType, _parallel)
                    && (method.Name == "For" || method.Name == "ForEach" || method.Name == "ForEachAsync"));
            return perElement ? method.Name + " lambda" : null;
        }
    }
}

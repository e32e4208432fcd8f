using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>Shared questions of the single-method EF rules: is this call an execution of a proven query, is it inside an expression tree.</summary>
    internal sealed class EfExecution
    {
        private readonly EfQueryProvenance _provenance;
        private readonly INamedTypeSymbol? _lambdaExpression;

        public EfExecution(WellKnownTypes types, EfQueryProvenance provenance)
        {
            _provenance = provenance;
            _lambdaExpression = types.LambdaExpression;
        }

        public EfQueryProvenance Provenance => _provenance;

        /// <summary>The executed query (the receiver) when <paramref name="invocation"/> executes a proven EF query; otherwise null.</summary>
        public IOperation? ExecutedQuery(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (!EfApi.QueryExecutingMethods.Contains(method.Name) || !method.IsExtensionMethod) return null;
            IOperation? receiver = invocation.GetReceiver();
            if (receiver == null || _provenance.Classify(receiver) != QueryProvenance.Proven) return null;
            return receiver;
        }

        /// <summary>True inside a lambda converted to an expression tree (translated by EF, never run as code).</summary>
        public bool IsInsideExpressionTree(IOperation operation) => operation.IsInsideExpressionTree(_lambdaExpression);

        /// <summary>The root of a query chain (the DbSet read, Set&lt;T&gt;(), a local, ...), below every composing operator.</summary>
        public IOperation Root(IOperation query)
        {
            IOperation current = query.WithoutConversions();
            while (current is IInvocationOperation invocation && _provenance.IsComposingOperator(invocation.TargetMethod))
            {
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null) break;
                current = receiver.WithoutConversions();
            }

            return current;
        }

        /// <summary>
        /// True when the chain root is a whole DbSet: a DbSet read, <c>Set&lt;T&gt;()</c>, or a repository member every implementation of which
        /// returns one (not a local or a navigation query whose shape is elsewhere).
        /// </summary>
        public bool IsRootedAtDbSet(IOperation query) => _provenance.IsWholeDbSetRoot(Root(query));

        /// <summary>
        /// The composing operators of every way <paramref name="query"/> can have been built in its method, through locals
        /// (<c>var q = db.Orders.Where(...); if (x) q = q.Where(...);</c>), when every root is a whole DbSet; otherwise null.
        /// </summary>
        public List<IInvocationOperation>? WholeDbSetChain(IOperation query)
        {
            var chain = new List<IInvocationOperation>();
            return CollectChain(query, chain, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)) ? chain : null;
        }

        private bool CollectChain(IOperation query, List<IInvocationOperation> chain, HashSet<ILocalSymbol> visiting)
        {
            IOperation current = query.WithoutConversions();
            while (current is IInvocationOperation invocation && _provenance.IsComposingOperator(invocation.TargetMethod))
            {
                chain.Add(invocation);
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null) return false;
                current = receiver.WithoutConversions();
            }

            if (!(current is ILocalReferenceOperation local)) return _provenance.IsWholeDbSetRoot(current);
            if (!visiting.Add(local.Local)) return true; // q = q.Where(...): the other assignments decide
            if (_provenance.Classify(current) != QueryProvenance.Proven) return false;
            bool assigned = false;
            foreach (IOperation node in current.OperationRoot().Descendants())
            {
                IOperation? value = node switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local) =>
                        declarator.GetVariableInitializer()?.Value,
                    ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                        && SymbolEqualityComparer.Default.Equals(target.Local, local.Local) => assignment.Value,
                    _ => null,
                };
                if (value == null) continue;
                assigned = true;
                if (!CollectChain(value, chain, visiting)) return false;
            }

            return assigned;
        }
    }
}

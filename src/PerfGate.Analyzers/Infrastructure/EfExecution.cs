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
        /// <remarks>
        /// With <paramref name="throughQueryHelpers"/>, the app's own helpers that return the query they were given, composed
        /// (<c>query = ApplySort(options, query)</c>), are followed to that argument; their own operators are not listed.
        /// </remarks>
        public List<IInvocationOperation>? WholeDbSetChain(IOperation query, bool throughQueryHelpers = false)
        {
            var chain = new List<IInvocationOperation>();
            return CollectChain(query, chain, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), throughQueryHelpers) ? chain : null;
        }

        private bool CollectChain(IOperation query, List<IInvocationOperation> chain, HashSet<ILocalSymbol> visiting, bool throughQueryHelpers = false)
        {
            IOperation current = query.WithoutConversions();
            while (current is IInvocationOperation invocation && _provenance.IsComposingOperator(invocation.TargetMethod))
            {
                chain.Add(invocation);
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null) return false;
                current = receiver.WithoutConversions();
            }

            if (throughQueryHelpers && current is IInvocationOperation helper && helper.TargetMethod.ContainingType.TypeKind != TypeKind.Interface
                && !helper.TargetMethod.IsAbstract && !helper.TargetMethod.IsVirtual && !helper.TargetMethod.IsOverride)
            {
                int ordinal = _provenance.ReturnedBy(helper).PassedThroughParameter;
                if (ordinal >= 0)
                {
                    if (NamesBoundingOperator(helper.TargetMethod)) return false; // ApplyPaging(query, page): bounded where we do not look

                    foreach (IArgumentOperation argument in helper.Arguments)
                    {
                        if (argument.Parameter?.Ordinal == ordinal) return CollectChain(argument.Value, chain, visiting, throughQueryHelpers);
                    }

                    return false;
                }
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
                if (!CollectChain(value, chain, visiting, throughQueryHelpers)) return false;
            }

            return assigned;
        }

        /// <summary>
        /// The helper's source mentions <c>Take</c>, <c>Skip</c>, <c>TakeWhile</c>, <c>GroupBy</c>, <c>Distinct</c> or <c>FromSql*</c> anywhere.
        /// </summary>
        private static bool NamesBoundingOperator(IMethodSymbol helper)
        {
            foreach (SyntaxReference reference in helper.OriginalDefinition.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax().DescendantNodes())
                {
                    if (!(node is Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax name)) continue;
                    string text = name.Identifier.ValueText;
                    if (text == "Take" || text == "Skip" || text == "TakeWhile" || text == "GroupBy" || text == "Distinct"
                        || text.StartsWith("FromSql", System.StringComparison.Ordinal))
                        return true;
                }
            }

            return helper.DeclaringSyntaxReferences.IsEmpty;
        }
    }
}

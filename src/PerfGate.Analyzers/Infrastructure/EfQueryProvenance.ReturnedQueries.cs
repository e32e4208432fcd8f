using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Queries returned by the application's own methods: a generic repository's <c>Query()</c>/<c>Table</c>/<c>GetAll()</c>,
    /// query helpers, and helpers that compose the query they were given. A call is proven when every implementation it may
    /// reach (in this compilation, and as recorded by referenced projects built with PerfGate) returns a proven query; one
    /// unknown or non-EF implementation makes it ambiguous.
    /// </summary>
    internal sealed partial class EfQueryProvenance
    {
        private readonly ConcurrentDictionary<IMethodSymbol, ReturnedQuery> _returned =
            new ConcurrentDictionary<IMethodSymbol, ReturnedQuery>(SymbolEqualityComparer.Default);

        private ReferencedEfFacts? _referencedFacts;

        [System.ThreadStatic]
        private static HashSet<IMethodSymbol>? t_visitingMethods;

        [System.ThreadStatic]
        private static int t_cyclesCut;

        /// <summary>Facts recorded by referenced projects (repository roots, model facts), read on first question.</summary>
        public ReferencedEfFacts ReferencedFacts =>
            _referencedFacts ??= new ReferencedEfFacts(_compilation); // a race builds two equal readers: harmless

        /// <summary>What the called method returns, over every implementation the call may reach.</summary>
        public ReturnedQuery ReturnedBy(IInvocationOperation invocation) => ReturnedByCall(invocation.TargetMethod, invocation.Instance);

        /// <summary>What a call of <paramref name="method"/> returns on an unknown receiver (every implementation, for dispatched members).</summary>
        public ReturnedQuery ReturnedByMember(IMethodSymbol method) => ReturnedByCall(method, receiver: null);

        /// <summary>What a property read returns (<c>repository.Table</c>, a get-only <c>DbSet&lt;T&gt;</c> auto-property).</summary>
        public ReturnedQuery ReturnedBy(IPropertyReferenceOperation property)
        {
            IMethodSymbol? getter = property.Property.GetMethod;
            return getter == null ? ReturnedQuery.Unknown : ReturnedByCall(getter, property.Instance);
        }

        /// <summary>
        /// True when <paramref name="root"/> (the bottom of a query chain) is a whole <c>DbSet&lt;T&gt;</c> of a context: a DbSet read,
        /// <c>Set&lt;T&gt;()</c>, or a repository member every implementation of which returns one.
        /// </summary>
        public bool IsWholeDbSetRoot(IOperation root)
        {
            root = root.WithoutConversions();
            switch (root)
            {
                case IInvocationOperation { TargetMethod.Name: "Set" } set when set.TargetMethod.ContainingType.IsType(_dbContext):
                    return IsDbContext(set.Instance?.Type);
                case IInvocationOperation call when !IsComposingOperator(call.TargetMethod):
                    return IsQueryType(call.Type) && ReturnedBy(call).IsWholeDbSet;
                case IPropertyReferenceOperation property when !IsDbContext(property.Instance?.Type) && IsQueryType(property.Type):
                    return ReturnedBy(property).IsWholeDbSet;
                default:
                    return root.Type.IsType(_dbSet) && Classify(root) == QueryProvenance.Proven;
            }
        }

        private static IOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal) return argument.Value;
            }

            return null;
        }

        private ReturnedQuery ReturnedByCall(IMethodSymbol method, IOperation? receiver)
        {
            method = IoSummaries.Normalize(method);
            IoSummaries summaries = IoSummaries.For(_compilation);
            bool isSource = summaries.IsSourceMethod(method);
            bool dispatches = method.ContainingType.TypeKind == TypeKind.Interface || method.IsAbstract || method.IsVirtual || method.IsOverride;
            if (!dispatches)
                return isSource ? ReturnedByBody(method) : ReferencedFacts.Returned(method);

            ImmutableArray<IMethodSymbol> targets = summaries.DispatchTargets(method, receiver);
            ReturnedQuery? result = null;
            foreach (IMethodSymbol target in targets)
            {
                result = ReturnedQuery.Join(result, ReturnedByBody(target));
                if (result.Provenance == QueryProvenance.Ambiguous) return result;
            }

            if (!isSource)
            {
                // Declared in a referenced project: what that project and the projects implementing it recorded.
                ReturnedQuery? recorded = ReferencedFacts.ReturnedByImplementations(method);
                if (recorded == null) return ReturnedQuery.Unknown;
                result = ReturnedQuery.Join(result, recorded);
            }

            return result ?? ReturnedQuery.Unknown;
        }

        /// <summary>What exactly this source method returns (no dispatch), cached; a cycle contributes "unknown".</summary>
        internal ReturnedQuery ReturnedByBody(IMethodSymbol method)
        {
            method = IoSummaries.Normalize(method);
            if (_returned.TryGetValue(method, out ReturnedQuery? cached)) return cached;
            if (!IoSummaries.For(_compilation).IsSourceMethod(method)) return ReferencedFacts.Returned(method);

            HashSet<IMethodSymbol> visiting = t_visitingMethods ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (!visiting.Add(method))
            {
                t_cyclesCut++;
                return ReturnedQuery.Unknown;
            }

            int cyclesBefore = t_cyclesCut;
            ReturnedQuery result;
            try
            {
                result = ComputeReturned(method);
            }
            finally
            {
                visiting.Remove(method);
            }

            // Only what does not depend on where a cycle was entered is kept: answers stay the same whoever asks first.
            return t_cyclesCut == cyclesBefore ? _returned.GetOrAdd(method, result) : result;
        }

        private ReturnedQuery ComputeReturned(IMethodSymbol method)
        {
            ITypeSymbol returnType = method.ReturnType;
            if (!returnType.IsType(_dbSet) && !IsQueryType(returnType)) return ReturnedQuery.NotAQuery;

            if (method.AssociatedSymbol is IPropertySymbol property && IsGetOnlyAutoProperty(property))
            {
                QueryProvenance stored = ClassifyStoredValues(property.OriginalDefinition, property.IsStatic, property.ContainingType);
                if (stored != QueryProvenance.Proven) return ReturnedQuery.Unknown;
                return returnType.IsType(_dbSet) ? ReturnedQuery.WholeDbSet : ReturnedQuery.ComposedQuery;
            }

            ReturnedQuery? result = null;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // The returned query lives in another method's body; inside the compiler the cached model is returned.
                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                IOperation? body = model.GetOperation(syntax);
                if (body == null) return ReturnedQuery.Unknown;
                foreach (IOperation node in ReturnsOf(body))
                {
                    var returned = (IReturnOperation)node;
                    if (returned.ReturnedValue == null) return ReturnedQuery.Unknown;
                    result = ReturnedQuery.Join(result, Describe(returned.ReturnedValue, method, body));
                    if (result.Provenance == QueryProvenance.Ambiguous) return result;
                }
            }

            return result ?? ReturnedQuery.Unknown; // only throws: nothing to prove
        }

        private static IEnumerable<IOperation> ReturnsOf(IOperation body)
        {
            var stack = new Stack<IOperation>();
            stack.Push(body);
            while (stack.Count > 0)
            {
                IOperation current = stack.Pop();
                if (current is IReturnOperation { Kind: OperationKind.Return }) yield return current;
                foreach (IOperation child in current.ChildOperations)
                {
                    if (child is IAnonymousFunctionOperation || child is ILocalFunctionOperation) continue; // their returns are theirs
                    stack.Push(child);
                }
            }
        }

        private ReturnedQuery Describe(IOperation value, IMethodSymbol method, IOperation body)
        {
            IOperation root = value.WithoutConversions();
            bool onlyAsQueryable = true;
            while (root is IInvocationOperation invocation && IsComposingOperator(invocation.TargetMethod))
            {
                if (invocation.TargetMethod.Name != "AsQueryable") onlyAsQueryable = false;
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null) return ReturnedQuery.Unknown;
                root = receiver.WithoutConversions();
            }

            if (root is IParameterReferenceOperation parameter)
            {
                // ApplySort(options, query): the caller's query, composed further (the parameter only ever re-composes itself).
                return SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol.OriginalDefinition, method)
                    && IsQueryType(parameter.Type) && OnlyComposesItself(parameter.Parameter, body)
                    ? ReturnedQuery.PassThrough(parameter.Parameter.Ordinal)
                    : ReturnedQuery.Unknown;
            }

            QueryProvenance provenance = Classify(value);
            if (provenance == QueryProvenance.None) return ReturnedQuery.NotAQuery;
            if (provenance != QueryProvenance.Proven) return ReturnedQuery.Unknown;
            return onlyAsQueryable && IsWholeDbSetRoot(root) ? ReturnedQuery.WholeDbSet : ReturnedQuery.ComposedQuery;
        }

        /// <summary>Every assignment of the parameter in the body composes the parameter itself (<c>query = query.OrderBy(...)</c>).</summary>
        private bool OnlyComposesItself(IParameterSymbol parameter, IOperation body)
        {
            foreach (IOperation node in body.Descendants())
            {
                if (node is IArgumentOperation argument && argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref
                    && argument.Value is IParameterReferenceOperation byRef && SymbolEqualityComparer.Default.Equals(byRef.Parameter, parameter))
                    return false;
                if (!(node is IAssignmentOperation assignment) || !(assignment.Target is IParameterReferenceOperation target)
                    || !SymbolEqualityComparer.Default.Equals(target.Parameter, parameter))
                    continue;
                if (!(assignment is ISimpleAssignmentOperation)) return false;
                IOperation root = assignment.Value.WithoutConversions();
                while (root is IInvocationOperation invocation && IsComposingOperator(invocation.TargetMethod))
                {
                    IOperation? receiver = invocation.GetReceiver();
                    if (receiver == null) return false;
                    root = receiver.WithoutConversions();
                }

                if (!(root is IParameterReferenceOperation self) || !SymbolEqualityComparer.Default.Equals(self.Parameter, parameter)) return false;
            }

            return true;
        }

        private static bool IsGetOnlyAutoProperty(IPropertySymbol property)
        {
            if (property.SetMethod != null || property.IsAbstract) return false;
            foreach (ISymbol member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property)) return true;
            }

            return false;
        }
    }
}

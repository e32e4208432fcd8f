using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// What a value is computed from inside one method body: which of the method's parameters it reads, directly or
    /// through the locals it reads (every assignment of such a local counts, <c>foreach</c> variables read their
    /// collection, <c>out</c> locals read the call's arguments). Used for cache keys ("which parameters make the key")
    /// and paging arguments ("does this page number come from the loop"). Over-approximates: a parameter read anywhere
    /// in a defining expression counts.
    /// </summary>
    internal static class ValueSources
    {
        /// <summary>The ordinals of <paramref name="owner"/>'s parameters that <paramref name="value"/> is computed from, sorted.</summary>
        public static ImmutableArray<int> Parameters(IOperation value, IMethodSymbol owner)
        {
            owner = owner.OriginalDefinition;
            var ordinals = new SortedSet<int>();
            foreach (IOperation operation in Contributors(value))
            {
                if (operation is IParameterReferenceOperation parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol.OriginalDefinition, owner))
                    ordinals.Add(parameter.Parameter.Ordinal);
            }

            return ordinals.ToImmutableArray();
        }

        /// <summary>Every operation <paramref name="value"/> is computed from: its own tree, and the definitions of the locals it reads.</summary>
        public static IEnumerable<IOperation> Contributors(IOperation value)
        {
            Dictionary<ILocalSymbol, List<IOperation>>? definitions = null;
            var seenLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<IOperation>();
            pending.Push(value);
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                yield return operation;
                if (operation is ILocalReferenceOperation local && seenLocals.Add(local.Local))
                {
                    definitions ??= Definitions(value.OperationRoot());
                    if (definitions.TryGetValue(local.Local, out List<IOperation>? defining))
                    {
                        foreach (IOperation definition in defining) pending.Push(definition);
                    }
                }

                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }
        }

        /// <summary>For each local of a body: the expressions that give it a value.</summary>
        private static Dictionary<ILocalSymbol, List<IOperation>> Definitions(IOperation root)
        {
            var definitions = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            void Add(ILocalSymbol local, IOperation? value)
            {
                if (value == null) return;
                if (!definitions.TryGetValue(local, out List<IOperation>? list)) definitions[local] = list = new List<IOperation>();
                list.Add(value);
            }

            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        Add(declarator.Symbol, declarator.GetVariableInitializer()?.Value);
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        Add(target.Local, assignment.Value);
                        break;
                    case IForEachLoopOperation loop:
                        foreach (ILocalSymbol local in loop.Locals) Add(local, loop.Collection);
                        break;
                    case IArgumentOperation { Value: ILocalReferenceOperation byRef } argument
                        when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref && argument.Parent != null:
                        Add(byRef.Local, argument.Parent);
                        break;
                    case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern when pattern.Parent is IIsPatternOperation isPattern:
                        Add(declared, isPattern.Value);
                        break;
                }
            }

            return definitions;
        }

        /// <summary>
        /// True when <paramref name="value"/> reads something that changes from one pass of <paramref name="construct"/> to the next:
        /// a local or parameter declared inside it (a <c>foreach</c>/<c>for</c> variable, a lambda parameter, a local of the body), or a
        /// local, parameter or field assigned inside it.
        /// </summary>
        public static bool VariesWithin(IOperation value, IOperation construct)
        {
            HashSet<ISymbol>? assigned = null;
            Microsoft.CodeAnalysis.Text.TextSpan span = construct.Syntax.Span;
            foreach (IOperation operation in value.DescendantsAndSelf())
            {
                ISymbol? symbol = operation.ReferencedVariable();
                if (symbol == null) continue;
                if (!(symbol is IFieldSymbol) && IsDeclaredWithin(symbol, construct.Syntax.SyntaxTree, span)) return true;
                assigned ??= AssignedWithin(construct);
                if (assigned.Contains(symbol)) return true;
            }

            return false;
        }

        private static bool IsDeclaredWithin(ISymbol symbol, SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == tree && span.Contains(reference.Span)) return true;
            }

            return false;
        }

        /// <summary>The locals, parameters and fields written inside <paramref name="construct"/> (assignments, increments, ref/out arguments).</summary>
        public static HashSet<ISymbol> AssignedWithin(IOperation construct)
        {
            var assigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation operation in construct.DescendantsAndSelf())
            {
                IOperation? target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation increment => increment.Target,
                    IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref => argument.Value,
                    _ => null,
                };
                ISymbol? symbol = target?.WithoutConversions().ReferencedVariable();
                if (symbol != null) assigned.Add(symbol);
            }

            return assigned;
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// What gives a local its values in its body: initializers and simple assignments (their values), and, standing for an unknown value,
    /// compound assignments and the <c>foreach</c> loops that declare it.
    /// </summary>
    internal static class LocalDefinitions
    {
        public static IEnumerable<IOperation> Of(ILocalReferenceOperation local)
        {
            foreach (IOperation operation in local.OperationRoot().Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                        if (declarator.GetVariableInitializer()?.Value is { } initializer) yield return initializer;
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, local.Local):
                        yield return assignment is ISimpleAssignmentOperation ? assignment.Value : assignment; // a compound one: unknown
                        break;
                    case IForEachLoopOperation loop when loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default):
                        yield return loop; // an element of something: unknown
                        break;
                }
            }
        }
    }
}

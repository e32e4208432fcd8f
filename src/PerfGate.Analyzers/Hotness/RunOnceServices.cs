using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Tells a hosted service that works until the host stops (a <c>while</c> loop, an <c>await foreach</c> over a stream, a
    /// <c>PeriodicTimer</c>, a timer or subscription it starts) from one that does its work once at start and returns: a migration,
    /// a cache warm-up, a seed. The second is startup code, not a recurring job. Read from the syntax of the entry method and of the
    /// source methods it calls, <see cref="CalleeDepth"/> levels deep.
    /// </summary>
    internal static class RunOnceServices
    {
        private const int CalleeDepth = 2;

        private static readonly HashSet<string> RepeatingNames = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "PeriodicTimer", "Timer", "WaitForNextTickAsync", "Subscribe", "SubscribeAsync", "ReadAllAsync", "WaitToReadAsync",
            "StartProcessingAsync", "StartConsuming", "BasicConsume", "Consume", "ConsumeAsync", "Listen", "ListenAsync",
            "RegisterMessageHandler", "StartAsync", "Run", "StartNew",
        };

        /// <summary>True when <paramref name="entry"/> (an <c>ExecuteAsync</c> or <c>StartAsync</c>) may run work more than once.</summary>
        public static bool Repeats(IMethodSymbol entry, Compilation compilation)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            return Repeats(entry, compilation, CalleeDepth, seen);
        }

        private static bool Repeats(IMethodSymbol method, Compilation compilation, int depth, HashSet<IMethodSymbol> seen)
        {
            if (!seen.Add(method.OriginalDefinition)) return false;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax();
                foreach (SyntaxNode node in declaration.DescendantNodes())
                {
                    switch (node)
                    {
                        case WhileStatementSyntax _:
                        case DoStatementSyntax _:
                        case ForStatementSyntax { Condition: null }:
                        case ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                        case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression }: // an event handler it subscribes
                            return true;
                        case IdentifierNameSyntax name when RepeatingNames.Contains(name.Identifier.ValueText):
                            return true;
                    }
                }

                if (depth <= 0 || !compilation.ContainsSyntaxTree(declaration.SyntaxTree)) continue;
#pragma warning disable RS1030 // Only for the few hosted-service entry methods, and the source methods they call directly.
                SemanticModel model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                foreach (InvocationExpressionSyntax call in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetSymbolInfo(call).Symbol is IMethodSymbol callee && !callee.DeclaringSyntaxReferences.IsEmpty
                        && Repeats(callee, compilation, depth - 1, seen))
                        return true;
                }
            }

            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Lists the application's own methods hand back already loaded: <c>GetSettings(name) =&gt; db.Setting.Where(...).ToList()</c>.
    /// A caller filtering that list in memory filters rows that crossed the wire. Only source methods in this compilation
    /// are followed, and only when every implementation a call may reach returns the materialization of a proven query
    /// directly (a cache, a local built up, any other return makes the answer "no").
    /// </summary>
    internal sealed partial class EfQueryProvenance
    {
        private readonly ConcurrentDictionary<IMethodSymbol, string> _materializedBy =
            new ConcurrentDictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The materializing operator (<c>ToList</c>, <c>ToArrayAsync</c>…) every implementation the call may reach returns
        /// on a proven EF query, or null.
        /// </summary>
        public string? MaterializerReturnedBy(IInvocationOperation call)
        {
            IoSummaries summaries = IoSummaries.For(_compilation);
            ImmutableArray<IMethodSymbol> targets = summaries.DispatchTargets(call.TargetMethod, call.Instance);
            if (targets.IsEmpty) return null;
            string? materializer = null;
            foreach (IMethodSymbol target in targets)
            {
                string found = _materializedBy.GetOrAdd(IoSummaries.Normalize(target), ComputeMaterializer);
                if (found.Length == 0 || (materializer != null && materializer != found)) return null;
                materializer = found;
            }

            return materializer;
        }

        /// <summary>The materializer every return of the body applies to a proven query, or "" (no).</summary>
        private string ComputeMaterializer(IMethodSymbol method)
        {
            if (!IoSummaries.For(_compilation).IsSourceMethod(method) || IsQueryType(method.ReturnType)) return "";
            string? materializer = null;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // The returned list lives in another method's body; inside the compiler the cached model is returned.
                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                IOperation? body = model.GetOperation(syntax);
                if (body == null) return "";
                foreach (IOperation node in ReturnsOf(body))
                {
                    IOperation? value = ((IReturnOperation)node).ReturnedValue?.WithoutConversions();
                    if (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
                    if (!(value is IInvocationOperation invocation) || !EfApi.ListMaterializers.Contains(invocation.TargetMethod.Name)) return "";
                    IOperation? query = invocation.GetReceiver();
                    if (query == null || Classify(query) != QueryProvenance.Proven) return "";
                    string name = invocation.TargetMethod.Name;
                    if (materializer != null && materializer != name) return "";
                    materializer = name;
                }
            }

            return materializer ?? "";
        }
    }
}

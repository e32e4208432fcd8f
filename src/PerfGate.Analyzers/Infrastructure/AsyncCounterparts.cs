using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The async twin of a synchronous method on its own type or a base type: <c>CreateAsync</c> for Stripe's <c>Create</c>,
    /// <c>DownloadStringTaskAsync</c> for WebClient's <c>DownloadString</c>. PG2007 reports it and its code fix calls it.
    /// </summary>
    internal static class AsyncCounterparts
    {
        /// <summary>The twin's name, or null when the type has no Task/ValueTask-returning <c>XAsync</c> or <c>XTaskAsync</c>.</summary>
        public static string? Find(IMethodSymbol method)
        {
            foreach (string candidate in new[] { method.Name + "Async", method.Name + "TaskAsync" })
            {
                for (ITypeSymbol? type = method.ContainingType; type != null; type = type.BaseType)
                {
                    if (type.GetMembers(candidate).OfType<IMethodSymbol>().Any(m => m.IsStatic == method.IsStatic && ReturnsTask(m))) return candidate;
                }
            }

            return null;
        }

        /// <summary>Task/ValueTask-returning (WebClient's event-based DownloadStringAsync returns void and is no counterpart).</summary>
        private static bool ReturnsTask(IMethodSymbol method) =>
            (method.ReturnType.Name == "Task" || method.ReturnType.Name == "ValueTask")
            && method.ReturnType.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// "Does this call talk to an external service, and through what?" for the PG2xxx rules: an HTTP/SDK
    /// API called directly, or a method whose I/O summary says HTTP and not database (a call that also
    /// reaches the database is left to the data-access rules, and may share a DbContext).
    /// </summary>
    internal static class ExternalCallEvidence
    {
        public static bool TryDescribe(IoSummaries summaries, IInvocationOperation invocation, out string chain, out List<Location> related) =>
            TryDescribe(summaries, invocation, out chain, out related, out _);

        /// <param name="missKeys">Set when the callee makes its HTTP call only on a cache miss: the parameters its cache key is made of.</param>
        public static bool TryDescribe(IoSummaries summaries, IInvocationOperation invocation, out string chain, out List<Location> related,
            out ImmutableArray<int>? missKeys)
        {
            related = new List<Location>();
            chain = "";
            missKeys = null;
            MethodIoSummary summary = summaries.SummarizeCall(invocation, out IoKind direct, out _);
            if (direct != IoKind.None)
            {
                if (direct != IoKind.Http) return false;
                chain = IoCallClassifier.Display(invocation);
                return true;
            }

            if (!summary.Has(IoKind.Http) || summary.Has(IoKind.Database)) return false;
            if (summary.IsOnMiss(IoKind.Http, out ImmutableArray<int> keys)) missKeys = keys;
            ImmutableArray<IoHop> hops = summary.Chain(IoKind.Http);
            IEnumerable<string> names = hops.Select(hop => hop.Display);
            if (!summary.IsDispatch) names = new[] { invocation.TargetMethod.Name }.Concat(names);
            chain = string.Join(ReferencedIoSummaries.Separator, names);
            foreach (IoHop hop in hops)
            {
                if (hop.CallSite != null && hop.CallSite.IsInSource) related.Add(hop.CallSite);
            }

            return true;
        }

        /// <summary>The I/O API at the end of the chain (<c>HttpClient.GetStringAsync</c>).</summary>
        public static string Leaf(string chain)
        {
            int index = chain.LastIndexOf(ReferencedIoSummaries.Separator, System.StringComparison.Ordinal);
            return index < 0 ? chain : chain.Substring(index + ReferencedIoSummaries.Separator.Length);
        }
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The methods one thread is summarizing, innermost last, and what their results depend on. A summary that
    /// reached a method still on the stack (a cycle, cut as "contributes nothing") is provisional: it misses that
    /// method's I/O, and which part it misses depends on where the walk entered the cycle. Caching it for good made
    /// findings depend on which analyzer asked first (different counts from run to run on Jellyfin). So only a
    /// summary that depends on no method below it on the stack is final; provisional ones are kept while the methods
    /// they depend on are still being summarized, then dropped and recomputed on the next question.
    /// </summary>
    internal sealed class SummaryCallStack
    {
        private readonly Dictionary<IMethodSymbol, int> _depthOf = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);

        /// <summary>Per frame: the shallowest stack depth its result depends on (its own depth when none below it).</summary>
        private readonly List<int> _dependsOnDepth = new List<int>();

        private readonly Dictionary<IMethodSymbol, (MethodIoSummary Summary, int DependsOnDepth)> _provisional =
            new Dictionary<IMethodSymbol, (MethodIoSummary, int)>(SymbolEqualityComparer.Default);

        /// <summary>
        /// Enters <paramref name="method"/>; false when it is already on the stack or has a provisional result, which
        /// <paramref name="answer"/> then holds (empty for a cycle) and the current frame now depends on.
        /// </summary>
        public bool TryEnter(IMethodSymbol method, out MethodIoSummary answer)
        {
            if (_depthOf.TryGetValue(method, out int depth))
            {
                DependOn(depth);
                answer = MethodIoSummary.Empty;
                return false;
            }

            if (_provisional.TryGetValue(method, out (MethodIoSummary Summary, int DependsOnDepth) kept))
            {
                DependOn(kept.DependsOnDepth);
                answer = kept.Summary;
                return false;
            }

            _depthOf.Add(method, _dependsOnDepth.Count);
            _dependsOnDepth.Add(_dependsOnDepth.Count);
            answer = MethodIoSummary.Empty;
            return true;
        }

        /// <summary>Leaves <paramref name="method"/> with its computed summary; true when that summary is final.</summary>
        public bool Exit(IMethodSymbol method, MethodIoSummary summary)
        {
            int depth = _dependsOnDepth.Count - 1;
            int dependsOn = _dependsOnDepth[depth];
            _dependsOnDepth.RemoveAt(depth);
            _depthOf.Remove(method);
            if (dependsOn < depth)
            {
                // What waited on this frame now waits on what this frame waits on: a frame that later takes this
                // depth is another method, and must not read these results as depending on itself.
                if (_provisional.Count > 0) MoveDependencies(depth, dependsOn);
                DependOn(dependsOn);
                _provisional[method] = (summary, dependsOn);
                return false;
            }

            // Final: every provisional result that waited on this frame (or a deeper one) is now stale.
            if (_provisional.Count > 0) DropProvisionalFrom(depth);
            return true;
        }

        /// <summary>Leaves <paramref name="method"/> after a failure (cancellation): nothing is kept.</summary>
        public void Abandon(IMethodSymbol method)
        {
            _dependsOnDepth.RemoveAt(_dependsOnDepth.Count - 1);
            _depthOf.Remove(method);
            if (_dependsOnDepth.Count == 0) _provisional.Clear();
        }

        private void DependOn(int depth)
        {
            int current = _dependsOnDepth.Count - 1;
            if (current >= 0 && depth < _dependsOnDepth[current]) _dependsOnDepth[current] = depth;
        }

        private void MoveDependencies(int fromDepth, int toDepth)
        {
            var moved = new List<KeyValuePair<IMethodSymbol, (MethodIoSummary Summary, int DependsOnDepth)>>();
            foreach (KeyValuePair<IMethodSymbol, (MethodIoSummary Summary, int DependsOnDepth)> entry in _provisional)
            {
                if (entry.Value.DependsOnDepth >= fromDepth) moved.Add(entry);
            }

            foreach (KeyValuePair<IMethodSymbol, (MethodIoSummary Summary, int DependsOnDepth)> entry in moved)
            {
                _provisional[entry.Key] = (entry.Value.Summary, toDepth);
            }
        }

        private void DropProvisionalFrom(int depth)
        {
            var stale = new List<IMethodSymbol>();
            foreach (KeyValuePair<IMethodSymbol, (MethodIoSummary Summary, int DependsOnDepth)> entry in _provisional)
            {
                if (entry.Value.DependsOnDepth >= depth) stale.Add(entry.Key);
            }

            foreach (IMethodSymbol method in stale) _provisional.Remove(method);
        }
    }
}

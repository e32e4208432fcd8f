using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    internal static class EfModelFacts
    {
        public static IEnumerable<string> Record(Compilation compilation, EfQueryProvenance ef, CancellationToken cancellationToken)
        {
            yield break;
        }
    }
}

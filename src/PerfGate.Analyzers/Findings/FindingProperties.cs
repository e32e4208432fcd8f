using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers.Findings
{
    /// <summary>Diagnostic properties PerfGate's hosts read (the findings log, folder scans).</summary>
    public static class FindingProperties
    {
        /// <summary>
        /// Present on a finding that is a note whatever its rule's level: one the hotness model could not place in a compilation that
        /// holds the whole app, while the policy's <c>reach.unknown</c> is <c>note</c> (the default), or a per-item I/O that runs only on a
        /// cache miss. Its value says why.
        /// </summary>
        public const string Note = "perfgate.note";

        /// <summary>True when <paramref name="diagnostic"/> is such a note (<see cref="Note"/>).</summary>
        public static bool IsNote(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(Note);
    }
}

namespace PerfGate.Analyzers
{
    /// <summary>How the hotness model (docs/architecture/hotness.md) applies to a rule's findings.</summary>
    public enum ReachScope
    {
        /// <summary>
        /// The finding matters where its code runs: cold code (startup, migrations, seeding, installers, one-off jobs) and test
        /// code are silent unless the policy's <c>reach:</c> asks for them, and the message names the path that reaches it.
        /// </summary>
        Finding,

        /// <summary>
        /// As <see cref="Finding"/>, and request handlers only administrators or hosts can call count as cold: for hot-read and
        /// throughput rules, whose cost grows with request traffic rather than with data.
        /// </summary>
        FindingAdminIsCold,

        /// <summary>The finding is about the whole application (its registrations, its pipeline): no path, no silence.</summary>
        Application,
    }
}

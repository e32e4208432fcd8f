namespace PerfGate.Core.Policy;

/// <summary>
/// The policy's <c>reach:</c> section: which findings the hotness model keeps silent (docs/policy.md#reach). Cold code (startup,
/// migrations, seeding, installers, one-off jobs) and test code are silent by default; code of unknown reach is reported, as a note
/// where the compilation holds the whole app (<paramref name="UnknownAsNote"/>, <c>unknown: note</c>) and at the rule's level in a
/// library, whose callers are in other projects.
/// </summary>
public sealed record ReachPolicy(bool ReportCold, bool ReportTests, bool ReportUnknown, bool UnknownAsNote = true)
{
    public static ReachPolicy Default { get; } = new(ReportCold: false, ReportTests: false, ReportUnknown: true, UnknownAsNote: true);

    /// <summary>The analyzer config keys the policy projects these into (read by the analyzers' <c>PolicyOptions</c>).</summary>
    public const string ColdKey = "perfgate.reach.cold";
    public const string TestsKey = "perfgate.reach.tests";
    public const string UnknownKey = "perfgate.reach.unknown";

    /// <summary>Set by hosts that compile a whole app as one compilation (the folder scan): every caller of a public method is in it.</summary>
    public const string WholeAppKey = "perfgate.reach.whole_app";
}

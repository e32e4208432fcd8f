using System.Collections.Generic;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Everything a rule says about itself: the analyzer's descriptor, the doc page, the SARIF rule
    /// entry and the policy validation are all generated from this one record.
    /// Deliberately free of Roslyn types so hosts can read the catalog without loading the compiler.
    /// Every property is required: a rule without a title, a fix or an example does not compile.
    /// </summary>
    public sealed class RuleMetadata
    {
        /// <summary>The rule's ID (<c>PG1001</c>): a constant of <see cref="RuleIdentifiers"/> with the same name as this field.</summary>
        public required string Id { get; init; }

        public required string Title { get; init; }

        /// <summary>A <see cref="string.Format(string, object[])"/> pattern; arguments are documented per rule.</summary>
        public required string MessageFormat { get; init; }

        /// <summary>One of <see cref="RuleCategories"/>; the ID's family (PG1xxx: data-access, ...) says which.</summary>
        public required string Category { get; init; }

        public required RuleLevel DefaultLevel { get; init; }

        /// <summary><c>high</c> when no false positive is known, otherwise <c>medium</c>/<c>low</c> with the reason in the doc.</summary>
        public required string Precision { get; init; }

        public required string Description { get; init; }

        /// <summary>
        /// What judging the rule's findings on real applications it was not tuned on showed (sampled findings true, and the main
        /// false causes), or null before any such measurement. A rule with <see cref="Precision"/> <c>low</c> says it here and is at
        /// most a note by default: a gate that fails builds on findings mostly wrong teaches users to ignore it.
        /// </summary>
        public string? MeasuredPrecision { get; init; }

        /// <summary>What the rule reports, one shape per entry (the doc's "What it flags").</summary>
        public required IReadOnlyList<string> Flags { get; init; }

        /// <summary>What the rule deliberately stays silent on (the doc's "What it ignores").</summary>
        public required IReadOnlyList<string> Ignores { get; init; }

        public required string Fix { get; init; }

        /// <summary>Code the rule reports. For an analyzer rule a test compiles it (with a scaffold) and expects the diagnostic.</summary>
        public required string FlaggedExample { get; init; }

        /// <summary>The same code after the fix, or empty. For an analyzer rule a test compiles it and expects no diagnostic.</summary>
        public required string FixedExample { get; init; }

        public required IReadOnlyList<string> Tags { get; init; }

        /// <summary>How the hotness model applies to the findings; by default cold and test code are silent and messages name the path.</summary>
        public ReachScope Reach { get; init; } = ReachScope.Finding;

        public string DocumentationPath => "docs/rules/" + Id + ".md";

        /// <summary>
        /// True for analyzer rules (PG1xxx-PG4xxx) the hotness model applies to: their messages take the path as one more argument.
        /// Gate, evidence and budget rules (PG0xxx, PG5xxx, PG6xxx) say where they are by themselves.
        /// </summary>
        public bool AppliesReach =>
            Reach != ReachScope.Application
            && (Category == RuleCategories.DataAccess || Category == RuleCategories.ExternalCalls
                || Category == RuleCategories.Caching || Category == RuleCategories.RequestHandling);

        /// <summary>
        /// <see cref="Ignores"/> and, for analyzer rules (PG1xxx-PG4xxx), what the hotness model keeps silent (<see cref="Reach"/>):
        /// every such rule's doc and SARIF help list it, so no rule repeats it.
        /// </summary>
        public IReadOnlyList<string> DocumentedIgnores
        {
            get
            {
                if (!AppliesReach) return Ignores;
                var all = new List<string>(Ignores)
                {
                    "code only cold paths reach (startup and DI registration, EF migrations and model configuration, seeding, installers and "
                        + "upgraders, one-off jobs) and test code, unless the policy says `reach: { cold: report }` or `reach: { tests: report }` "
                        + "(`docs/policy.md`, reach); the message names the request or job path that reaches a finding, or says `reach unknown`"
                        + (Reach == ReachScope.FindingAdminIsCold
                            ? "; request handlers only administrators or hosts can call (an admin or host role or policy in `[Authorize]`) count as "
                                + "cold for this rule, whose cost grows with traffic"
                            : ""),
                };
                return all;
            }
        }
    }
}

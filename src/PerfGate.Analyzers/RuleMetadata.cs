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

        public string DocumentationPath => "docs/rules/" + Id + ".md";
    }
}

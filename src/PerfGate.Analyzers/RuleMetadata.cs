using System.Collections.Generic;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Everything a rule says about itself: the analyzer's descriptor, the doc page, the SARIF rule
    /// entry and the policy validation are all generated from this one record.
    /// Deliberately free of Roslyn types so hosts can read the catalog without loading the compiler.
    /// </summary>
    public sealed class RuleMetadata
    {
        public RuleMetadata(
            string id,
            string title,
            string messageFormat,
            string category,
            RuleLevel defaultLevel,
            string precision,
            string description,
            IReadOnlyList<string> flags,
            IReadOnlyList<string> ignores,
            string fix,
            string flaggedExample,
            string fixedExample,
            IReadOnlyList<string> tags)
        {
            Id = id;
            Title = title;
            MessageFormat = messageFormat;
            Category = category;
            DefaultLevel = defaultLevel;
            Precision = precision;
            Description = description;
            Flags = flags;
            Ignores = ignores;
            Fix = fix;
            FlaggedExample = flaggedExample;
            FixedExample = fixedExample;
            Tags = tags;
        }

        public string Id { get; }
        public string Title { get; }

        /// <summary>A <see cref="string.Format(string, object[])"/> pattern; arguments are documented per rule.</summary>
        public string MessageFormat { get; }
        public string Category { get; }
        public RuleLevel DefaultLevel { get; }

        /// <summary><c>high</c> when no false positive is known, otherwise <c>medium</c>/<c>low</c> with the reason in the doc.</summary>
        public string Precision { get; }
        public string Description { get; }
        public IReadOnlyList<string> Flags { get; }
        public IReadOnlyList<string> Ignores { get; }
        public string Fix { get; }
        public string FlaggedExample { get; }
        public string FixedExample { get; }
        public IReadOnlyList<string> Tags { get; }

        public string DocumentationPath => "docs/rules/" + Id + ".md";
    }
}

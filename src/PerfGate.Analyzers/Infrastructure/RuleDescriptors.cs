using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>Builds the compiler's view of a rule from its catalog entry.</summary>
    internal static class RuleDescriptors
    {
        /// <param name="compilationEnd">
        /// The rule reports from a compilation-end action: Roslyn (RS1037) wants the <c>CompilationEnd</c> tag, and
        /// the IDE then shows it only under full-solution analysis; command-line builds report it as usual.
        /// </param>
        public static DiagnosticDescriptor Create(RuleMetadata rule, bool compilationEnd = false) => new DiagnosticDescriptor(
            rule.Id,
            rule.Title,
            rule.MessageFormat,
            rule.Category,
            ToSeverity(rule.DefaultLevel),
            isEnabledByDefault: rule.DefaultLevel != RuleLevel.Off,
            description: rule.Description,
            helpLinkUri: RuleCatalog.HelpUri(rule),
            customTags: CustomTags(rule, compilationEnd));

        private static string[] CustomTags(RuleMetadata rule, bool compilationEnd)
        {
            string[] tags = rule.Tags is string[] array ? array : new string[0];
            if (!compilationEnd) return tags;
            var withEnd = new string[tags.Length + 1];
            tags.CopyTo(withEnd, 0);
            withEnd[tags.Length] = WellKnownDiagnosticTags.CompilationEnd;
            return withEnd;
        }

        private static DiagnosticSeverity ToSeverity(RuleLevel level)
        {
            switch (level)
            {
                case RuleLevel.Error: return DiagnosticSeverity.Error;
                case RuleLevel.Warning: return DiagnosticSeverity.Warning;
                case RuleLevel.Note: return DiagnosticSeverity.Info;
                default: return DiagnosticSeverity.Hidden;
            }
        }
    }
}

using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>Builds the compiler's view of a rule from its catalog entry.</summary>
    internal static class RuleDescriptors
    {
        /// <param name="compilationEnd">The rule reports when the whole compilation has been seen (the IDE then shows it only on full analysis).</param>
        public static DiagnosticDescriptor Create(RuleMetadata rule, bool compilationEnd = false) => new DiagnosticDescriptor(
            rule.Id,
            rule.Title,
            rule.MessageFormat,
            rule.Category,
            ToSeverity(rule.DefaultLevel),
            isEnabledByDefault: rule.DefaultLevel != RuleLevel.Off,
            description: rule.Description,
            helpLinkUri: RuleCatalog.InformationUri + "/blob/main/" + rule.DocumentationPath,
            customTags: CustomTags(rule, compilationEnd));

        private static string[] CustomTags(RuleMetadata rule, bool compilationEnd)
        {
            var tags = new System.Collections.Generic.List<string>(rule.Tags);
            if (compilationEnd) tags.Add(WellKnownDiagnosticTags.CompilationEnd);
            return tags.ToArray();
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

using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>Builds the compiler's view of a rule from its catalog entry.</summary>
    internal static class RuleDescriptors
    {
        public static DiagnosticDescriptor Create(RuleMetadata rule) => new DiagnosticDescriptor(
            rule.Id,
            rule.Title,
            rule.MessageFormat,
            rule.Category,
            ToSeverity(rule.DefaultLevel),
            isEnabledByDefault: rule.DefaultLevel != RuleLevel.Off,
            description: rule.Description,
            helpLinkUri: RuleCatalog.InformationUri + "/blob/main/" + rule.DocumentationPath,
            customTags: rule.Tags is string[] tags ? tags : new string[0]);

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

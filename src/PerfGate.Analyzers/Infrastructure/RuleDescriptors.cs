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
            MessageFormat(rule),
            rule.Category,
            ToSeverity(rule.DefaultLevel),
            isEnabledByDefault: rule.DefaultLevel != RuleLevel.Off,
            description: rule.Description,
            helpLinkUri: RuleCatalog.HelpUri(rule),
            customTags: CustomTags(rule, compilationEnd));

        /// <summary>
        /// The rule's message format, and for rules the hotness model applies to, one more argument: the path that reaches the
        /// finding (" [reached from GET /api/pages via PageService.GetAllAsync]"), which <see cref="RuleContext"/> supplies.
        /// </summary>
        public static string MessageFormat(RuleMetadata rule) =>
            rule.AppliesReach ? rule.MessageFormat + "{" + ArgumentCount(rule.MessageFormat) + "}" : rule.MessageFormat;

        /// <summary>How many arguments a format takes: one more than its highest placeholder index.</summary>
        internal static int ArgumentCount(string format)
        {
            int count = 0;
            for (int i = 0; i < format.Length; i++)
            {
                if (format[i] != '{') continue;
                if (i + 1 < format.Length && format[i + 1] == '{')
                {
                    i++;
                    continue;
                }

                int end = i + 1;
                int index = 0;
                while (end < format.Length && char.IsDigit(format[end])) index = (index * 10) + (format[end++] - '0');
                if (end > i + 1) count = System.Math.Max(count, index + 1);
            }

            return count;
        }

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

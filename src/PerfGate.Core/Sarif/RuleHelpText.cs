using System;
using System.Collections.Generic;
using System.Text;
using PerfGate.Analyzers;

namespace PerfGate.Core.Sarif;

/// <summary>A rule's help as plain text (SARIF <c>help.text</c>, for viewers that do not render Markdown).</summary>
public static class RuleHelpText
{
    public static string Render(RuleMetadata rule, string? baseUri = null)
    {
        if (rule is null)
        {
            throw new ArgumentNullException(nameof(rule));
        }

        var text = new StringBuilder();
        text.Append(rule.Id).Append(": ").Append(rule.Title).Append("\n\n");
        text.Append(Lf(rule.Description).Trim()).Append("\n\n");
        Section(text, "What it flags:", rule.Flags);
        Section(text, "What it ignores:", rule.DocumentedIgnores);
        if (!string.IsNullOrWhiteSpace(rule.Fix))
        {
            text.Append("How to fix:\n").Append(Lf(rule.Fix).Trim()).Append("\n\n");
        }

        if (!string.IsNullOrWhiteSpace(rule.FlaggedExample))
        {
            text.Append("Flagged:\n").Append(Indent(rule.FlaggedExample)).Append("\n\n");
        }

        if (!string.IsNullOrWhiteSpace(rule.FixedExample))
        {
            text.Append("Fixed:\n").Append(Indent(rule.FixedExample)).Append("\n\n");
        }

        text.Append("Documentation: ").Append(RuleHelpMarkdown.HelpUri(rule, baseUri) ?? "perfgate explain " + rule.Id);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string heading, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        text.Append(heading).Append('\n');
        foreach (string item in items)
        {
            text.Append("- ").Append(Lf(item).Trim().Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }

        text.Append('\n');
    }

    private static string Indent(string code) =>
        "    " + Lf(code).Trim('\n').Replace("\n", "\n    ", StringComparison.Ordinal);

    private static string Lf(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}

using System;
using System.Collections.Generic;
using System.Text;
using PerfGate.Analyzers;

namespace PerfGate.Core.Sarif;

/// <summary>
/// A rule's complete documentation page in Markdown, rendered from its catalog metadata. Used as
/// SARIF <c>help.markdown</c> and to generate <c>docs/rules/PGxxxx.md</c>. Always LF line endings
/// and a single trailing newline, so generated docs compare byte for byte.
/// </summary>
public static class RuleHelpMarkdown
{
    public static string Render(RuleMetadata rule)
    {
        if (rule is null)
        {
            throw new ArgumentNullException(nameof(rule));
        }

        var md = new StringBuilder();
        md.Append("# ").Append(rule.Id).Append(": ").Append(rule.Title).Append("\n\n");

        md.Append("| Property | Value |\n");
        md.Append("|---|---|\n");
        Row(md, "ID", rule.Id);
        Row(md, "Category", rule.Category);
        Row(md, "Default level", SarifLevels.ToSarif(rule.DefaultLevel));
        Row(md, "Precision", rule.Precision);
        if (rule.Tags.Count > 0)
        {
            Row(md, "Tags", string.Join(", ", Map(rule.Tags, tag => "`" + tag + "`")));
        }

        md.Append('\n');
        Paragraph(md, rule.Description);
        if (!string.IsNullOrWhiteSpace(rule.MeasuredPrecision))
        {
            Paragraph(md, "**Measured precision.** " + rule.MeasuredPrecision);
        }

        md.Append("## What it flags\n\n");
        List(md, rule.Flags);

        md.Append("## What it ignores\n\n");
        List(md, rule.DocumentedIgnores);

        md.Append("## How to fix\n\n");
        Paragraph(md, string.IsNullOrWhiteSpace(rule.Fix) ? "No fix is documented." : rule.Fix);

        if (!string.IsNullOrWhiteSpace(rule.FlaggedExample) || !string.IsNullOrWhiteSpace(rule.FixedExample))
        {
            md.Append("## Example\n\n");
            if (!string.IsNullOrWhiteSpace(rule.FlaggedExample))
            {
                md.Append("Flagged:\n\n");
                CodeBlock(md, rule.FlaggedExample);
            }

            if (!string.IsNullOrWhiteSpace(rule.FixedExample))
            {
                md.Append("Fixed:\n\n");
                CodeBlock(md, rule.FixedExample);
            }
        }

        // Exactly one trailing newline.
        while (md.Length > 1 && md[md.Length - 1] == '\n' && md[md.Length - 2] == '\n')
        {
            md.Length--;
        }

        return md.ToString();
    }

    /// <summary>The rule's doc page under <paramref name="baseUri"/> (default: the packages' repository), or null when none is known.</summary>
    public static string? HelpUri(RuleMetadata rule, string? baseUri = null) => RuleCatalog.HelpUri(rule, baseUri);

    private static void Row(StringBuilder md, string name, string value) =>
        md.Append("| ").Append(name).Append(" | ").Append(EscapeCell(value)).Append(" |\n");

    private static string EscapeCell(string value) =>
        Lf(value).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static void Paragraph(StringBuilder md, string text) =>
        md.Append(Lf(text).Trim()).Append("\n\n");

    private static void List(StringBuilder md, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            md.Append("Nothing documented.\n\n");
            return;
        }

        foreach (string item in items)
        {
            // Continuation lines are indented so a multi-line item stays one list item.
            md.Append("- ").Append(Lf(item).Trim().Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }

        md.Append('\n');
    }

    private static void CodeBlock(StringBuilder md, string code)
    {
        string body = Lf(code).Trim('\n');
        string fence = "```";
        while (body.Contains(fence, StringComparison.Ordinal))
        {
            fence += "`";
        }

        md.Append(fence).Append("csharp\n").Append(body).Append('\n').Append(fence).Append("\n\n");
    }

    private static string Lf(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static IEnumerable<string> Map(IReadOnlyList<string> items, Func<string, string> map)
    {
        foreach (string item in items)
        {
            yield return map(item);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Sarif;

/// <summary>One <c>tool.driver.rules[]</c> entry, from PerfGate's catalog or from another tool's metadata.</summary>
internal sealed record SarifRule(
    string Id,
    string? Name,
    string? ShortDescription,
    string? FullDescription,
    string? HelpText,
    string? HelpMarkdown,
    string? HelpUri,
    string? DefaultLevel,
    string? Category,
    string? Precision,
    IReadOnlyList<string> Tags)
{
    /// <param name="helpUriBase">Where PerfGate's rule pages live (<c>PerfGateHelpUriBase</c>); null: the packages' repository.</param>
    public static SarifRule Resolve(string id, IReadOnlyDictionary<string, ReportedRule> foreignRules, string? helpUriBase = null)
    {
        if (RuleCatalog.IsPerfGateId(id) && RuleCatalog.Find(id) is { } rule)
        {
            return FromCatalog(rule, helpUriBase);
        }

        if (foreignRules.TryGetValue(id, out var reported))
        {
            return FromReported(reported);
        }

        return new SarifRule(id, null, null, null, null, null, null, null, null, null, Array.Empty<string>());
    }

    public static SarifRule FromCatalog(RuleMetadata rule, string? helpUriBase = null) => new(
        rule.Id,
        ToPascalCase(rule.Title),
        rule.Title,
        rule.Description,
        RuleHelpText.Render(rule, helpUriBase),
        RuleHelpMarkdown.Render(rule),
        RuleHelpMarkdown.HelpUri(rule, helpUriBase),
        SarifLevels.ToSarif(rule.DefaultLevel),
        rule.Category,
        rule.Precision,
        rule.Tags);

    public static SarifRule FromReported(ReportedRule rule)
    {
        string? title = NullIfEmpty(rule.Title);
        // GitHub's rules (GH2012) require a fullDescription: fall back to the title, then to the ID.
        string? full = NullIfEmpty(rule.FullDescription) ?? title ?? $"{rule.Id}, reported by another analyzer.";
        return new SarifRule(
            rule.Id,
            title is null ? null : ToPascalCase(title),
            title,
            full,
            full,
            null,
            NullIfEmpty(rule.HelpUri),
            null,
            NullIfEmpty(rule.Category),
            null,
            Array.Empty<string>());
    }

    /// <summary>"EF Core query executed once per loop iteration (N+1)" → "EFCoreQueryExecutedOncePerLoopIterationN1".</summary>
    internal static string? ToPascalCase(string title)
    {
        var builder = new StringBuilder(title.Length);
        bool wordStart = true;
        foreach (char c in title)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                wordStart = true;
                continue;
            }

            builder.Append(wordStart ? char.ToUpperInvariant(c) : c);
            wordStart = false;
        }

        if (builder.Length == 0)
        {
            return null;
        }

        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, "Rule");
        }

        return builder.ToString();
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

using System.Collections.Generic;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Sarif;

namespace PerfGate.Core.Tests.Sarif;

[TestFixture]
public sealed class RuleHelpMarkdownTests
{
    private static IEnumerable<RuleMetadata> Rules() => RuleCatalog.All;

    [TestCaseSource(nameof(Rules))]
    public void Every_catalog_rule_renders_a_complete_doc_page(RuleMetadata rule)
    {
        string md = RuleHelpMarkdown.Render(rule);

        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("# " + rule.Id + ": " + rule.Title + "\n"));
            Assert.That(md, Does.Contain("| ID | " + rule.Id + " |"));
            Assert.That(md, Does.Contain("| Category | " + rule.Category + " |"));
            Assert.That(md, Does.Contain("| Default level | "));
            Assert.That(md, Does.Contain("| Precision | " + rule.Precision + " |"));
            Assert.That(md, Does.Contain("\n## What it flags\n"));
            Assert.That(md, Does.Contain("\n## What it ignores\n"));
            Assert.That(md, Does.Contain("\n## How to fix\n"));
            Assert.That(md, Does.Not.Contain("\r"));
            Assert.That(md, Does.EndWith("\n").And.Not.EndWith("\n\n"));
            Assert.That(RuleHelpMarkdown.Render(rule), Is.EqualTo(md), "deterministic");
        });
    }

    [Test]
    public void Renders_description_lists_fix_and_both_examples()
    {
        var rule = RuleCatalog.Find("PG1001")!;

        string md = RuleHelpMarkdown.Render(rule);

        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| Default level | warning |"));
            Assert.That(md, Does.Contain(rule.Description));
            Assert.That(md, Does.Contain("- " + rule.Flags[0]));
            Assert.That(md, Does.Contain("- " + rule.Ignores[0]));
            Assert.That(md, Does.Contain(rule.Fix));
            Assert.That(md, Does.Contain("## Example\n\nFlagged:\n\n```csharp\n" + rule.FlaggedExample + "\n```\n"));
            Assert.That(md, Does.Contain("Fixed:\n\n```csharp\n" + rule.FixedExample + "\n```\n"));
            Assert.That(md.IndexOf("## What it flags", System.StringComparison.Ordinal),
                Is.LessThan(md.IndexOf("## What it ignores", System.StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Escapes_table_cells_and_lengthens_fences_around_backticks()
    {
        var rule = new RuleMetadata
        {
            Id = "PG9999", Title = "Pipes | and ticks", MessageFormat = "m", Category = "a|b", DefaultLevel = RuleLevel.Error,
            Precision = "high", Description = "Description.", Flags = new[] { "first\nsecond line" }, Ignores = new string[0],
            Fix = "Fix it.", FlaggedExample = "var s = \"```\";", FixedExample = string.Empty, Tags = new[] { "t" },
        };

        string md = RuleHelpMarkdown.Render(rule);

        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| Category | a\\|b |"));
            Assert.That(md, Does.Contain("| Default level | error |"));
            Assert.That(md, Does.Contain("- first\n  second line\n"));
            Assert.That(md, Does.Contain("## What it ignores\n\nNothing documented.\n"));
            Assert.That(md, Does.Contain("````csharp\nvar s = \"```\";\n````"));
            Assert.That(md, Does.Not.Contain("Fixed:"));
        });
    }
}

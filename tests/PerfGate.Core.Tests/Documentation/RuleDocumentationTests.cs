using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Sarif;

namespace PerfGate.Core.Tests.Documentation;

/// <summary>
/// docs/rules is generated from the rule metadata (the same Markdown SARIF carries as help), and so is the list of rules
/// in docs/perfgate.schema.json (editors complete rule IDs from it; an entry written by hand, with options, is kept).
/// Regenerate with: PERFGATE_UPDATE_DOCS=1 dotnet test tests/PerfGate.Core.Tests --filter RuleDocumentation
/// </summary>
public sealed class RuleDocumentationTests
{
    private static bool Update => Environment.GetEnvironmentVariable("PERFGATE_UPDATE_DOCS") == "1";

    private static string RulesFolder => Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory, "."), "docs", "rules");

    private static string SchemaPath => Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory, "."), "docs", "perfgate.schema.json");

    private static IEnumerable<(string Path, string Content)> ExpectedPages()
    {
        foreach (RuleMetadata rule in RuleCatalog.All)
            yield return (Path.Combine(RulesFolder, rule.Id + ".md"), RuleHelpMarkdown.Render(rule));
        yield return (Path.Combine(RulesFolder, "README.md"), Index());
    }

    private static string Index()
    {
        var text = new StringBuilder();
        text.Append("# PerfGate rules\n\n");
        text.Append("Generated from the rule metadata in `src/PerfGate.Analyzers/Rules/`; do not edit by hand.\n\n");
        text.Append("| ID | title | category | default level | precision |\n|---|---|---|---|---|\n");
        foreach (RuleMetadata rule in RuleCatalog.All)
            text.Append($"| [{rule.Id}]({rule.Id}.md) | {rule.Title} | {rule.Category} | {rule.DefaultLevel.ToString().ToLowerInvariant()} | {rule.Precision} |\n");
        return text.ToString();
    }

    [Test]
    public void Rule_docs_match_the_rule_metadata()
    {
        var drifted = new List<string>();
        foreach (var (path, content) in ExpectedPages())
        {
            string? actual = File.Exists(path) ? File.ReadAllText(path) : null;
            if (actual == content) continue;
            if (Update)
            {
                Directory.CreateDirectory(RulesFolder);
                File.WriteAllText(path, content, new UTF8Encoding(false));
            }
            else drifted.Add(Path.GetFileName(path) + (actual == null ? " (missing)" : " (differs)"));
        }
        Assert.That(drifted, Is.Empty,
            "docs/rules drifted from the rule metadata. Regenerate: PERFGATE_UPDATE_DOCS=1 dotnet test tests/PerfGate.Core.Tests --filter RuleDocumentation");
    }

    [Test]
    public void The_schema_lists_every_configurable_rule_and_no_other()
    {
        string actual = File.ReadAllText(SchemaPath);
        string expected = ExpectedSchema(actual);
        if (actual != expected && Update) File.WriteAllText(SchemaPath, expected, new UTF8Encoding(false));
        else Assert.That(actual, Is.EqualTo(expected),
            "docs/perfgate.schema.json drifted from the rule metadata. Regenerate: PERFGATE_UPDATE_DOCS=1 dotnet test tests/PerfGate.Core.Tests --filter RuleDocumentation");
    }

    /// <summary>
    /// <c>rules.properties</c> as the catalog says: the categories, then one entry per rule a policy can set (not PG0xxx) in ID order.
    /// An existing entry is kept as written (a hand-written description, a rule's options); a missing one gets the rule's title;
    /// an entry for an ID the catalog does not have is dropped.
    /// </summary>
    private static string ExpectedSchema(string current)
    {
        System.Text.Json.Nodes.JsonNode root = System.Text.Json.Nodes.JsonNode.Parse(current)!;
        System.Text.Json.Nodes.JsonObject existing = root["properties"]!["rules"]!["properties"]!.AsObject();
        var rebuilt = new System.Text.Json.Nodes.JsonObject();
        RuleMetadata[] configurable = RuleCatalog.All.Where(rule => rule.Category != RuleCategories.Gate).ToArray();
        foreach (string category in RuleCategories.All.Where(category => category != RuleCategories.Gate))
        {
            string family = configurable.First(rule => rule.Category == category).Id.Substring(0, 3) + "xxx";
            rebuilt["category/" + category] = existing["category/" + category]?.DeepClone() ?? Entry(family + ": " + category + ".");
        }

        foreach (RuleMetadata rule in configurable) rebuilt[rule.Id] = existing[rule.Id]?.DeepClone() ?? Entry(rule.Title + ".");
        root["properties"]!["rules"]!["properties"] = rebuilt;
        var options = new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return root.ToJsonString(options) + "\n";
    }

    private static System.Text.Json.Nodes.JsonObject Entry(string description) =>
        new() { ["$ref"] = "#/$defs/ruleEntry", ["description"] = description };

    [Test]
    public void No_page_documents_a_rule_that_does_not_exist()
    {
        string[] expected = ExpectedPages().Select(p => Path.GetFileName(p.Path)).ToArray();
        string[] orphans = Directory.Exists(RulesFolder)
            ? Directory.GetFiles(RulesFolder, "*.md").Select(path => Path.GetFileName(path)).Where(name => !expected.Contains(name)).ToArray()
            : Array.Empty<string>();
        Assert.That(orphans, Is.Empty);
    }

    [Test]
    public void Every_rule_says_what_it_flags_ignores_and_how_to_fix_it()
    {
        foreach (RuleMetadata rule in RuleCatalog.All)
        {
            Assert.That(rule.Flags, Is.Not.Empty, rule.Id);
            Assert.That(rule.Ignores, Is.Not.Empty, rule.Id);
            Assert.That(rule.Fix, Is.Not.Empty, rule.Id);
            Assert.That(RuleCatalog.All.Count(r => r.Id == rule.Id), Is.EqualTo(1), rule.Id + " is declared twice");
        }
    }
}

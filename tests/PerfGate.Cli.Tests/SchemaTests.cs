using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Core.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PerfGate.Cli.Tests;

/// <summary>docs/perfgate.schema.json accepts every example policy in docs/, samples/ and `perfgate init`, and rejects what the loader rejects.</summary>
public sealed class SchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "perfgate.schema.json")));

    public static IEnumerable<TestCaseData> Examples()
    {
        string root = RepositoryPaths.Root;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "samples"), "perfgate.yml", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")).OrderBy(f => f))
            yield return new TestCaseData(Path.GetRelativePath(root, file), File.ReadAllText(file)).SetName("{m}(" + Path.GetRelativePath(root, file) + ")");
        var markdown = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(root, "README.md"))
            .OrderBy(f => f);
        foreach (string file in markdown)
        {
            int index = 0;
            foreach (Match block in Regex.Matches(File.ReadAllText(file), "```ya?ml\n(.*?)```", RegexOptions.Singleline))
            {
                string yaml = block.Groups[1].Value;
                // Only policies: rule docs show broken policies on purpose (PG0001's "flagged" example).
                if (!Regex.IsMatch(yaml, @"^(version|failOn|rules|paths|reach|budgets):", RegexOptions.Multiline)
                    || file.Contains($"rules{Path.DirectorySeparatorChar}PG0")) continue;
                string name = Path.GetRelativePath(root, file) + "#" + index++;
                yield return new TestCaseData(name, yaml).SetName("{m}(" + name + ")");
            }
        }
        yield return new TestCaseData("perfgate init", StarterPolicy.Text).SetName("{m}(perfgate init)");
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_policies_are_valid_for_the_schema_and_the_loader(string name, string yaml)
    {
        Assert.That(PolicyLoader.Parse(yaml, "/x/perfgate.yml").Succeeded, Is.True, name + " is not a valid policy");
        EvaluationResults result = Schema.Evaluate(Element(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.That(result.IsValid, Is.True, name + ": "
            + string.Join("; ",
                (result.Details ?? new List<EvaluationResults>()).Where(d => d.Errors != null).SelectMany(
                    d => d.Errors!.Select(e => d.InstanceLocation + " " + e.Value))));
    }

    [Test]
    public void The_budget_examples_of_the_docs_are_validated()
    {
        var budgetExamples = Examples().Select(e => ((string)e.Arguments[0]!, (string)e.Arguments[1]!))
            .Where(e => Regex.IsMatch(e.Item2, @"^budgets:", RegexOptions.Multiline)).Select(e => e.Item1).ToList();
        Assert.That(budgetExamples, Has.Some.StartsWith(Path.Combine("docs", "budgets.md")));
        Assert.That(budgetExamples, Has.Some.StartsWith(Path.Combine("docs", "policy.md")));
    }

    [Test]
    public void The_schema_names_every_configurable_rule_and_category_for_completion()
    {
        var properties = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "perfgate.schema.json")))!
            ["properties"]!["rules"]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        var expected = PerfGate.Analyzers.RuleCatalog.All.Where(r => r.Category != PerfGate.Analyzers.RuleCategories.Gate).Select(r => r.Id)
            .Concat(PerfGate.Analyzers.RuleCategories.All.Where(c => c != PerfGate.Analyzers.RuleCategories.Gate).Select(c => "category/" + c));
        Assert.That(properties, Is.SupersetOf(expected), "add new rules and categories to docs/perfgate.schema.json");
    }

    [TestCase("failOn: eror\n")]
    [TestCase("rules:\n  PG1001: fatal\n")]
    [TestCase("rules:\n  PG1001: { level: error, severity: high }\n")]
    [TestCase("version: 2\n")]
    [TestCase("paths:\n  exclude: \"**/Migrations/**\"\n")]
    [TestCase("unknown: 1\n")]
    [TestCase("reach:\n  cold: loud\n")]
    [TestCase("reach:\n  hot: report\n")]
    [TestCase("reach: silent\n")]
    [TestCase("rules:\n  not a rule: error\n")]
    [TestCase("budgets:\n  benchmark:\n    - { results: a.json, baseline: b, maxRegression: 10% }\n")]
    [TestCase("budgets:\n  benchmarks:\n    - { results: a.json, baseline: b, maxRegression: 10 }\n")]
    [TestCase("budgets:\n  benchmarks:\n    - { results: a.json, baseline: b }\n")]
    [TestCase("budgets:\n  benchmarks:\n    - { baseline: b, maxRegression: 10% }\n")]
    [TestCase("budgets:\n  benchmarks:\n    - { results: a.json, baseline: b, noise: 1ps, maxRegression: 10% }\n")]
    [TestCase("budgets:\n  loadTests:\n    - summary: s.json\n      thresholds:\n        http_req_duration.p95: \"300ms\"\n")]
    [TestCase("budgets:\n  loadTests:\n    - summary: s.json\n      thresholds:\n        p95: \"< 300ms\"\n")]
    [TestCase("budgets:\n  loadTests:\n    - summary: s.json\n")]
    [TestCase("budgets:\n  findings:\n    - { rule: PG1001, new: -1 }\n")]
    [TestCase("budgets:\n  findings:\n    - { rule: PG1001, warn: { new: many } }\n")]
    [TestCase("budgets:\n  findings:\n    - { rule: \"PG1-*\", max: 0 }\n")]
    [TestCase("budgets:\n  findings:\n    - { category: dataaccess, max: 0 }\n")]
    [TestCase("budgets:\n  findings:\n    - { rule: PG1001, max: -1 }\n")]
    [TestCase("budgets:\n  findings:\n    - { rule: PG1001, warn: { count: 1 } }\n")]
    [TestCase("budgets:\n  traces:\n    - queriesPerRequest: { max: 20 }\n")]
    public void Policies_the_loader_rejects_are_rejected_by_the_schema(string yaml)
    {
        Assert.That(PolicyLoader.Parse(yaml, "/x/perfgate.yml").Succeeded, Is.False);
        Assert.That(Schema.Evaluate(Element(yaml)).IsValid, Is.False);
    }

    private static System.Text.Json.JsonElement Element(string yaml) =>
        System.Text.Json.JsonDocument.Parse(ToJson(yaml)?.ToJsonString() ?? "null").RootElement;

    /// <summary>YAML 1.2 core schema: plain scalars that look like numbers, booleans or null become those.</summary>
    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is null or "" or "~" or "null" => null,
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, out long n) => JsonValue.Create(n),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Sarif;
using PerfGate.Core.Tests.Budgets;
using PerfGate.Core.Tests.Sarif;
using PerfGate.Core.Tests.Traces;

namespace PerfGate.Core.Tests.Fuzzing;

/// <summary>One test per defect the fuzzing harness found (seed 18 of build/fuzz/PerfGate.Fuzz), on the smallest input that shows it.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Huge = new('w', 3_000_000);

    private static string Write(TempFolder folder, string name, byte[] bytes)
    {
        string path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] WithInvalidUtf8(string before, string after) => Utf8(before).Concat(new byte[] { 0xC3, 0x28 }).Concat(Utf8(after)).ToArray();

    [Test]
    public void A_baseline_with_invalid_UTF8_is_PG0005_at_the_byte_not_an_internal_error()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "perfgate.baseline.json",
            WithInvalidUtf8("{\"version\": 1,\n\"findings\": [{\"ruleId\": \"PG1001\", \"path\": \"a", ".cs\"}]}"));
        var e = Assert.Throws<BaselineException>(() => BaselineFile.Read(path))!;
        Assert.That((e.Code, e.Line, e.Column),
            Is.EqualTo((RuleIdentifiers.InvalidBaseline, 2, "\"findings\": [{\"ruleId\": \"PG1001\", \"path\": \"a".Length + 1)));
        Assert.That(e.Message, Does.StartWith("the baseline is not valid UTF-8"));
    }

    [Test]
    public void A_SARIF_log_with_invalid_UTF8_is_PG0003_at_the_byte_when_merged()
    {
        using var folder = new TempFolder();
        const string Before = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"x";
        string path = Write(folder, "a.sarif", WithInvalidUtf8(Before, "\"}}}]}"));
        var e = Assert.Throws<EvidenceException>(() => SarifMerger.ReadLog(path))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((1, Before.Length + 1)));
    }

    [Test]
    public void A_SARIF_log_with_a_repeated_property_is_PG0003_naming_it_when_merged()
    {
        // The node model threw ArgumentException ("An item with the same key has already been added") deep inside the merge.
        using var folder = new TempFolder();
        string path = Write(folder, "a.sarif", Utf8("{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"x\"}},\n"
            + "\"results\": [{\"ruleId\": \"A\", \"locations\": [], \"locations\": []}]}]}"));
        var e = Assert.Throws<EvidenceException>(() => SarifMerger.MergeLogs(new[] { (SarifMerger.ReadLog(path), path) }))!;
        // System.Text.Json gives no position for a repeated property: the error names it, at the file's start.
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo((RuleIdentifiers.UnreadableEvidence, 1, 1)));
        Assert.That(e.Message, Is.EqualTo("the SARIF log is not valid JSON: Duplicate property 'locations' encountered during deserialization."));
    }

    [TestCase("rules:\n  PG1001: {\"a\":{\"a\":err\n  PG2008: error\n")]
    [TestCase("rules:\n :  PG1001: error\n >-\n P 1005: error\n")]
    public void Malformed_YAML_the_node_model_throws_on_is_PG0001_with_a_position(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse("version: 1\n" + yaml, "/repo/perfgate.yml");
        Assert.That(result.Succeeded, Is.False);
        PolicyError error = result.Errors.Single();
        Assert.That(error.Message, Does.StartWith("invalid YAML"));
        Assert.That((error.Line >= 1, error.Column >= 1), Is.EqualTo((true, true)));
    }

    [Test]
    public void Collections_nested_thousands_deep_are_PG0001_where_the_limit_is_passed_not_a_stack_overflow()
    {
        // Fuzz seed 18 (90 s run): "rules: " followed by thousands of '[' overflowed the stack in YamlDotNet's node model.
        PolicyLoadResult result = PolicyLoader.Parse("version: 1\nrules: " + new string('[', 100_000) + "\n", "/repo/perfgate.yml");
        PolicyError error = result.Errors.Single();
        Assert.That(error.Message, Does.StartWith("invalid YAML: collections nested more than 64 levels deep"));
        // The document's mapping is the first level, so the 64th '[' (column 8 + 63) is the 65th.
        Assert.That((error.Line, error.Column), Is.EqualTo((2, 8 + 63)));
    }

    [Test]
    public void A_reach_value_is_echoed_as_a_short_prefix()
    {
        // Fuzz seed 18, case 4153: an unknown reach.cold value was echoed whole (5,113 characters).
        PolicyLoadResult result = PolicyLoader.Parse("version: 1\nreach:\n  cold: report" + new string('-', 5000) + "\n", "/repo/perfgate.yml");
        Assert.That(result.Errors.Single().Message, Does.StartWith("unknown value 'report---").And.Contain("… (5,006 characters)'")
            .And.Length.LessThan(400));
    }

    [Test]
    public void A_baseline_string_with_an_unpaired_surrogate_escape_is_PG0005_not_an_internal_error()
    {
        // Fuzz seed 18, case 22451 (90 s run): JsonElement.GetString threw InvalidOperationException.
        using var folder = new TempFolder();
        string path = Write(folder, "perfgate.baseline.json",
            Utf8("{\"version\": 1, \"findings\": [{\"ruleId\": \"PG1001\", \"path\": \"a\\uD800.cs\"}]}"));
        var e = Assert.Throws<BaselineException>(() => BaselineFile.Read(path))!;
        Assert.That(e.Message, Does.Contain("findings[0].path").And.Contain("unpaired UTF-16 surrogate"));
    }

    [Test]
    public void A_benchmark_method_name_no_declaration_can_have_is_not_looked_for()
    {
        // Fuzz seed 18, case 21269 (90 s run): a mutated name made the linear regex an automaton of 4,979,455 states (NotSupportedException).
        using var folder = new TempFolder();
        Write(folder, "Bench.cs", Utf8("namespace B;\npublic class Bench\n{\n    public void Run() { }\n}\n"));
        var locator = new SourceLocator(folder.Path);
        string hostile = string.Concat(Enumerable.Repeat("Run{,9}[^x]{0,99}", 300));
        Assert.That(locator.Find("B", "Bench", hostile), Is.Null);
        Assert.That(locator.Find("B", "Bench", "Run")?.Region.StartLine, Is.EqualTo(4));
    }

    [Test]
    public void A_huge_policy_scalar_is_echoed_as_a_short_prefix_and_its_did_you_mean_costs_nothing()
    {
        var clock = Stopwatch.StartNew();
        PolicyLoadResult result = PolicyLoader.Parse("version: 1\nfailOn: " + Huge + "\nrules:\n  PG1001: " + Huge + "\n", "/repo/perfgate.yml");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "a did-you-mean over a 3 MB key was quadratic");
        Assert.That(result.Errors.Select(e => e.Message), Is.EqualTo(new[]
        {
            "unknown failOn value '" + new string('w', 200) + "… (3,000,000 characters)': expected one of error, warning, never",
            "unknown level '" + new string('w', 200) + "… (3,000,000 characters)': expected error, warning, note or off",
        }));
    }

    [Test]
    public void A_glob_longer_than_a_path_is_refused_before_it_becomes_a_matcher()
    {
        // Fuzz seed 1, case 6859: a 74 kB exclude glob made 5 GB of allocations building its matcher.
        string glob = "**/Migra" + string.Concat(Enumerable.Repeat("- ", 2100)) + "tions/**";
        var clock = Stopwatch.StartNew();
        PolicyLoadResult result = PolicyLoader.Parse("version: 1\npaths:\n  exclude: [\"" + glob + "\"]\n", "/repo/perfgate.yml");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        PolicyError error = result.Errors.Single();
        Assert.That((error.Line, error.Column), Is.EqualTo((3, 13)));
        Assert.That(error.Message, Does.StartWith("expected a glob string of at most 4096 characters, found 4,216 ('**/Migra- - "));
    }

    [Test]
    public void A_huge_SARIF_version_or_level_is_echoed_as_a_short_prefix()
    {
        using var folder = new TempFolder();
        string version = folder.Write("v.sarif", "{\"version\": \"" + Huge + "\", \"runs\": []}");
        string level = folder.Write("l.sarif", "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"ruleId\": \"A\", \"level\": \"" + Huge + "\"}]}]}");
        foreach (string path in new[] { version, level })
        {
            var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(path))!;
            Assert.That(e.Message.Length, Is.LessThan(400));
            Assert.That(e.Message, Does.Contain("… (3,000,000 characters)"));
        }
    }

    [Test]
    public void A_JSON_syntax_error_quotes_a_short_prefix_of_the_bad_text()
    {
        // System.Text.Json quotes the rest of an invalid literal: most of the file when the literal never ends.
        using var folder = new TempFolder();
        string path = folder.Write("run.json", "{\"Benchmarks\": tr" + Huge + "}");
        var e = Assert.Throws<EvidenceException>(() => BenchmarkResultsReader.Read(path))!;
        Assert.That(e.Message, Does.StartWith("the BenchmarkDotNet result file is not valid JSON"));
        Assert.That(e.Message.Length, Is.LessThan(400));
    }

    [Test]
    public void A_huge_k6_threshold_expression_or_metric_name_is_echoed_as_a_short_prefix()
    {
        using var folder = new TempFolder();
        folder.Write("perf/summary.json", "{\"metrics\": {\"" + Huge + "\": {\"count\": 1, \"thresholds\": {\"" + Huge + "\": true}}}}");
        var policy = BudgetTestData.Policy(
            folder, "budgets:\n  loadTests:\n    - summary: perf/summary.json\n      thresholds:\n        http_reqs.count: \">= 1\"\n");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(policy, folder.Path);
        Assert.That(outcome.Findings.Select(f => f.RuleId), Is.EquivalentTo(new[] { "PG0003", "PG6002" }));
        Assert.That(outcome.Findings.Select(f => f.Message.Length), Is.All.LessThan(1000));
    }

    [Test]
    public void A_huge_route_is_echoed_as_a_short_prefix_in_runtime_findings()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/" + Huge);
        for (int i = 0; i < 10; i++) trace.Query(request, "SELECT * FROM c WHERE id = @p0", "h" + i);
        Finding finding = TraceEvaluatorTests.Evaluate(folder, trace.Json()).Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo(RuleIdentifiers.NPlusOneQueriesAtRuntime));
        Assert.That(finding.Message.Length, Is.LessThan(600));
        Assert.That(finding.Message, Does.StartWith("GET /www"));
    }
}

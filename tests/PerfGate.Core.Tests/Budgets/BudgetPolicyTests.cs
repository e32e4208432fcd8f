using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Tests.Budgets;

public sealed class BudgetPolicyTests
{
    private const string PolicyPath = "/repo/perfgate.yml";

    private static GatePolicy LoadValid(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, PolicyPath);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        return result.Policy!;
    }

    private static PolicyError SingleError(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, PolicyPath);
        Assert.That(result.Policy, Is.Null, "a policy with errors must not load");
        Assert.That(result.Errors, Has.Count.EqualTo(1), string.Join("\n", result.Errors));
        return result.Errors[0];
    }

    [Test]
    public void Reads_the_budget_shape_of_the_issue()
    {
        GatePolicy policy = LoadValid("""
            budgets:
              benchmarks:
                - results: "BenchmarkDotNet.Artifacts/results/*-report-full.json"
                  baseline: "perf/baseline"
                  maxRegression: 10%
                  maxAllocatedRegression: 0%
                  noise: 1us
                  warn: { maxRegression: 5% }
              loadTests:
                - summary: "perf/k6-summary.json"
                  thresholds:
                    http_req_duration.p95: "< 300ms"
                    http_req_failed.rate: "< 1%"
                  warn:
                    http_req_duration.p95: "<= 0.2s"
              findings:
                - rule: "PG1*"
                  max: 0
                - category: external-calls
                  path: "src/**"
                  max: 3
                  warn: { max: 1 }
            """);

        BenchmarkBudget benchmark = policy.Budgets.Benchmarks.Single();
        Assert.That(benchmark.Results, Is.EqualTo("BenchmarkDotNet.Artifacts/results/*-report-full.json"));
        Assert.That(benchmark.MaxRegression, Is.EqualTo(0.10).Within(1e-12));
        Assert.That(benchmark.MaxAllocatedRegression, Is.EqualTo(0.0));
        Assert.That(benchmark.WarnRegression, Is.EqualTo(0.05).Within(1e-12));
        Assert.That(benchmark.NoiseNanoseconds, Is.EqualTo(1000));
        Assert.That(benchmark.Position.Line, Is.EqualTo(3));

        LoadTestBudget load = policy.Budgets.LoadTests.Single();
        Assert.That(load.Thresholds.Select(t => (t.Metric, t.Display)), Is.EqualTo(new[]
        {
            ("http_req_duration.p95", "< 300ms"),
            ("http_req_failed.rate", "< 1%"),
        }));
        Assert.That(load.Warn.Single().Display, Is.EqualTo("<= 0.2s"));

        Assert.That(policy.Budgets.Findings.Select(f => (f.Rule, f.Category, f.Path, f.Max, f.WarnMax)), Is.EqualTo(new[]
        {
            ((string?)"PG1*", (string?)null, (string?)null, (int?)0, (int?)null),
            (null, "external-calls", "src/**", 3, 1),
        }));
    }

    [Test]
    public void Trace_budgets_load_with_query_and_call_limits()
    {
        GatePolicy policy = LoadValid("""
            budgets:
              traces:
                - files: "artifacts/traces/*.json"
                  queriesPerRequest: { max: 20 }
                  callsPerRequest: { max: 4 }
                - files: "load/*.otlp.json"
            """);
        TraceBudget trace = policy.Budgets.Traces[0];
        Assert.That((trace.Files, trace.QueriesPerRequestMax, trace.CallsPerRequestMax), Is.EqualTo(("artifacts/traces/*.json", (int?)20, (int?)4)));
        Assert.That((policy.Budgets.Traces[1].QueriesPerRequestMax, policy.Budgets.Traces[1].CallsPerRequestMax), Is.EqualTo(((int?)null, (int?)null)));
    }

    [TestCase("callsPerRequest: { maxx: 3 }", 5, "unknown key under callsPerRequest 'maxx'")]
    [TestCase("callsPerRequest: 3", 5, "expected a mapping with 'max'")]
    [TestCase("queriesPerRequest: { max: -1 }", 5, "expected a whole number of 0 or more, found '-1'")]
    [TestCase("callsPerReqest: { max: 3 }", 5, "callsPerRequest")]
    public void Bad_trace_budget_values_are_positioned(string line, int row, string message)
    {
        PolicyError error = SingleError("budgets:\n  traces:\n    - files: \"t/*.json\"\n\n      " + line + "\n");
        Assert.That(error.Message, Does.Contain(message));
        Assert.That(error.Line, Is.EqualTo(row));
    }

    [Test]
    public void Misspelled_benchmark_key_is_positioned_with_a_suggestion()
    {
        PolicyError error = SingleError("""
            budgets:
              benchmarks:
                - results: "r/*.json"
                  baseline: "perf/baseline"
                  maxRegresion: 10%
            """);
        Assert.That((error.Line, error.Column), Is.EqualTo((5, 7)));
        Assert.That(error.Message, Does.Contain("unknown key in a benchmarks entry 'maxRegresion'").And.Contain("did you mean 'maxRegression'?"));
    }

    [TestCase("maxRegression: 10", "expected a percentage such as 10% or 0%, found '10'")]
    [TestCase("maxRegression: ten%", "expected a percentage such as 10% or 0%, found 'ten%'")]
    [TestCase("noise: 3 parsecs", "expected a duration such as 0.3ns, 1us or 0.5ms")]
    public void Bad_benchmark_values_say_what_was_expected(string line, string expected)
    {
        PolicyError error = SingleError($"""
            budgets:
              benchmarks:
                - results: "r/*.json"
                  baseline: "perf/baseline"
                  {line}
            """);
        Assert.That(error.Line, Is.EqualTo(5));
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void A_benchmark_entry_without_baseline_is_an_error()
    {
        PolicyError error = SingleError("""
            budgets:
              benchmarks:
                - results: "r/*.json"
                  maxRegression: 10%
            """);
        Assert.That((error.Line, error.Column), Is.EqualTo((3, 7)));
        Assert.That(error.Message, Does.Contain("needs 'baseline'"));
    }

    [TestCase("\"300ms\"")]
    [TestCase("\"< fast\"")]
    [TestCase("\"=< 300ms\"")]
    [TestCase("\"< 300 minutes\"")]
    public void Bad_conditions_are_positioned(string condition)
    {
        PolicyError error = SingleError($"""
            budgets:
              loadTests:
                - summary: "perf/k6.json"
                  thresholds:
                    http_req_duration.p95: {condition}
            """);
        Assert.That((error.Line, error.Column), Is.EqualTo((5, 32)));
        Assert.That(error.Message, Does.Contain("operators <, <=, >, >=; units ms, s, %"));
    }

    [Test]
    public void A_metric_without_a_stat_is_an_error()
    {
        PolicyError error = SingleError("""
            budgets:
              loadTests:
                - summary: "perf/k6.json"
                  thresholds:
                    http_req_duration: "< 300ms"
            """);
        Assert.That(error.Message, Does.Contain("'metric.stat'"));
    }

    [Test]
    public void New_finding_budgets_load_with_their_warn_tier()
    {
        PolicyLoadResult loaded = PolicyLoader.Parse("""
            budgets:
              findings:
                - rule: PG1001
                  new: 0
                - category: data-access
                  max: 10
                  warn: { new: 2 }
            """, "/x/perfgate.yml");
        Assert.That(loaded.Succeeded, Is.True, string.Join("; ", loaded.Errors.Select(e => e.Message)));
        Assert.That(loaded.Policy!.Budgets.Findings.Select(f => (f.Rule, f.Max, f.New, f.WarnNew, f.CountsNew)), Is.EqualTo(new[]
        {
            ("PG1001", (int?)null, (int?)0, (int?)null, true),
            ((string?)null, (int?)10, (int?)null, (int?)2, true),
        }));
    }

    [Test]
    public void A_negative_new_count_is_refused_at_its_value()
    {
        PolicyError error = SingleError("""
            budgets:
              findings:
                - rule: PG1001
                  new: -1
            """);
        Assert.That((error.Line, error.Column), Is.EqualTo((4, 12)));
        Assert.That(error.Message, Does.Contain("expected a whole number of 0 or more, found '-1'"));
    }

    [Test]
    public void Unknown_rule_in_a_finding_budget_gets_a_suggestion()
    {
        PolicyError error = SingleError("""
            budgets:
              findings:
                - rule: PG1901
                  max: 0
            """);
        Assert.That(error.Message, Does.Contain("unknown rule 'PG1901'").And.Contain("did you mean"));
    }

    [Test]
    public void Unknown_budget_section_gets_a_suggestion()
    {
        PolicyError error = SingleError("""
            budgets:
              loadtests: []
            """);
        Assert.That((error.Line, error.Column), Is.EqualTo((2, 3)));
        Assert.That(error.Message, Does.Contain("did you mean 'loadTests'?"));
    }

    [Test]
    public void A_budget_list_written_as_a_mapping_is_an_error()
    {
        PolicyError error = SingleError("""
            budgets:
              findings: { rule: PG1001, max: 0 }
            """);
        Assert.That(error.Message, Does.Contain("expected a list of findings entries"));
    }

    [Test]
    public void Policy_without_budgets_has_an_empty_section()
    {
        GatePolicy policy = LoadValid("failOn: error\n");
        Assert.That(policy.Budgets.IsEmpty, Is.True);
    }
}

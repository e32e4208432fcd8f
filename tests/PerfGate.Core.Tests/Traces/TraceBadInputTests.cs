using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Tests.Budgets;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Traces;

public sealed class TraceBadInputTests
{
    private static OtlpBuilder TenQueries()
    {
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        for (int i = 0; i < 10; i++) trace.Query(request, "SELECT * FROM c WHERE id = @p0", "h" + i, "/src/A.cs", 7);
        return trace;
    }

    [Test]
    public void Truncated_json_is_PG0003_with_a_position_and_the_spans_before_it_still_count()
    {
        using var folder = new TempFolder();
        string json = TenQueries().JsonLines(4);
        string truncated = json.Substring(0, json.Length - 40);
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, truncated);
        Finding error = outcome.Findings.Single(f => f.RuleId == "PG0003");
        Assert.That(error.Message, Does.StartWith("the trace file is not valid JSON"));
        Assert.That(error.FilePath, Does.EndWith("run.otlp.json"));
        Assert.That(error.Region!.StartLine, Is.EqualTo(3));
        Assert.That(outcome.Findings.Any(f => f.RuleId == "PG5001"), Is.True, "the first two lines hold 8 queries of one request");
    }

    [TestCase("[1, 2]", "expected an OTLP ExportTraceServiceRequest object")]
    [TestCase("{\"data\": []}", "not an OTLP trace export")]
    [TestCase("", "the trace file is empty")]
    [TestCase("{\"resourceSpans\": {\"a\": 1}}", "expected a list of resourceSpans, found an object")]
    [TestCase("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"attributes\": 5}]}]}]}", "expected a list of attributes")]
    public void Unknown_formats_are_PG0003(string text, string message)
    {
        using var folder = new TempFolder();
        Finding error = TraceEvaluatorTests.Evaluate(folder, text).Findings.Single();
        Assert.That(error.RuleId, Is.EqualTo("PG0003"));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void A_missing_trace_file_is_PG0003_at_the_policy_entry()
    {
        using var folder = new TempFolder();
        GatePolicy_missing(folder);
    }

    private static void GatePolicy_missing(TempFolder folder)
    {
        var policy = BudgetTestData.Policy(folder, "budgets:\n  traces:\n    - files: \"traces/*.json\"\n");
        Finding error = BudgetEvaluator.Evaluate(policy, folder.Path).Findings.Single();
        Assert.That((error.RuleId, error.Region!.StartLine), Is.EqualTo(("PG0003", 3)));
        Assert.That(error.Message, Does.StartWith("no trace file matches 'traces/*.json'"));
    }

    [Test]
    public void Orphans_backward_clocks_and_spans_without_ids_are_counted_not_fatal()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        for (int i = 0; i < 6; i++) trace.Query("00000000000000ff", "SELECT * FROM c WHERE id = @p0", "h" + i);
        trace.Last["endTimeUnixNano"] = "1";
        // Three usable roots keep the one span without IDs at 10 % of the spans, the most that is only noted.
        for (int i = 0; i < 3; i++) trace.Span("work", 1, null, 1);
        trace.Span("no ids", 1, null, 1);
        trace.Last.Remove("traceId");
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());
        Finding finding = outcome.Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5001"));
        Assert.That(finding.Message, Does.StartWith("a request without a server span: 6 queries"));
        var summary = outcome.Traces.Single();
        Assert.That((summary.OrphanSpans, summary.BackwardClockSpans, summary.SkippedSpans), Is.EqualTo((6, 1, 1)));
        Assert.That(outcome.Notes.Single(), Does.Contain("6 span(s) whose parent is not in the file").And.Contain("1 span(s) ending before they start"));
    }

    [Test]
    public void Huge_attribute_values_are_read_and_cut()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        string huge = "SELECT * FROM c WHERE id = @p0 /* " + new string('x', 3_000_000) + " */";
        for (int i = 0; i < 5; i++) trace.Query(request, huge, "h" + i);
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());
        Assert.That(outcome.Findings.Single().RuleId, Is.EqualTo("PG5001"));
    }

    [Test]
    public void Connection_spans_without_a_statement_are_not_unusable_queries()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        trace.Query(request, "SELECT a FROM t");
        for (int i = 0; i < 3; i++) trace.Span("CONNECT shop", 3, request, 1, ("db.system.name", "postgresql"));
        trace.Span("prisma:engine:connection", 1, request, 1, ("db.system", "postgresql"));
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());
        Assert.That(outcome.Findings, Is.Empty);
        Assert.That(outcome.Traces.Single().DbCalls, Is.EqualTo(1));
    }

    [TestCase(2, false)]
    [TestCase(1, true)]
    public void More_than_ten_percent_unusable_call_spans_fail(int withoutText, bool passes)
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        for (int i = 0; i < 10 - withoutText; i++) trace.Query(request, $"SELECT a FROM t{(char)('a' + i)}");
        for (int i = 0; i < withoutText; i++) trace.Span("SELECT", 3, request, 1, ("db.system", "postgresql"));
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());
        if (passes) Assert.That(outcome.Findings, Is.Empty);
        else Assert.That(outcome.Findings.Single().Message, Does.StartWith($"{withoutText} of 10 DB/HTTP spans in 'traces/*.json' carry no statement"));
    }
}

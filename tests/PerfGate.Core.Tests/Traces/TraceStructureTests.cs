using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Traces;

/// <summary>
/// Issue 18 item 10: a trace whose parent links cannot be trusted — a ring of parentSpanIds, IDs that are not hex — must
/// not hide an N+1. A ring is PG0003 naming its spans, and its queries still count; more than 10 % unusable spans fail.
/// </summary>
public sealed class TraceStructureTests
{
    private const string Sql = "SELECT * FROM \"Posts\" WHERE \"AuthorId\" = $1";

    /// <summary>Twelve queries whose parent links run in a ring: each query's parent is the one before, the first's the last.</summary>
    private static OtlpBuilder RingOfQueries(bool throughServerSpan)
    {
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/users/slow");
        string[] ids = Enumerable.Range(0, 12).Select(_ => trace.Query(request, Sql, file: "/src/Users.cs", line: 9)).ToArray();
        var spans = Enumerable.Range(0, 12).Select(i => Span(trace, ids[i])).ToArray();
        for (int i = 0; i < 12; i++) spans[i]["parentSpanId"] = ids[(i + 11) % 12];
        if (throughServerSpan)
        {
            // The ring runs through the request: it has a parent (the last query), and the first query's parent is the request.
            spans[0]["parentSpanId"] = request;
            Span(trace, request)["parentSpanId"] = ids[11];
        }
        return trace;
    }

    private static System.Collections.Generic.Dictionary<string, object?> Span(OtlpBuilder trace, string id) =>
        trace.Spans.Single(s => (string)s["spanId"]! == id);

    [Test]
    public void A_ring_of_queries_is_PG0003_naming_its_spans_and_the_N_plus_one_still_counts()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, RingOfQueries(throughServerSpan: false).Json());

        Finding ring = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.UnreadableEvidence);
        Assert.That(ring.Message, Does.StartWith("the parentSpanId links of 12 span(s) of trace " + OtlpBuilder.NewTrace(1) + " form a ring: "
            + "0000000000000002, 0000000000000003, 0000000000000004, 0000000000000005, 0000000000000006, 0000000000000007 and 6 more."));
        Assert.That(ring.Message, Does.EndWith("counted together, as one request without a server span."));
        Assert.That(ring.FilePath, Does.EndWith("run.otlp.json"));
        Assert.That(ring.Region!.StartLine, Is.EqualTo(1));
        Finding nPlusOne = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.NPlusOneQueriesAtRuntime);
        Assert.That(nPlusOne.Message, Does.StartWith("a request without a server span: 12 queries of one shape in one request"));
        Assert.That(outcome.Traces.Single().LayeredDuplicates, Is.Zero, "spans of a ring are not layers of each other");
    }

    [Test]
    public void A_ring_through_the_server_span_counts_its_queries_under_that_request()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, RingOfQueries(throughServerSpan: true).Json());

        Finding ring = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.UnreadableEvidence);
        Assert.That(ring.Message, Does.Contain("of 13 span(s)").And.EndWith("counted under its request GET /users/slow."));
        Finding nPlusOne = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.NPlusOneQueriesAtRuntime);
        Assert.That(nPlusOne.Message, Does.StartWith("GET /users/slow: 12 queries of one shape in one request"));
        Assert.That(nPlusOne.FilePath, Does.EndWith("Users.cs"));
    }

    [Test]
    public void A_span_that_is_its_own_parent_is_a_ring_of_one()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/a");
        string self = trace.Query(request, Sql);
        trace.Last["parentSpanId"] = self;
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());
        Assert.That(outcome.Findings.Single().Message, Does.StartWith("the parentSpanId links of 1 span(s) of trace"));
    }

    [Test]
    public void A_healthy_deep_chain_is_no_ring()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string parent = trace.Request("GET", "/deep");
        for (int i = 0; i < 300; i++) parent = trace.Span("layer", 1, parent, 1);
        trace.Query(parent, Sql);
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());
        Assert.That(outcome.Findings, Is.Empty);
    }

    [Test]
    public void A_forged_parent_id_does_not_split_an_N_plus_one_into_roots()
    {
        // Taken for "no parent", twelve garbage parentSpanIds would make twelve requests of one query each.
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/users/slow");
        for (int i = 0; i < 12; i++)
        {
            trace.Query(request, Sql);
            if (i < 2) trace.Last["parentSpanId"] = "not-a-span-id!";
        }
        for (int i = 0; i < 10; i++) trace.Span("work", 1, request, 1);
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());

        Assert.That(outcome.Findings.Select(f => f.RuleId), Is.EqualTo(new[] { RuleIdentifiers.NPlusOneQueriesAtRuntime }));
        Assert.That(outcome.Traces.Single().SkippedSpans, Is.EqualTo(2));
        Assert.That(outcome.Notes.Single(), Does.Contain("2 span(s) without a usable trace, span or parent ID skipped"));
    }

    [Test]
    public void More_than_a_tenth_of_spans_without_usable_IDs_is_PG0003_at_the_first_one()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/users/slow");
        for (int i = 0; i < 12; i++)
        {
            trace.Query(request, Sql);
            if (i % 3 == 1) trace.Last["spanId"] = "zzzzzzzzzzzzzzzz";
        }
        string json = trace.JsonLines(1);
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, json);

        Finding error = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.UnreadableEvidence);
        Assert.That(error.Message, Does.StartWith("4 of 13 spans in 'traces/*.json' have no usable trace, span or parent ID and were skipped "
            + "(the first, here: its spanId 'zzzzzzzzzzzzzzzz' is not hex (16 digits) nor base64, or is all zeros); more than 10% unusable"));
        Assert.That(error.Region!.StartLine, Is.EqualTo(3), "one span per line: the request, a usable query, then the first unusable one");
        string line = json.Split('\n')[2];
        Assert.That(line.Substring(error.Region.StartColumn - 1), Does.StartWith("{\"traceId\""));
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Tests.Budgets;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Traces;

public sealed class TraceEvaluatorTests
{
    private const string CustomerSql = "SELECT c.\"Id\", c.\"Name\" FROM \"Customers\" AS c WHERE c.\"Id\" = @__order_CustomerId_0 LIMIT 1";

    internal static BudgetOutcome Evaluate(TempFolder folder, string traceJson, string extraPolicy = "", string budgetExtra = "")
    {
        folder.Write("traces/run.otlp.json", traceJson);
        GatePolicy policy = BudgetTestData.Policy(folder, extraPolicy + "budgets:\n  traces:\n    - files: \"traces/*.json\"\n" + budgetExtra);
        return BudgetEvaluator.Evaluate(policy, folder.Path);
    }

    private static OtlpBuilder NPlusOne(int queries, bool distinct = true, string file = "/src/Services/OrderReportService.cs")
    {
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/api/reports/recent-orders/slow");
        trace.Query(request, "SELECT o.\"Id\" FROM \"Orders\" AS o ORDER BY o.\"PlacedAtUtc\" DESC LIMIT @p", "aaaa", file, 14);
        for (int i = 0; i < queries; i++)
            trace.Query(request, CustomerSql, distinct ? "h" + i : "same", file, 19);
        return trace;
    }

    [Test]
    public void Ten_same_shape_queries_with_distinct_parameters_are_an_N_plus_one_error_at_the_call_site()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, NPlusOne(10).Json());
        Finding finding = outcome.Findings.Single(f => f.RuleId == "PG5001");
        Assert.That(finding.Level, Is.EqualTo(RuleLevel.Error));
        Assert.That(finding.FilePath, Is.EqualTo("/src/Services/OrderReportService.cs"));
        Assert.That(finding.Region!.StartLine, Is.EqualTo(19));
        Assert.That(finding.Message,
            Does.StartWith("GET /api/reports/recent-orders/slow: 10 queries of one shape in one request (10 distinct parameter sets)"));
        Assert.That(finding.RuntimeSummary, Is.EqualTo("10 queries in GET /api/reports/recent-orders/slow"));
        Assert.That(outcome.Findings.Where(f => f.RuleId == "PG5003"), Is.Empty);
    }

    [Test]
    public void Five_to_nine_are_a_warning_and_four_are_nothing()
    {
        using var folder = new TempFolder();
        Assert.That(Evaluate(folder, NPlusOne(5).Json()).Findings.Single(f => f.RuleId == "PG5001").Level, Is.EqualTo(RuleLevel.Warning));
        using var other = new TempFolder();
        Assert.That(Evaluate(other, NPlusOne(4).Json()).Findings, Is.Empty);
    }

    [Test]
    public void The_same_query_with_the_same_parameters_is_repeated_not_N_plus_one()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, NPlusOne(6, distinct: false).Json());
        Assert.That(outcome.Findings.Select(f => f.RuleId), Is.EqualTo(new[] { "PG5003" }));
        Assert.That(outcome.Findings[0].Message, Does.Contain("ran 6 times in one request"));
    }

    [Test]
    public void Policy_levels_apply_and_off_silences()
    {
        using var folder = new TempFolder();
        Assert.That(Evaluate(folder, NPlusOne(12).Json(), "rules:\n  PG5001: off\n").Findings, Is.Empty);
        using var other = new TempFolder();
        Assert.That(Evaluate(other, NPlusOne(12).Json(), "rules:\n  category/runtime-evidence: note\n").Findings.Single().Level, Is.EqualTo(RuleLevel.Note));
    }

    [Test]
    public void Json_lines_of_the_collector_file_exporter_are_read_and_grouped_across_lines()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, NPlusOne(10).JsonLines(3));
        Assert.That(outcome.Findings.Single(f => f.RuleId == "PG5001").Message, Does.Contain("10 queries"));
        Assert.That(outcome.Traces.Single().FileCount, Is.EqualTo(1));
        Assert.That(outcome.Traces.Single().Requests, Is.EqualTo(1));
    }

    [Test]
    public void Old_semantic_conventions_int64_as_numbers_and_string_kinds_are_read()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
        text.Append("{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"GET /orders\",\"kind\":\"SPAN_KIND_SERVER\",\"startTimeUnixNano\":1700000000000000000,\"endTimeUnixNano\":1700000000100000000,\"attributes\":[{\"key\":\"http.method\",\"value\":{\"stringValue\":\"GET\"}},{\"key\":\"http.target\",\"value\":{\"stringValue\":\"/orders/42?x=1\"}}]}");
        for (int i = 0; i < 6; i++)
            text.Append($",{{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"00000000000000{i + 10:x2}\",\"parentSpanId\":\"b7ad6b7169203331\",\"name\":\"HTTP GET\",\"kind\":3,\"startTimeUnixNano\":{1700000000000000000 + i * 1000},\"endTimeUnixNano\":\"{1700000000000000000 + i * 1000 + 500}\",\"attributes\":[{{\"key\":\"http.method\",\"value\":{{\"stringValue\":\"GET\"}}}},{{\"key\":\"http.url\",\"value\":{{\"stringValue\":\"https://rates.example.com/rates/{i}\"}}}},{{\"key\":\"code.filepath\",\"value\":{{\"stringValue\":\"src/Rates.cs\"}}}},{{\"key\":\"code.lineno\",\"value\":{{\"intValue\":{30}}}}}]}}");
        text.Append("]}]}]}");
        BudgetOutcome outcome = Evaluate(folder, text.ToString());
        Finding finding = outcome.Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5002"));
        Assert.That(finding.Message, Does.StartWith("GET /orders/*: 6 calls of one shape"));
        Assert.That(finding.Message, Does.Contain("GET https://rates.example.com/rates/*"));
        Assert.That(finding.FilePath, Is.EqualTo(Path.Combine(folder.Path, "src", "Rates.cs")));
        Assert.That(finding.Region!.StartLine, Is.EqualTo(30));
    }

    [Test]
    public void An_N_plus_one_POST_loop_to_an_API_is_PG5002_with_unknown_bodies()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("POST", "/api/summaries");
        for (int i = 0; i < 10; i++) trace.Call(request, "POST", "https://api.openai.com/v1/chat/completions");
        Finding finding = Evaluate(folder, trace.Json()).Findings.Single(f => f.RuleId == "PG5002");
        Assert.That(finding.Message, Does.Contain("10 calls of one shape"));
    }

    [Test]
    public void Prisma_layers_are_grouped_under_the_request_and_counted_once()
    {
        // Span names and attributes as Prisma's tracing documents them: prisma:client:operation → prisma:engine:query →
        // prisma:engine:db_query (db.query.text; older releases db.statement), under an HTTP server span.
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        for (int i = 0; i < 12; i++)
        {
            string operation = trace.Span("prisma:client:operation", 1, request, 3, ("method", "findUnique"), ("model", "Customer"));
            string engine = trace.Span("prisma:engine:query", 1, operation, 2);
            trace.Span("prisma:engine:db_query", 3, engine, 1,
                (i % 2 == 0 ? "db.query.text" : "db.statement",
                    $"SELECT \"public\".\"Customer\".\"id\" FROM \"public\".\"Customer\" WHERE \"public\".\"Customer\".\"id\" = {100 + i} LIMIT $1 OFFSET $2"),
                ("db.system", "postgresql"));
        }
        BudgetOutcome outcome = Evaluate(folder, trace.Json());
        Finding finding = outcome.Findings.Single(f => f.RuleId == "PG5001");
        Assert.That(finding.Message, Does.StartWith("12 × Customer.findUnique under GET /orders (one query shape, 12 distinct parameter sets)"));
        Assert.That(outcome.Traces.Single().DbCalls, Is.EqualTo(12));
    }

    [Test]
    public void A_driver_span_repeating_its_ORM_parent_is_counted_once()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        for (int i = 0; i < 3; i++)
        {
            string ef = trace.Query(request, CustomerSql, "h" + i);
            trace.Query(ef, CustomerSql);
        }
        BudgetOutcome outcome = Evaluate(folder, trace.Json(), budgetExtra: "      queriesPerRequest: { max: 3 }\n");
        Assert.That(outcome.Findings, Is.Empty);
        Assert.That(outcome.Traces.Single().LayeredDuplicates, Is.EqualTo(3));
    }

    [Test]
    public void Per_request_budgets_fail_the_worst_route_at_the_busiest_call_site()
    {
        using var folder = new TempFolder();
        var trace = NPlusOne(3);
        string request = trace.Request("GET", "/api/quotes");
        trace.NewTraceId(2);
        request = trace.Request("GET", "/api/quotes");
        trace.Call(request, "GET", "https://a.example/one", file: "/src/A.cs", line: 3);
        trace.Call(request, "GET", "https://b.example/two", file: "/src/A.cs", line: 4);
        BudgetOutcome outcome = Evaluate(folder, trace.Json(), budgetExtra: "      queriesPerRequest: { max: 3 }\n      callsPerRequest: { max: 1 }\n");
        var budget = outcome.Findings.Where(f => f.RuleId == "PG6004").OrderBy(f => f.Message).ToList();
        Assert.That(budget.Select(f => f.Message), Is.EqualTo(new[]
        {
            "GET /api/quotes: 2 outbound HTTP calls in one request, over the budget of 1 (callsPerRequest)",
            "GET /api/reports/recent-orders/slow: 4 queries in one request, over the budget of 3 (queriesPerRequest)",
        }));
        Assert.That(budget[1].Region!.StartLine, Is.EqualTo(19));
        Assert.That(budget.All(f => f.Level == RuleLevel.Error));
    }

    [Test]
    public void Slow_serial_and_large_are_detected_and_fast_parallel_small_are_not()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        for (int r = 0; r < 3; r++)
        {
            trace.NewTraceId(r + 1);
            string request = trace.Request("GET", "/api/report");
            trace.Query(request, "SELECT * FROM big WHERE lower(email) = @p0", "x" + r, durationMs: 900);
            trace.Call(request, "GET", "https://rates.example/latest", durationMs: 200);
            trace.Call(request, "POST", "https://shipping.example/quotes", durationMs: 150);
            trace.Call(request, "GET", "https://cdn.example/catalog.json", durationMs: 5);
            trace.Last["attributes"] = new[]
            {
                new { key = "http.request.method", value = new { stringValue = "GET" } },
                new { key = "url.full", value = new { stringValue = "https://cdn.example/catalog.json" } },
            };
            ((System.Collections.Generic.Dictionary<string, object?>)trace.Last)["attributes"] = new object[]
            {
                new { key = "http.request.method", value = new { stringValue = "GET" } },
                new { key = "url.full", value = new { stringValue = "https://cdn.example/catalog.json" } },
                new { key = "http.response.body.size", value = new { intValue = "700000" } },
            };
        }
        BudgetOutcome outcome = Evaluate(folder, trace.Json());
        Assert.That(outcome.Findings.Select(f => f.RuleId).Distinct(), Is.EquivalentTo(new[] { "PG5004", "PG5005", "PG5006" }));
        Assert.That(outcome.Findings.Single(f => f.RuleId == "PG5004").Message, Does.StartWith("a query took 500 ms or more 3 times (of 3)"));
        Assert.That(outcome.Findings.Single(f => f.RuleId == "PG5005").Level, Is.EqualTo(RuleLevel.Note));
        Assert.That(outcome.Findings.Single(f => f.RuleId == "PG5006").Message, Does.Contain("684 kB without compression"));

        using var fast = new TempFolder();
        var quick = new OtlpBuilder();
        string only = quick.Request("GET", "/api/report");
        quick.Query(only, "SELECT * FROM big WHERE lower(email) = @p0", "x", durationMs: 20);
        quick.Call(only, "GET", "https://rates.example/latest", durationMs: 20);
        quick.Call(only, "POST", "https://shipping.example/quotes", durationMs: 20);
        Assert.That(Evaluate(fast, quick.Json()).Findings, Is.Empty);
    }
}

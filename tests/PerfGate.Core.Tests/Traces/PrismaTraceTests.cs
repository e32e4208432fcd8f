using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Traces;

/// <summary>
/// Prisma 7 traces (no query engine): prisma:client:operation (model, method) → prisma:client:db_query (db.query.text with
/// `?` placeholders, db.system.name), under Express's request handler and the HTTP server span. The recorded file is a real
/// run of samples/PrismaService: GET /users/slow loads each user's posts with Post.findMany (12 users), GET /users uses include.
/// </summary>
public sealed class PrismaTraceTests
{
    private static string Recorded => Path.Combine(TestContext.CurrentContext.TestDirectory, "Traces", "TestData", "prisma7-express-users.otlp.jsonl");

    private static BudgetOutcome Evaluate(TempFolder folder, string trace, string budgetExtra = "") =>
        TraceEvaluatorTests.Evaluate(folder, trace, budgetExtra: budgetExtra);

    [Test]
    public void A_real_Prisma_7_N_plus_one_is_named_by_its_operation_at_its_route_and_the_include_twin_is_clean()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, File.ReadAllText(Recorded));
        Finding finding = outcome.Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5001"));
        Assert.That(finding.Level, Is.EqualTo(PerfGate.Analyzers.RuleLevel.Error));
        Assert.That(finding.Message,
            Does.StartWith("12 × Post.findMany under GET /users/slow (one query shape, parameters not recorded): SELECT `main`.`Post`.`id`"));
        Assert.That(outcome.Traces.Single().Requests, Is.EqualTo(2));
        Assert.That(outcome.Traces.Single().DbCalls, Is.EqualTo(15));
    }

    [Test]
    public void A_per_request_budget_names_the_operation_that_spent_it()
    {
        using var folder = new TempFolder();
        BudgetOutcome outcome = Evaluate(folder, File.ReadAllText(Recorded), "      queriesPerRequest: { max: 5 }\n");
        Finding budget = outcome.Findings.Single(f => f.RuleId == "PG6004");
        Assert.That(budget.Message,
            Is.EqualTo("GET /users/slow: 13 queries in one request, over the budget of 5 (queriesPerRequest); the most from 12 × Post.findMany"));
    }

    [Test]
    public void Repeated_identical_Prisma_reads_name_the_operation_and_older_engine_spans_are_read_too()
    {
        // Prisma 5/6 with the query engine: prisma:client:operation → prisma:engine:query → prisma:engine:db_query.
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/settings");
        for (int i = 0; i < 3; i++)
        {
            string operation = trace.Span(
                "prisma:client:operation", 1, request, 3, ("method", "findUnique"), ("model", "Setting"), ("name", "Setting.findUnique"));
            string engine = trace.Span("prisma:engine:query", 1, operation, 2);
            trace.Span("prisma:engine:db_query", 3, engine, 1,
                ("db.query.text", "SELECT \"public\".\"Setting\".\"value\" FROM \"public\".\"Setting\" WHERE \"key\" = 'theme' LIMIT 1"),
                ("db.system", "postgresql"));
        }
        Finding finding = Evaluate(folder, trace.Json()).Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5003"));
        Assert.That(finding.Message, Does.StartWith("GET /settings: the same identical query (Setting.findUnique) ran 3 times in one request"));
    }

    [Test]
    public void Model_and_method_attributes_outside_a_Prisma_operation_span_name_nothing()
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/users");
        string other = trace.Span("load users", 1, request, 3, ("method", "findMany"), ("model", "Post"));
        for (int i = 0; i < 10; i++) trace.Query(other, "SELECT * FROM posts WHERE author_id = $1");
        Finding finding = Evaluate(folder, trace.Json()).Findings.Single();
        Assert.That(finding.Message, Does.StartWith("GET /users: 10 queries of one shape in one request (parameters not recorded)"));
    }
}

using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Tests.Sarif;
using PerfGate.Core.Traces;

namespace PerfGate.Core.Tests.Traces;

/// <summary>
/// Unknown parameters are not equal parameters: a statement with placeholders and no recorded values (what Prisma,
/// node-postgres and Npgsql emit) repeated in a request is an N+1 (PG5001), never "the same identical query" (PG5003).
/// </summary>
public sealed class PlaceholderIdentityTests
{
    private static BudgetOutcome Run(string sql, int times, params (string Key, object Value)[] extra)
    {
        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/users");
        for (int i = 0; i < times; i++)
            trace.Span("SELECT", 3, request, 1, new[] { ("db.system.name", (object)"postgresql"), ("db.query.text", sql) }.Concat(extra).ToArray());
        return TraceEvaluatorTests.Evaluate(folder, trace.Json());
    }

    [TestCase("SELECT \"id\", \"title\" FROM \"Post\" WHERE \"authorId\" = $1 LIMIT $2 OFFSET $3")]
    [TestCase("SELECT `main`.`Post`.`id` FROM `main`.`Post` WHERE 1=1 AND `main`.`Post`.`authorId` = ? LIMIT ? OFFSET ?")]
    [TestCase("SELECT p.\"Id\" FROM \"Posts\" AS p WHERE p.\"AuthorId\" = @p0")]
    [TestCase("SELECT id FROM posts WHERE author_id = :author")]
    public void Nine_same_shape_queries_with_unrecorded_placeholders_are_an_N_plus_one(string sql)
    {
        BudgetOutcome outcome = Run(sql, 9);
        Finding finding = outcome.Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5001"));
        Assert.That(finding.Message, Does.StartWith("GET /users: 9 queries of one shape in one request (parameters not recorded)"));
    }

    [Test]
    public void The_same_text_with_only_inlined_literals_is_the_same_call()
    {
        Finding finding = Run("SELECT id FROM settings WHERE key = 'theme' AND tenant = 7", 6).Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5003"));
        Assert.That(finding.Message, Does.Contain("ran 6 times in one request (same text and parameters; cacheable)"));
    }

    [Test]
    public void The_same_text_without_any_value_is_the_same_call() =>
        Assert.That(Run("SELECT count(*) FROM posts", 6).Findings.Select(f => f.RuleId), Is.EqualTo(new[] { "PG5003" }));

    [Test]
    public void Recorded_parameter_values_decide_between_repeated_and_N_plus_one()
    {
        // db.query.parameter.<name>: equal values are the same call; a parameter set per call is an N+1.
        Assert.That(Run("SELECT * FROM posts WHERE author_id = $1", 6, ("db.query.parameter.0", "42")).Findings.Select(f => f.RuleId),
            Is.EqualTo(new[] { "PG5003" }));

        using var folder = new TempFolder();
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/users");
        for (int i = 0; i < 6; i++)
            trace.Span("SELECT", 3, request, 1, ("db.system.name", "postgresql"), ("db.query.text", "SELECT * FROM posts WHERE author_id = $1"),
                ("db.query.parameter.0", i.ToString()));
        Finding finding = TraceEvaluatorTests.Evaluate(folder, trace.Json()).Findings.Single();
        Assert.That(finding.RuleId, Is.EqualTo("PG5001"));
        Assert.That(finding.Message, Does.Contain("6 distinct parameter sets"));
    }

    [Test]
    public void Four_unrecorded_placeholders_stay_below_the_N_plus_one_threshold_and_are_not_a_repeat() =>
        Assert.That(Run("SELECT * FROM posts WHERE author_id = $1", 4).Findings, Is.Empty);

    [TestCase("SELECT * FROM c WHERE id = $1", "Placeholders")]
    [TestCase("SELECT * FROM c WHERE id = ?", "Placeholders")]
    [TestCase("SELECT * FROM c WHERE id = @p0 AND n = 'x'", "Literals, Placeholders")]
    [TestCase("SELECT * FROM c WHERE id = :id", "Placeholders")]
    [TestCase("SELECT * FROM c WHERE id = 42", "Literals")]
    [TestCase("SELECT x::int, '?' FROM t1", "Literals")]
    [TestCase("SELECT \"?\" FROM t -- where id = ?", "None")]
    [TestCase("SELECT @@VERSION", "None")]
    public void Templates_say_where_the_values_are(string sql, string expected)
    {
        SqlTemplate.Normalize(sql, out SqlValues values);
        Assert.That(values.ToString(), Is.EqualTo(expected));
    }
}

using NUnit.Framework;
using PerfGate.Core.Traces;

namespace PerfGate.Core.Tests.Traces;

public sealed class TemplateTests
{
    [TestCase("SELECT * FROM c WHERE id = @p0", "SELECT * FROM c WHERE id = ?")]
    [TestCase("SELECT * FROM c WHERE id = $1 AND x = $2", "SELECT * FROM c WHERE id = ? AND x = ?")]
    [TestCase("select * from c where id = ?", "SELECT * FROM c WHERE id = ?")]
    [TestCase("SELECT * FROM c WHERE id = :id", "SELECT * FROM c WHERE id = ?")]
    [TestCase("SELECT \"c\".\"Id\" FROM \"Customers\" AS \"c\" WHERE \"c\".\"Id\" = @__order_CustomerId_0 LIMIT 1",
        "SELECT \"c\".\"Id\" FROM \"Customers\" AS \"c\" WHERE \"c\".\"Id\" = ? LIMIT ?")]
    [TestCase("SELECT * FROM c WHERE name = 'O''Brien' AND age > 42.5", "SELECT * FROM c WHERE name = ? AND age > ?")]
    [TestCase("SELECT * FROM c WHERE id IN (1, 2, 3)", "SELECT * FROM c WHERE id IN (?)")]
    [TestCase("SELECT * FROM c WHERE id IN (@p0,@p1)", "SELECT * FROM c WHERE id IN (?)")]
    [TestCase("SELECT * FROM c -- trailing\nWHERE /* inline */ id = 1", "SELECT * FROM c WHERE id = ?")]
    [TestCase("SELECT x::int FROM t", "SELECT x::int FROM t")]
    [TestCase("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')", "INSERT INTO t (a, b) VALUES (?)")]
    [TestCase("SELECT t0.col1 FROM t0", "SELECT t0.col1 FROM t0")]
    public void Sql_becomes_a_template(string sql, string expected) =>
        Assert.That(SqlTemplate.Normalize(sql), Is.EqualTo(expected));

    [Test]
    public void Differently_parameterised_and_spaced_statements_share_a_template() =>
        Assert.That(SqlTemplate.Normalize("SELECT *\n  FROM c WHERE id = 7"), Is.EqualTo(SqlTemplate.Normalize("select * from c where id = @id")));

    [TestCase("https://api.example.com/customers/123/orders?page=2", "https://api.example.com/customers/*/orders")]
    [TestCase("https://API.example.com/items/3f2b8c1e-1d2a-4f6e-9a0b-1c2d3e4f5a6b", "https://api.example.com/items/*")]
    [TestCase("https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib", "https://api.stripe.com/v1/customers/*")]
    [TestCase("https://git.example.com/commits/a1b2c3d4e5f6", "https://git.example.com/commits/*")]
    [TestCase("https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/chat/completions")]
    [TestCase("http://localhost:5123/quotes", "http://localhost:5123/quotes")]
    [TestCase("https://x.example/user-profile/settings", "https://x.example/user-profile/settings")]
    public void Urls_become_templates(string url, string expected) =>
        Assert.That(UrlTemplate.Normalize(url), Is.EqualTo(expected));
}

using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Tests.Sarif;
using PerfGate.Core.Traces;

namespace PerfGate.Core.Tests.Traces;

/// <summary><c>budgets.traces[].routes</c>: templates from the policy win over the id heuristics.</summary>
public sealed class RouteTemplateTests
{
    [TestCase("/products/{slug}", "https://shop.test/products/blue-shirt?ref=1", "/products/{slug}")]
    [TestCase("/products/{slug}", "/products/blue-shirt", "/products/{slug}")]
    [TestCase("/files/{*path}", "https://cdn.test/files/a/b/c.png", "/files/{*path}")]
    [TestCase("https://api.shop.test/v1/items/{id}", "https://API.shop.test/v1/items/x-1", "https://api.shop.test/v1/items/{id}")]
    [TestCase("https://api.shop.test/v1/items/{id}", "https://other.test/v1/items/x-1", null)]
    [TestCase("/products/{slug}", "/products/blue-shirt/reviews", null)]
    [TestCase("/products/{slug}", "/products", null)]
    [TestCase("/orders/{id}/lines", "/orders/7/LINES", "/orders/{id}/lines")]
    public void A_template_matches_segment_by_segment(string template, string url, string? expected)
    {
        Assert.That(new RouteTemplates(new[] { template }).Match(url), Is.EqualTo(expected));
    }

    [Test]
    public void Slugs_group_into_one_shape_only_when_the_policy_names_the_route()
    {
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/api/catalog");
        foreach (string slug in new[] { "blue-shirt", "red-shirt", "green-hat", "black-boots", "white-socks", "grey-scarf" })
            trace.Call(request, "GET", "https://api.shop.test/products/" + slug);

        using var withoutRoutes = new TempFolder();
        BudgetOutcome plain = TraceEvaluatorTests.Evaluate(withoutRoutes, trace.Json());
        Assert.That(plain.Findings.Where(f => f.RuleId == "PG5002"), Is.Empty, "slugs look like words: six different URLs");

        using var withRoutes = new TempFolder();
        BudgetOutcome routed =
            TraceEvaluatorTests.Evaluate(withRoutes, trace.Json(), budgetExtra: "      routes: [\"https://api.shop.test/products/{slug}\"]\n");
        Finding finding = routed.Findings.Single(f => f.RuleId == "PG5002");
        Assert.That(finding.Message, Does.Contain("6 calls of one shape").And.Contain("GET https://api.shop.test/products/{slug}"));
    }

    [Test]
    public void A_route_that_is_not_a_path_or_URL_is_PG0001_at_its_position()
    {
        PolicyLoadResult result =
            PolicyLoader.Parse("budgets:\n  traces:\n    - files: \"t/*.json\"\n      routes: [\"products/{slug}\"]\n", "/repo/perfgate.yml");
        Assert.That(result.Policy, Is.Null);
        PolicyError error = result.Errors.Single();
        Assert.That((error.Line, error.Column), Is.EqualTo((4, 16)));
        Assert.That(error.Message, Does.Contain("must start with '/', 'http://' or 'https://'"));
    }
}

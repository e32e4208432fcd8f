using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Sarif;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Traces;

public sealed class RuntimeCorrelationTests
{
    [Test]
    public void A_static_finding_at_the_runtime_call_site_is_confirmed_in_the_message_and_in_SARIF()
    {
        using var folder = new TempFolder();
        string source = folder.Write("Services/OrderReportService.cs", string.Join("\n", Enumerable.Range(1, 30).Select(i => $"// line {i}")));
        var trace = new OtlpBuilder();
        string request = trace.Request("GET", "/orders");
        for (int i = 0; i < 37; i++) trace.Query(request, "SELECT * FROM c WHERE id = @p0", "h" + i, source, 19);
        BudgetOutcome outcome = TraceEvaluatorTests.Evaluate(folder, trace.Json());

        var staticFindings = new List<Finding>
        {
            new("PG1001", RuleLevel.Error, "'FirstAsync' runs an EF Core query on every iteration of the enclosing foreach loop", source,
                new SourceRegion(19, 48, 19, 90)),
            new("PG1001", RuleLevel.Error, "another loop", source, new SourceRegion(25, 1, 25, 5)),
        };
        var result = new GateResult(PerfGate.Core.Policy.GatePolicy.Default(folder.Path), staticFindings, new Dictionary<string, ReportedRule>())
            .WithBudgets(outcome);

        Finding confirmed = result.Findings.Single(f => f.RuleId == "PG1001" && f.Region!.StartLine == 19);
        Assert.That(confirmed.Message, Does.EndWith(" — seen at run time: 37 queries in GET /orders"));
        Assert.That(confirmed.ConfirmedAtRuntime, Is.EqualTo("37 queries in GET /orders"));
        Finding other = result.Findings.Single(f => f.RuleId == "PG1001" && f.Region!.StartLine == 25);
        Assert.That(other.ConfirmedAtRuntime, Is.Null);
        Assert.That(other.Message, Is.EqualTo("another loop"));

        using var stream = new MemoryStream();
        SarifWriter.Write(new SarifReport("0.1.0", folder.Path, result.Findings, new Dictionary<string, ReportedRule>(), "perfgate/"), stream);
        using JsonDocument sarif = JsonDocument.Parse(stream.ToArray());
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var withProperty = results.Where(r => r.TryGetProperty("properties", out var p) && p.TryGetProperty("perfgate/confirmedAtRuntime", out _)).ToList();
        Assert.That(withProperty, Has.Count.EqualTo(1));
        Assert.That(withProperty[0].GetProperty("ruleId").GetString(), Is.EqualTo("PG1001"));
        Assert.That(withProperty[0].GetProperty("properties").GetProperty("perfgate/confirmedAtRuntime").GetString(), Is.EqualTo("37 queries in GET /orders"));
    }

    [TestCase("/home/ci/work/shop/src/Services/OrderReportService.cs", "/work/wt/shop/src/Services/OrderReportService.cs", true)]
    [TestCase("src/Services/OrderReportService.cs", "/work/shop/src/Services/OrderReportService.cs", true)]
    [TestCase("C:\\a\\Services\\OrderReportService.cs", "/b/Services/OrderReportService.cs", true)]
    [TestCase("/a/Services/OrderReportService.cs", "/a/Other/OrderReportService.cs", false)]
    [TestCase("/a/Services/A.cs", "/a/Services/B.cs", false)]
    public void Files_match_by_their_trailing_segments(string a, string b, bool same) =>
        Assert.That(RuntimeCorrelation.SameFile(a, b), Is.EqualTo(same));
}

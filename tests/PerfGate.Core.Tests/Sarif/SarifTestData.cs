using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Sarif;

namespace PerfGate.Core.Tests.Sarif;

internal static class SarifTestData
{
    public const string OrdersSource = """
        using System.Collections.Generic;

        public class OrderService
        {
            public void Load(List<Order> orders)
            {
                foreach (var order in orders)
                {
                    var customer = db.Customers.First(c => c.Id == order.CustomerId);
                    db.SaveChanges();
                }
            }
        }
        """;

    public static readonly Dictionary<string, ReportedRule> ForeignRules = new()
    {
        ["CA1849"] = new ReportedRule(
            "CA1849",
            "Call async methods when in an async method",
            "In a method which is already asynchronous, calls to other methods should be to their async versions, where they exist.",
            "https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca1849",
            "Performance"),
        ["CS0219"] = new ReportedRule("CS0219", "Variable is assigned but its value is never used", null, null, "Compiler"),
        ["CA9999"] = new ReportedRule("CA9999", "Never reported", null, null, null),
    };

    /// <summary>A realistic report: PerfGate and foreign rules, a file with a space, a file outside the root, no location.</summary>
    public static SarifReport CreateReport(string root, string outside, string? automationId = "perfgate/static/")
    {
        string orders = Path.Combine(root, "src", "My App", "OrderService.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(orders)!);
        File.WriteAllText(orders, OrdersSource);
        string external = Path.Combine(outside, "Generated.cs");
        File.WriteAllText(external, "class Generated { void M() { System.Threading.Thread.Sleep(1); } }\n");

        var findings = new List<Finding>
        {
            new("PG1005", RuleLevel.Error,
                "'SaveChanges' is called on every iteration of the enclosing foreach loop: one database round trip and transaction per item", orders,
                    new SourceRegion(10, 17, 10, 33)),
            new("PG1001", RuleLevel.Warning,
                "'First' runs an EF Core query on every iteration of the enclosing foreach loop: one database round trip per item (N+1)", orders,
                    new SourceRegion(9, 32, 9, 82),
                new[] { new RelatedLocation(orders, new SourceRegion(3, 5, 3, 20)), new RelatedLocation(external, new SourceRegion(1, 1, 1, 6)) }),
            new("CA1849", RuleLevel.Note, "'Thread.Sleep' blocks; use 'Task.Delay' instead", external, new SourceRegion(1, 30, 1, 63)),
            new("CS0219", RuleLevel.Warning, "The variable 'unused' is assigned but its value is never used", orders, new SourceRegion(9, 21, 9, 29)),
            new("PG0003", RuleLevel.Error, "perf/k6-summary.json cannot be read", null, null),
        };
        return new SarifReport("1.2.3", root, findings, ForeignRules, automationId);
    }

    public static JsonDocument ToJson(SarifReport report)
    {
        using var stream = new MemoryStream();
        SarifWriter.Write(report, stream);
        return JsonDocument.Parse(stream.ToArray());
    }

    public static byte[] ToBytes(SarifReport report)
    {
        using var stream = new MemoryStream();
        SarifWriter.Write(report, stream);
        return stream.ToArray();
    }
}

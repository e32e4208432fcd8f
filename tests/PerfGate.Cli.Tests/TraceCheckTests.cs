using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;

namespace PerfGate.Cli.Tests;

/// <summary>Trace budgets through `perfgate check`, in process: runtime findings, exit codes, and a confirmed static finding in SARIF.</summary>
public sealed class TraceCheckTests
{
    private static string Trace(string file, int line, int queries)
    {
        var spans = new StringBuilder(
            "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"GET /orders\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000000100000000\",\"attributes\":[{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"GET\"}},{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/orders\"}}]}");
        for (int i = 0; i < queries; i++)
            spans.Append($",{{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"{i + 1:x16}\",\"parentSpanId\":\"b7ad6b7169203331\",\"name\":\"SELECT\",\"kind\":3,\"startTimeUnixNano\":\"{1700000000000000000 + i * 1000}\",\"endTimeUnixNano\":\"{1700000000000000000 + i * 1000 + 500}\",\"attributes\":["
                + "{\"key\":\"db.system.name\",\"value\":{\"stringValue\":\"sqlite\"}},"
                + "{\"key\":\"db.query.text\",\"value\":{\"stringValue\":\"SELECT * FROM c WHERE id = @p0\"}},"
                + $"{{\"key\":\"perfgate.db.parameters.hash\",\"value\":{{\"stringValue\":\"h{i}\"}}}},"
                + $"{{\"key\":\"code.filepath\",\"value\":{{\"stringValue\":{System.Text.Json.JsonSerializer.Serialize(file)}}}}},"
                + $"{{\"key\":\"code.lineno\",\"value\":{{\"intValue\":\"{line}\"}}}}]}}");
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
    }

    [Test]
    public void Check_fails_on_PG5001_from_a_trace_and_confirms_the_static_finding_at_the_same_line()
    {
        using var dir = new TempDir();
        string source = dir.Write("src/Orders.cs", "class Orders\n{\n    void M() { Query(); }\n}\n");
        dir.Write("build.sarif", CompilerSarif.WithOnePG1001(source));
        dir.Write("traces/run.otlp.json", Trace(source, 3, 12));
        dir.Write("perfgate.yml", "rules:\n  PG1001: warning\nbudgets:\n  traces:\n    - files: \"traces/*.otlp.json\"\n");

        CliRun run = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain("error PG5001: GET /orders: 12 queries of one shape in one request (12 distinct parameter sets)"), run.ToString());
        Assert.That(run.Stdout,
            Does.Contain("warning PG1001: 'FirstAsync' runs an EF Core query on every iteration — seen at run time: 12 queries in GET /orders"),
                run.ToString());

        CliRun sarif = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "--format", "sarif", "--output", "out.sarif");
        Assert.That(sarif.ExitCode, Is.EqualTo(1), sarif.ToString());
        string written = File.ReadAllText(Path.Combine(dir.Path, "out.sarif"));
        Assert.That(written, Does.Contain("\"perfgate/confirmedAtRuntime\": \"12 queries in GET /orders\""));
    }

    [Test]
    public void Check_passes_a_clean_trace_and_an_unreadable_one_is_an_input_error()
    {
        using var dir = new TempDir();
        string source = dir.Write("src/Orders.cs", "class Orders\n{\n    void M() { Query(); }\n}\n");
        dir.Write("build.sarif", CompilerSarif.WithOnePG1001(source));
        dir.Write("traces/run.otlp.json", Trace(source, 3, 3));
        dir.Write("perfgate.yml", "rules:\n  PG1001: warning\nbudgets:\n  traces:\n    - files: \"traces/*.otlp.json\"\n");
        CliRun clean = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(clean.ExitCode, Is.EqualTo(0), clean.ToString());
        Assert.That(clean.Stdout, Does.Not.Contain("PG5001"));

        dir.Write("traces/run.otlp.json", Trace(source, 3, 3).Substring(0, 200));
        CliRun broken = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(broken.ExitCode, Is.EqualTo(2), broken.ToString());
        Assert.That(broken.Stdout + broken.Stderr, Does.Contain("PG0003").And.Contain("the trace file is not valid JSON"), broken.ToString());
    }
}

using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

/// <summary>The inputs are real BenchmarkDotNet 0.15.8 output (samples/Benchmarks), see TestData/README.md.</summary>
public sealed class BenchmarkResultsReaderTests
{
    [TestCase("full")]
    [TestCase("full-compressed")]
    [TestCase("brief")]
    public void Reads_every_exporter_of_a_real_run(string kind)
    {
        BenchmarkRun run = BenchmarkResultsReader.Read(BudgetTestData.Benchmarks("baseline", kind));

        Assert.That(run.Host.Architecture, Is.EqualTo("X64"));
        Assert.That(run.Host.RuntimeFamily, Is.EqualTo(".NET 10.0"));
        Assert.That(run.Benchmarks.Select(b => b.FullName), Is.EqualTo(new[]
        {
            "OrderLookup.Benchmarks.OrderLookupBenchmarks.SerialLookups",
            "OrderLookup.Benchmarks.OrderLookupBenchmarks.BatchedLookup",
        }));
        BenchmarkResult batched = run.Benchmarks[1];
        Assert.That(batched.Values, Has.Count.EqualTo(12));
        Assert.That(batched.Median, Is.EqualTo(15356.856907894737).Within(1e-6));
        Assert.That(batched.BytesAllocatedPerOperation, Is.EqualTo(14336));
        Assert.That((batched.Namespace, batched.Type, batched.Method), Is.EqualTo(("OrderLookup.Benchmarks", "OrderLookupBenchmarks", "BatchedLookup")));
    }

    [Test]
    public void Positions_survive_the_streaming_buffer()
    {
        // The indented full export is smaller than the buffer; pad it past 256 KiB
        // so tokens straddle buffer refills, and check the benchmark's position is still exact.
        using var folder = new TempFolder();
        string text = File.ReadAllText(BudgetTestData.Benchmarks("baseline", "full"));
        string padded = text.Replace("\"Benchmarks\":[", "\"Padding\":\"" + new string('x', 300_000) + "\",\n\n   \"Benchmarks\":[");
        string path = folder.Write("padded.json", padded);

        BenchmarkRun run = BenchmarkResultsReader.Read(path);

        string[] lines = File.ReadAllLines(path);
        BenchmarkResult first = run.Benchmarks[0];
        Assert.That(lines[first.Line - 1].Substring(first.Column - 1), Does.StartWith("{"));
        Assert.That(lines[first.Line].Trim(), Does.StartWith("\"DisplayInfo\":\"OrderLookupBenchmarks.SerialLookups"));
    }

    [Test]
    public void Brief_data_without_raw_values_keeps_the_median()
    {
        using var folder = new TempFolder();
        string path = folder.Write("brief.json", """
            {"Title":"t","HostEnvironmentInfo":{"Architecture":"X64","RuntimeVersion":".NET 10.0.12"},
             "Benchmarks":[{"FullName":"N.T.M","Namespace":"N","Type":"T","Method":"M","Statistics":{"Median":120.5,"Mean":121}}]}
            """);
        BenchmarkResult result = BenchmarkResultsReader.Read(path).Benchmarks.Single();
        Assert.That(result.Values, Is.Null);
        Assert.That(result.Median, Is.EqualTo(120.5));
    }

    [Test]
    public void Invalid_json_is_an_error_with_its_position()
    {
        using var folder = new TempFolder();
        string path = folder.Write("broken.json", "{\n  \"Benchmarks\": [\n    {\"FullName\": \"a\",}\n  ]\n}");
        var e = Assert.Throws<EvidenceException>(() => BenchmarkResultsReader.Read(path))!;
        Assert.That((e.Line, e.FilePath), Is.EqualTo((3, path)));
        Assert.That(e.Message, Does.StartWith("the BenchmarkDotNet result file is not valid JSON"));
    }

    [Test]
    public void Wrong_shape_names_what_was_expected_where()
    {
        using var folder = new TempFolder();
        string path = folder.Write("shape.json", "{\n  \"Benchmarks\": [\n    {\"FullName\": \"a\", \"Statistics\": {\"Median\": \"fast\"}}\n  ]\n}");
        var e = Assert.Throws<EvidenceException>(() => BenchmarkResultsReader.Read(path))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((3, 48)));
        Assert.That(e.Message, Does.Contain("expected 'Median' to be a number of nanoseconds (0 or more), found a string"));
    }

    [Test]
    public void A_file_that_is_not_a_benchmark_export_says_so()
    {
        using var folder = new TempFolder();
        string path = folder.Write("k6.json", "{\"metrics\": {}}");
        var e = Assert.Throws<EvidenceException>(() => BenchmarkResultsReader.Read(path))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((1, 1)));
        Assert.That(e.Message, Does.Contain("expected a 'Benchmarks' array"));
    }

    [Test]
    public void A_missing_file_is_an_error_at_line_zero()
    {
        var e = Assert.Throws<EvidenceException>(() => BenchmarkResultsReader.Read("/nonexistent/perfgate/results.json"))!;
        Assert.That(e.Line, Is.EqualTo(0));
        Assert.That(e.Message, Does.StartWith("cannot read the BenchmarkDotNet result file"));
    }
}

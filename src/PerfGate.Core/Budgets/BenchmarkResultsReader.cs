using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Core.Evidence;
using PerfGate.Core.Json;

namespace PerfGate.Core.Budgets;

/// <summary>The host a BenchmarkDotNet run was measured on (its <c>HostEnvironmentInfo</c>).</summary>
public sealed record BenchmarkHost(string? Architecture, string? RuntimeVersion, string? ProcessorName, string? OsVersion)
{
    /// <summary>".NET 10.0.12 (10.0.12, 10.0.1226.42308)" → ".NET 10.0": patch updates stay comparable, major/minor changes do not.</summary>
    public string? RuntimeFamily
    {
        get
        {
            if (RuntimeVersion == null) return null;
            string text = RuntimeVersion;
            int paren = text.IndexOf('(');
            if (paren > 0) text = text.Substring(0, paren);
            text = text.Trim();
            int space = text.LastIndexOf(' ');
            string name = space > 0 ? text.Substring(0, space) : "";
            string version = space > 0 ? text.Substring(space + 1) : text;
            string[] parts = version.Split('.');
            return parts.Length >= 2 ? (name + " " + parts[0] + "." + parts[1]).Trim() : text;
        }
    }
}

/// <summary>One benchmark of a BenchmarkDotNet JSON result file. Times are nanoseconds per operation.</summary>
/// <param name="Values">The per-operation measurements (<c>Statistics.OriginalValues</c>, or the workload results
/// of the full exporter's <c>Measurements</c>), or null when the file carries only statistics.</param>
public sealed record BenchmarkResult(
    string FullName,
    string? Namespace,
    string? Type,
    string? Method,
    double? Median,
    double? Mean,
    double? ConfidenceLower,
    double? ConfidenceUpper,
    IReadOnlyList<double>? Values,
    double? BytesAllocatedPerOperation,
    string FilePath,
    int Line,
    int Column);

/// <summary>A BenchmarkDotNet JSON result file: its host and benchmarks.</summary>
public sealed record BenchmarkRun(string FilePath, string? Title, BenchmarkHost Host, IReadOnlyList<BenchmarkResult> Benchmarks);

/// <summary>
/// Reads BenchmarkDotNet's JSON exporters (<c>JsonExporter.Full</c>, <c>Brief</c>, and their compressed
/// forms: the same objects without indentation). Everything the gate does not use is skipped; a file of
/// the wrong shape is an <see cref="EvidenceException"/> at the offending value.
/// </summary>
public static class BenchmarkResultsReader
{
    private const string What = "BenchmarkDotNet result file";

    // Large per-benchmark parts the gate never reads.
    private static readonly string[] Skip =
        { "HardwareIntrinsics", "Metrics", "Percentiles", "LowerOutliers", "UpperOutliers", "AllOutliers", "ChronometerFrequency" };

    public static BenchmarkRun Read(string path)
    {
        PositionedJsonNode root = PositionedJsonReader.Read(path, What, Skip);
        var shape = new JsonShape(path, What);
        JsonObjectNode obj = root as JsonObjectNode
            ?? throw shape.Error(
                root, $"the {What} does not have the expected shape: expected an object with 'HostEnvironmentInfo' and 'Benchmarks', found {root.Kind}");
        if (obj["Benchmarks"] == null)
            throw shape.Error(obj,
                $"the {What} does not have the expected shape: expected a 'Benchmarks' array (is this a BenchmarkDotNet JSON export? use --exporters json or fulljson)");

        BenchmarkHost host = new(null, null, null, null);
        if (obj["HostEnvironmentInfo"] is { } hostNode and not JsonNullNode)
        {
            JsonObjectNode info = shape.Object(hostNode, obj, "'HostEnvironmentInfo' to be an object");
            host = new BenchmarkHost(
                shape.OptionalString(info["Architecture"], info, "'Architecture' to be a string"),
                shape.OptionalString(info["RuntimeVersion"], info, "'RuntimeVersion' to be a string"),
                shape.OptionalString(info["ProcessorName"], info, "'ProcessorName' to be a string"),
                shape.OptionalString(info["OsVersion"], info, "'OsVersion' to be a string"));
        }

        var benchmarks = new List<BenchmarkResult>();
        JsonArrayNode list = shape.Array(obj["Benchmarks"], obj, "'Benchmarks' to be an array of benchmark objects");
        // An empty export passes nothing and fails nothing: a run whose filter matched no benchmark, or whose benchmarks all failed to build.
        if (list.Items.Count == 0)
            throw shape.Error(list,
                $"the {What} has no benchmarks (an empty 'Benchmarks' array): expected at least one; did the run's --filter match nothing, or did the benchmarks fail to build?");
        foreach (PositionedJsonNode item in list.Items)
        {
            JsonObjectNode benchmark = shape.Object(item, list, "a benchmark object");
            benchmarks.Add(ReadBenchmark(benchmark, shape));
        }
        string? title = shape.OptionalString(obj["Title"], obj, "'Title' to be a string");
        return new BenchmarkRun(path, title, host, benchmarks);
    }

    private static BenchmarkResult ReadBenchmark(JsonObjectNode benchmark, JsonShape shape)
    {
        string fullName = shape.String(benchmark["FullName"], benchmark, "'FullName' to be a string (Namespace.Type.Method(parameters))");
        double? median = null, mean = null, lower = null, upper = null;
        List<double>? values = null;
        if (benchmark["Statistics"] is JsonObjectNode statistics)
        {
            median = shape.OptionalNonNegative(statistics["Median"], statistics, "'Median' to be a number of nanoseconds (0 or more)");
            mean = shape.OptionalNonNegative(statistics["Mean"], statistics, "'Mean' to be a number of nanoseconds (0 or more)");
            if (statistics["ConfidenceInterval"] is JsonObjectNode interval)
            {
                lower = shape.OptionalNumber(interval["Lower"], interval, "'Lower' to be a number of nanoseconds");
                upper = shape.OptionalNumber(interval["Upper"], interval, "'Upper' to be a number of nanoseconds");
                // The lower bound is the mean minus a margin and may be negative for a tiny, noisy benchmark; the upper may not.
                if (upper < 0 || upper < lower) throw shape.Impossible(interval["Upper"]!, "'Upper' to be at least 0 and at least 'Lower'", upper!.Value);
            }
            if (statistics["OriginalValues"] is { } originals and not JsonNullNode)
            {
                JsonArrayNode array = shape.Array(originals, statistics, "'OriginalValues' to be an array of numbers");
                values = array.Items.Select(v => shape.NonNegative(v, array, "a measurement in nanoseconds (0 or more)")).ToList();
            }
        }
        else if (benchmark["Statistics"] is { } other and not JsonNullNode)
        {
            throw shape.Wrong(other, benchmark, "'Statistics' to be an object");
        }

        if (values == null && benchmark["Measurements"] is { } measurementsNode and not JsonNullNode)
            values = ReadWorkloadResults(shape.Array(measurementsNode, benchmark, "'Measurements' to be an array"), shape);
        if (median == null && values is { Count: > 0 }) median = Statistics.Median(values);

        double? bytes = null;
        if (benchmark["Memory"] is { } memoryNode and not JsonNullNode)
        {
            JsonObjectNode memory = shape.Object(memoryNode, benchmark, "'Memory' to be an object");
            bytes = shape.OptionalNonNegative(memory["BytesAllocatedPerOperation"], memory, "'BytesAllocatedPerOperation' to be a number of bytes (0 or more)");
        }

        return new BenchmarkResult(
            fullName,
            shape.OptionalString(benchmark["Namespace"], benchmark, "'Namespace' to be a string"),
            shape.OptionalString(benchmark["Type"], benchmark, "'Type' to be a string"),
            shape.OptionalString(benchmark["Method"], benchmark, "'Method' to be a string"),
            median, mean, lower, upper, values, bytes, shape.Path, benchmark.Line, benchmark.Column);
    }

    /// <summary>The full exporter's workload results: nanoseconds per operation of each <c>Workload</c>/<c>Result</c> iteration.</summary>
    private static List<double>? ReadWorkloadResults(JsonArrayNode measurements, JsonShape shape)
    {
        var values = new List<double>();
        foreach (PositionedJsonNode item in measurements.Items)
        {
            JsonObjectNode m = shape.Object(item, measurements, "a measurement object");
            if ((m["IterationMode"] as JsonStringNode)?.Value != "Workload" || (m["IterationStage"] as JsonStringNode)?.Value != "Result") continue;
            double operations = shape.NonNegative(m["Operations"], m, "'Operations' to be a number of operations (0 or more)");
            double nanoseconds = shape.NonNegative(m["Nanoseconds"], m, "'Nanoseconds' to be a number of nanoseconds (0 or more)");
            if (operations > 0) values.Add(nanoseconds / operations);
        }
        return values.Count > 0 ? values : null;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Json;

namespace PerfGate.Core.Budgets;

public enum MetricKind
{
    /// <summary>Milliseconds.</summary>
    Time,

    /// <summary>A fraction between 0 and 1 (conditions may say it in %).</summary>
    Rate,

    /// <summary>A count, a per-second rate, bytes: compared as the plain number.</summary>
    Plain,
}

public sealed record MetricValue(double Value, MetricKind Kind);

/// <summary>A threshold the load-test tool evaluated itself (k6), with its verdict.</summary>
public sealed record ToolThreshold(string Metric, string Expression, bool Failed, int Line, int Column);

/// <summary>A load-test summary normalised to <c>metric.stat</c> names.</summary>
public sealed record LoadTestSummary(
    string FilePath,
    string Tool,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    IReadOnlyList<ToolThreshold> ToolThresholds);

/// <summary>
/// Reads k6 (<c>--summary-export</c> and <c>handleSummary</c> JSON) and Artillery (<c>run --output</c>)
/// summaries, recognised from the content, into <c>metric.stat</c> figures:
/// k6's <c>p(95)</c> becomes <c>p95</c>, <c>med</c> is also <c>median</c>, a k6 rate metric's value is
/// <c>rate</c>; Artillery's summaries keep their stats, counters become <c>name.count</c>, rates
/// <c>name.rate</c>, and <c>http.error_rate</c> / <c>vusers.failure_rate</c> are derived.
/// </summary>
public static class LoadTestSummaryReader
{
    public const string K6SummaryExport = "k6 (--summary-export)";
    public const string K6HandleSummary = "k6 (handleSummary)";
    public const string Artillery = "Artillery";

    private const string What = "load-test summary";

    // Artillery's per-period figures, k6's group tree: large, never gated.
    private static readonly string[] Skip = { "intermediate", "root_group", "histograms" };

    private static readonly HashSet<string> K6TimeTrends = new(StringComparer.Ordinal)
    {
        "http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking", "http_req_sending",
        "http_req_waiting", "http_req_receiving", "iteration_duration", "group_duration",
    };

    public static LoadTestSummary Read(string path)
    {
        PositionedJsonNode root = PositionedJsonReader.Read(path, What, Skip);
        var shape = new JsonShape(path, What);
        if (root is not JsonObjectNode obj)
            throw shape.Error(root,
                $"the {What} does not have the expected shape: expected an object (k6 --summary-export or handleSummary JSON, or an Artillery report), found {root.Kind}");
        if (obj["aggregate"] != null) return ReadArtillery(obj, shape);
        if (obj["metrics"] != null) return ReadK6(obj, shape);
        throw shape.Error(obj, $"the {What} is neither k6 JSON (no 'metrics' object) nor an Artillery report (no 'aggregate' object)");
    }

    private static LoadTestSummary ReadK6(JsonObjectNode root, JsonShape shape)
    {
        JsonObjectNode metrics = shape.Object(root["metrics"], root, "'metrics' to be an object of k6 metrics");
        bool handleSummary = metrics.Properties.Any(p => p.Value is JsonObjectNode m && m["values"] != null);
        var figures = new SortedDictionary<string, MetricValue>(StringComparer.Ordinal);
        var thresholds = new List<ToolThreshold>();
        foreach (var (name, node) in metrics.Properties)
        {
            JsonObjectNode metric = shape.Object(node, metrics, $"metric '{Echo.Cap(name)}' to be an object");
            JsonObjectNode values;
            MetricKind kind;
            if (handleSummary)
            {
                values = shape.Object(metric["values"], metric, $"'values' of metric '{Echo.Cap(name)}' to be an object (k6 handleSummary data)");
                string? type = shape.OptionalString(metric["type"], metric, "'type' to be a string (trend, rate, counter, gauge)");
                string? contains = shape.OptionalString(metric["contains"], metric, "'contains' to be a string (time, data, default)");
                kind = contains == "time" ? MetricKind.Time : MetricKind.Plain;
                foreach (var (stat, value) in values.Properties)
                {
                    MetricKind statKind = type == "rate" && stat == "rate" ? MetricKind.Rate
                        : stat is "count" or "passes" or "fails" or "rate" ? MetricKind.Plain : kind;
                    AddStat(figures, name, stat, Figure(shape, value, values, name, stat, statKind), statKind);
                }
            }
            else
            {
                values = metric;
                bool isRate = metric["passes"] != null && metric["fails"] != null;
                kind = K6TimeTrends.Contains(name) ? MetricKind.Time : MetricKind.Plain;
                foreach (var (stat, value) in metric.Properties)
                {
                    if (stat == "thresholds") continue;
                    if (stat == "type" || stat == "contains")
                        throw shape.Error(value,
                            $"the {What} mixes formats: metric '{Echo.Cap(name)}' has '{Echo.Cap(stat)}' (handleSummary data) but no 'values' object");
                    if (isRate && stat == "value")
                    {
                        AddStat(figures, name, "rate", Figure(shape, value, metric, name, stat, MetricKind.Rate), MetricKind.Rate);
                        continue;
                    }
                    MetricKind statKind = stat is "count" or "passes" or "fails" or "rate" or "value"
                        ? (K6TimeTrends.Contains(name) && stat == "value" ? MetricKind.Time : MetricKind.Plain)
                        : kind;
                    AddStat(figures, name, stat, Figure(shape, value, metric, name, stat, statKind), statKind);
                }
            }

            if (metric["thresholds"] is { } thresholdNode and not JsonNullNode)
            {
                JsonObjectNode list = shape.Object(thresholdNode, metric, $"'thresholds' of metric '{Echo.Cap(name)}' to be an object");
                foreach (var (expression, verdict) in list.Properties)
                {
                    bool failed = handleSummary
                        ? !(shape.Object(verdict, list,
                            "a threshold result { \"ok\": true|false } (handleSummary data)")["ok"] is JsonBooleanNode { Value: var ok }
                            ? ok
                            : throw shape.Wrong(((JsonObjectNode)verdict)["ok"], verdict, "'ok' to be true or false"))
                        : verdict is JsonBooleanNode b ? b.Value : throw shape.Wrong(verdict, list, "true (the threshold failed) or false (--summary-export)");
                    thresholds.Add(new ToolThreshold(name, expression, failed, verdict.Line, verdict.Column));
                }
            }
        }
        return new LoadTestSummary(shape.Path, handleSummary ? K6HandleSummary : K6SummaryExport, figures, thresholds);
    }

    /// <summary>
    /// A stat's figure, refused when the tool cannot have measured it: a negative duration, count or per-second rate, or a
    /// rate (a fraction of checks or requests) outside 0–1. Other plain figures (gauges, custom trends) may be negative.
    /// </summary>
    private static double Figure(JsonShape shape, PositionedJsonNode value, PositionedJsonNode parent, string metric, string stat, MetricKind kind)
    {
        string of = $"'{Echo.Cap(stat)}' of metric '{Echo.Cap(metric)}'";
        return kind switch
        {
            MetricKind.Time => shape.NonNegative(value, parent, $"{of} to be a duration of 0 ms or more"),
            MetricKind.Rate => shape.Fraction(value, parent, $"{of} to be a rate from 0 to 1"),
            _ when stat is "count" or "passes" or "fails" or "rate" => shape.NonNegative(value, parent, $"{of} to be a number of 0 or more"),
            _ => shape.Number(value, parent, $"{of} to be a number"),
        };
    }

    private static void AddStat(IDictionary<string, MetricValue> figures, string metric, string stat, double value, MetricKind kind)
    {
        string normalised = stat.StartsWith("p(", StringComparison.Ordinal) && stat.EndsWith(")", StringComparison.Ordinal)
            ? "p" + stat.Substring(2, stat.Length - 3)
            : stat;
        figures[metric + "." + normalised] = new MetricValue(value, kind);
        if (normalised == "med") figures[metric + ".median"] = new MetricValue(value, kind);
    }

    private static LoadTestSummary ReadArtillery(JsonObjectNode root, JsonShape shape)
    {
        JsonObjectNode aggregate = shape.Object(root["aggregate"], root, "'aggregate' to be an object (an Artillery report)");
        var figures = new SortedDictionary<string, MetricValue>(StringComparer.Ordinal);
        var counters = new Dictionary<string, double>(StringComparer.Ordinal);
        if (aggregate["counters"] is { } countersNode and not JsonNullNode)
        {
            JsonObjectNode list = shape.Object(countersNode, aggregate, "'counters' to be an object of numbers");
            foreach (var (name, value) in list.Properties)
            {
                double number = shape.NonNegative(value, list, $"counter '{Echo.Cap(name)}' to be a count of 0 or more");
                counters[name] = number;
                figures[name + ".count"] = new MetricValue(number, MetricKind.Plain);
            }
        }
        if (aggregate["rates"] is { } ratesNode and not JsonNullNode)
        {
            JsonObjectNode list = shape.Object(ratesNode, aggregate, "'rates' to be an object of numbers");
            foreach (var (name, value) in list.Properties)
                figures[name + ".rate"] =
                    new MetricValue(shape.NonNegative(value, list, $"rate '{Echo.Cap(name)}' to be a number per second of 0 or more"), MetricKind.Plain);
        }
        if (aggregate["summaries"] is { } summariesNode and not JsonNullNode)
        {
            JsonObjectNode list = shape.Object(summariesNode, aggregate, "'summaries' to be an object of histogram summaries");
            foreach (var (name, node) in list.Properties)
            {
                JsonObjectNode summary = shape.Object(node, list, $"summary '{Echo.Cap(name)}' to be an object (min, max, mean, median, p95, p99, …)");
                MetricKind kind = name.Contains("response_time", StringComparison.Ordinal) || name.Contains("session_length", StringComparison.Ordinal)
                    ? MetricKind.Time
                    : MetricKind.Plain;
                foreach (var (stat, value) in summary.Properties)
                {
                    MetricKind statKind = stat == "count" ? MetricKind.Plain : kind;
                    double number = statKind == MetricKind.Time || stat == "count"
                        ? shape.NonNegative(
                            value, summary, $"'{Echo.Cap(stat)}' of summary '{Echo.Cap(name)}' to be {(stat == "count" ? "a count" : "a duration in ms")} of 0 or more")
                        : shape.Number(value, summary, $"'{Echo.Cap(stat)}' of summary '{Echo.Cap(name)}' to be a number");
                    figures[name + "." + stat] = new MetricValue(number, statKind);
                }
            }
        }
        if (counters.Count == 0 && !figures.Keys.Any())
            throw shape.Error(aggregate,
                $"the {What} has an empty 'aggregate': expected 'counters' and 'summaries' (an Artillery report from `artillery run --output`)");

        if (counters.TryGetValue("http.requests", out double requests) && requests > 0)
        {
            double failed = counters.Where(
                c => c.Key.StartsWith("http.codes.4", StringComparison.Ordinal) || c.Key.StartsWith("http.codes.5", StringComparison.Ordinal)
                    || c.Key.StartsWith("errors.", StringComparison.Ordinal)).Sum(c => c.Value);
            figures["http.error_rate"] = new MetricValue(failed / requests, MetricKind.Rate);
        }
        if (counters.TryGetValue("vusers.created", out double created) && created > 0)
            figures["vusers.failure_rate"] = new MetricValue((counters.TryGetValue("vusers.failed", out double f) ? f : 0) / created, MetricKind.Rate);

        return new LoadTestSummary(shape.Path, Artillery, figures, Array.Empty<ToolThreshold>());
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace PerfGate.Core.Policy;

// The budgets: section of perfgate.yml. Same conventions as the rest of the reader: every problem is
// collected with its position, unknown keys get a "did you mean", and an entry with an error is dropped
// (the policy as a whole then fails to load, so nothing is evaluated on half an entry).
public static partial class PolicyLoader
{
    private static readonly string[] BudgetKeys = { "benchmarks", "loadTests", "findings", "traces" };
    private static readonly string[] BenchmarkKeys = { "results", "baseline", "maxRegression", "maxAllocatedRegression", "noise", "warn" };
    private static readonly string[] BenchmarkWarnKeys = { "maxRegression", "maxAllocatedRegression" };
    private static readonly string[] LoadTestKeys = { "summary", "thresholds", "warn" };
    private static readonly string[] FindingKeys = { "rule", "category", "path", "max", "new", "warn" };
    private static readonly string[] FindingWarnKeys = { "max", "new" };
    private static readonly string[] TraceKeys = { "files", "queriesPerRequest", "callsPerRequest", "routes" };
    private static readonly string[] PerRequestKeys = { "max" };
    private static readonly Regex Percentage = new(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Duration = new(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(ns|us|µs|ms)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex RuleGlob = new(@"^[A-Za-z0-9*?]+$", RegexOptions.CultureInvariant);

    private sealed partial class Reader
    {
        private BudgetPolicy ReadBudgets(YamlNode value)
        {
            var benchmarks = new List<BenchmarkBudget>();
            var loadTests = new List<LoadTestBudget>();
            var findings = new List<FindingBudget>();
            var traces = new List<TraceBudget>();
            if (value is YamlScalarNode { Value: null or "" }) return BudgetPolicy.Empty;
            if (value is not YamlMappingNode mapping)
            {
                Error(value.Start, "expected a mapping with keys " + string.Join(", ", BudgetKeys));
                return BudgetPolicy.Empty;
            }
            foreach (var (keyNode, entry) in mapping.Children)
            {
                string key = KeyOf(keyNode);
                switch (key)
                {
                    case "benchmarks":
                        foreach (YamlMappingNode item in Entries(entry, key, "results, baseline, maxRegression"))
                            if (ReadBenchmarkBudget(item) is { } benchmark) benchmarks.Add(benchmark);
                        break;
                    case "loadTests":
                        foreach (YamlMappingNode item in Entries(entry, key, "summary, thresholds"))
                            if (ReadLoadTestBudget(item) is { } loadTest) loadTests.Add(loadTest);
                        break;
                    case "findings":
                        foreach (YamlMappingNode item in Entries(entry, key, "rule, category or path, and max"))
                            if (ReadFindingBudget(item) is { } finding) findings.Add(finding);
                        break;
                    case "traces":
                        foreach (YamlMappingNode item in Entries(entry, key, "files, queriesPerRequest, callsPerRequest"))
                            if (ReadTraceBudget(item) is { } trace) traces.Add(trace);
                        break;
                    default:
                        UnknownKey(keyNode, key, BudgetKeys, "key under budgets");
                        break;
                }
            }
            return new BudgetPolicy(benchmarks, loadTests, findings, traces);
        }

        private IEnumerable<YamlMappingNode> Entries(YamlNode value, string section, string keys)
        {
            if (value is YamlScalarNode { Value: null or "" }) yield break;
            if (value is not YamlSequenceNode sequence)
            {
                Error(value.Start, $"expected a list of {section} entries (each a mapping with {keys})");
                yield break;
            }
            foreach (YamlNode item in sequence.Children)
            {
                if (item is YamlMappingNode entry) yield return entry;
                else Error(item.Start, $"expected a {section} entry: a mapping with {keys}");
            }
        }

        private BenchmarkBudget? ReadBenchmarkBudget(YamlMappingNode entry)
        {
            int errors = Errors.Count;
            string? results = null, baseline = null;
            double? maxRegression = null, maxAllocated = null, warnRegression = null, warnAllocated = null;
            double noise = BenchmarkBudget.DefaultNoiseNanoseconds;
            foreach (var (keyNode, value) in entry.Children)
            {
                string key = KeyOf(keyNode);
                switch (key)
                {
                    case "results": results = PathScalar(value, "a glob of BenchmarkDotNet JSON result files"); break;
                    case "baseline": baseline = PathScalar(value, "the folder (or glob) of the baseline's BenchmarkDotNet JSON results"); break;
                    case "maxRegression": maxRegression = ReadPercentage(value); break;
                    case "maxAllocatedRegression": maxAllocated = ReadPercentage(value); break;
                    case "noise": noise = ReadDuration(value) ?? noise; break;
                    case "warn":
                        if (value is not YamlMappingNode warn)
                        {
                            Error(value.Start, "expected a mapping with maxRegression and/or maxAllocatedRegression");
                            break;
                        }
                        foreach (var (warnKeyNode, warnValue) in warn.Children)
                        {
                            string warnKey = KeyOf(warnKeyNode);
                            if (warnKey == "maxRegression") warnRegression = ReadPercentage(warnValue);
                            else if (warnKey == "maxAllocatedRegression") warnAllocated = ReadPercentage(warnValue);
                            else UnknownKey(warnKeyNode, warnKey, BenchmarkWarnKeys, "key under warn");
                        }
                        break;
                    default: UnknownKey(keyNode, key, BenchmarkKeys, "key in a benchmarks entry"); break;
                }
            }
            if (results == null && !HasKey(entry, "results")) Error(
                entry.Start, "a benchmarks entry needs 'results': a glob of BenchmarkDotNet JSON result files");
            if (baseline == null && !HasKey(entry, "baseline")) Error(
                entry.Start, "a benchmarks entry needs 'baseline': the folder of earlier results to compare with");
            if (maxRegression == null && maxAllocated == null && warnRegression == null && warnAllocated == null && Errors.Count == errors)
                Error(entry.Start, "a benchmarks entry needs a condition: maxRegression, maxAllocatedRegression, or a warn tier");
            if (Errors.Count != errors || results == null || baseline == null) return null;
            return new BenchmarkBudget(results, baseline, maxRegression, maxAllocated, warnRegression, warnAllocated, noise, Position(entry));
        }

        private LoadTestBudget? ReadLoadTestBudget(YamlMappingNode entry)
        {
            int errors = Errors.Count;
            string? summary = null;
            var thresholds = new List<ThresholdCondition>();
            var warn = new List<ThresholdCondition>();
            foreach (var (keyNode, value) in entry.Children)
            {
                string key = KeyOf(keyNode);
                switch (key)
                {
                    case "summary": summary = PathScalar(value, "the path of a k6 or Artillery summary JSON file"); break;
                    case "thresholds": ReadConditions(value, thresholds); break;
                    case "warn": ReadConditions(value, warn); break;
                    default: UnknownKey(keyNode, key, LoadTestKeys, "key in a loadTests entry"); break;
                }
            }
            if (summary == null && !HasKey(entry, "summary")) Error(
                entry.Start, "a loadTests entry needs 'summary': the path of a k6 or Artillery summary JSON file");
            if (thresholds.Count == 0 && warn.Count == 0 && Errors.Count == errors)
                Error(entry.Start, "a loadTests entry needs 'thresholds' (conditions that must hold, e.g. http_req_duration.p95: \"< 300ms\") or 'warn'");
            if (Errors.Count != errors || summary == null) return null;
            return new LoadTestBudget(summary, thresholds, warn, Position(entry));
        }

        private void ReadConditions(YamlNode value, List<ThresholdCondition> conditions)
        {
            if (value is not YamlMappingNode mapping)
            {
                Error(value.Start, "expected a mapping of metric names to conditions, e.g. http_req_duration.p95: \"< 300ms\"");
                return;
            }
            foreach (var (keyNode, conditionNode) in mapping.Children)
            {
                string metric = KeyOf(keyNode);
                if (metric.Length == 0 || !metric.Contains('.'))
                {
                    Error(keyNode.Start,
                        $"expected a metric name as 'metric.stat' (http_req_duration.p95, http.response_time.p99, http_req_failed.rate), found '{Echo.Cap(metric)}'");
                    continue;
                }
                string? text = Scalar(conditionNode, ThresholdCondition.Expected);
                if (text == null) continue;
                var parsed = ThresholdCondition.Parse(text);
                if (parsed == null)
                {
                    Error(conditionNode.Start, $"expected {ThresholdCondition.Expected}, found '{Echo.Cap(text)}'");
                    continue;
                }
                conditions.Add(new ThresholdCondition(metric, parsed.Value.Operator, parsed.Value.Value, parsed.Value.Unit, text, Position(keyNode)));
            }
        }

        private FindingBudget? ReadFindingBudget(YamlMappingNode entry)
        {
            int errors = Errors.Count;
            string? rule = null, category = null, path = null;
            int? max = null, warnMax = null, newMax = null, warnNew = null;
            foreach (var (keyNode, value) in entry.Children)
            {
                string key = KeyOf(keyNode);
                switch (key)
                {
                    case "rule": rule = ReadRuleGlob(value); break;
                    case "category": category = ReadBudgetCategory(value); break;
                    case "path":
                        path = PathScalar(value, "a path glob, e.g. \"src/Orders/**\"");
                        if (path != null && path.Contains(';')) Error(value.Start, "a glob cannot contain ';'");
                        break;
                    case "max": max = ReadCount(value); break;
                    case "new": newMax = ReadCount(value); break;
                    case "warn":
                        if (value is not YamlMappingNode warn)
                        {
                            Error(value.Start, "expected a mapping with 'max' or 'new'");
                            break;
                        }
                        foreach (var (warnKeyNode, warnValue) in warn.Children)
                        {
                            string warnKey = KeyOf(warnKeyNode);
                            if (warnKey == "max") warnMax = ReadCount(warnValue);
                            else if (warnKey == "new") warnNew = ReadCount(warnValue);
                            else UnknownKey(warnKeyNode, warnKey, FindingWarnKeys, "key under warn");
                        }
                        break;
                    default: UnknownKey(keyNode, key, FindingKeys, "key in a findings entry"); break;
                }
            }
            if (max == null && warnMax == null && newMax == null && warnNew == null && Errors.Count == errors)
                Error(entry.Start, "a findings entry needs 'max' (the most findings allowed), 'new' (the most findings not in the baseline) or a warn tier");
            if (Errors.Count != errors) return null;
            return new FindingBudget(rule, category, path, max, warnMax, Position(entry)) { New = newMax, WarnNew = warnNew };
        }

        private TraceBudget? ReadTraceBudget(YamlMappingNode entry)
        {
            int errors = Errors.Count;
            string? files = null;
            int? queries = null, calls = null;
            var routes = new List<string>();
            foreach (var (keyNode, value) in entry.Children)
            {
                string key = KeyOf(keyNode);
                switch (key)
                {
                    case "files": files = PathScalar(value, "a glob of OTLP JSON trace files"); break;
                    case "queriesPerRequest": queries = ReadPerRequest(value, key); break;
                    case "callsPerRequest": calls = ReadPerRequest(value, key); break;
                    case "routes": ReadRoutes(value, routes); break;
                    default: UnknownKey(keyNode, key, TraceKeys, "key in a traces entry"); break;
                }
            }
            if (files == null && !HasKey(entry, "files")) Error(entry.Start, "a traces entry needs 'files': a glob of OTLP JSON trace files");
            if (Errors.Count != errors || files == null) return null;
            return new TraceBudget(files, queries, Position(entry)) { CallsPerRequestMax = calls, Routes = routes };
        }

        private void ReadRoutes(YamlNode value, List<string> routes)
        {
            if (value is not YamlSequenceNode sequence)
            {
                Error(value.Start, "expected a list of route templates, e.g. [\"/products/{slug}\", \"https://api.example.com/v1/items/{id}\"]");
                return;
            }
            foreach (YamlNode item in sequence.Children)
            {
                string? template = PathScalar(item, "a route template");
                if (template == null) continue;
                if (Traces.RouteTemplates.IsValid(template)) routes.Add(template);
                else Error(item.Start, $"route template '{Echo.Cap(template)}' must start with '/', 'http://' or 'https://'");
            }
        }

        private int? ReadPerRequest(YamlNode value, string key)
        {
            if (value is not YamlMappingNode limits)
            {
                Error(value.Start, "expected a mapping with 'max', e.g. { max: 20 }");
                return null;
            }
            int? max = null;
            foreach (var (limitKeyNode, limitValue) in limits.Children)
            {
                string limitKey = KeyOf(limitKeyNode);
                if (limitKey == "max") max = ReadCount(limitValue);
                else UnknownKey(limitKeyNode, limitKey, PerRequestKeys, "key under " + key);
            }
            return max;
        }

        private string? ReadRuleGlob(YamlNode value)
        {
            string? text = Scalar(value, "a rule ID or glob, e.g. PG1001 or \"PG1*\"");
            if (text == null) return null;
            if (!RuleGlob.IsMatch(text))
            {
                Error(value.Start, $"expected a rule ID or glob of letters, digits, '*' and '?' (PG1001, \"PG1*\"), found '{Echo.Cap(text)}'");
                return null;
            }
            bool wildcard = text.IndexOfAny(new[] { '*', '?' }) >= 0;
            if (!wildcard && RuleCatalog.IsPerfGateId(text) && RuleCatalog.Find(text) == null)
            {
                Error(value.Start, $"unknown rule '{Echo.Cap(text)}'{ClosestMatch.Suffix(text, RuleCatalog.All.Select(r => r.Id))}");
                return null;
            }
            return text;
        }

        private string? ReadBudgetCategory(YamlNode value)
        {
            string? category = Scalar(value, "a rule category, e.g. data-access");
            if (category == null) return null;
            if (RuleCategories.All.Contains(category, StringComparer.Ordinal) || char.IsUpper(category[0])) return category;
            Error(value.Start, $"unknown rule category '{Echo.Cap(category)}': PerfGate's are {string.Join(", ", RuleCategories.All)}, other analyzers' are PascalCase (e.g. Performance){ClosestMatch.Suffix(category, RuleCategories.All)}");
            return null;
        }

        private double? ReadPercentage(YamlNode value)
        {
            string? text = Scalar(value, "a percentage such as 10%");
            if (text == null) return null;
            Match match = Percentage.Match(text);
            if (!match.Success)
            {
                Error(value.Start, $"expected a percentage such as 10% or 0%, found '{Echo.Cap(text)}'");
                return null;
            }
            return double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture) / 100.0;
        }

        private double? ReadDuration(YamlNode value)
        {
            string? text = Scalar(value, "a duration such as 0.3ns, 1us or 0.5ms");
            if (text == null) return null;
            Match match = Duration.Match(text);
            if (!match.Success)
            {
                Error(value.Start, $"expected a duration such as 0.3ns, 1us or 0.5ms (units ns, us, ms), found '{Echo.Cap(text)}'");
                return null;
            }
            double number = double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "ns" => number,
                "ms" => number * 1_000_000,
                _ => number * 1_000,
            };
        }

        private int? ReadCount(YamlNode value)
        {
            string? text = Scalar(value, "a whole number of 0 or more");
            if (text == null) return null;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                Error(value.Start, $"expected a whole number of 0 or more, found '{Echo.Cap(text)}'");
                return null;
            }
            return count;
        }

        private static bool HasKey(YamlMappingNode mapping, string key) =>
            mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: { } v } && v == key);

        private PolicyPosition Position(YamlNode node) => new(_filePath, (int)node.Start.Line, (int)node.Start.Column);
    }
}

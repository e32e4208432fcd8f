using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Reports;
using PerfGate.Core.Sarif;

namespace PerfGate.Fuzz;

/// <summary>One reader of untrusted files and what it is fed: real inputs of the repository and hand-made ones (Seeds/).</summary>
/// <param name="FileName">Where the input is written in the case's folder (the policies below name it).</param>
/// <param name="Run">Reads the input at the path it is given, and goes on to what consumes the reader's result.</param>
public sealed record FuzzTarget(string Name, string FileName, IReadOnlyList<byte[]> Seeds, Action<FuzzInput> Run);

/// <summary>The input of one case: its file, its folder, and the invariant violations the target found in a result.</summary>
public sealed class FuzzInput
{
    public FuzzInput(string path, string folder)
    {
        Path = path;
        Folder = folder;
    }

    public string Path { get; }
    public string Folder { get; }
    public List<string> Violations { get; } = new();

    /// <summary>A result (not an exception) that breaks the invariant: a position-less error about the input, an echo too long.</summary>
    public void Check(bool holds, string violation)
    {
        if (!holds) Violations.Add(violation);
    }

    /// <summary>Findings of an evaluation: input errors sit at a position of the input, and no message echoes a whole input.</summary>
    public void CheckFindings(IEnumerable<Finding> findings)
    {
        foreach (Finding f in findings)
        {
            Check(f.Message.Length <= FuzzCampaign.MaxMessageLength, $"a {f.RuleId} message of {f.Message.Length} characters");
            if (f.RuleId == RuleIdentifiers.UnreadableEvidence && f.FilePath == Path)
                Check(f.Region is { StartLine: >= 1, StartColumn: >= 1 }, "a PG0003 finding about the input without a line and column: " + f.Message);
        }
    }
}

/// <summary>The six readers issue 18 names: policy, SARIF, benchmark, load-test, trace and baseline.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All(string repositoryRoot)
    {
        string seeds = Path.Combine(repositoryRoot, "build", "fuzz", "PerfGate.Fuzz", "Seeds");
        string budgets = Path.Combine(repositoryRoot, "tests", "PerfGate.Core.Tests", "Budgets", "TestData");
        string traces = Path.Combine(repositoryRoot, "tests", "PerfGate.Core.Tests", "Traces", "TestData");
        string baselineRun = Path.Combine(budgets, "Benchmarks", "baseline", "OrderLookup.Benchmarks.OrderLookupBenchmarks-report-full.json");
        return new[]
        {
            new FuzzTarget("policy", "perfgate.yml",
                Read(Directory.GetDirectories(Path.Combine(repositoryRoot, "samples")).Select(d => Path.Combine(d, "perfgate.yml")).Where(File.Exists)
                    .Append(Path.Combine(seeds, "perfgate.yml"))),
                RunPolicy),
            new FuzzTarget("sarif", "build.sarif", Read(new[] { Path.Combine(seeds, "compiler-log.sarif") }), RunSarif),
            new FuzzTarget("benchmark", "results/run-report-full.json",
                Read(Directory.GetFiles(Path.Combine(budgets, "Benchmarks"), "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)),
                input => RunBenchmark(input, baselineRun)),
            new FuzzTarget("load-test", "summary.json",
                Read(Directory.GetFiles(Path.Combine(budgets, "LoadTests"), "*.json").OrderBy(f => f, StringComparer.Ordinal)
                    .Append(Path.Combine(seeds, "k6-summary-export.json"))),
                RunLoadTest),
            new FuzzTarget("trace", "traces/run.otlp.json",
                Read(Directory.GetFiles(traces, "*.jsonl").OrderBy(f => f, StringComparer.Ordinal).Append(Path.Combine(seeds, "otlp-request.json"))),
                RunTrace),
            new FuzzTarget("baseline", "perfgate.baseline.json", Read(new[] { Path.Combine(seeds, "perfgate.baseline.json") }), RunBaseline),
        };
    }

    private static IReadOnlyList<byte[]> Read(IEnumerable<string> files) => files.Select(File.ReadAllBytes).ToArray();

    private static void RunPolicy(FuzzInput input)
    {
        PolicyLoadResult result = PolicyLoader.Load(input.Path);
        foreach (PolicyError error in result.Errors)
        {
            input.Check(error.Line >= 1 && error.Column >= 1, "a policy error without a line and column: " + error.Message);
            input.Check(error.Message.Length <= FuzzCampaign.MaxMessageLength, $"a policy error of {error.Message.Length} characters");
        }
    }

    private static void RunSarif(FuzzInput input)
    {
        CompilerLog log = CompilerLogReader.Read(input.Path);
        GatePolicy policy = Policy(input, "rules:\n  '*': warning\n");
        GateResult result = GateEvaluator.Evaluate(policy, log);
        MarkdownReport.Render(result);
        HtmlReport.Render(result);
        // `perfgate merge` reads SARIF with its own (node) reader: the same input must end the same way.
        var merged = SarifMerger.MergeLogs(new[] { (SarifMerger.ReadLog(input.Path), input.Path) });
        SarifMerger.Render(merged);
    }

    private static void RunBenchmark(FuzzInput input, string baselineRun)
    {
        BenchmarkResultsReader.Read(input.Path);
        string baseline = Path.Combine(input.Folder, "baseline", "run.json");
        if (!File.Exists(baseline))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(baseline)!);
            File.Copy(baselineRun, baseline);
        }
        GatePolicy policy = Policy(input, "budgets:\n  benchmarks:\n    - results: \"results/*.json\"\n      baseline: baseline\n"
            + "      maxRegression: 10%\n      maxAllocatedRegression: 0%\n      warn: { maxRegression: 5% }\n");
        Evaluate(input, policy);
    }

    private static void RunLoadTest(FuzzInput input)
    {
        LoadTestSummaryReader.Read(input.Path);
        GatePolicy policy = Policy(input, "budgets:\n  loadTests:\n    - summary: summary.json\n      thresholds:\n"
            + "        http_req_duration.p95: \"< 300ms\"\n        http_req_failed.rate: \"< 1%\"\n        http.response_time.p99: \"< 0.5s\"\n"
            + "        http.error_rate: \"<= 0.01\"\n        http_reqs.count: \">= 1\"\n");
        Evaluate(input, policy);
    }

    private static void RunTrace(FuzzInput input)
    {
        GatePolicy policy = Policy(input, "budgets:\n  traces:\n    - files: \"traces/*.json\"\n      queriesPerRequest: { max: 3 }\n"
            + "      callsPerRequest: { max: 1 }\n      routes: [\"/orders/{id}\", \"https://api.stripe.test/v1/customers/{id}\", \"/files/{*path}\"]\n");
        Evaluate(input, policy);
    }

    private static void RunBaseline(FuzzInput input)
    {
        IReadOnlyList<BaselineEntry> entries = BaselineFile.Read(input.Path);
        var finding = new Finding("PG1001", RuleLevel.Warning, "Query 'FirstAsync' runs once per item of 'orders' (N+1)",
            Path.Combine(input.Folder, "src", "Services", "OrderReportService.cs"), new SourceRegion(19, 28, 19, 71));
        BaselineMatcher.Compare(new[] { finding }, entries, input.Folder);
        BaselineFile.Render(entries);
    }

    private static void Evaluate(FuzzInput input, GatePolicy policy)
    {
        GateResult result = EvidenceCollector.AddBudgets(new GateResult(policy, Array.Empty<Finding>(), new Dictionary<string, ReportedRule>()));
        input.CheckFindings(result.Findings);
        MarkdownReport.Render(result);
        HtmlReport.Render(result);
    }

    private static GatePolicy Policy(FuzzInput input, string yaml)
    {
        PolicyLoadResult loaded = PolicyLoader.Parse(yaml, Path.Combine(input.Folder, "fuzz-policy.yml"));
        return loaded.Policy ?? throw new InvalidOperationException("the fuzzer's own policy does not load: " + string.Join("; ", loaded.Errors));
    }
}

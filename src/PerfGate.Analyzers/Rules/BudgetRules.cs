namespace PerfGate.Analyzers
{
    /// <summary>PG6xxx: budgets. PerfGate.Core evaluates them from evidence files; no analyzer reports them.</summary>
    public static class BudgetRules
    {
        public static readonly RuleMetadata BenchmarkRegression = new RuleMetadata
        {
            Id = RuleIdentifiers.BenchmarkRegression,
            Title = "Benchmark regressed beyond its budget",
            MessageFormat = "{0}",
            Category = RuleCategories.Budgets,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "Compares BenchmarkDotNet JSON results (full or brief exporter, indented or compressed) with a baseline folder of earlier results, "
                + "pairing benchmarks by full name. Time is decided the way dotnet/performance's ResultsComparer decides: a Mann–Whitney U equivalence test "
                + "(two one-sided tests, α = 0.05) on the raw per-operation measurements, with the policy's `maxRegression` as the relative threshold and an "
                + "absolute noise floor (`noise`, 0.3 ns by default); a benchmark is a regression only when both say slower. When a file carries no raw "
                + "measurements it falls back to the ratio of medians and says so. Allocated bytes per operation are deterministic and gated separately with "
                + "`maxAllocatedRegression`. The finding points at the benchmark method when its source is found under the policy's folder, otherwise at the "
                + "benchmark in the result file.",
            Flags = new[]
            {
                "a benchmark significantly slower than its baseline by more than `maxRegression` (and more than the noise floor)",
                "more bytes allocated per operation than the baseline plus `maxAllocatedRegression`",
                "a baseline measured on another architecture or .NET runtime (major.minor): reported as not comparable, never passed",
                "a benchmark without statistics in either file (it failed to run): reported as not comparable",
            },
            Ignores = new[]
            {
                "benchmarks with no baseline (new benchmarks) and baseline benchmarks no longer run: listed in the report, not findings",
                "a different processor model with the same architecture and runtime: compared, and the message says so",
                "differences the test cannot tell from noise (BenchmarkDotNet's few-iteration jobs are noisy; a 40 % swing on a 2-core runner is common)",
            },
            Fix = "Find what made the benchmark slower or allocate more and fix it; when the change is intended, record a new baseline (copy the new result "
                + "files into the baseline folder).",
            FlaggedExample = "budgets:\n"
                + "  benchmarks:\n"
                + "    - results: \"BenchmarkDotNet.Artifacts/results/*-report-full.json\"\n"
                + "      baseline: \"perf/baseline\"\n"
                + "      maxRegression: 10%\n"
                + "      maxAllocatedRegression: 0%\n"
                + "# BatchedLookup: median 15.4 μs → 42.4 μs (+176 %), allocated 14,336 B → 126,464 B",
            FixedExample = "# after the fix, or after recording the intended change as the new baseline:\n"
                + "# BatchedLookup: median 15.4 μs → 11.9 μs (−23 %), allocated 14,336 B → 14,336 B",
            Tags = new[] { "budget", "benchmark" },
        };

        public static readonly RuleMetadata LoadTestThreshold = new RuleMetadata
        {
            Id = RuleIdentifiers.LoadTestThreshold,
            Title = "Load-test threshold not met",
            MessageFormat = "{0}",
            Category = RuleCategories.Budgets,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "Checks a load-test summary against conditions that must hold. The summary is recognised from its content: k6's `--summary-export` "
                + "JSON (where a threshold's `true` means it FAILED), k6's `handleSummary` data (`{ \"ok\": false }` means failed), or an Artillery report "
                + "(`artillery run --output`). Metrics are normalised to `metric.stat` names (`http_req_duration.p95`, `http_req_failed.rate`, "
                + "`http.response_time.p99`, `http.error_rate`) and compared with `<`, `<=`, `>`, `>=` in `ms`, `s` or `%`. Thresholds k6 itself evaluated "
                + "and failed are reported too.",
            Flags = new[]
            {
                "a metric figure that breaks its condition (the `thresholds` tier fails, the `warn` tier annotates)",
                "a threshold k6 recorded as failed in the summary",
                "a condition naming a metric the summary does not have, or a unit that does not fit the metric (a `%` on a duration): reported as PG0003 at "
                    + "the policy, never passed",
            },
            Ignores = new[] { "Artillery's per-period `intermediate` figures: only the run's aggregate is gated", "metrics the policy does not name" },
            Fix = "Make the endpoint meet its budget (see the runtime-evidence and data-access findings for the usual causes), or change the condition in the "
                + "policy when the budget was wrong.",
            FlaggedExample = "budgets:\n"
                + "  loadTests:\n"
                + "    - summary: \"perf/k6-summary.json\"\n"
                + "      thresholds:\n"
                + "        http_req_duration.p95: \"< 300ms\"   # measured 412 ms",
            FixedExample = "budgets:\n"
                + "  loadTests:\n"
                + "    - summary: \"perf/k6-summary.json\"\n"
                + "      thresholds:\n"
                + "        http_req_duration.p95: \"< 300ms\"   # measured 187 ms after batching the lookups",
            Tags = new[] { "budget", "load-test" },
        };

        public static readonly RuleMetadata FindingBudgetExceeded = new RuleMetadata
        {
            Id = RuleIdentifiers.FindingBudgetExceeded,
            Title = "More findings than the budget allows",
            MessageFormat = "{0}",
            Category = RuleCategories.Budgets,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "Counts the gate's findings that a budget selects — by rule ID or glob (`PG1*`), by category, and by path glob, all of which must "
                + "match — and reports when there are more than `max` (or than `warn.max`, which only annotates). Findings the policy turns off or excludes "
                + "by path are not counted.",
            Flags = new[] { "more selected findings than `max`", "more selected findings than `warn.max` (annotation only)" },
            Ignores = new[]
            {
                "findings of the budgets themselves (PG6xxx) and of the gate (PG0xxx)",
                "`new:` budgets (findings not in the baseline): they need the baseline, which PerfGate does not read yet; the policy rejects them with PG0001",
            },
            Fix = "Fix findings until the count is within the budget, or raise the budget deliberately in the policy.",
            FlaggedExample = "budgets:\n"
                + "  findings:\n"
                + "    - rule: \"PG1*\"\n"
                + "      max: 0      # 3 data-access findings",
            FixedExample = "budgets:\n"
                + "  findings:\n"
                + "    - rule: \"PG1*\"\n"
                + "      max: 0      # 0 after the fixes",
            Tags = new[] { "budget" },
        };

        public static readonly RuleMetadata RequestBudgetExceeded = new RuleMetadata
        {
            Id = RuleIdentifiers.RequestBudgetExceeded,
            Title = "More queries or calls per request than the budget allows",
            MessageFormat = "{0}",
            Category = RuleCategories.Budgets,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "Counts, per request in the trace files of a `budgets.traces` entry, the DB statements (`queriesPerRequest`) and outbound HTTP "
                + "calls (`callsPerRequest`) and reports every route whose worst request is over the budget. Requests are grouped and layered spans "
                + "de-duplicated as for the runtime-evidence rules (PG5xxx). The finding is located at the call site that ran most of them when the spans "
                + "carry `code.filepath`/`code.lineno`.",
            Flags = new[]
            {
                "a request with more DB statements than `queriesPerRequest.max`",
                "a request with more outbound HTTP calls than `callsPerRequest.max`",
            },
            Ignores = new[] { "spans outside any request are still grouped (by their topmost span); the count is per request, not per route total" },
            Fix = "Batch the queries or calls of the request (see PG5001, PG5002), or raise the budget deliberately.",
            FlaggedExample = "budgets:\n"
                + "  traces:\n"
                + "    - files: \"artifacts/traces/*.otlp.json\"\n"
                + "      queriesPerRequest: { max: 5 }   # GET /api/reports/recent-orders/slow: 11 queries",
            FixedExample = "budgets:\n"
                + "  traces:\n"
                + "    - files: \"artifacts/traces/*.otlp.json\"\n"
                + "      queriesPerRequest: { max: 5 }   # 2 queries after the fix",
            Tags = new[] { "budget", "runtime" },
        };
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

/// <summary>
/// PG_WARM=N: after two untimed rounds, N rounds of (binding only, binding + PerfGate's host) on fresh clones of the
/// compilation, then the rules one by one, so the cost of the analysis proper shows apart from JIT and binding.
/// </summary>
static class WarmCost
{
    public static async Task RunAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> rules, int rounds)
    {
        // PG_WARM_OFF=PG4003,PG3003 turns rules off the way a policy does (the host then skips them).
        string[] off = (Environment.GetEnvironmentVariable("PG_WARM_OFF") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            off.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress))));
        var binding = ImmutableArray.Create<DiagnosticAnalyzer>(new BindEveryBody());
        var host = ImmutableArray.Create<DiagnosticAnalyzer>(new PerfGate.Analyzers.PerfGateAnalyzer(), new BindEveryBody());
        for (int i = 0; i < 2; i++) { await PassAsync(compilation, binding); await PassAsync(compilation, host); }
        // CPU time of the process and the bytes allocated beside wall time: on a shared machine the wall clock mostly measures the neighbours.
        for (int i = 0; i < rounds; i++)
        {
            var (bound, boundCpu, boundBytes, _) = await PassAsync(compilation, binding);
            var (withHost, withHostCpu, withHostBytes, _) = await PassAsync(compilation, host);
            Console.WriteLine($"warm round {i + 1}: binding only {bound} ms, binding + PerfGate {withHost} ms (+{withHost - bound} ms); "
                + $"CPU {boundCpu} ms, {withHostCpu} ms (+{withHostCpu - boundCpu} ms); "
                + $"allocated {boundBytes >> 20} MB, {withHostBytes >> 20} MB (+{(withHostBytes - boundBytes) >> 20} MB)");
        }

        var each = await PassAsync(compilation, rules.Add(new BindEveryBody()));
        foreach (var (analyzer, info) in each.Telemetry.OrderByDescending(p => p.Value.ExecutionTime).Where(p => p.Key is not BindEveryBody))
            Console.WriteLine($"warm time {analyzer.GetType().Name} {info.ExecutionTime.TotalMilliseconds:F0} ms");
    }

    private static async Task<(long Milliseconds, long CpuMilliseconds, long AllocatedBytes,
        ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry)> PassAsync(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(TrialCompilation.WholeAppOptions(), null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.Clone().WithAnalyzers(analyzers, options);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        watch.Stop();
        process.Refresh();
        long cpu = (long)(process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore; // deterministic with serial analysis, unlike the clocks
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        return (watch.ElapsedMilliseconds, cpu, bytes, result.AnalyzerTelemetryInfo);
    }

    /// <summary>Does nothing with each invocation; registering for them makes the driver bind every body.</summary>
    // A measuring device inside a console tool, never shipped as an analyzer: the analyzer-project rules do not apply.
#pragma warning disable RS1036
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BindEveryBody : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("TRIAL01", "unused", "unused", "trial", DiagnosticSeverity.Hidden, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1036
}

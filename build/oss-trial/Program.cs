using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// usage: dotnet run --project build/oss-trial -- <source folder> [exclude-substring ...]
string root = Path.GetFullPath(args[0]);
string[] excludes = args.Skip(1).ToArray();
var files = TrialCompilation.SourceFiles(root, excludes);
var trees = files.Select(f => TrialCompilation.Parse(File.ReadAllText(f), f)).ToArray();
var compilation = TrialCompilation.Create("OssTrial", trees);
if (Environment.GetEnvironmentVariable("PG_GENERATOR") == "1")
{
    // Time the cross-project summary generator alone (it runs before the compile in a real build).
    var render = typeof(PerfGate.Analyzers.IoSummaryGenerator).GetMethod("Render", BindingFlags.NonPublic | BindingFlags.Static)!;
    for (int i = 0; i < 3; i++)
    {
        var fresh = compilation.Clone();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var text = (string?)render.Invoke(null, new object[] { fresh, CancellationToken.None });
        Console.WriteLine($"generator run {i}: {sw.ElapsedMilliseconds} ms, {(text ?? "").Split('\n').Length} lines");
    }
    var sw2 = System.Diagnostics.Stopwatch.StartNew();
    var bindAll = compilation.Clone();
    foreach (var tree in bindAll.SyntaxTrees) bindAll.GetSemanticModel(tree).GetDiagnostics();
    Console.WriteLine($"binding every body once (GetDiagnostics per tree): {sw2.ElapsedMilliseconds} ms");
    return;
}
var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
int errors = compileErrors.Length;
if (Environment.GetEnvironmentVariable("PG_ERRORS") == "1")
    foreach (var group in compileErrors.GroupBy(d => d.Id).OrderByDescending(g => g.Count()))
        Console.WriteLine($"error {group.Key} {group.Count()}: e.g. {group.First().GetMessage()}");

// Every rule on its own (not the host that bundles them for the compiler), so the time per rule shows.
// PG_ONLY=NameA,NameB runs only the analyzers whose type name contains one of the parts (to time them alone).
var analyzers = TrialCompilation.RuleAnalyzers(Environment.GetEnvironmentVariable("PG_ONLY"));
if (int.TryParse(Environment.GetEnvironmentVariable("PG_WARM"), out int warmRounds) && warmRounds > 0)
{
    // What the hosted analyzer costs once JIT is warm (a compiler server's case): every pass analyzes a fresh clone,
    // sequentially; "binding only" is a no-op operation action that makes the driver bind every body to IOperation.
    await WarmCost.RunAsync(compilation, analyzers, warmRounds);
    return;
}
var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null,
    concurrentAnalysis: true, logAnalyzerExecutionTime: true);
var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
var watch = System.Diagnostics.Stopwatch.StartNew();
var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
watch.Stop();

Console.WriteLine($"{files.Length} files, {errors} compile errors (missing packages degrade binding), analyzers {watch.ElapsedMilliseconds} ms");
foreach (var d in diagnostics.Where(d => d.Id.StartsWith("PG") || d.Id == "AD0001").OrderBy(d => d.Id).ThenBy(d => d.Location.GetLineSpan().Path).ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Line))
{
    var span = d.Location.GetLineSpan();
    Console.WriteLine($"{d.Id} {(string.IsNullOrEmpty(span.Path) ? "(no location)" : Path.GetRelativePath(root, span.Path))}:{span.StartLinePosition.Line + 1}: {d.GetMessage()}");
}
foreach (var group in diagnostics.Where(d => d.Id.StartsWith("PG")).GroupBy(d => d.Id).OrderBy(g => g.Key))
    Console.WriteLine($"count {group.Key} {group.Count()}");
var telemetry = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
foreach (var (analyzer, info) in telemetry.AnalyzerTelemetryInfo.OrderByDescending(p => p.Value.ExecutionTime))
    Console.WriteLine($"time {analyzer.GetType().Name} {info.ExecutionTime.TotalMilliseconds:F0} ms");


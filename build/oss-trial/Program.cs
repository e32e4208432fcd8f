using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// usage: dotnet run --project build/oss-trial -- <source folder> [exclude-substring ...]
//        dotnet run --project build/oss-trial -- score ...   (precision of a trial set against its judged lists: Scoring.cs)
if (args.Length > 0 && args[0] == "score")
{
    try
    {
        return Scoring.Run(args.Skip(1).ToArray());
    }
    catch (Exception e) when (e is FormatException or IOException or ArgumentException)
    {
        Console.Error.WriteLine("score: " + e.Message);
        return 2;
    }
}

string root = Path.GetFullPath(args[0]);
string[] excludes = args.Skip(1).ToArray();
// PG_TESTS=1 keeps test folders and reports test code (policy reach: { tests: report }); by default they are left out, as the folder scan does.
bool includeTests = Environment.GetEnvironmentVariable("PG_TESTS") == "1";
var files = TrialCompilation.FindSources(root, excludes, includeTests);
bool implicitUsings = Environment.GetEnvironmentVariable("PG_USINGS") != "none";
var compilation = TrialCompilation.Create(files, implicitUsings, implicitUsings ? TrialCompilation.ProjectUsings(root, excludes) : null);
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
    return 0;
}
var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
int errors = compileErrors.Length;
if (Environment.GetEnvironmentVariable("PG_ERRORS") == "1")
    foreach (var group in compileErrors.GroupBy(d => d.Id).OrderByDescending(g => g.Count()))
        Console.WriteLine($"error {group.Key} {group.Count()}: e.g. {group.First().GetMessage()}");
// PG_ERROR_ID=CS0104 lists every error of that id with its file: which package or name clash a change brought in.
if (Environment.GetEnvironmentVariable("PG_ERROR_ID") is { Length: > 0 } errorId)
    foreach (var d in compileErrors.Where(d => d.Id == errorId))
        Console.WriteLine($"{errorId} {Path.GetRelativePath(root, d.Location.SourceTree?.FilePath ?? root)}: {d.GetMessage()}");
if (Environment.GetEnvironmentVariable("PG_COMPILE_ONLY") == "1")
{
    // Held-out apps: check that they compile reasonably without running (or seeing) a single rule.
    // Files with errors is the share a rule loses binding in; per project folder, it says which package or head is missing.
    var errorFiles = compileErrors.Select(d => d.Location.SourceTree?.FilePath).OfType<string>().Distinct().ToArray();
    Console.WriteLine($"{files.Length} files, {errors} compile errors in {errorFiles.Length} files");
    if (Environment.GetEnvironmentVariable("PG_ERRORS") == "1")
        foreach (var folder in errorFiles.GroupBy(f => string.Join('/', Path.GetRelativePath(root, f).Split('/').SkipLast(1).Take(2)))
                     .OrderByDescending(g => g.Count()).Take(8))
            Console.WriteLine($"files with errors in {folder.Key}/: {folder.Count()}");
    return 0;
}

// Every rule on its own (not the host that bundles them for the compiler), so the time per rule shows.
// PG_ONLY=NameA,NameB runs only the analyzers whose type name contains one of the parts (to time them alone).
var analyzers = TrialCompilation.RuleAnalyzers(Environment.GetEnvironmentVariable("PG_ONLY"));
if (int.TryParse(Environment.GetEnvironmentVariable("PG_WARM"), out int warmRounds) && warmRounds > 0)
{
    // What the hosted analyzer costs once JIT is warm (a compiler server's case): every pass analyzes a fresh clone,
    // sequentially; "binding only" is a no-op operation action that makes the driver bind every body to IOperation.
    await WarmCost.RunAsync(compilation, analyzers, warmRounds);
    return 0;
}
// PG_SERIAL=1 (trial.sh sets it) analyzes on one thread, so repeated runs agree: with concurrent analysis the I/O
// summaries cut recursion per thread and PG1002's count varied between runs of one binary (Jellyfin, issue 5).
var options = new CompilationWithAnalyzersOptions(TrialCompilation.WholeAppOptions(includeTests), null,
    concurrentAnalysis: Environment.GetEnvironmentVariable("PG_SERIAL") != "1", logAnalyzerExecutionTime: true);
var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
var watch = System.Diagnostics.Stopwatch.StartNew();
var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
watch.Stop();

var reported = diagnostics.Where(d => d.Id.StartsWith("PG") || d.Id == "AD0001").ToArray();
var rows = FindingsTable.FromDiagnostics(reported, compilation, root);
// PG_FINDINGS=<file> writes the machine-readable findings (FindingsTable); PG_QUIET=1 prints counts only.
if (Environment.GetEnvironmentVariable("PG_FINDINGS") is { Length: > 0 } findingsPath) FindingsTable.Write(findingsPath, rows);
bool quiet = Environment.GetEnvironmentVariable("PG_QUIET") == "1";
Console.WriteLine($"{files.Length} files, {errors} compile errors (missing packages degrade binding), analyzers {watch.ElapsedMilliseconds} ms");
if (!quiet)
    foreach (var row in rows) Console.WriteLine($"{row.Rule} {row.File}:{row.Line}: {row.Message}");
foreach (var group in rows.GroupBy(r => r.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
    Console.WriteLine($"count {group.Key} {group.Count()}");
if (!quiet)
{
    var telemetry = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
    foreach (var (analyzer, info) in telemetry.AnalyzerTelemetryInfo.OrderByDescending(p => p.Value.ExecutionTime))
        Console.WriteLine($"time {analyzer.GetType().Name} {info.ExecutionTime.TotalMilliseconds:F0} ms");
}
return 0;

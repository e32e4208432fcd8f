using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// usage: dotnet run --project build/oss-trial -- <source folder> [exclude-substring ...]
string root = Path.GetFullPath(args[0]);
string[] excludes = args.Skip(1).ToArray();
var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
    .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !excludes.Any(e => f.Contains(e)))
    .OrderBy(f => f, StringComparer.Ordinal).ToArray();

var parse = new CSharpParseOptions(LanguageVersion.Latest);
var globalUsings = CSharpSyntaxTree.ParseText(string.Join("\n", new[]
{
    "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.DependencyInjection",
    "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Configuration",
}.Select(n => $"global using global::{n};")), parse, "GlobalUsings.g.cs");
var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).Append(globalUsings).ToArray();

string packs = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "../../../packs");
var references = new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
    .SelectMany(pack => Directory.EnumerateFiles(Directory.EnumerateDirectories(Path.Combine(packs, pack)).Max()!, "*.dll", SearchOption.AllDirectories)
        .Where(p => p.Contains("/ref/net")))
    .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(IsTrialPackageLibrary))
    .GroupBy(Path.GetFileName).Select(g => g.First())
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

var compilation = CSharpCompilation.Create("OssTrial", trees, references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
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

var analyzers = typeof(PerfGate.Analyzers.RuleCatalog).Assembly.GetTypes()
    // Every rule on its own (not the host that bundles them for the compiler), so the time per rule shows.
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(PerfGate.Analyzers.PerfGateAnalyzer))
    // PG_ONLY=NameA,NameB runs only the analyzers whose type name contains one of the parts (to time them alone).
    .Where(t => Environment.GetEnvironmentVariable("PG_ONLY") is not { Length: > 0 } only || only.Split(',').Any(part => t.Name.Contains(part)))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
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

// Every library in the output folder is a trial package (TrialPackages.props, EF Core, Redis) or the runner's own
// tooling (Roslyn, PerfGate); the apps reference only the former.
static bool IsTrialPackageLibrary(string path)
{
    string name = Path.GetFileName(path);
    return !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && !name.StartsWith("PerfGate", StringComparison.Ordinal)
        && !name.StartsWith("OssTrial", StringComparison.Ordinal) && !name.StartsWith("YamlDotNet", StringComparison.Ordinal)
        && !name.StartsWith("Humanizer", StringComparison.Ordinal);
}

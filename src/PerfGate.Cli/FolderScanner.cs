using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PerfGate.Analyzers;
using PerfGate.Core;
using PerfGate.Core.Compiler;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.IO;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>
/// Scans a folder of C# sources with no project: one compilation of every .cs file (bin/ and obj/
/// skipped) against reference assemblies PerfGate carries (BCL, EF Core, and ASP.NET Core from the
/// SDK's targeting pack), PerfGate's analyzers run in process. Binding errors from missing
/// third-party references are expected and ignored: the rules stay silent where provenance cannot be proven.
/// A part that cannot be analyzed — a file that is no regular file or cannot be read, a rule or analyzer that fails on some
/// code — is left out and reported as PG0009 (<see cref="IncompleteScan"/>); the rest is still scanned.
/// </summary>
public static class FolderScanner
{
    internal static readonly string[] SkippedFolders = { "bin", "obj", ".git", "node_modules", ".vs" };

    /// <summary>
    /// The folder's <c>.cs</c> files (regular files only, each real folder once, links kept inside the repository), and the
    /// candidates left out with why: a FIFO, a broken link, a link out of the repository.
    /// </summary>
    public static WalkResult FindSources(string folder, GatePolicy policy) =>
        DirectoryWalker.Walk(folder, null, file => file.EndsWith(".cs", StringComparison.Ordinal) && !policy.IsExcluded(file),
            sub => SkippedFolders.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase)
                || (!policy.Reach.ReportTests && TestCodeFolders.IsTestFolder(sub))); // docs/policy.md#reach

    /// <summary>PG0007 when nothing is left to scan, naming the files that were left out.</summary>
    internal static void RequireSources(string folder, WalkResult sources)
    {
        if (sources.Files.Count > 0) return;
        string skipped = sources.Skipped.Count == 0 ? ""
            : $"; {sources.Skipped.Count} left out: " + sources.Skipped[0].Path + " is " + sources.Skipped[0].Reason;
        throw new PerfGateException(RuleIdentifiers.NothingToScan, "no C# source files (*.cs) in this folder (bin/ and obj/ are skipped)" + skipped,
            Path.GetFullPath(folder));
    }

    public static GateResult Scan(string folder, GatePolicy policy, Progress progress)
    {
        WalkResult sources = FindSources(folder, policy);
        RequireSources(folder, sources);
        IReadOnlyList<string> files = sources.Files;
        progress.Report($"parsing {files.Count} C# files in {folder}");

        CSharpParseOptions parseOptions = ParseOptions;
        var (trees, notRead) = IncompleteScan.Parse(files, parseOptions);
        var incomplete = new List<CompilerFinding>(sources.Skipped.Select(s => IncompleteScan.NotScanned(s.Path, s.Reason)));
        incomplete.AddRange(notRead);

        var (references, hasAspNet) = References();
        var allTrees = trees.Append(CSharpSyntaxTree.ParseText(GlobalUsings(hasAspNet), parseOptions, "PerfGate.GlobalUsings.g.cs")).ToArray();
        var compilation = CSharpCompilation.Create("PerfGateScan", allTrees, references, CompilationOptions);

        var analyzers = Analyzers();
        AnalyzerOptions options = AnalyzerOptionsFor(policy);
        var withAnalyzers =
            compilation.WithAnalyzers(
                analyzers, new CompilationWithAnalyzersOptions(
                    options, null, concurrentAnalysis: Environment.GetEnvironmentVariable("PERFGATE_SERIAL") != "1",
                        logAnalyzerExecutionTime: Environment.GetEnvironmentVariable("PERFGATE_PROGRESS") == "1"));
        progress.Report($"analyzing with {analyzers.Length} PerfGate analyzers");
        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The driver itself failed: nothing was analyzed, which PG0009 says; the policy decides what that means.
            diagnostics = ImmutableArray<Diagnostic>.Empty;
            incomplete.Add(IncompleteScan.AnalysisFailed(e));
        }

        var findings = new List<CompilerFinding>(incomplete);
        var symbols = new Dictionary<(string, string?, int, int, string), string?>();
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        foreach (Diagnostic d in diagnostics)
        {
            if (d.Id == "AD0001")
            {
                findings.Add(IncompleteScan.AnalyzerFailed(d));
                continue;
            }
            string? path = d.Location.IsInSource ? d.Location.SourceTree!.FilePath : null;
            SourceRegion? region = null;
            if (d.Location.IsInSource)
            {
                var span = d.Location.GetLineSpan();
                region = new SourceRegion(
                    span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
                var tree = d.Location.SourceTree!;
                if (!models.TryGetValue(tree, out var model)) models[tree] = model = compilation.GetSemanticModel(tree);
                string? symbol = EnclosingSymbolOrNull(model, d.Location.SourceSpan.Start);
                symbols[(d.Id, path, region.StartLine, region.StartColumn, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))] = symbol;
            }
            findings.Add(new CompilerFinding(d.Id, PerfGate.Analyzers.Findings.FindingProperties.IsNote(d) ? "note" : d.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                DiagnosticSeverity.Info => "note",
                _ => "note",
            }, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), path, region, d.IsSuppressed));
        }
        progress.Report($"{findings.Count} diagnostic(s) from the analyzers");
        if (Environment.GetEnvironmentVariable("PERFGATE_PROGRESS") == "1")
        {
            foreach (var analyzer in analyzers)
                progress.Report($"  {analyzer.GetType().Name}: {withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalSeconds:0.0}s");
        }
        GateResult result = GateEvaluator.Evaluate(policy, new CompilerLog(findings, new Dictionary<string, ReportedRule>()));
        return result with
        {
            Findings = result.Findings.Select(
                f => f.Region is { } r && symbols.TryGetValue((f.RuleId, f.FilePath, r.StartLine, r.StartColumn, f.Message), out var s)
                ? f with { Symbol = s } : f).ToArray(),
        };
    }

    /// <summary>The symbol, or null when binding the code around the finding fails (a finding is not lost to it).</summary>
    private static string? EnclosingSymbolOrNull(SemanticModel model, int position)
    {
        try
        {
            return EnclosingSymbol(model, position);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static string? EnclosingSymbol(SemanticModel model, int position)
    {
        for (ISymbol? symbol = model.GetEnclosingSymbol(position); symbol != null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is INamespaceSymbol) return null;
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction }) continue;
            string? id = symbol.GetDocumentationCommentId();
            if (id != null) return id;
        }
        return null;
    }

    /// <summary>C# preview with the .NET 10 preprocessor symbols a Release build defines.</summary>
    internal static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview, DocumentationMode.None,
        preprocessorSymbols: new[] { "NET", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER", "NET6_0_OR_GREATER",
            "NETCOREAPP", "RELEASE" });

    /// <summary>A library with nullable on, every PerfGate rule reported as a warning (the policy decides levels later).</summary>
    internal static CSharpCompilationOptions CompilationOptions { get; } = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, concurrentBuild: true, specificDiagnosticOptions: RulesAsWarnings());

    /// <summary>Every PerfGate rule (not the gate's own PG0xxx) at warning, whatever its default severity.</summary>
    internal static ImmutableDictionary<string, ReportDiagnostic> RulesAsWarnings() => RuleCatalog.All.Where(r => r.Category != RuleCategories.Gate)
        .ToImmutableDictionary(r => r.Id, _ => ReportDiagnostic.Warn);

    /// <summary>The analyzers' options: the policy projected as the build's global config.</summary>
    internal static AnalyzerOptions AnalyzerOptionsFor(GatePolicy policy) =>
        new(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(GlobalOptions(policy)));

    /// <summary>
    /// The rules and their host; not the findings-log suppressor, which keeps notes out of a build's warnings: here a note is
    /// reported as a note, and <c>perfgate fix</c> fixes it.
    /// </summary>
    internal static ImmutableArray<DiagnosticAnalyzer> Analyzers() => typeof(RuleCatalog).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
            && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The policy's analyzer options, parsed from the same global config the build writes.</summary>
    private static Dictionary<string, string> GlobalOptions(GatePolicy policy)
    {
        // One compilation of the whole folder: every caller of a public method is in it (the hotness model, docs/policy.md#reach).
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [ReachPolicy.WholeAppKey] = "true" };
        foreach (string line in CompilerConfigWriter.Render(policy).Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('[')) continue;
            int eq = trimmed.IndexOf('=');
            if (eq > 0) options[trimmed.Substring(0, eq).Trim()] = trimmed.Substring(eq + 1).Trim();
        }
        return options;
    }

    /// <summary>BCL reference assemblies, ASP.NET Core's targeting pack when the SDK has one, and the EF Core assemblies shipped with the tool.</summary>
    internal static (IReadOnlyList<MetadataReference> References, bool HasAspNet) References()
    {
        var references = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        var names = new HashSet<string>(references.Select(r => Path.GetFileNameWithoutExtension(r.Display ?? "")), StringComparer.OrdinalIgnoreCase);
        bool hasAspNet = false;
        string? aspNet = AspNetReferenceFolder();
        if (aspNet != null)
        {
            foreach (string dll in Directory.EnumerateFiles(aspNet, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
                if (names.Add(Path.GetFileNameWithoutExtension(dll))) references.Add(MetadataReference.CreateFromFile(dll));
            hasAspNet = true;
        }
        foreach (string dll in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(dll);
            if ((name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
                && names.Add(name))
                references.Add(MetadataReference.CreateFromFile(dll));
        }
        return (references, hasAspNet);
    }

    /// <summary><c>DOTNET_ROOT/packs/Microsoft.AspNetCore.App.Ref/10.*/ref/net10.0</c>, the newest present, or null.</summary>
    private static string? AspNetReferenceFolder()
    {
        // The runtime's own folder is DOTNET_ROOT/shared/Microsoft.NETCore.App/<version>/.
        string? runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        string? root = runtime == null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string packs = root == null ? "" : Path.Combine(root, "packs", "Microsoft.AspNetCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        return Directory.EnumerateDirectories(packs, "10.*")
            .Select(d => Path.Combine(d, "ref", "net10.0"))
            .Where(Directory.Exists)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))!).Split('-')[0], out var v) ? v
                : new Version(0, 0))
            .FirstOrDefault();
    }

    /// <summary>The SDK's implicit usings (Microsoft.NET.Sdk, and .Web when ASP.NET Core is referenced).</summary>
    internal static string GlobalUsings(bool web)
    {
        var namespaces = new List<string> { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
            "System.Threading.Tasks" };
        if (web)
            namespaces.AddRange(new[] { "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
                "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
                    "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging" });
        return string.Concat(namespaces.Select(n => $"global using global::{n};\n"));
    }

    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new DictionaryOptions(new Dictionary<string, string>());
        private readonly AnalyzerConfigOptions _global;

        public GlobalOptionsProvider(Dictionary<string, string> global) => _global = new DictionaryOptions(global);

        public override AnalyzerConfigOptions GlobalOptions => _global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        public DictionaryOptions(Dictionary<string, string> values) => _values = values;
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            _values.TryGetValue(key, out value);
    }
}

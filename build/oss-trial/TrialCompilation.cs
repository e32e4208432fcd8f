using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

/// <summary>
/// How the trial harnesses compile open-source code they cannot build: every C# file of a folder as one compilation
/// against the .NET and ASP.NET Core reference packs plus the libraries of TrialPackages.props, with the global
/// usings the Web SDK's ImplicitUsings would add. Shared by the OSS trial (Program.cs) and the recall harness
/// (../recall), so both see the code the same way.
/// </summary>
static class TrialCompilation
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    private static readonly string[] ImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Configuration",
    };

    private static readonly Lazy<MetadataReference[]> LazyReferences = new(LoadReferences);

    /// <summary>The source files under <paramref name="root"/> (bin/obj and paths containing an exclude left out), sorted.</summary>
    public static string[] SourceFiles(string root, IEnumerable<string> excludes) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !excludes.Any(e => f.Contains(e)))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    public static SyntaxTree GlobalUsings() =>
        CSharpSyntaxTree.ParseText(string.Join("\n", ImplicitUsings.Select(n => $"global using global::{n};")), ParseOptions, "GlobalUsings.g.cs");

    /// <summary>The trees plus the implicit global usings, as one library, against <see cref="References"/>.</summary>
    public static CSharpCompilation Create(string name, IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(name, trees.Append(GlobalUsings()), References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static MetadataReference[] References => LazyReferences.Value;

    /// <summary>Every rule on its own (not the host that bundles them for the compiler), optionally only those whose type name contains a part.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> RuleAnalyzers(string? onlyNameParts) =>
        typeof(PerfGate.Analyzers.RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(PerfGate.Analyzers.PerfGateAnalyzer))
            .Where(t => onlyNameParts is not { Length: > 0 } only || only.Split(',').Any(part => t.Name.Contains(part)))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    private static MetadataReference[] LoadReferences()
    {
        string packs = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "../../../packs");
        return new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
            .SelectMany(pack => Directory.EnumerateFiles(Directory.EnumerateDirectories(Path.Combine(packs, pack)).Max()!, "*.dll", SearchOption.AllDirectories)
                .Where(p => p.Contains("/ref/net")))
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(IsTrialPackageLibrary))
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }

    // Every library in the output folder is a trial package (TrialPackages.props, EF Core, Redis) or the runner's own
    // tooling (Roslyn, PerfGate); the apps reference only the former.
    private static bool IsTrialPackageLibrary(string path)
    {
        string name = Path.GetFileName(path);
        return !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && !name.StartsWith("PerfGate", StringComparison.Ordinal)
            && !name.StartsWith("OssTrial", StringComparison.Ordinal) && !name.StartsWith("Recall", StringComparison.Ordinal)
            && !name.StartsWith("YamlDotNet", StringComparison.Ordinal) && !name.StartsWith("Humanizer", StringComparison.Ordinal);
    }
}

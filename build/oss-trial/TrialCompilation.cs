using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

/// <summary>
/// How the trial harnesses compile open-source code they cannot build: every C# file of a folder as one compilation
/// (as `perfgate scan --sources` builds it) against the .NET and ASP.NET Core reference packs plus the libraries of
/// TrialPackages.props, with the global usings the Web SDK's ImplicitUsings would add. Analysis only: nothing is
/// emitted or run. Shared by the OSS trial (Program.cs) and the recall harness (../recall), so both see code alike.
/// </summary>
static class TrialCompilation
{
    // The SDK's implicit usings for a web project; added only when the app's projects turn ImplicitUsings on
    // (PG_USINGS=implicit), because in an app without them they make names such as File ambiguous.
    private static readonly string[] ImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json", "System.Threading",
        "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Configuration",
    };

    private static readonly Lazy<MetadataReference[]> LazyReferences = new(LoadReferences);

    /// <summary>
    /// C# 14 as the SDK's compiler (Roslyn 5.9, TrialHost.props) parses a .NET 10 app, and the symbols a Release build
    /// for .NET 10 defines (the CLI's folder scan uses the same symbols).
    /// </summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None,
        preprocessorSymbols: new[] { "NET", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER", "NET6_0_OR_GREATER",
            "NETCOREAPP", "RELEASE", "TRACE" });

    /// <summary>
    /// Every .cs file under root but bin/, obj/, paths containing an exclude substring and, unless <paramref name="includeTests"/>,
    /// test folders and test projects (as `perfgate scan --sources` leaves them out by default: PerfGate.Core's TestCodeFolders), sorted.
    /// </summary>
    public static string[] FindSources(string root, IReadOnlyList<string> excludes, bool includeTests = false)
    {
        var testFolders = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool InTestFolder(string file)
        {
            for (string? dir = Path.GetDirectoryName(file); dir != null && dir.Length > root.TrimEnd('/').Length; dir = Path.GetDirectoryName(dir))
            {
                if (!testFolders.TryGetValue(dir, out bool isTest)) testFolders[dir] = isTest = PerfGate.Core.TestCodeFolders.IsTestFolder(dir);
                if (isTest) return true;
            }

            return false;
        }

        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/node_modules/")
                && !excludes.Any(e => ("/" + Path.GetRelativePath(root, f)).Contains(e, StringComparison.Ordinal))
                && (includeTests || !InTestFolder(f)))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The analyzers' options for one compilation of a whole app, as the folder scan passes them: every caller of a public method
    /// is in it (the hotness model's "whole app"). <paramref name="reportTests"/> (PG_TESTS=1) reports test code as
    /// `reach: { tests: report }` would; PG_REACH=cold=report,unknown=silent sets the policy's other reach keys.
    /// </summary>
    public static AnalyzerOptions WholeAppOptions(bool reportTests = false)
    {
        var values = new Dictionary<string, string> { ["perfgate.reach.whole_app"] = "true" };
        if (reportTests) values["perfgate.reach.tests"] = "report";
        foreach (string pair in (Environment.GetEnvironmentVariable("PG_REACH") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            if (parts.Length == 2) values["perfgate.reach." + parts[0].Trim()] = parts[1].Trim();
        }

        return new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(values));
    }

    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions None = new Values(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(values);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    /// <param name="projectUsings">Namespaces of the app's &lt;Using Include="..."/&gt; items, added with the implicit ones.</param>
    public static CSharpCompilation Create(IReadOnlyList<string> files, bool implicitUsings, IEnumerable<string>? projectUsings = null) =>
        Create("OssTrial", files.Select(f => Parse(File.ReadAllText(f), f)), implicitUsings, projectUsings);

    /// <summary>The trees (plus the implicit global usings when asked) as one library against <see cref="References"/>.</summary>
    public static CSharpCompilation Create(string name, IEnumerable<SyntaxTree> trees, bool implicitUsings = true, IEnumerable<string>? projectUsings = null)
    {
        var all = trees.ToList();
        if (implicitUsings)
        {
            var usings = ImplicitUsings.Concat(projectUsings ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal);
            all.Add(Parse(string.Join("\n", usings.Select(n => $"global using global::{n};")), "GlobalUsings.g.cs"));
        }

        // PG_EXE=1: an application, as a web project's own build compiles it (rules treat an app's public members as called only
        // from inside it, so some searches run only then); the default, a library, is what the judged trial runs measured.
        OutputKind kind = Environment.GetEnvironmentVariable("PG_EXE") == "1" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        return CSharpCompilation.Create(name, all, References,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    public static MetadataReference[] References => LazyReferences.Value;

    /// <summary>
    /// The namespaces that the app's project files (.csproj, .props, .targets under root, excludes applied) import for
    /// every file with &lt;Using Include="Namespace" /&gt; (aliases and static imports left out).
    /// </summary>
    public static List<string> ProjectUsings(string root, IReadOnlyList<string> excludes) =>
        Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal)
                || f.EndsWith(".targets", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/node_modules/")
                && !excludes.Any(e => ("/" + Path.GetRelativePath(root, f)).Contains(e, StringComparison.Ordinal)))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"<Using\s+Include=""([\w.]+)""\s*/>").Select(
                m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Every rule on its own (not the host that bundles them for the compiler, not the findings-log suppressor, which would hide
    /// notes), optionally only those whose type name contains a part.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> RuleAnalyzers(string? onlyNameParts) =>
        typeof(PerfGate.Analyzers.RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
                && t != typeof(PerfGate.Analyzers.PerfGateAnalyzer))
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

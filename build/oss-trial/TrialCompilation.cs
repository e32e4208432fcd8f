using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

/// <summary>
/// One compilation of every C# file under a folder, as `perfgate scan --sources` builds it, plus the libraries in
/// TrialPackages.props. Analysis only: nothing is emitted or run.
/// </summary>
static class TrialCompilation
{
    // The SDK's implicit usings for a web project; added only when the app's projects turn ImplicitUsings on
    // (PG_USINGS=implicit), because in an app without them they make names such as File ambiguous.
    private static readonly string[] ImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Configuration",
    };

    /// <summary>
    /// C# 14 as the SDK's compiler (Roslyn 5.9, OssTrial.csproj) parses a .NET 10 app, and the symbols a Release build
    /// for .NET 10 defines (the CLI's folder scan uses the same symbols).
    /// </summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None,
        preprocessorSymbols: new[] { "NET", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER", "NET6_0_OR_GREATER",
            "NETCOREAPP", "RELEASE", "TRACE" });

    /// <summary>Every .cs file under root but bin/, obj/ and paths containing an exclude substring, sorted.</summary>
    public static string[] FindSources(string root, IReadOnlyList<string> excludes) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/node_modules/")
                && !excludes.Any(e => ("/" + Path.GetRelativePath(root, f)).Contains(e, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();

    /// <param name="projectUsings">Namespaces of the app's &lt;Using Include="..."/&gt; items, added with the implicit ones.</param>
    public static CSharpCompilation Create(IReadOnlyList<string> files, bool implicitUsings, IEnumerable<string>? projectUsings = null)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, f)).ToList();
        if (implicitUsings)
        {
            var usings = ImplicitUsings.Concat(projectUsings ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal);
            trees.Add(CSharpSyntaxTree.ParseText(string.Join("\n", usings.Select(n => $"global using global::{n};")), ParseOptions, "GlobalUsings.g.cs"));
        }

        string packs = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "../../../packs");
        var references = new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
            .SelectMany(pack => Directory.EnumerateFiles(Directory.EnumerateDirectories(Path.Combine(packs, pack)).Max()!, "*.dll", SearchOption.AllDirectories)
                .Where(p => p.Contains("/ref/net")))
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(IsTrialPackageLibrary))
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

        return CSharpCompilation.Create("OssTrial", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    /// <summary>
    /// The namespaces that the app's project files (.csproj, .props, .targets under root, excludes applied) import for
    /// every file with &lt;Using Include="Namespace" /&gt; (aliases and static imports left out).
    /// </summary>
    public static List<string> ProjectUsings(string root, IReadOnlyList<string> excludes) =>
        Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/node_modules/")
                && !excludes.Any(e => ("/" + Path.GetRelativePath(root, f)).Contains(e, StringComparison.Ordinal)))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"<Using\s+Include=""([\w.]+)""\s*/>").Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();

    // Every library in the output folder is a trial package (TrialPackages.props, EF Core, Redis) or the runner's own
    // tooling (Roslyn, PerfGate); the apps reference only the former.
    private static bool IsTrialPackageLibrary(string path)
    {
        string name = Path.GetFileName(path);
        return !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && !name.StartsWith("PerfGate", StringComparison.Ordinal)
            && !name.StartsWith("OssTrial", StringComparison.Ordinal) && !name.StartsWith("YamlDotNet", StringComparison.Ordinal)
            && !name.StartsWith("Humanizer", StringComparison.Ordinal);
    }
}

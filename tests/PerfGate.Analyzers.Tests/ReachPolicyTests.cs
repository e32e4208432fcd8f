using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using PerfGate.Analyzers.Tests.Examples;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// Every rule asks the hotness model through the reporting funnel: its documented flagged example goes silent when the code
    /// around it is cold (a type named for seeding) or test code (a test fixture) or the project is a test project, and comes back,
    /// with its path in the message, when the policy's <c>reach:</c> asks. Realistic shapes from the tuning apps follow.
    /// </summary>
    public sealed class ReachPolicyTests
    {
        private const string TestFramework = "namespace NUnit.Framework { public sealed class TestFixtureAttribute : System.Attribute { } }";

        public static IEnumerable<TestCaseData> RulesWithReach() => PerfGateAnalyzer.Rules
            .Where(rule => rule.Metadata.Reach != ReachScope.Application)
            .Select(rule => rule.Metadata.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal)
            .Select(id => new TestCaseData(id).SetName("{m}(" + id + ")"));

        [TestCaseSource(nameof(RulesWithReach))]
        public async Task EveryRule_IsSilentInColdCode_AndReportsItWithItsPathWhenThePolicyAsks(string id)
        {
            string source = Rewrite(id, (type, tree) => RenameType(tree, type.Identifier.ValueText, "Seed" + type.Identifier.ValueText));

            Assert.That(await ReportedAsync(id, source), Is.Empty, "a finding in seeding code is reported");
            Assert.That(await ReportedAsync(id, source, ("perfgate.reach.cold", "report")), Has.Some.Contains("[cold: reached only from seeding code Seed"));
        }

        [TestCaseSource(nameof(RulesWithReach))]
        public async Task EveryRule_IsSilentInTestCode_AndReportsItWithItsPathWhenThePolicyAsks(string id)
        {
            string source = Rewrite(id, (type, tree) => tree.ReplaceNode(type, type.AddAttributeLists(SyntaxFactory.AttributeList(
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName("NUnit.Framework.TestFixture")))))));

            Assert.That(await ReportedAsync(id, source), Is.Empty, "a finding in a test fixture is reported");
            Assert.That(await ReportedAsync(id, source, ("perfgate.reach.tests", "report")), Has.Some.Contains("[test code: reached only from test "));
        }

        [TestCaseSource(nameof(RulesWithReach))]
        public async Task EveryRule_IsSilentInATestProject_AndReportsItWhenThePolicyAsks(string id)
        {
            string source = Rewrite(id, (type, tree) => tree);

            Assert.That(await ReportedAsync(id, source, ("build_property.PerfGateTestProject", "true")), Is.Empty);
            Assert.That(await ReportedAsync(id, source, ("build_property.PerfGateTestProject", "true"), ("perfgate.reach.tests", "report")), Is.Not.Empty);
        }

        /// <summary>
        /// Oqtane's shape: one service method with a query per module, called by a page request and by an installer. The installer
        /// alone is cold (silent); the request makes it hot and the message names the route and the chain.
        /// </summary>
        private const string ModuleSettings = ExampleScaffolds.Web + @"
public sealed class ModuleSettings
{
    private readonly ShopContext _db;
    public ModuleSettings(ShopContext db) => _db = db;

    public async Task<List<Product>> LoadAsync(List<int> moduleIds)
    {
        var products = new List<Product>();
        foreach (int id in moduleIds) products.Add((await _db.Products.FirstAsync(p => p.Id == id)));
        return products;
    }
}

public sealed class InstallationManager
{
    private readonly ModuleSettings _settings;
    public InstallationManager(ModuleSettings settings) => _settings = settings;
    public Task InstallAsync(List<int> moduleIds) => _settings.LoadAsync(moduleIds);
}

[ApiController]
[Route(""api/installation"")]
public sealed class InstallationController : ControllerBase
{
    private readonly InstallationManager _installer;
    public InstallationController(InstallationManager installer) => _installer = installer;

    [HttpPost]
    public Task Post([FromBody] List<int> moduleIds) => _installer.InstallAsync(moduleIds);
}
";

        private const string PagesController = @"
[ApiController]
[Route(""api/pages"")]
public sealed class PagesController : ControllerBase
{
    private readonly ModuleSettings _settings;
    public PagesController(ModuleSettings settings) => _settings = settings;

    [HttpGet]
    public async Task<IActionResult> Get([FromQuery] List<int> modules) => Ok(await _settings.LoadAsync(modules));
}
";

        [Test]
        public async Task AQueryPerItem_ReachedOnlyFromAnInstaller_IsSilent_AndNamesTheInstallerWhenColdIsReported()
        {
            Assert.That(await ReportedAsync("PG1001", ModuleSettings, ("perfgate.reach.whole_app", "true")), Is.Empty);
            Assert.That(await ReportedAsync("PG1001", ModuleSettings, ("perfgate.reach.whole_app", "true"), ("perfgate.reach.cold", "report")),
                Has.Some.Contains("[cold: ").And.Some.Contains("InstallationManager.InstallAsync"));
        }

        [Test]
        public async Task AQueryPerItem_AlsoReachedFromAPageRequest_IsReported_WithTheRouteAndTheChain()
        {
            string[] messages = await ReportedAsync("PG1001", ModuleSettings + PagesController, ("perfgate.reach.whole_app", "true"));

            Assert.That(messages, Has.Length.EqualTo(1));
            Assert.That(messages[0], Does.EndWith(" [reached from GET /api/pages via ModuleSettings.LoadAsync]"));
        }

        [Test]
        public async Task AQueryPerItem_InALibrarysPublicApi_IsReportedAsReachUnknown_UnlessThePolicySilencesUnknownReach()
        {
            // Outside a whole-app compilation a public method may be called by another project: the model cannot place it.
            string library = ExampleScaffolds.Web + ModuleSettings.Substring(ExampleScaffolds.Web.Length,
                ModuleSettings.IndexOf("public sealed class InstallationManager", StringComparison.Ordinal) - ExampleScaffolds.Web.Length);

            string[] messages = await ReportedAsync("PG1001", library);
            Assert.That(messages, Has.Length.EqualTo(1));
            Assert.That(messages[0], Does.EndWith("(N+1) [reach unknown]"));
            Assert.That(await ReportedAsync("PG1001", library, ("perfgate.reach.unknown", "silent")), Is.Empty);
        }

        [Test]
        public async Task UnknownReach_InAWholeApp_IsANote_UnlessThePolicyReportsIt_AndInALibraryKeepsTheRulesLevel()
        {
            // A whole app holds every caller: a method none of them reaches cannot say why its finding matters.
            string library = ExampleScaffolds.Web + ModuleSettings.Substring(ExampleScaffolds.Web.Length,
                ModuleSettings.IndexOf("public sealed class InstallationManager", StringComparison.Ordinal) - ExampleScaffolds.Web.Length);
            static bool IsNote(Diagnostic d) => d.Properties.ContainsKey(Findings.FindingProperties.Note);

            Diagnostic[] wholeApp = await DiagnosticsAsync("PG1001", library, ("perfgate.reach.whole_app", "true"));
            Assert.That(wholeApp, Has.Length.EqualTo(1));
            Assert.That(wholeApp[0].GetMessage(), Does.EndWith("[reach unknown]"));
            Assert.That(IsNote(wholeApp[0]), Is.True);
            Assert.That((await DiagnosticsAsync("PG1001", library, ("perfgate.reach.whole_app", "true"), ("perfgate.reach.unknown", "report")))
                .Select(IsNote), Is.EqualTo(new[] { false }));
            Assert.That((await DiagnosticsAsync("PG1001", library)).Select(IsNote), Is.EqualTo(new[] { false }));
            // The suppressor keeps such notes out of the build's warnings, also where no findings log is written (the IDE).
            Assert.That((await DiagnosticsAsync("PG1001", library, withSuppressor: true, ("perfgate.reach.whole_app", "true"))).Select(d => d.IsSuppressed),
                Is.EqualTo(new[] { true }));
            Assert.That((await DiagnosticsAsync("PG1001", library, withSuppressor: true, ("perfgate.reach.whole_app", "true"),
                ("perfgate.reach.unknown", "report"))).Select(d => d.IsSuppressed), Is.EqualTo(new[] { false }));
            // A finding a request reaches is never a note.
            Assert.That((await DiagnosticsAsync("PG1001", ModuleSettings + PagesController, ("perfgate.reach.whole_app", "true"))).Select(IsNote),
                Is.EqualTo(new[] { false }));
        }

        /// <summary>The rule's flagged example in its scaffold, with the type around the example rewritten.</summary>
        private static string Rewrite(string id, Func<TypeDeclarationSyntax, SyntaxNode, SyntaxNode> rewrite)
        {
            Scaffold scaffold = ExampleScaffolds.ByRule[id];
            string example = RuleCatalog.Find(id)!.FlaggedExample;
            string source = scaffold.Source.Replace(ExampleScaffolds.Marker, example);
            SyntaxNode root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
            int at = scaffold.Source.IndexOf(ExampleScaffolds.Marker, StringComparison.Ordinal);
            TypeDeclarationSyntax type = root.FindToken(at).Parent!.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().First();
            return rewrite(type, root).ToFullString();
        }

        /// <summary>Renames a type and the uses of its name in the file (its constructors, <c>new</c>, static calls; not <c>db.Products</c>).</summary>
        private static SyntaxNode RenameType(SyntaxNode root, string from, string to) =>
            root.ReplaceTokens(root.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == from
                    && !(token.Parent is SimpleNameSyntax name && name.Parent is MemberAccessExpressionSyntax access && access.Name == name)),
                (original, _) => SyntaxFactory.Identifier(original.LeadingTrivia, to, original.TrailingTrivia));

        private static async Task<string[]> ReportedAsync(string id, string source, params (string Key, string Value)[] options) =>
            (await DiagnosticsAsync(id, source, options)).Select(d => d.GetMessage()).ToArray();

        private static Task<Diagnostic[]> DiagnosticsAsync(string id, string source, params (string Key, string Value)[] options) =>
            DiagnosticsAsync(id, source, withSuppressor: false, options);

        [Test]
        public async Task AReadPerItem_BehindACacheKeyedPerItem_IsANote_WhileTheSameReadUncachedIsNot()
        {
            // Keys repeat across requests, so most passes hit: on real apps such findings were not worth a warning (0 of 14).
            const string Source = ExampleScaffolds.Web + @"using Microsoft.Extensions.Caching.Memory;

public sealed class ProductReads
{
    private readonly ShopContext _db;
    private readonly IMemoryCache _cache;
    public ProductReads(ShopContext db, IMemoryCache cache) { _db = db; _cache = cache; }

    public Product Cached(int id) => _cache.GetOrCreate(""product:"" + id, _ => _db.Products.First(p => p.Id == id))!;
    public Product Uncached(int id) => _db.Products.First(p => p.Id == id);
}

[ApiController]
[Route(""api/basket"")]
public sealed class BasketController : ControllerBase
{
    private readonly ProductReads _reads;
    public BasketController(ProductReads reads) => _reads = reads;

    [HttpPost]
    public decimal Post([FromBody] List<int> ids)
    {
        decimal total = 0;
        foreach (int id in ids) total += _reads.Cached(id).Price + _reads.Uncached(id).Price;
        return total;
    }
}
";
            static bool IsNote(Diagnostic d) => d.Properties.ContainsKey(Findings.FindingProperties.Note);

            Diagnostic[] found = (await DiagnosticsAsync("PG1002", Source, ("perfgate.reach.whole_app", "true")))
                .OrderBy(d => d.GetMessage(), StringComparer.Ordinal).ToArray();
            Assert.That(found.Select(d => (d.GetMessage().StartsWith("'Cached'", StringComparison.Ordinal), IsNote(d))),
                Is.EqualTo(new[] { (true, true), (false, false) }), string.Join("\n", found.Select(d => d.GetMessage())));
            Assert.That(found[0].GetMessage(), Does.Contain("on a cache miss"));
            Assert.That((await DiagnosticsAsync("PG1002", Source, withSuppressor: true, ("perfgate.reach.whole_app", "true"))).Select(d => d.IsSuppressed),
                Is.EquivalentTo(new[] { true, false }));
        }

        private static async Task<Diagnostic[]> DiagnosticsAsync(string id, string source, bool withSuppressor, params (string Key, string Value)[] options)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            SyntaxTree[] trees =
            {
                CSharpSyntaxTree.ParseText(ExampleScaffolds.World, parse, "/0/World.cs"),
                CSharpSyntaxTree.ParseText(source, parse, "/0/Example.cs"),
                CSharpSyntaxTree.ParseText(TestFramework, parse, "/0/TestFramework.cs"),
            };
            CSharpCompilation compilation = CSharpCompilation.Create("Example", trees, TestReferences.WebWithData,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                    // A rule that is off by default is what a policy turns on: test it turned on.
                    specificDiagnosticOptions: new[] { new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Warn) }));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty);
            ImmutableArray<DiagnosticAnalyzer> rules = PerfGateAnalyzer.Rules.Where(rule => rule.Metadata.Id == id).ToImmutableArray<DiagnosticAnalyzer>();
            if (withSuppressor) rules = rules.Add(new Findings.FindingsLogSuppressor());
            var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty,
                new GlobalOptionsProvider(options.ToDictionary(option => option.Key, option => option.Value)));
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(rules, new CompilationWithAnalyzersOptions(analyzerOptions, null,
                concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true)).GetAnalyzerDiagnosticsAsync();
            Assert.That(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()), Is.Empty, "the rule threw");
            return diagnostics.Where(d => d.Id == id).ToArray();
        }

        /// <summary>Analyzer options as the generated global config gives them.</summary>
        internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
        {
            private static readonly AnalyzerConfigOptions None = new Values(new Dictionary<string, string>());

            public GlobalOptionsProvider(Dictionary<string, string> values) => GlobalOptionsValues = new Values(values);

            private AnalyzerConfigOptions GlobalOptionsValues { get; }

            public override AnalyzerConfigOptions GlobalOptions => GlobalOptionsValues;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

            private sealed class Values : AnalyzerConfigOptions
            {
                private readonly Dictionary<string, string> _values;

                public Values(Dictionary<string, string> values) => _values = values;

                public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                    _values.TryGetValue(key, out value);
            }
        }
    }
}

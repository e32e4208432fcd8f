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

        private static async Task<string[]> ReportedAsync(string id, string source, params (string Key, string Value)[] options)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            SyntaxTree[] trees =
            {
                CSharpSyntaxTree.ParseText(ExampleScaffolds.World, parse, "/0/World.cs"),
                CSharpSyntaxTree.ParseText(source, parse, "/0/Example.cs"),
                CSharpSyntaxTree.ParseText(TestFramework, parse, "/0/TestFramework.cs"),
            };
            CSharpCompilation compilation = CSharpCompilation.Create("Example", trees, TestReferences.WebWithData,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty);
            ImmutableArray<DiagnosticAnalyzer> rules = PerfGateAnalyzer.Rules.Where(rule => rule.Metadata.Id == id).ToImmutableArray<DiagnosticAnalyzer>();
            var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty,
                new GlobalOptionsProvider(options.ToDictionary(option => option.Key, option => option.Value)));
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(rules, analyzerOptions).GetAnalyzerDiagnosticsAsync();
            Assert.That(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()), Is.Empty, "the rule threw");
            return diagnostics.Where(d => d.Id == id).Select(d => d.GetMessage()).ToArray();
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

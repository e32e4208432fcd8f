using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests.Examples
{
    /// <summary>
    /// The examples in the rule metadata (and so in docs/rules and the SARIF help) are code the rule really judges: the
    /// flagged one, in its scaffold, compiles and is reported; the fixed one compiles and is not.
    /// </summary>
    public sealed class RuleExampleTests
    {
        public static IEnumerable<TestCaseData> AnalyzerRules() => PerfGateAnalyzer.Rules
            .Select(rule => rule.Metadata.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal)
            .Select(id => new TestCaseData(id).SetName("{m}(" + id + ")"));

        [Test]
        public void EveryAnalyzerRuleHasAScaffoldAndAnExampleOfBothKinds()
        {
            string[] ids = AnalyzerRules().Select(test => (string)test.Arguments[0]!).ToArray();

            Assert.That(ExampleScaffolds.ByRule.Keys.OrderBy(id => id, StringComparer.Ordinal), Is.EqualTo(ids));
            foreach (string id in ids)
            {
                Assert.That(RuleCatalog.Find(id)!.FixedExample, Is.Not.Empty, id + " shows no fix");
            }
        }

        [TestCaseSource(nameof(AnalyzerRules))]
        public async Task FlaggedExampleIsReported(string id)
        {
            ImmutableArray<Diagnostic> reported = await AnalyzeAsync(id, RuleCatalog.Find(id)!.FlaggedExample, isFixed: false);

            Assert.That(reported.Select(d => d.Id), Has.Some.EqualTo(id), "the flagged example is not reported");
        }

        [TestCaseSource(nameof(AnalyzerRules))]
        public async Task FixedExampleIsNotReported(string id)
        {
            ImmutableArray<Diagnostic> reported = await AnalyzeAsync(id, RuleCatalog.Find(id)!.FixedExample, isFixed: true);

            Assert.That(reported.Where(d => d.Id == id).Select(d => d.ToString()), Is.Empty, "the fixed example is still reported");
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string id, string example, bool isFixed)
        {
            Scaffold scaffold = ExampleScaffolds.ByRule.TryGetValue(id, out Scaffold? declared) ? declared
                : throw new AssertionException(
                    "no example scaffold for " + id + ": declare 'internal static readonly Scaffold ExampleScaffold' in the rule's test class");

            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = new List<SyntaxTree>
            {
                CSharpSyntaxTree.ParseText(ExampleScaffolds.World, parse, "/0/World.cs"),
                CSharpSyntaxTree.ParseText(scaffold.Source.Replace(ExampleScaffolds.Marker, example), parse, "/0/Example.cs"),
            };
            if (isFixed && scaffold.FixedOnly != null) trees.Add(CSharpSyntaxTree.ParseText(scaffold.FixedOnly, parse, "/0/Generated.cs"));

            CSharpCompilation compilation = CSharpCompilation.Create("Example", trees, TestReferences.WebWithData,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                    // A rule that is off by default is what a policy turns on: test it turned on.
                    specificDiagnosticOptions: new[] { new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Warn) }));
            Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.That(errors.Select(e => e.ToString()), Is.Empty, (isFixed ? "the fixed" : "the flagged") + " example does not compile in its scaffold");

            ImmutableArray<DiagnosticAnalyzer> rules = PerfGateAnalyzer.Rules.Where(rule => rule.Metadata.Id == id).ToImmutableArray<DiagnosticAnalyzer>();
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(rules).GetAnalyzerDiagnosticsAsync();
            Assert.That(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()), Is.Empty, "the rule threw");
            return diagnostics;
        }
    }
}

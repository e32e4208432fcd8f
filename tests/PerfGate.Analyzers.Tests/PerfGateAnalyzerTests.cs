using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>The host the compiler loads must carry every rule, with the execution settings each rule asks for.</summary>
    public sealed class PerfGateAnalyzerTests
    {
        [Test]
        public void HostsEveryRuleAnalyzerOfTheAssembly()
        {
            string[] ruleTypes = typeof(PerfGateAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(PerfGateAnalyzer))
                .Select(t => t.FullName!).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            string[] hosted = PerfGateAnalyzer.Rules.Select(r => r.GetType().FullName!).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            Assert.That(hosted, Is.EqualTo(ruleTypes));
        }

        [Test]
        public void OnlyTheHostCarriesTheAnalyzerAttribute()
        {
            var attributed = typeof(PerfGateAnalyzer).Assembly.GetTypes()
                .Where(t => t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0).ToArray();

            Assert.That(attributed, Is.EqualTo(new[] { typeof(PerfGateAnalyzer) }), "a rule with its own attribute would run twice");
        }

        [Test]
        public void SupportsEveryRuleDiagnostic()
        {
            var expected = PerfGateAnalyzer.Rules.SelectMany(r => r.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal);

            Assert.That(new PerfGateAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal), Is.EqualTo(expected));
        }

        [Test]
        public void EveryRuleAsksForConcurrentExecutionWithoutGeneratedCode()
        {
            foreach (DiagnosticAnalyzer rule in PerfGateAnalyzer.Rules)
            {
                var context = new PerfGateAnalyzer.HostedRuleContext(new RecordingContext());
                rule.Initialize(context);

                Assert.That(context.ConcurrentExecutionEnabled, Is.True, rule.GetType().Name);
                Assert.That(context.GeneratedCodeAnalysis, Is.EqualTo(GeneratedCodeAnalysisFlags.None), rule.GetType().Name);
            }
        }

        /// <summary>Accepts every registration and runs none.</summary>
        private sealed class RecordingContext : AnalysisContext
        {
            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) { }
            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }
            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }
            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) { }
            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }
            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }
            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }
            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) { }
        }
    }
}

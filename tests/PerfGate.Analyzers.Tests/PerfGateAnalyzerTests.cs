using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using System.Threading;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>The host the compiler loads must carry every rule; rules run alone get the host's execution settings.</summary>
    public sealed class PerfGateAnalyzerTests
    {
        [Test]
        public void HostsEveryRuleAnalyzerOfTheAssembly()
        {
            Type[] ruleTypes = typeof(PerfGateAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(PerfGateAnalyzer)
                    && !FindingsLogTests.IsFindingsLogType(t))
                .OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

            Assert.That(ruleTypes, Has.Length.GreaterThan(30), "the rules were not found");
            Assert.That(ruleTypes.Where(t => !typeof(PerfGateRule).IsAssignableFrom(t)), Is.Empty, "every rule analyzer derives from PerfGateRule");
            Assert.That(PerfGateAnalyzer.Rules.Select(r => r.GetType()), Is.EqualTo(ruleTypes));
        }

        [Test]
        public void OnlyTheHostCarriesTheAnalyzerAttribute()
        {
            var attributed = typeof(PerfGateAnalyzer).Assembly.GetTypes()
                .Where(t => t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0 && !FindingsLogTests.IsFindingsLogType(t)).ToArray();

            Assert.That(attributed, Is.EqualTo(new[] { typeof(PerfGateAnalyzer) }), "a rule with its own attribute would run twice");
        }

        [Test]
        public void SupportsEveryRuleDiagnostic()
        {
            // And PG0009, which the host reports for a rule that failed on some code (RuleIsolation).
            var expected = PerfGateAnalyzer.Rules.SelectMany(r => r.SupportedDiagnostics).Select(d => d.Id).Append(RuleIdentifiers.AnalysisIncomplete)
                .Distinct().OrderBy(i => i, StringComparer.Ordinal);

            Assert.That(new PerfGateAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal), Is.EqualTo(expected));
        }

        [Test]
        public void TheHostAndEveryRuleRunAloneAskForConcurrentExecutionWithoutGeneratedCode()
        {
            foreach (DiagnosticAnalyzer analyzer in PerfGateAnalyzer.Rules.Cast<DiagnosticAnalyzer>().Append(new PerfGateAnalyzer()))
            {
                var context = new RecordingAnalysisContext();
                analyzer.Initialize(context);

                Assert.That(context.ConcurrentExecutionEnabled, Is.True, analyzer.GetType().Name);
                Assert.That(context.GeneratedCodeAnalysis, Is.EqualTo(GeneratedCodeAnalysisFlags.None), analyzer.GetType().Name);
                Assert.That(context.CompilationStartActions, Is.EqualTo(1), analyzer.GetType().Name + " registers its actions per compilation");
            }
        }

        [TestCase(null, false, TestName = "A rule with no setting runs (on by default)")]
        [TestCase("is_global = true\ndotnet_diagnostic.PG1001.severity = none", true, TestName = "A rule the global config turns off does not run")]
        [TestCase("is_global = true\ndotnet_diagnostic.PG1001.severity = error", false, TestName = "A rule the global config raises runs")]
        [TestCase("is_global = true\ndotnet_diagnostic.PG1002.severity = none", false, TestName = "Turning another rule off leaves this one running")]
        public void RuleRunsUnlessItsDiagnosticsAreOffEverywhere(string? globalConfig, bool expectedOff)
        {
            Compilation compilation = CompileWithConfigs(globalConfig, fileConfig: null);

            Assert.That(PerfGateAnalyzer.IsTurnedOff(new DoNotExecuteQueryPerLoopIterationAnalyzer(), compilation, CancellationToken.None),
                Is.EqualTo(expectedOff));
        }

        [Test]
        public void RuleOffGloballyButOnForOneFolderRuns()
        {
            Compilation compilation = CompileWithConfigs(
                "is_global = true\ndotnet_diagnostic.PG1001.severity = none",
                "[*.cs]\ndotnet_diagnostic.PG1001.severity = warning");

            Assert.That(PerfGateAnalyzer.IsTurnedOff(new DoNotExecuteQueryPerLoopIterationAnalyzer(), compilation, CancellationToken.None), Is.False);
        }

        /// <summary>A compilation as the build makes it: options per file from config files, through a real workspace.</summary>
        private static Compilation CompileWithConfigs(string? globalConfig, string? fileConfig)
        {
            using var workspace = new AdhocWorkspace();
            ProjectId id = ProjectId.CreateNewId();
            Solution solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(id, VersionStamp.Default, "App", "App", LanguageNames.CSharp, filePath: "/src/Api/App.csproj",
                    compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)))
                .AddMetadataReference(id, MetadataReference.CreateFromFile(typeof(object).Assembly.Location))
                .AddDocument(DocumentId.CreateNewId(id), "Orders.cs", SourceText.From("class Orders { }"), filePath: "/src/Api/Orders.cs");
            if (globalConfig != null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), "perfgate.globalconfig", SourceText.From(globalConfig),
                    filePath: "/src/Api/perfgate.globalconfig");
            }

            if (fileConfig != null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), ".editorconfig", SourceText.From(fileConfig),
                    filePath: "/src/Api/.editorconfig");
            }

            return solution.GetProject(id)!.GetCompilationAsync().GetAwaiter().GetResult()!;
        }

        /// <summary>Records the execution settings and counts the compilation-start registrations; runs nothing.</summary>
        private sealed class RecordingAnalysisContext : AnalysisContext
        {
            public bool ConcurrentExecutionEnabled { get; private set; }

            public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

            public int CompilationStartActions { get; private set; }

            public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;
            public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;
            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions++;
            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }
            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }
            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) { }
            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }
            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }
            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }
            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action,
                ImmutableArray<TLanguageKindEnum> syntaxKinds) { }
        }
    }
}

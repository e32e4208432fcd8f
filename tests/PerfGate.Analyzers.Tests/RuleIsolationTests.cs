using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// Issue 18, "real repositories must not sink the scan": a rule that throws on one method (its bug, or the compiler's on code
    /// it does not know) costs that method's findings only. The failure is PG0009 at the method, naming the rule and the
    /// exception, once per rule and file; the rule's other findings and no AD0001 remain.
    /// </summary>
    public sealed class RuleIsolationTests
    {
        private const string Source = @"
class Shop
{
    void Boom() { }
    void Fine() { }
    void AlsoBoom() { }
    void AlsoFine() { }
}";

        [Test]
        public async Task A_rule_that_throws_on_one_method_reports_PG0009_there_and_keeps_its_other_findings()
        {
            CSharpCompilation compilation = CSharpCompilation.Create("Isolated", new[] { CSharpSyntaxTree.ParseText(Source, path: "/repo/Shop.cs") },
                TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingHost()))
                .GetAnalyzerDiagnosticsAsync();

            Assert.That(diagnostics.Where(d => d.Id == "AD0001"), Is.Empty, string.Join("\n", diagnostics));
            Assert.That(diagnostics.Where(d => d.Id == ThrowingHost.Finding.Id).Select(d => d.GetMessage()),
                Is.EquivalentTo(new[] { "Fine", "AlsoFine" }));
            Diagnostic failure = diagnostics.Single(d => d.Id == RuleIdentifiers.AnalysisIncomplete);
            Assert.That(failure.Location.GetLineSpan().StartLinePosition.Line, Is.EqualTo(3), "at the method it failed on (Boom)");
            Assert.That(failure.GetMessage(), Does.StartWith("PerfGate's rule PG9999 failed here and skipped this code: IndexOutOfRangeException: "
                + "Index was outside the bounds of the array.").And.EndWith("its findings here may be missing"));
        }

        [Test]
        public void The_host_declares_PG0009()
        {
            Assert.That(new PerfGateAnalyzer().SupportedDiagnostics.Select(d => d.Id), Does.Contain(RuleIdentifiers.AnalysisIncomplete));
        }

        /// <summary>A host like <see cref="PerfGateAnalyzer"/> with one rule that throws on methods whose name ends in "Boom".</summary>
#pragma warning disable RS1001, RS1036, RS2008 // a test double run in process, never loaded by a compiler
        private sealed class ThrowingHost : DiagnosticAnalyzer
        {
            public static readonly DiagnosticDescriptor Finding =
                new DiagnosticDescriptor("PG9999", "test", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Finding, RuleIsolation.Descriptor);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationStartAction(start =>
                {
                    var isolated = new IsolatedStartContext(start, "PG9999", new RuleIsolation());
                    isolated.RegisterSyntaxNodeAction(node =>
                    {
                        var method = (MethodDeclarationSyntax)node.Node;
                        if (method.Identifier.Text.EndsWith("Boom", StringComparison.Ordinal)) _ = Array.Empty<int>()[method.Identifier.Text.Length];
                        node.ReportDiagnostic(Diagnostic.Create(Finding, method.Identifier.GetLocation(), method.Identifier.Text));
                    }, SyntaxKind.MethodDeclaration);
                });
            }
        }
#pragma warning restore RS1001, RS1036, RS2008
    }
}

using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PerfGate.Analyzers.Findings;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>The findings log's own analyzers (src/PerfGate.Analyzers/Findings); the real builds are in PerfGate.MSBuild.Tests.</summary>
    public sealed class FindingsLogTests
    {
        public static bool IsFindingsLogType(Type type) => type.Namespace == typeof(FindingsLogSuppressor).Namespace;

        [Test]
        public void TheSuppressorAndTheEndMarkerAreTheOnlyOtherAnalyzersTheCompilerLoads()
        {
            var attributed = typeof(PerfGateAnalyzer).Assembly.GetTypes()
                .Where(t => IsFindingsLogType(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
                .Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);

            Assert.That(attributed, Is.EqualTo(new[] { nameof(FindingsEndMarkerAnalyzer), nameof(FindingsLogSuppressor) }));
        }

        [Test]
        public void EveryHostedDiagnosticIsRecordedAndNoneIsAnErrorByDefault()
        {
            string[] recorded = new FindingsLogSuppressor().SupportedSuppressions.Select(s => s.SuppressedDiagnosticId).ToArray();

            foreach (DiagnosticDescriptor descriptor in new PerfGateAnalyzer().SupportedDiagnostics)
            {
                Assert.That(recorded, Does.Contain(descriptor.Id), "the findings log would miss " + descriptor.Id);
                // The compiler never hands a suppressor a diagnostic whose default severity is Error.
                Assert.That(descriptor.DefaultSeverity, Is.Not.EqualTo(DiagnosticSeverity.Error), descriptor.Id + " could never reach the findings log");
            }

            Assert.That(recorded, Does.Contain(FindingsEndMarkerAnalyzer.Marker.Id));
            Assert.That(FindingsEndMarkerAnalyzer.Marker.DefaultSeverity, Is.EqualTo(DiagnosticSeverity.Hidden), "hidden unless the findings config raises it");
        }

        [Test]
        public void TheLogIsSortedSarifWithEscapedTextAndRelatedLocations()
        {
            var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C\n{\n  void M() { }\n}\n", path: "/src/a b/C.cs");
            Location Span(string text) =>
                Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(tree.ToString().IndexOf(text, StringComparison.Ordinal), text.Length));
            var descriptor = new DiagnosticDescriptor("PG1002", "t", "say \"{0}\"\n", "c", DiagnosticSeverity.Warning, true);
            Diagnostic later = Diagnostic.Create(descriptor, Span("M()"), new[] { Span("C") }, "x\\y");
            Diagnostic earlier = Diagnostic.Create(descriptor, Span("class"), "first");

            string log = FindingsLogWriter.Render(new[] { FindingsLogEntry.From(later, "warning"), FindingsLogEntry.From(earlier, "note") });

            using var json = System.Text.Json.JsonDocument.Parse(log);
            var results = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToArray();
            Assert.That(json.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
            Assert.That(results.Select(r => r.GetProperty("message").GetProperty("text").GetString()),
                Is.EqualTo(new[] { "say \"first\"\n", "say \"x\\y\"\n" }));
            Assert.That(results[0].GetProperty("level").GetString(), Is.EqualTo("note"));
            var location = results[1].GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("file:///src/a%20b/C.cs"));
            Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(3));
            Assert.That(location.GetProperty("region").GetProperty("startColumn").GetInt32(), Is.EqualTo(8));
            Assert.That(location.GetProperty("region").GetProperty("endColumn").GetInt32(), Is.EqualTo(11));
            Assert.That(results[1].GetProperty("relatedLocations").GetArrayLength(), Is.EqualTo(1));
            Assert.That(results[0].TryGetProperty("relatedLocations", out _), Is.False);
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers.Findings
{
    /// <summary>
    /// Writes PerfGate's findings log at the end of a command-line compilation: the compiler hands a suppressor every
    /// diagnostic it is about to report, after <c>#pragma</c>, <c>[SuppressMessage]</c>, <c>.editorconfig</c> and
    /// <c>/nowarn</c> have been applied, with its effective severity and related locations. That is what the compiler's
    /// own SARIF log (<c>ErrorLog</c>) would have held for PerfGate's rules, without the ErrorLog's cost: an ErrorLog
    /// makes the compiler run every analyzer's info-level diagnostics too (docs/performance.md).
    /// <para>
    /// It suppresses only notes and the end marker: findings of unknown reach the policy makes notes (<see cref="FindingProperties.Note"/>,
    /// also without a log), note-level rules (the compiler drops info-level
    /// diagnostics before suppressors see them, so the config raises them to warnings; recorded as notes, suppressed so
    /// no build shows them) and the end marker (<see cref="FindingsEndMarkerAnalyzer"/>). Everything else is reported
    /// as the compiler decided. Known limit: another package's suppressor that hides a PerfGate finding runs beside this
    /// one, so the log still lists that finding.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FindingsLogSuppressor : DiagnosticSuppressor
    {
        private static readonly ImmutableDictionary<string, SuppressionDescriptor> Descriptors = RecordedIds()
            .ToImmutableDictionary(id => id, id => new SuppressionDescriptor(
                "PGS" + id.Substring(2), id, "PerfGate recorded it in its findings log; notes and the end marker are not build warnings"));

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = Descriptors.Values.ToImmutableArray();

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            FindingsLogOptions? options = FindingsLogOptions.From(context.Options);
            if (options == null)
            {
                // No log (the IDE, a build without PerfGate's targets): notes of unknown reach still stay out of the warnings.
                foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
                {
                    if (FindingProperties.IsNote(diagnostic)) context.ReportSuppression(Suppression.Create(Descriptors[diagnostic.Id], diagnostic));
                }

                return;
            }

            var findings = new List<FindingsLogEntry>();
            var raised = new List<Diagnostic>();
            Diagnostic? marker = null;
            foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
            {
                if (diagnostic.Id == FindingsEndMarkerAnalyzer.Marker.Id)
                {
                    marker = diagnostic;
                    continue;
                }

                bool isRaisedNote = FindingProperties.IsNote(diagnostic) || options.WasRaised(diagnostic, context.Compilation, context.CancellationToken);
                if (isRaisedNote) raised.Add(diagnostic);
                findings.Add(FindingsLogEntry.From(diagnostic, isRaisedNote ? "note" : Level(diagnostic.Severity)));
            }

            // Notes stay out of the build output whether or not the log could be written.
            foreach (Diagnostic note in raised) context.ReportSuppression(Suppression.Create(Descriptors[note.Id], note));

            // Without the marker this is not the compilation's last word (the IDE asks in parts): write nothing.
            if (marker == null) return;
            if (FindingsLogWriter.TryWrite(options.Path, findings)) context.ReportSuppression(Suppression.Create(Descriptors[marker.Id], marker));
        }

        private static string Level(DiagnosticSeverity severity) =>
            severity == DiagnosticSeverity.Error ? "error" : severity == DiagnosticSeverity.Warning ? "warning" : "note";

        /// <summary>Every static rule's ID (the compiler reports them) and the end marker's.</summary>
        private static IEnumerable<string> RecordedIds() => RuleCatalog.All
            .Where(rule => rule.Category != RuleCategories.Gate && rule.Category != RuleCategories.Budgets && rule.Category != RuleCategories.RuntimeEvidence)
            .Select(rule => rule.Id)
            // PG0009 is the gate's, but the hosted analyzer reports it (a rule that failed on some code): the log must hold it.
            .Concat(new[] { RuleIdentifiers.AnalysisIncomplete, FindingsEndMarkerAnalyzer.Marker.Id });
    }
}

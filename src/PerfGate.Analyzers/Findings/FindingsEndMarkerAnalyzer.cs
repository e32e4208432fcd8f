using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers.Findings
{
    /// <summary>
    /// Reports one marker diagnostic at the end of every compilation that asked for a findings log. The compiler hands
    /// a suppressor only the diagnostics it may suppress and skips it when there are none, so without the marker a
    /// compilation with no finding would leave the previous compilation's log in place. The findings config raises the
    /// marker (hidden by default) to a warning; <see cref="FindingsLogSuppressor"/> suppresses it once the log is
    /// written, so it shows only when writing failed — and then says so.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FindingsEndMarkerAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Not a rule's ID (so not in RuleIdentifiers): PG0xxx is the gate's own range, and no rule may take 0000.</summary>
        public const string Id = "PG0000";

        // RS2008 (release tracking) is for rules; the marker is not one (users see it only when the log could not be written).
#pragma warning disable RS2008
        internal static readonly DiagnosticDescriptor Marker = new DiagnosticDescriptor(
            Id,
            "PerfGate could not write its findings log",
            "PerfGate could not write its findings log (" + FindingsLogOptions.PathKey
                + "): this compilation's findings are missing from perfgate.sarif and the budgets",
            RuleCategories.Gate,
            DiagnosticSeverity.Hidden,
            isEnabledByDefault: true,
            customTags: new[] { WellKnownDiagnosticTags.CompilationEnd });
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Marker);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // A compilation action runs once every other analyzer has finished with the compilation.
            context.RegisterCompilationAction(end =>
            {
                if (FindingsLogOptions.From(end.Options) != null) end.ReportDiagnostic(Diagnostic.Create(Marker, Location.None));
            });
        }
    }
}

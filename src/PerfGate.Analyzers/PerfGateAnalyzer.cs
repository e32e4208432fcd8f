using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The one analyzer the compiler loads from this assembly: it hosts every rule. The compiler's driver pays a
    /// cost per analyzer on every body and symbol of the compilation (dispatch and analysis state are kept per
    /// analyzer), whether or not a callback runs: 29 no-op analyzers cost a measurable share of a compile, one
    /// analyzer with the same 29 registrations nothing measurable (docs/performance.md). Hosted, the rules'
    /// registrations all belong to this analyzer, and the driver calls each rule's callbacks as before.
    /// <para>
    /// The rule classes stay <see cref="DiagnosticAnalyzer"/>s (tests and tools run them one by one) without the
    /// <c>[DiagnosticAnalyzer]</c> attribute, so the compiler does not load them a second time. The compiler skips an
    /// analyzer whose every diagnostic is turned off; the host does the same per rule when a compilation starts
    /// (<see cref="IsTurnedOff"/>), so a rule the policy turns off costs nothing, its whole-program engine included.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PerfGateAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// Every rule of this assembly: each concrete <see cref="PerfGateRule"/>, found once per process, in name order.
        /// </summary>
        internal static ImmutableArray<PerfGateRule> Rules { get; } = typeof(PerfGateAnalyzer).Assembly.GetTypes()
            .Where(type => type.IsClass && !type.IsAbstract && typeof(PerfGateRule).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (PerfGateRule)Activator.CreateInstance(type))
            .ToImmutableArray();

        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = AllDescriptors();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors;

        public override void Initialize(AnalysisContext context)
        {
            // Every rule runs with exactly these settings (PerfGateRule applies them too when a rule runs alone).
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                CompilationServices? services = null; // built once, and only when a rule runs
                // One rule failing on some code (its bug, or the compiler's on code it does not know) must not cost the other
                // findings: each rule's actions run guarded and a failure becomes PG0009 where it happened (RuleIsolation).
                var isolation = new RuleIsolation();
                foreach (PerfGateRule rule in Rules)
                {
                    if (IsTurnedOff(rule, start.Compilation, start.CancellationToken)) continue;
                    services ??= new CompilationServices(start.Compilation, start.Options);
                    if (services.SilencesEverything) return; // a test project, and the policy keeps test code silent: no rule runs
                    try
                    {
                        rule.Start(new RuleContext(rule.Metadata, rule.Descriptor, services,
                            new IsolatedStartContext(start, rule.Metadata.Id, isolation)));
                    }
                    catch (Exception e) when (RuleIsolation.IsFailure(e, start.CancellationToken))
                    {
                        string id = rule.Metadata.Id;
                        start.RegisterCompilationEndAction(end =>
                        {
                            if (isolation.Failure(id, Location.None, e) is { } failure) end.ReportDiagnostic(failure);
                        });
                    }
                }
            });
        }

        /// <summary>
        /// True when every diagnostic of <paramref name="rule"/> is suppressed for every file: by the generated policy
        /// config or another global config, <c>/nowarn</c> or a rule set, or off by default with nothing turning it on.
        /// A file-level setting (an <c>.editorconfig</c> section) that may turn it on keeps the rule running.
        /// </summary>
        internal static bool IsTurnedOff(DiagnosticAnalyzer rule, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            SyntaxTreeOptionsProvider? provider = compilation.Options.SyntaxTreeOptionsProvider;
            foreach (DiagnosticDescriptor descriptor in rule.SupportedDiagnostics)
            {
                if (MayBeOn(descriptor, compilation, provider, cancellationToken)) return false;
            }

            return true;
        }

        private static bool MayBeOn(DiagnosticDescriptor descriptor, Compilation compilation, SyntaxTreeOptionsProvider? provider,
            System.Threading.CancellationToken cancellationToken)
        {
            if (provider != null)
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    if (provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out ReportDiagnostic perFile)
                        && perFile != ReportDiagnostic.Suppress) return true;
                }

                if (provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out ReportDiagnostic global))
                    return global != ReportDiagnostic.Suppress;
            }

            if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out ReportDiagnostic specific))
                return specific != ReportDiagnostic.Suppress;
            return descriptor.IsEnabledByDefault && compilation.Options.GeneralDiagnosticOption != ReportDiagnostic.Suppress;
        }

        private static ImmutableArray<DiagnosticDescriptor> AllDescriptors()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { RuleIsolation.Descriptor.Id };
            var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
            descriptors.Add(RuleIsolation.Descriptor);
            foreach (PerfGateRule rule in Rules)
            {
                foreach (DiagnosticDescriptor descriptor in rule.SupportedDiagnostics)
                {
                    if (seen.Add(descriptor.Id)) descriptors.Add(descriptor);
                }
            }

            return descriptors.ToImmutable();
        }
    }
}

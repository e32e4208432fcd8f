using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// A PerfGate rule: an analyzer that reports one rule of the catalog. It declares its <see cref="RuleMetadata"/>
    /// (the descriptor comes from it) and registers its actions per compilation in <see cref="Start"/>, with the
    /// services every rule shares. <see cref="PerfGateAnalyzer"/> finds every subclass by reflection and hosts it:
    /// a new rule needs no registration.
    /// <para>
    /// Execution settings are the host's: concurrent callbacks, no generated code. When a rule runs alone (tests, the
    /// OSS trial) <see cref="Initialize"/> applies the same settings and builds the services for that rule.
    /// </para>
    /// </summary>
    public abstract class PerfGateRule : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<DiagnosticDescriptor> _supportedDiagnostics;

        /// <param name="rule">The catalog entry this analyzer reports.</param>
        /// <param name="reportsAtCompilationEnd">
        /// The rule reports from a compilation-end action: Roslyn (RS1037) wants the <c>CompilationEnd</c> tag, and
        /// the IDE then shows it only under full-solution analysis; command-line builds report it as usual.
        /// </param>
        private protected PerfGateRule(RuleMetadata rule, bool reportsAtCompilationEnd = false)
        {
            Metadata = rule;
            Descriptor = RuleDescriptors.Create(rule, reportsAtCompilationEnd);
            _supportedDiagnostics = ImmutableArray.Create(Descriptor);
        }

        /// <summary>The catalog entry this analyzer reports.</summary>
        public RuleMetadata Metadata { get; }

        internal DiagnosticDescriptor Descriptor { get; }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supportedDiagnostics;

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var services = new CompilationServices(start.Compilation, start.Options);
                if (!services.SilencesEverything) Start(new RuleContext(Metadata, Descriptor, services, start));
            });
        }

        /// <summary>Registers the rule's actions on <see cref="RuleContext.Start"/> for one compilation.</summary>
        internal abstract void Start(RuleContext rule);
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
        /// <summary>Every rule analyzer of this assembly (a test checks none is missing).</summary>
        internal static ImmutableArray<DiagnosticAnalyzer> Rules { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
            new AwaitIndependentCallsConcurrentlyAnalyzer(),
            new BoundInMemoryCacheEntriesAnalyzer(),
            new CacheRequestIndependentReadsAnalyzer(),
            new DoNotAwaitExternalCallPerLoopIterationAnalyzer(),
            new DoNotBlockOnAsyncAnalyzer(),
            new DoNotBufferUploadInMemoryAnalyzer(),
            new DoNotBuildExpensiveObjectPerCallAnalyzer(),
            new DoNotCallDatabaseMethodPerLoopIterationAnalyzer(),
            new DoNotCallSaveChangesPerLoopIterationAnalyzer(),
            new DoNotCreateHttpClientPerCallAnalyzer(),
            new DoNotCreateServiceClientPerCallAnalyzer(),
            new DoNotExecuteQueryPerLoopIterationAnalyzer(),
            new DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer(),
            new DoNotExecuteSameQueryTwiceAnalyzer(),
            new DoNotFilterAfterMaterializingAnalyzer(),
            new DoNotFilterOnUnindexedColumnAnalyzer(),
            new DoNotIncludeSeveralCollectionsInOneQueryAnalyzer(),
            new DoNotLazyLoadPerLoopIterationAnalyzer(),
            new DoNotPageUnorderedQueryAnalyzer(),
            new DoNotReturnUnboundedQueryFromEndpointAnalyzer(),
            new DoNotSerializeEntitiesFromEndpointAnalyzer(),
            new DoNotWaitForRedisRoundTripPerLoopIterationAnalyzer(),
            new EvictFromStaticDictionaryCachesAnalyzer(),
            new MoveLongRunningWorkOutOfRequestPathAnalyzer(),
            new RateLimitUploadEndpointsAnalyzer(),
            new ServeFilesWithoutReadingThemWholeAnalyzer(),
            new SetExpirationOnDistributedCacheEntriesAnalyzer(),
            new SetTimeoutOnExternalHttpClientAnalyzer(),
            new UseAsyncOverloadForExternalCallAnalyzer(),
            new UseIdempotencyKeyForStripeWriteAnalyzer(),
            new UseNoTrackingForReadOnlyQueryAnalyzer(),
            new UseProjectionForFewColumnsAnalyzer(),
            new UseResponseCompressionForJsonApiAnalyzer(),
            new UseSetBasedUpdateInsteadOfRowByRowAnalyzer());

        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = AllDescriptors();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors;

        public override void Initialize(AnalysisContext context)
        {
            // Every rule asks for exactly this (a test checks): concurrent callbacks, no generated code.
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var hosted = new HostedRuleContext(start);
                foreach (DiagnosticAnalyzer rule in Rules)
                {
                    if (!IsTurnedOff(rule, start.Compilation, start.CancellationToken)) rule.Initialize(hosted);
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

        private static bool MayBeOn(DiagnosticDescriptor descriptor, Compilation compilation, SyntaxTreeOptionsProvider? provider, System.Threading.CancellationToken cancellationToken)
        {
            if (provider != null)
            {
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    if (provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out ReportDiagnostic perFile) && perFile != ReportDiagnostic.Suppress) return true;
                }

                if (provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out ReportDiagnostic global)) return global != ReportDiagnostic.Suppress;
            }

            if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out ReportDiagnostic specific)) return specific != ReportDiagnostic.Suppress;
            return descriptor.IsEnabledByDefault && compilation.Options.GeneralDiagnosticOption != ReportDiagnostic.Suppress;
        }

        private static ImmutableArray<DiagnosticDescriptor> AllDescriptors()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
            foreach (DiagnosticAnalyzer rule in Rules)
            {
                foreach (DiagnosticDescriptor descriptor in rule.SupportedDiagnostics)
                {
                    if (seen.Add(descriptor.Id)) descriptors.Add(descriptor);
                }
            }

            return descriptors.ToImmutable();
        }

        /// <summary>
        /// Passes a rule's registrations to the compilation the host is analyzing (a rule's own compilation-start
        /// action runs at once); the host alone configures execution.
        /// </summary>
        internal sealed class HostedRuleContext : AnalysisContext
        {
            private readonly CompilationStartAnalysisContext _start;

#pragma warning disable RS1012 // the rules register on the start context through this class, which the check cannot see
            public HostedRuleContext(CompilationStartAnalysisContext start) => _start = start;
#pragma warning restore RS1012

            /// <summary>What the rules asked for (for the test that they all ask for the host's settings).</summary>
            public bool ConcurrentExecutionEnabled { get; private set; }

            public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

            public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

            public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;

            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => action(_start);

            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _start.RegisterCompilationEndAction(action);

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _start.RegisterSemanticModelAction(action);

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _start.RegisterSymbolAction(action, symbolKinds);

            public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _start.RegisterSymbolStartAction(action, symbolKind);

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _start.RegisterCodeBlockStartAction(action);

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _start.RegisterCodeBlockAction(action);

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _start.RegisterSyntaxTreeAction(action);

            public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _start.RegisterAdditionalFileAction(action);

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _start.RegisterSyntaxNodeAction(action, syntaxKinds);

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _start.RegisterOperationAction(action, operationKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _start.RegisterOperationBlockStartAction(action);

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _start.RegisterOperationBlockAction(action);
        }
    }
}

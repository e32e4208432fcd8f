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
    /// <c>[DiagnosticAnalyzer]</c> attribute, so the compiler does not load them a second time. A rule turned off by
    /// the policy still runs while any other PerfGate rule is on; the compiler drops its diagnostics.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PerfGateAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Every rule analyzer of this assembly (a test checks none is missing).</summary>
        internal static ImmutableArray<DiagnosticAnalyzer> Rules { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
            new AwaitIndependentCallsConcurrentlyAnalyzer(),
            new BoundInMemoryCacheEntriesAnalyzer(),
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
            new DoNotWaitForRedisRoundTripPerLoopIterationAnalyzer(),
            new MoveLongRunningWorkOutOfRequestPathAnalyzer(),
            new RateLimitUploadEndpointsAnalyzer(),
            new ServeFilesWithoutReadingThemWholeAnalyzer(),
            new SetExpirationOnDistributedCacheEntriesAnalyzer(),
            new UseAsyncOverloadForExternalCallAnalyzer(),
            new UseIdempotencyKeyForStripeWriteAnalyzer(),
            new UseNoTrackingForReadOnlyQueryAnalyzer(),
            new UseProjectionForFewColumnsAnalyzer(),
            new UseSetBasedUpdateInsteadOfRowByRowAnalyzer());

        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = AllDescriptors();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors;

        public override void Initialize(AnalysisContext context)
        {
            // Every rule asks for exactly this (a test checks): concurrent callbacks, no generated code.
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            var hosted = new HostedRuleContext(context);
            foreach (DiagnosticAnalyzer rule in Rules) rule.Initialize(hosted);
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

        /// <summary>Passes a rule's registrations to the host's context; the host alone configures execution.</summary>
        internal sealed class HostedRuleContext : AnalysisContext
        {
            private readonly AnalysisContext _host;

            public HostedRuleContext(AnalysisContext host) => _host = host;

            /// <summary>What the rules asked for (for the test that they all ask for the host's settings).</summary>
            public bool ConcurrentExecutionEnabled { get; private set; }

            public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

            public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

            public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;

            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => _host.RegisterCompilationStartAction(action);

            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _host.RegisterCompilationAction(action);

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _host.RegisterSemanticModelAction(action);

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _host.RegisterSymbolAction(action, symbolKinds);

            public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _host.RegisterSymbolStartAction(action, symbolKind);

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _host.RegisterCodeBlockStartAction(action);

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _host.RegisterCodeBlockAction(action);

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _host.RegisterSyntaxTreeAction(action);

            public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _host.RegisterAdditionalFileAction(action);

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _host.RegisterSyntaxNodeAction(action, syntaxKinds);

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _host.RegisterOperationAction(action, operationKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _host.RegisterOperationBlockStartAction(action);

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _host.RegisterOperationBlockAction(action);
        }
    }
}

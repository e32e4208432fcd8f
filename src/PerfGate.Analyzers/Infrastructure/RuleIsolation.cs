using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Keeps one rule's failure on one piece of code from costing every other finding. The host
    /// (<see cref="PerfGateAnalyzer"/>) hands each rule this context instead of the compiler's: every action the rule registers
    /// runs inside a guard that turns an exception (the rule's own bug, or the compiler's, such as an older Roslyn binding C# it
    /// does not know) into PG0009 at the code being analyzed, naming the rule and the exception, once per rule and file. The
    /// rule goes on with the rest of the code, and so do the others. A rule run alone (tests, the OSS trial) is not guarded:
    /// its exceptions stay AD0001 with their stack trace.
    /// </summary>
    internal sealed class RuleIsolation
    {
        /// <summary>The descriptor of PG0009, which the host declares next to the rules'.</summary>
        public static readonly DiagnosticDescriptor Descriptor = RuleDescriptors.Create(GateRules.AnalysisIncomplete);

        private readonly ConcurrentDictionary<(string Rule, string? File), bool> _reported = new ConcurrentDictionary<(string, string?), bool>();

        /// <summary>
        /// PG0009 for <paramref name="rule"/> failing at <paramref name="location"/>, or null when this rule already failed in that
        /// file (one report per rule and file says enough).
        /// </summary>
        public Diagnostic? Failure(string rule, Location location, Exception exception)
        {
            if (!_reported.TryAdd((rule, location.SourceTree?.FilePath), true)) return null;
            string where = location.IsInSource ? "here and skipped this code" : "on this compilation and was skipped";
            string message = $"PerfGate's rule {rule} failed {where}: {Describe(exception)}; its findings here may be missing";
            return Diagnostic.Create(Descriptor, location, UntrustedText.ForLog(message));
        }

        /// <summary>The exception's type, message and the frame that threw: enough to report, without the whole trace.</summary>
        internal static string Describe(Exception exception)
        {
            Exception inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
            string text = inner.GetType().Name + ": " + inner.Message;
            string? frame = inner.StackTrace?.Split('\n')[0].Trim();
            return string.IsNullOrEmpty(frame) ? text : text + " (" + frame + ")";
        }

        /// <summary>True for a failure to isolate; a cancellation asked for is not one.</summary>
        public static bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
            !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
    }

    /// <summary>A compilation-start context whose registered actions run under <see cref="RuleIsolation"/> for one rule.</summary>
    internal sealed class IsolatedStartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _inner;
        private readonly string _rule;
        private readonly RuleIsolation _isolation;

#pragma warning disable RS1012 // the rule registers its actions on this context later, which the check cannot see
        public IsolatedStartContext(CompilationStartAnalysisContext inner, string rule, RuleIsolation isolation)
#pragma warning restore RS1012
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            _inner = inner;
            _rule = rule;
            _isolation = isolation;
        }

        private void Guard<TContext>(Action<TContext> action, TContext context, CancellationToken cancellationToken, Func<Location> location,
            Action<Diagnostic> report)
        {
            try
            {
                action(context);
            }
            catch (Exception e) when (RuleIsolation.IsFailure(e, cancellationToken))
            {
                Diagnostic? failure = _isolation.Failure(_rule, SafeLocation(location), e);
                if (failure != null) report(failure);
            }
        }

        private static Location SafeLocation(Func<Location> location)
        {
            try
            {
                return location();
            }
            catch (Exception)
            {
                return Location.None;
            }
        }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            _inner.RegisterOperationAction(c => Guard(action, c, c.CancellationToken, () => c.Operation.Syntax.GetLocation(), c.ReportDiagnostic),
                operationKinds);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _inner.RegisterOperationBlockAction(c => Guard(action, c, c.CancellationToken,
                () => c.OperationBlocks.IsEmpty ? Location.None : c.OperationBlocks[0].Syntax.GetLocation(), c.ReportDiagnostic));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            _inner.RegisterSymbolAction(c => Guard(action, c, c.CancellationToken,
                () => c.Symbol.Locations.IsEmpty ? Location.None : c.Symbol.Locations[0], c.ReportDiagnostic), symbolKinds);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action,
            ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            _inner.RegisterSyntaxNodeAction(c => Guard(action, c, c.CancellationToken, () => c.Node.GetLocation(), c.ReportDiagnostic), syntaxKinds);

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            _inner.RegisterSyntaxTreeAction(c => Guard(action, c, c.CancellationToken,
                () => Location.Create(c.Tree, default), c.ReportDiagnostic));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            _inner.RegisterSemanticModelAction(c => Guard(action, c, c.CancellationToken,
                () => Location.Create(c.SemanticModel.SyntaxTree, default), c.ReportDiagnostic));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            _inner.RegisterCodeBlockAction(c => Guard(action, c, c.CancellationToken, () => c.CodeBlock.GetLocation(), c.ReportDiagnostic));

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
            _inner.RegisterCompilationEndAction(c => Guard(action, c, c.CancellationToken, () => Location.None, c.ReportDiagnostic));

        // No rule registers these nested starts; their inner registrations would not be guarded, so they pass through as they are.
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            _inner.RegisterCodeBlockStartAction(action);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _inner.RegisterOperationBlockStartAction(action);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            _inner.RegisterSymbolStartAction(action, symbolKind);

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(action);
    }
}

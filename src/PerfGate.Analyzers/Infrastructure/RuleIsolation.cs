using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Keeps one rule's failure on one piece of code from costing every other finding. The host
    /// (<see cref="PerfGateAnalyzer"/>) hands each rule this context instead of the compiler's: every action the rule registers
    /// runs inside a guard that turns an exception (the rule's own bug, or the compiler's, such as an older Roslyn binding C# it
    /// does not know) into PG0009 naming the rule and the exception, once per rule and file, at the earliest failing place
    /// (reported at compilation end, so concurrent analysis reports the same place every run). The
    /// rule goes on with the rest of the code, and so do the others. A rule run alone (tests, the OSS trial) is not guarded:
    /// its exceptions stay AD0001 with their stack trace.
    /// </summary>
    internal sealed class RuleIsolation
    {
        /// <summary>The descriptor of PG0009, which the host declares next to the rules'. Reported at compilation end (see below).</summary>
        public static readonly DiagnosticDescriptor Descriptor = RuleDescriptors.Create(GateRules.AnalysisIncomplete, compilationEnd: true);

        private readonly ConcurrentDictionary<(string Rule, string File), Failures> _failures =
            new ConcurrentDictionary<(string, string), Failures>();

        /// <summary>
        /// Records <paramref name="rule"/> failing at <paramref name="location"/>. Actions run concurrently, so which failure comes
        /// first is chance: the report waits for compilation end and names the earliest place in each file, the same on every run.
        /// </summary>
        public void Record(string rule, Location location, Exception exception)
        {
            Failures failures = _failures.GetOrAdd((rule, location.SourceTree?.FilePath ?? ""), _ => new Failures());
            lock (failures)
            {
                failures.Count++;
                if (failures.Exception == null || IsEarlier(location, failures.Location!))
                {
                    failures.Location = location;
                    failures.Exception = exception;
                }
            }
        }

        /// <summary>One PG0009 per file <paramref name="rule"/> failed in, at the earliest place, in file order.</summary>
        public void ReportFailures(string rule, Action<Diagnostic> report)
        {
            foreach (var entry in _failures.Where(e => e.Key.Rule == rule).OrderBy(e => e.Key.File, StringComparer.Ordinal))
            {
                Failures failures = entry.Value;
                lock (failures)
                {
                    if (failures.Exception == null) continue;
                    report(Failure(rule, failures.Location!, failures.Exception, failures.Count - 1));
                }
            }
        }

        /// <summary>PG0009 for <paramref name="rule"/> failing at <paramref name="location"/> (and <paramref name="more"/> other places there).</summary>
        public static Diagnostic Failure(string rule, Location location, Exception exception, int more = 0)
        {
            string where = location.IsInSource ? "here and skipped this code" : "on this compilation and was skipped";
            string others = more > 0 ? $" (and {more} more place(s) in this file)" : "";
            string message = $"PerfGate's rule {rule} failed {where}: {Describe(exception)}{others}; its findings here may be missing";
            return Diagnostic.Create(Descriptor, location, UntrustedText.ForLog(message));
        }

        private static bool IsEarlier(Location candidate, Location current) =>
            candidate.IsInSource && (!current.IsInSource || candidate.SourceSpan.Start < current.SourceSpan.Start);

        private sealed class Failures
        {
            public int Count;
            public Location? Location;
            public Exception? Exception;
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

#pragma warning disable RS1012, RS1013 // the rule registers its actions on this context later, which the checks cannot see
        public IsolatedStartContext(CompilationStartAnalysisContext inner, string rule, RuleIsolation isolation)
#pragma warning restore RS1012, RS1013
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            _inner = inner;
            _rule = rule;
            _isolation = isolation;
            inner.RegisterCompilationEndAction(end => isolation.ReportFailures(rule, end.ReportDiagnostic));
        }

        // The location is a function of the context (a lambda that captures nothing, so one delegate): a callback runs for every
        // operation of the compilation, and a closure per call would allocate twice on each.
        private void Guard<TContext>(Action<TContext> action, TContext context, CancellationToken cancellationToken, Func<TContext, Location> location)
        {
            try
            {
                action(context);
            }
            catch (Exception e) when (RuleIsolation.IsFailure(e, cancellationToken))
            {
                _isolation.Record(_rule, SafeLocation(location, context), e);
            }
        }

        private static Location SafeLocation<TContext>(Func<TContext, Location> location, TContext context)
        {
            try
            {
                return location(context);
            }
            catch (Exception)
            {
                return Location.None;
            }
        }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            _inner.RegisterOperationAction(c => Guard(action, c, c.CancellationToken, o => o.Operation.Syntax.GetLocation()),
                operationKinds);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _inner.RegisterOperationBlockAction(c => Guard(action, c, c.CancellationToken,
                b => b.OperationBlocks.IsEmpty ? Location.None : b.OperationBlocks[0].Syntax.GetLocation()));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            _inner.RegisterSymbolAction(c => Guard(action, c, c.CancellationToken,
                s => s.Symbol.Locations.IsEmpty ? Location.None : s.Symbol.Locations[0]), symbolKinds);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action,
            ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            _inner.RegisterSyntaxNodeAction(c => Guard(action, c, c.CancellationToken, n => n.Node.GetLocation()), syntaxKinds);

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            _inner.RegisterSyntaxTreeAction(c => Guard(action, c, c.CancellationToken,
                t => Location.Create(t.Tree, default)));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            _inner.RegisterSemanticModelAction(c => Guard(action, c, c.CancellationToken,
                m => Location.Create(m.SemanticModel.SyntaxTree, default)));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            _inner.RegisterCodeBlockAction(c => Guard(action, c, c.CancellationToken, b => b.CodeBlock.GetLocation()));

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
            _inner.RegisterCompilationEndAction(c => Guard(action, c, c.CancellationToken, _ => Location.None));

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

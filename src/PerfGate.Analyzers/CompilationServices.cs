using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// What every rule shares about one compilation, built once per compilation by <see cref="PerfGateAnalyzer"/> and
    /// handed to each rule that runs (a rule run alone, by a test or the OSS trial, builds its own).
    /// <para>
    /// Two kinds of service live here. What depends on the analyzer options (the policy's exclusions and rule options)
    /// is built here, once. What depends only on the compilation (well-known types, EF query provenance, I/O summaries,
    /// request paths, call sites) is kept per compilation by the service itself, so engines that build each other
    /// (summaries classify EF calls, request paths walk summaries) and rules run alone share one instance too.
    /// A new shared engine (a hotness model, cache-aware summaries) is one more property here, created lazily so a
    /// compilation whose rules never ask for it pays nothing.
    /// </para>
    /// </summary>
    internal sealed class CompilationServices
    {
        private readonly Lazy<LoopContext> _loops;
        private readonly Lazy<EfExecution?> _efExecution;

        public CompilationServices(Compilation compilation, AnalyzerOptions options)
        {
            Compilation = compilation;
            Options = options;
            Types = WellKnownTypes.For(compilation);
            Policy = PolicyOptions.From(options);
            _loops = new Lazy<LoopContext>(() => new LoopContext(Types), LazyThreadSafetyMode.ExecutionAndPublication);
            _efExecution = new Lazy<EfExecution?>(
                () => Ef == null ? null : new EfExecution(Types, Ef), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public Compilation Compilation { get; }

        public AnalyzerOptions Options { get; }

        public WellKnownTypes Types { get; }

        /// <summary>The policy as the analyzers see it: <c>paths.exclude</c> and rule options.</summary>
        public PolicyOptions Policy { get; }

        /// <summary>Proves EF Core query roots, with one cache for the compilation; null when EF Core is not referenced.</summary>
        public EfQueryProvenance? Ef => EfQueryProvenance.For(Compilation);

        /// <summary>The single-method EF questions (executed query, expression trees, chain roots); null without EF Core.</summary>
        public EfExecution? EfExecution => _efExecution.Value;

        /// <summary>"Does this run once per iteration of something?"</summary>
        public LoopContext Loops => _loops.Value;

        /// <summary>Per-method I/O summaries over the call graph (whole program).</summary>
        public IoSummaries Summaries => IoSummaries.For(Compilation);

        /// <summary>Request handlers and what they reach.</summary>
        public RequestPaths RequestPaths => RequestPaths.For(Compilation);

        /// <summary>Who calls a method, and who creates a type, in the compilation.</summary>
        public MethodCallSites CallSites => MethodCallSites.For(Compilation);

        /// <summary>
        /// The hotness model: how a method or a location is reached (request, job, cold, test, unknown) and the path that reaches
        /// it. <see cref="RuleContext"/>'s reporting asks it for every finding; rules may ask it earlier to skip work.
        /// </summary>
        public HotnessModel Hotness => HotnessModel.For(Compilation, Policy.IsWholeApp);

        /// <summary>Nothing of this compilation is reported: a test project while the policy keeps test code silent.</summary>
        public bool SilencesEverything => Policy.IsTestProject && !Policy.ReportsTests;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// One rule on one compilation: where it registers its actions (<see cref="Start"/>), the shared
    /// <see cref="Services"/>, and <see cref="Report(Action{Diagnostic}, Location, object[])"/>, the one funnel every finding
    /// goes through: it drops what the policy's <c>paths.exclude</c> removes, asks the hotness model how the finding's code is
    /// reached, keeps cold and test code silent unless the policy's <c>reach:</c> asks for them, and appends the path to the
    /// message (the descriptor's last argument, <see cref="RuleDescriptors.MessageFormat"/>). No rule has to remember to.
    /// </summary>
    internal sealed class RuleContext
    {
        private const string UnknownReachNote = "reach unknown";

        private readonly DiagnosticDescriptor _descriptor;
        private readonly ReachScope _reach;
        private readonly int _argumentCount;

#pragma warning disable RS1012 // the rule registers its actions on Start, later, which the check cannot see
        public RuleContext(RuleMetadata metadata, DiagnosticDescriptor descriptor, CompilationServices services, CompilationStartAnalysisContext start)
#pragma warning restore RS1012
        {
            _descriptor = descriptor;
            _reach = metadata.AppliesReach ? metadata.Reach : ReachScope.Application;
            _argumentCount = RuleDescriptors.ArgumentCount(metadata.MessageFormat);
            Services = services;
            Start = start;
        }

        /// <summary>Register the rule's actions here.</summary>
        public CompilationStartAnalysisContext Start { get; }

        public CompilationServices Services { get; }

        public Compilation Compilation => Services.Compilation;

        public WellKnownTypes Types => Services.Types;

        /// <summary>
        /// True when the policy removes this file from the gate. <see cref="Report(Action{Diagnostic}, Location, object[])"/>
        /// already checks; ask earlier only to skip expensive work (whole-program summaries) in such files.
        /// </summary>
        public bool IsExcluded(SyntaxTree? tree) => tree != null && Services.Policy.IsExcluded(tree);

        /// <summary>
        /// The <c>;</c>-separated values of this rule's policy option <c>rules.&lt;id&gt;.options.&lt;name&gt;</c> (projected into the
        /// compiler config as <c>perfgate.&lt;id&gt;.&lt;name&gt;</c>), or none.
        /// </summary>
        public IReadOnlyList<string> ListOption(string name) => PolicyOptions.ReadList(Services.Options, _descriptor.Id, name);

        /// <summary>Reports the rule at <paramref name="location"/> unless the policy excludes its file or the code there is cold or test code.</summary>
        public void Report(Action<Diagnostic> report, Location location, params object?[] messageArgs) =>
            Report(report, location, additionalLocations: null, messageArgs);

        /// <summary>As <see cref="Report(Action{Diagnostic}, Location, object[])"/>, with related locations (a call chain, a first execution).</summary>
        public void Report(Action<Diagnostic> report, Location location, IEnumerable<Location>? additionalLocations, params object?[] messageArgs) =>
            Emit(report, location, null, additionalLocations, null, messageArgs);

        /// <summary>
        /// As <see cref="Report(Action{Diagnostic}, Location, IEnumerable{Location}, object[])"/>, and a note whatever the rule's level when
        /// <paramref name="noteReason"/> is set: a shape whose findings were almost never worth a warning on real code (I/O that runs only on
        /// a cache miss) still shows, without failing a build.
        /// </summary>
        public void ReportWithNote(string? noteReason, Action<Diagnostic> report, Location location, IEnumerable<Location>? additionalLocations,
            params object?[] messageArgs) =>
            Emit(report, location, null, additionalLocations, noteReason, messageArgs);

        /// <summary>
        /// As <see cref="Report(Action{Diagnostic}, Location, object[])"/> for a finding whose code runs elsewhere than where it is
        /// reported: a <c>MapPost("/upload", handler)</c> reported at the registration, reached as the handler at <paramref name="reachedAt"/>.
        /// </summary>
        public void ReportReachedAt(SyntaxNode reachedAt, Action<Diagnostic> report, Location location, params object?[] messageArgs) =>
            Emit(report, location, reachedAt, null, null, messageArgs);

        private void Emit(Action<Diagnostic> report, Location location, SyntaxNode? reachedAt, IEnumerable<Location>? additionalLocations,
            string? noteReason, object?[] messageArgs)
        {
            if (IsExcluded(location.SourceTree)) return;
            if (_reach != ReachScope.Application)
            {
                HotnessModel hotness = Services.Hotness;
                Reach reach = reachedAt != null ? hotness.ReachAt(reachedAt) : hotness.ReachAt(location);
                bool adminIsCold = _reach == ReachScope.FindingAdminIsCold;
                ReachKind kind = reach.KindFor(adminIsCold);
                if (!Services.Policy.IsTestProject && !IsReported(kind)) return;
                if (kind == ReachKind.Unknown && hotness.IsWholeApp && Services.Policy.UnknownReachIsNote && !Services.Policy.IsTestProject)
                    noteReason ??= UnknownReachNote;
                var withPath = new object?[_argumentCount + 1];
                Array.Copy(messageArgs, withPath, Math.Min(messageArgs.Length, _argumentCount));
                withPath[_argumentCount] = " [" + reach.Describe(adminIsCold) + "]";
                messageArgs = withPath;
            }

            // An argument may be a string literal of the code (a route): the compiler prints the message on the build's log.
            for (int i = 0; i < messageArgs.Length; i++)
                if (messageArgs[i] is string text) messageArgs[i] = UntrustedText.ForLog(text);
            ImmutableDictionary<string, string?>? properties = noteReason == null
                ? null
                : ImmutableDictionary<string, string?>.Empty.Add(Findings.FindingProperties.Note, noteReason);
            report(Diagnostic.Create(_descriptor, location, additionalLocations, properties, messageArgs));
        }

        private bool IsReported(ReachKind kind)
        {
            switch (kind)
            {
                case ReachKind.Cold: return Services.Policy.ReportsCold;
                case ReachKind.Test: return Services.Policy.ReportsTests;
                case ReachKind.Unknown: return Services.Policy.ReportsUnknown;
                default: return true;
            }
        }
    }
}

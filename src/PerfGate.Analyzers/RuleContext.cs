using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// One rule on one compilation: where it registers its actions (<see cref="Start"/>), the shared
    /// <see cref="Services"/>, and <see cref="Report(Action{Diagnostic}, Location, object[])"/>, which drops what the
    /// policy's <c>paths.exclude</c> removes so no rule has to remember to.
    /// </summary>
    internal sealed class RuleContext
    {
        private readonly DiagnosticDescriptor _descriptor;

#pragma warning disable RS1012 // the rule registers its actions on Start, later, which the check cannot see
        public RuleContext(DiagnosticDescriptor descriptor, CompilationServices services, CompilationStartAnalysisContext start)
#pragma warning restore RS1012
        {
            _descriptor = descriptor;
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

        /// <summary>Reports the rule at <paramref name="location"/> unless the policy excludes its file.</summary>
        public void Report(Action<Diagnostic> report, Location location, params object?[] messageArgs) =>
            Report(report, location, additionalLocations: null, messageArgs);

        /// <summary>As <see cref="Report(Action{Diagnostic}, Location, object[])"/>, with related locations (a call chain, a first execution).</summary>
        public void Report(Action<Diagnostic> report, Location location, IEnumerable<Location>? additionalLocations, params object?[] messageArgs)
        {
            if (IsExcluded(location.SourceTree)) return;
            // An argument may be a string literal of the code (a route): the compiler prints the message on the build's log.
            for (int i = 0; i < messageArgs.Length; i++)
                if (messageArgs[i] is string text) messageArgs[i] = UntrustedText.ForLog(text);
            report(Diagnostic.Create(_descriptor, location, additionalLocations, messageArgs));
        }
    }
}

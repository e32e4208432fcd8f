using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The part of perfgate.yml that analyzers need, as the MSBuild task projects it into the
    /// generated .globalconfig (analyzers never parse YAML: that would cost every compile).
    /// </summary>
    internal sealed class PolicyOptions
    {
        /// <summary>Folder the policy's relative paths start from.</summary>
        public const string RootKey = "perfgate.root";

        /// <summary><c>paths.exclude</c> globs, joined by <see cref="PolicyOptionList"/>.</summary>
        public const string ExcludeKey = "perfgate.exclude";

        /// <summary><c>reach.cold</c>: <c>report</c> to report findings only run-once code reaches (default: silent).</summary>
        public const string ReachColdKey = "perfgate.reach.cold";

        /// <summary><c>reach.tests</c>: <c>report</c> to report findings in test code (default: silent).</summary>
        public const string ReachTestsKey = "perfgate.reach.tests";

        /// <summary>
        /// <c>reach.unknown</c>: what becomes of findings the hotness model cannot place: <c>note</c> (the default: in a compilation that
        /// holds the whole app they are notes, not build warnings; in a library, whose callers are in other projects, they keep the
        /// rule's level), <c>report</c> (the rule's level everywhere) or <c>silent</c> (dropped).
        /// </summary>
        public const string ReachUnknownKey = "perfgate.reach.unknown";

        /// <summary>
        /// Set by hosts that compile a whole application as one compilation (<c>perfgate scan --sources</c>, the OSS trial): every
        /// caller of a public method is in it, and test folders were left out by the host.
        /// </summary>
        public const string WholeAppKey = "perfgate.reach.whole_app";

        /// <summary>The MSBuild property <c>PerfGateTestProject</c> (true in test projects), as the compiler passes it.</summary>
        public const string TestProjectKey = "build_property.PerfGateTestProject";

        public const string Report = "report";
        public const string Silent = "silent";

        private readonly string? _root;
        private readonly PathGlob[] _excludes;

        private PolicyOptions(string? root, PathGlob[] excludes)
        {
            _root = root;
            _excludes = excludes;
        }

        /// <summary>Findings only cold code reaches are reported (policy <c>reach: { cold: report }</c>).</summary>
        public bool ReportsCold { get; private set; }

        /// <summary>Findings in test code are reported (policy <c>reach: { tests: report }</c>).</summary>
        public bool ReportsTests { get; private set; }

        /// <summary>Findings of unknown reach are reported (the default; policy <c>reach: { unknown: silent }</c> drops them).</summary>
        public bool ReportsUnknown { get; private set; } = true;

        /// <summary>
        /// Findings of unknown reach in a whole-app compilation are notes (the default; <c>reach: { unknown: report }</c> gives them the
        /// rule's level): the model saw every caller and none places the code, so the finding cannot say why it matters.
        /// </summary>
        public bool UnknownReachIsNote { get; private set; } = true;

        /// <summary>The compilation is a whole application (see <see cref="WholeAppKey"/>).</summary>
        public bool IsWholeApp { get; private set; }

        /// <summary>The compilation is a test project (MSBuild's <c>PerfGateTestProject</c>: <c>IsTestProject</c> or a test framework referenced).</summary>
        public bool IsTestProject { get; private set; }

        public static PolicyOptions From(AnalyzerOptions options)
        {
            AnalyzerConfigOptions global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            PathGlob[] globs = new PathGlob[0];
            string? root = null;
            if (global.TryGetValue(ExcludeKey, out string? excludes) && !string.IsNullOrWhiteSpace(excludes))
            {
                global.TryGetValue(RootKey, out root);
                globs = PolicyOptionList.Split(excludes).Select(PathGlob.Parse).ToArray();
            }

            return new PolicyOptions(string.IsNullOrWhiteSpace(root) ? null : root, globs)
            {
                ReportsCold = Is(global, ReachColdKey, Report),
                ReportsTests = Is(global, ReachTestsKey, Report),
                ReportsUnknown = !Is(global, ReachUnknownKey, Silent),
                UnknownReachIsNote = !Is(global, ReachUnknownKey, Report),
                IsWholeApp = Is(global, WholeAppKey, "true"),
                IsTestProject = Is(global, TestProjectKey, "true"),
            };
        }

        private static bool Is(AnalyzerConfigOptions options, string key, string expected) =>
            options.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

        /// <summary>True when the policy's <c>paths.exclude</c> removes this file from the gate.</summary>
        public bool IsExcluded(SyntaxTree tree)
        {
            if (_excludes.Length == 0 || string.IsNullOrEmpty(tree.FilePath)) return false;
            string? relative = _root == null ? tree.FilePath : PathGlob.RelativeTo(_root, tree.FilePath);
            if (relative == null) return false;
            return _excludes.Any(glob => glob.IsMatch(relative));
        }

        public static IEnumerable<string> Keys => new[] { RootKey, ExcludeKey, ReachColdKey, ReachTestsKey, ReachUnknownKey, WholeAppKey };

        /// <summary>A rule option the policy projects as <c>perfgate.&lt;rule&gt;.&lt;name&gt; = a,b</c> (e.g. <c>perfgate.PG2004.clientTypes</c>).</summary>
        public static string RuleOptionKey(string ruleId, string name) => "perfgate." + ruleId + "." + name;

        /// <summary>The values of a rule option (<see cref="PolicyOptionList"/>), or none.</summary>
        public static IReadOnlyList<string> ReadList(AnalyzerOptions options, string ruleId, string name)
        {
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(RuleOptionKey(ruleId, name), out string? value);
            return PolicyOptionList.Split(value);
        }
    }
}

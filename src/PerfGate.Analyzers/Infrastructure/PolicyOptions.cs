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

        private static readonly PolicyOptions None = new PolicyOptions(null, new PathGlob[0]);

        private readonly string? _root;
        private readonly PathGlob[] _excludes;

        private PolicyOptions(string? root, PathGlob[] excludes)
        {
            _root = root;
            _excludes = excludes;
        }

        public static PolicyOptions From(AnalyzerOptions options)
        {
            AnalyzerConfigOptions global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (!global.TryGetValue(ExcludeKey, out string? excludes) || string.IsNullOrWhiteSpace(excludes))
                return None;
            global.TryGetValue(RootKey, out string? root);
            PathGlob[] globs = PolicyOptionList.Split(excludes).Select(PathGlob.Parse).ToArray();
            return new PolicyOptions(string.IsNullOrWhiteSpace(root) ? null : root, globs);
        }

        /// <summary>True when the policy's <c>paths.exclude</c> removes this file from the gate.</summary>
        public bool IsExcluded(SyntaxTree tree)
        {
            if (_excludes.Length == 0 || string.IsNullOrEmpty(tree.FilePath)) return false;
            string? relative = _root == null ? tree.FilePath : PathGlob.RelativeTo(_root, tree.FilePath);
            if (relative == null) return false;
            return _excludes.Any(glob => glob.IsMatch(relative));
        }

        public static IEnumerable<string> Keys => new[] { RootKey, ExcludeKey };

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

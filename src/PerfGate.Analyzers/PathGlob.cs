using System;
using System.Text;
using System.Text.RegularExpressions;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The glob dialect of <c>paths.exclude</c>: <c>**</c> spans folders, <c>*</c> and <c>?</c> stay
    /// within one segment, matching is on repo-relative paths with <c>/</c> separators and ignores case
    /// (a policy written on Windows must mean the same on Linux CI).
    /// A pattern without a <c>/</c> matches at any depth, as in .gitignore.
    /// </summary>
    public sealed class PathGlob
    {
        private readonly Regex _regex;

        private PathGlob(string pattern, Regex regex)
        {
            Pattern = pattern;
            _regex = regex;
        }

        public string Pattern { get; }

        public static PathGlob Parse(string pattern)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            string normalized = pattern.Replace('\\', '/').Trim();
            if (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
            if (normalized.EndsWith("/", StringComparison.Ordinal)) normalized += "**";
            if (normalized.IndexOf('/') < 0) normalized = "**/" + normalized;
            else if (normalized.StartsWith("/", StringComparison.Ordinal)) normalized = normalized.Substring(1);

            var regex = new StringBuilder("^");
            for (int i = 0; i < normalized.Length; i++)
            {
                char c = normalized[i];
                if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
                {
                    bool slashFollows = i + 2 < normalized.Length && normalized[i + 2] == '/';
                    regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                    i += slashFollows ? 2 : 1;
                }
                else if (c == '*') regex.Append("[^/]*");
                else if (c == '?') regex.Append("[^/]");
                else regex.Append(Regex.Escape(c.ToString()));
            }
            regex.Append('$');
            return new PathGlob(pattern, new Regex(regex.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
        }

        /// <summary>True when <paramref name="relativePath"/> (relative to the policy's folder) matches.</summary>
        public bool IsMatch(string relativePath) =>
            _regex.IsMatch(relativePath.Replace('\\', '/').TrimStart('/'));

        /// <summary>
        /// <paramref name="fullPath"/> relative to <paramref name="root"/> with <c>/</c> separators,
        /// or null when the file lies outside the root.
        /// </summary>
        public static string? RelativeTo(string root, string fullPath)
        {
            string r = root.Replace('\\', '/').TrimEnd('/') + "/";
            string p = fullPath.Replace('\\', '/');
            return p.StartsWith(r, StringComparison.OrdinalIgnoreCase) ? p.Substring(r.Length) : null;
        }
    }
}

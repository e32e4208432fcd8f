using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers.Findings
{
    /// <summary>One finding as the compiler is about to report it: rule, effective level, message and source spans.</summary>
    internal sealed class FindingsLogEntry
    {
        private FindingsLogEntry(string ruleId, string level, string message, FindingsLogSpan? location, IReadOnlyList<FindingsLogSpan> related)
        {
            RuleId = ruleId;
            Level = level;
            Message = message;
            Location = location;
            Related = related;
        }

        public string RuleId { get; }

        /// <summary><c>error</c>, <c>warning</c> or <c>note</c>, as SARIF spells them.</summary>
        public string Level { get; }

        public string Message { get; }

        public FindingsLogSpan? Location { get; }

        /// <summary>The diagnostic's additional locations (a PG1002 call chain, …), SARIF's <c>relatedLocations</c>.</summary>
        public IReadOnlyList<FindingsLogSpan> Related { get; }

        public static FindingsLogEntry From(Diagnostic diagnostic, string level)
        {
            var related = new List<FindingsLogSpan>();
            foreach (Location additional in diagnostic.AdditionalLocations)
            {
                if (FindingsLogSpan.From(additional) is { } span) related.Add(span);
            }

            return new FindingsLogEntry(
                diagnostic.Id, level, diagnostic.GetMessage(CultureInfo.InvariantCulture), FindingsLogSpan.From(diagnostic.Location), related);
        }
    }

    /// <summary>A source span with 1-based lines and columns, the end column exclusive (SARIF's region convention).</summary>
    internal sealed class FindingsLogSpan
    {
        private FindingsLogSpan(string path, int startLine, int startColumn, int endLine, int endColumn)
        {
            Path = path;
            StartLine = startLine;
            StartColumn = startColumn;
            EndLine = endLine;
            EndColumn = endColumn;
        }

        public string Path { get; }
        public int StartLine { get; }
        public int StartColumn { get; }
        public int EndLine { get; }
        public int EndColumn { get; }

        /// <summary>The span the compiler prints (after <c>#line</c> mapping), or null for a location outside source.</summary>
        public static FindingsLogSpan? From(Location location)
        {
            if (!location.IsInSource) return null;
            FileLinePositionSpan span = location.GetMappedLineSpan();
            if (!span.IsValid) return null;
            string path = span.Path;
            if (!System.IO.Path.IsPathRooted(path))
            {
                string? treeFolder = System.IO.Path.GetDirectoryName(location.SourceTree?.FilePath ?? "");
                if (string.IsNullOrEmpty(treeFolder)) return null;
                path = System.IO.Path.GetFullPath(System.IO.Path.Combine(treeFolder, path));
            }

            return new FindingsLogSpan(
                path,
                span.StartLinePosition.Line + 1,
                span.StartLinePosition.Character + 1,
                span.EndLinePosition.Line + 1,
                span.EndLinePosition.Character + 1);
        }
    }
}

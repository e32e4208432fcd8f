using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerfGate.Analyzers.Findings
{
    /// <summary>
    /// What a command-line build hands the findings log through its own global config
    /// (<c>obj/…/perfgate.findings.globalconfig</c>, written by the MSBuild task, never part of a design-time build):
    /// where to write, and which rules it raised from note to warning so that their findings reach the suppressor.
    /// No key, no log: the IDE and every build without PerfGate's targets write nothing.
    /// </summary>
    internal sealed class FindingsLogOptions
    {
        /// <summary>Absolute path of the findings log (a small SARIF 2.1.0 file).</summary>
        public const string PathKey = "perfgate.findings_log";

        /// <summary>Rule IDs at note level, joined with <c>,</c> (a <c>;</c> starts a comment in config files), raised to warning by the same config and
        /// suppressed again here.</summary>
        public const string RaisedNotesKey = "perfgate.findings_notes";

        private FindingsLogOptions(string path, HashSet<string> raisedNotes)
        {
            Path = path;
            RaisedNotes = raisedNotes;
        }

        public string Path { get; }

        public HashSet<string> RaisedNotes { get; }

        public static FindingsLogOptions? From(AnalyzerOptions options)
        {
            AnalyzerConfigOptions global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (!global.TryGetValue(PathKey, out string? path) || string.IsNullOrWhiteSpace(path)) return null;
            var notes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (global.TryGetValue(RaisedNotesKey, out string? ids))
            {
                foreach (string id in ids.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (id.Trim().Length > 0) notes.Add(id.Trim());
                }
            }

            return new FindingsLogOptions(path.Trim(), notes);
        }

        /// <summary>
        /// True when the note-to-warning raise is what made this diagnostic a warning: its file's severity (which merges
        /// the global configs with the user's <c>.editorconfig</c> sections) is the global one. A section of the user's that
        /// sets another severity for this rule (an error, say) wins, and that diagnostic is reported as the user asked.
        /// </summary>
        public bool WasRaised(Diagnostic diagnostic, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            if (!RaisedNotes.Contains(diagnostic.Id)) return false;
            SyntaxTree? tree = diagnostic.Location.SourceTree;
            SyntaxTreeOptionsProvider? provider = compilation.Options.SyntaxTreeOptionsProvider;
            if (tree == null || provider == null
                || !provider.TryGetDiagnosticValue(tree, diagnostic.Id, cancellationToken, out ReportDiagnostic perFile)) return true;
            return provider.TryGetGlobalDiagnosticValue(diagnostic.Id, cancellationToken, out ReportDiagnostic global) && perFile == global;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using PerfGate.Analyzers;
using PerfGate.Core;
using PerfGate.Core.Errors;
using PerfGate.Core.IO;

namespace PerfGate.Cli;

/// <summary>
/// Writes what <c>perfgate fix</c> changed, or prints it as a diff. A file keeps its mode, owner and group; a symbolic link is
/// written through to its target (inside the repository); a file that cannot be written so is left as it was and reported
/// (PG0003) after the others are written (<see cref="AtomicFile.Replace"/>).
/// </summary>
internal static class FixWriter
{
    public static IReadOnlyList<GateDiagnostic> Write(FixOutcome outcome, Program.ScanTarget target, bool dryRun, TextWriter stdout)
    {
        var notWritten = new List<GateDiagnostic>();
        InputScope scope = InputScope.Around(target.Directory);
        foreach (FixedFile file in outcome.Files)
        {
            if (dryRun)
            {
                stdout.Write(LineDiff.Unified(file.OldText, file.NewText, Program.DisplayPath(target.Directory, file.Path)));
                continue;
            }
            try
            {
                AtomicFile.Replace(file.Path, file.NewBytes, scope);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notWritten.Add(new GateDiagnostic(RuleIdentifiers.UnreadableEvidence, "the fix was not written: " + e.Message, file.Path));
            }
        }
        return notWritten;
    }
}

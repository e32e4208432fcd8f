using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;

namespace PerfGate.MSBuild;

/// <summary>
/// A PerfGate task: whatever stops it is reported as the PG0xxx diagnostic the CLI prints for it (<see cref="GateErrors"/>),
/// never as MSB4018's stack trace.
/// </summary>
public abstract class GateTask : Task
{
    public sealed override bool Execute()
    {
        try
        {
            return Run();
        }
        catch (Exception e)
        {
            GateDiagnostic diagnostic = GateErrors.Diagnose(e);
            if (e is PerfGateException known)
                foreach (string line in known.Preceding) LogText(line);
            LogError(diagnostic.Code, diagnostic.FilePath, diagnostic.Line, diagnostic.Column, "PerfGate: " + diagnostic.Message);
            // The stack trace of a bug, for its report: shown with -v:d.
            if (GateErrors.IsInternal(e))
                foreach (string line in e.ToString().Split('\n')) LogText(line.TrimEnd('\r'), MessageImportance.Low);
            Failed();
            return false;
        }
    }

    // The log a CI runner reads: a file name or message from the inputs (a pull request chose them) is escaped there.
    protected void LogError(string code, string? file, int line, int column, string message) =>
        Log.LogError(null, code, null, Untrusted(file), line, column, 0, 0, UntrustedText.ForLog(message));

    protected void LogWarning(string code, string? file, int line, int column, string message) =>
        Log.LogWarning(null, code, null, Untrusted(file), line, column, 0, 0, UntrustedText.ForLog(message));

    protected void LogNote(string code, string? file, int line, int column, string message) =>
        Log.LogMessage(null, code, null, Untrusted(file), line, column, 0, 0, MessageImportance.High, UntrustedText.ForLog(message));

    protected void LogText(string message, MessageImportance importance = MessageImportance.High) =>
        Log.LogMessage(importance, UntrustedText.ForLog(message));

    private static string? Untrusted(string? file) => file == null ? null : UntrustedText.ForLog(file);

    /// <summary>The task's work; false when it logged errors.</summary>
    protected abstract bool Run();

    /// <summary>Undoes what must not outlive a failed run (a stamp that would skip the next one).</summary>
    protected virtual void Failed()
    {
    }
}

using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
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
                foreach (string line in known.Preceding) Log.LogMessage(MessageImportance.High, line);
            Log.LogError(null, diagnostic.Code, null, diagnostic.FilePath, diagnostic.Line, diagnostic.Column, 0, 0, "PerfGate: " + diagnostic.Message);
            // The stack trace of a bug, for its report: shown with -v:d.
            if (GateErrors.IsInternal(e)) Log.LogMessage(MessageImportance.Low, e.ToString());
            Failed();
            return false;
        }
    }

    /// <summary>The task's work; false when it logged errors.</summary>
    protected abstract bool Run();

    /// <summary>Undoes what must not outlive a failed run (a stamp that would skip the next one).</summary>
    protected virtual void Failed()
    {
    }
}

using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Core.Errors;

namespace PerfGate.MSBuild;

/// <summary>How a task reports what stopped it: the same PG0xxx diagnostic the CLI prints (<see cref="GateErrors"/>), never MSB4018's stack trace.</summary>
internal static class GateErrorLog
{
    public static void LogGateError(this TaskLoggingHelper log, Exception e)
    {
        GateDiagnostic diagnostic = GateErrors.Diagnose(e);
        if (e is PerfGateException known)
            foreach (string line in known.Preceding) log.LogMessage(MessageImportance.High, line);
        log.LogError(null, diagnostic.Code, null, diagnostic.FilePath, diagnostic.Line, diagnostic.Column, 0, 0, "PerfGate: " + diagnostic.Message);
        // The stack trace of a bug, for its report: shown with -v:d.
        if (GateErrors.IsInternal(e)) log.LogMessage(MessageImportance.Low, e.ToString());
    }
}

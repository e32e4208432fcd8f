using System;
using System.Diagnostics;

namespace PerfGate.Cli;

/// <summary>Progress lines on an interactive terminal only: never in CI, never when stderr is redirected.</summary>
public sealed class Progress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public Progress(bool quiet)
    {
        // PERFGATE_PROGRESS=1 forces progress (for timing a scan in a script).
        Enabled = !quiet && Environment.GetEnvironmentVariable("PERFGATE_PROGRESS") == "1" || !quiet && !Console.IsErrorRedirected
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Environment.GetEnvironmentVariable("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase);
    }

    public bool Enabled { get; }

    public void Report(string message)
    {
        if (Enabled) Console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0}s] {PerfGate.Analyzers.UntrustedText.ForLog(message)}");
    }
}

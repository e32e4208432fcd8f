using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace PerfGate.Cli.Collect;

/// <summary>
/// The command <c>perfgate collect</c> wraps: started with the terminal's stdin/stdout/stderr and the OTLP variables
/// added to its environment; SIGINT and SIGTERM sent to PerfGate are passed on to it, and PerfGate waits for it to exit.
/// </summary>
internal static class ChildCommand
{
    /// <summary>Runs the command to its end and returns its exit code; a command that cannot start is a usage error.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, Action<string> log)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        for (int i = 1; i < command.Count; i++) start.ArgumentList.Add(command[i]);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new UsageException($"cannot run '{command[0]}': {e.Message} (the command after '--' must be a program on the PATH or a path to one)");
        }
        using PosixSignalRegistration? interrupt = Forward(PosixSignal.SIGINT, process, log);
        using PosixSignalRegistration? terminate = Forward(PosixSignal.SIGTERM, process, log);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static PosixSignalRegistration? Forward(PosixSignal signal, Process process, Action<string> log)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                // PerfGate stays up to collect what the command sends while it shuts down, then evaluates.
                context.Cancel = true;
                if (process.HasExited) return;
                log($"passing {signal} on to the command (pid {process.Id})");
                if (OperatingSystem.IsWindows()) process.Kill(entireProcessTree: true);
                else _ = Kill(process.Id, signal == PosixSignal.SIGINT ? 2 : 15);
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

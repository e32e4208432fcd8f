using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PerfGate.Analyzers;
using PerfGate.Core;
using PerfGate.Core.Budgets;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.IO;
using PerfGate.Core.Policy;

namespace PerfGate.Cli.Collect;

/// <summary>
/// <c>perfgate collect [options] [-- COMMAND ARGS…]</c>: receives OTLP/HTTP traces on loopback, streams them to this run's
/// OTLP/JSON files, and gates them with the policy when the wrapped command exits — or, with no command, when PerfGate is
/// stopped (SIGINT/SIGTERM) or <c>--duration</c> has passed (a service started elsewhere).
/// </summary>
internal static class CollectCommand
{
    public static readonly OptionSpec OutputFolder =
        new("--out", 1, "folder for this run's OTLP JSON files (default: the policy's budgets.traces folder, else artifacts/traces)", "DIR");
    public static readonly OptionSpec Port = new("--port", 1, $"port to listen on (default {ReceiverOptions.DefaultPort}; a free one when taken)", "N");
    public static readonly OptionSpec Listen = new("--listen", 1, "address to listen on (default 127.0.0.1: loopback only)", "ADDRESS");
    public static readonly OptionSpec Protocol =
        new("--protocol", 1, "OTEL_EXPORTER_OTLP_PROTOCOL for the command: http/protobuf (default) or http/json", "PROTOCOL");
    public static readonly OptionSpec Duration =
        new("--duration", 1, "without a command: stop after this long (90s, 5m, 1h); default: on SIGINT/SIGTERM", "TIME");
    public static readonly OptionSpec MaxBody =
        new("--max-body", 1, "largest export accepted, as sent and inflated (default 16MiB; larger ones get 413)", "SIZE");
    public static readonly OptionSpec EndpointFile = new("--endpoint-file", 1, "write the receiver's URL to FILE once it listens (for scripts)", "FILE");

    public const string Name = "collect";

    /// <summary>The command's spec, for <see cref="CommandLine.Commands"/> (built there, so no static of this class reads CommandLine's).</summary>
    public static CommandSpec CreateSpec() => new(Name,
        "receive OTLP traces (from a wrapped command, or until stopped) and gate them with the policy",
        "perfgate collect [options] [-- COMMAND ARGS…]",
        new[]
        {
            CommandLine.Policy, OutputFolder, Port, Listen, Protocol, Duration, MaxBody, EndpointFile, CommandLine.Sarif, CommandLine.Format,
            CommandLine.Output, CommandLine.BaselineOption, CommandLine.NoBaseline, CommandLine.Category, CommandLine.FailOnOption, CommandLine.Quiet,
        },
        0);

    private static readonly string[] Protocols = { "http/protobuf", "http/json" };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        int separator = args.ToList().IndexOf("--");
        IReadOnlyList<string> own = separator < 0 ? args : args.Take(separator).ToArray();
        IReadOnlyList<string> child = separator < 0 ? Array.Empty<string>() : args.Skip(separator + 1).ToArray();
        if (separator >= 0 && child.Count == 0) throw new UsageException("nothing follows '--': name the command to run (perfgate collect -- npm test)");
        ParsedCommand? command = CommandLine.Parse(own, stdout);
        if (command == null) return Program.Passed; // --help
        CommandLineChecks.RejectEmpty(command);
        if (child.Count > 0 && command.Has(Duration.Name)) throw new UsageException(
            "--duration is for collecting without a command; the command's exit ends the run");

        var (policy, policyPath) = PolicyResolver.Resolve(command.Value(CommandLine.Policy.Name), Environment.CurrentDirectory);
        policy = Program.WithFailOn(policy, command.Value(CommandLine.FailOnOption.Name));
        IReadOnlyList<string> sarif = Program.SarifInputs(command, required: false);
        var options = new ReceiverOptions(ListenAddress(command), PortOption(command), MaxBodyOption(command));
        string protocol = ProtocolOption(command);
        TimeSpan? duration = command.Value(Duration.Name) is { } d ? ParseDuration(d) : null;
        string folder = OutputFolderFor(command, policy, policyPath);
        bool quiet = command.Has(CommandLine.Quiet.Name);
        void Say(string line) { if (!quiet) stderr.WriteLine("PerfGate: " + UntrustedText.ForLog(line)); }

        int childExit = 0;
        ReceiverStats stats;
        TraceFileSink sink;
        string endpoint;
        using (sink = new TraceFileSink(folder, TraceFileSink.NewRunName(folder, DateTime.UtcNow)))
        {
            OtlpHttpReceiver receiver = OtlpHttpReceiver.StartAsync(options, sink, CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                endpoint = receiver.TracesEndpoint;
                if (receiver.PortInUse is int taken) stderr.WriteLine($"PerfGate: port {taken} is in use; listening on port {receiver.Port} instead");
                if (!IPAddress.IsLoopback(options.Address))
                    stderr.WriteLine($"PerfGate: warning: listening on {options.Address} (--listen): other machines can send spans to this port");
                Say($"receiving OTLP/HTTP traces on {endpoint} (protobuf and JSON) into {Display(Path.Combine(sink.Folder, sink.Name))}*.otlp.json");
                if (command.Value(EndpointFile.Name) is { } endpointFile)
                    AtomicFile.WriteAllText(OutputPath.Check(endpointFile, sarif.Append(policyPath), EndpointFile.Name), receiver.Endpoint + "\n");

                if (child.Count > 0)
                {
                    var environment = ExporterEnvironment(receiver, protocol);
                    Say($"running {string.Join(" ", child)} with OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint} ({protocol})");
                    childExit = ChildCommand.RunAsync(child, environment, Say).GetAwaiter().GetResult();
                    if (childExit != 0) stderr.WriteLine($"PerfGate: the command exited with code {childExit}");
                }
                else
                {
                    Say($"set OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint} for the service; stop with Ctrl+C or SIGTERM"
                        + (duration is { } limit ? $" (or after {limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s)" : ""));
                    WaitForStop(duration, Say);
                }
            }
            finally
            {
                receiver.StopAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
                receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            stats = receiver.Stats;
        }
        stderr.WriteLine("PerfGate: "
            + UntrustedText.ForLog(stats.Describe() + (sink.Files.Count > 0 ? " -> " + string.Join(", ", sink.Files.Select(Display)) : "")));

        int gate;
        try
        {
            if (stats.Spans == 0) throw NoSpans(policy, endpoint, child, childExit);
            GatePolicy forRun = WithRunTraces(policy, policyPath, sink);
            gate = Program.Gate(command, forRun, policyPath, Environment.CurrentDirectory, stdout, stderr, () => Program.ReadSarif(forRun, sarif));
        }
        catch (PerfGateException e) when (childExit != 0 && e is not UsageException)
        {
            foreach (string line in GateErrors.Lines(e)) stderr.WriteLine(line);
            gate = Program.Error;
        }
        // The command's own failure (failed tests, a crashed load run) wins: CI must see it as it is.
        return childExit != 0 ? childExit : gate;
    }

    /// <summary>The policy with every <c>budgets.traces</c> entry reading this run's files (their limits and routes kept).</summary>
    internal static GatePolicy WithRunTraces(GatePolicy policy, string? policyPath, TraceFileSink sink)
    {
        string files = Path.Combine(sink.Folder, sink.Name + "*.otlp.json");
        string relative = Path.GetRelativePath(policy.BaseDirectory, files);
        string glob = (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? files : relative).Replace('\\', '/');
        IReadOnlyList<TraceBudget> traces = policy.Budgets.Traces.Count > 0
            ? policy.Budgets.Traces.Select(
                t => new TraceBudget(glob, t.QueriesPerRequestMax, t.Position) { CallsPerRequestMax = t.CallsPerRequestMax, Routes = t.Routes }).ToArray()
            : new[] { new TraceBudget(glob, null, new PolicyPosition(policyPath, 0, 0)) };
        return policy.WithBudgets(policy.Budgets with { Traces = traces });
    }

    private static PerfGateException NoSpans(GatePolicy policy, string endpoint, IReadOnlyList<string> child, int childExit)
    {
        string source = child.Count > 0 ? $"while '{string.Join(" ", child)}' ran (exit code {childExit})" : "before the receiver was stopped";
        string hint = Environment.GetEnvironmentVariable("OTEL_TRACES_EXPORTER") is { } exporter
            && !exporter.Contains("otlp", StringComparison.OrdinalIgnoreCase)
            ? $"; OTEL_TRACES_EXPORTER is '{exporter}', not otlp"
            : "";
        string message = $"no spans received on {endpoint} {source}: nothing to gate. The service must start an OpenTelemetry SDK that exports "
            + "OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (set for the command), and flush it before it exits" + hint;
        TraceBudget? entry = policy.Budgets.Traces.FirstOrDefault();
        return entry?.Position.FilePath is { } file
            ? new EvidenceException(file, entry.Position.Line, entry.Position.Column, message)
            : new PerfGateException(RuleIdentifiers.UnreadableEvidence, message);
    }

    /// <summary>The variables OpenTelemetry SDKs read (Node, .NET, Java, Python, Go): this receiver, over HTTP.</summary>
    internal static IReadOnlyDictionary<string, string> ExporterEnvironment(OtlpHttpReceiver receiver, string protocol) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = receiver.TracesEndpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = protocol,
    };

    private static void WaitForStop(TimeSpan? duration, Action<string> say)
    {
        using var stop = new ManualResetEventSlim();
        string? reason = null;
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            reason ??= context.Signal.ToString();
            stop.Set();
        }
        using var interrupt = Register(PosixSignal.SIGINT, Stop);
        using var terminate = Register(PosixSignal.SIGTERM, Stop);
        bool signalled = duration is { } limit ? stop.Wait(limit) : stop.Wait(Timeout.Infinite);
        say(signalled ? $"stopping ({reason})" : "stopping (--duration has passed)");
    }

    private static PosixSignalRegistration? Register(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, handler);
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static string OutputFolderFor(ParsedCommand command, GatePolicy policy, string? policyPath)
    {
        if (command.Value(OutputFolder.Name) is { } explicitFolder)
        {
            // The command line is the CI's own word: this run's files are read back from there wherever it is.
            string folder = Path.GetFullPath(explicitFolder);
            InputScope.Allow(folder);
            return folder;
        }
        string baseDirectory = policyPath != null ? policy.BaseDirectory : Environment.CurrentDirectory;
        // Where the policy already looks for traces, so a later `perfgate check` sees this run too.
        if (policy.Budgets.Traces.FirstOrDefault() is { } first)
        {
            string[] segments = first.Files.Replace('\\', '/').Split('/');
            string prefix = string.Join("/", segments.Take(segments.Length - 1).TakeWhile(s => s.IndexOfAny(new[] { '*', '?' }) < 0));
            string folder = Path.GetFullPath(Path.Combine(baseDirectory, prefix.Length == 0 ? "." : prefix));
            // The policy comes with the pull request: it may not make PerfGate write outside the repository.
            InputScope scope = InputScope.Around(baseDirectory);
            if (!scope.Contains(folder))
                throw new PerfGateException(RuleIdentifiers.UnreadableEvidence, scope.Refusal(first.Files) + "; pass --out DIR to write the traces elsewhere",
                    first.Position.FilePath, first.Position.Line, first.Position.Column);
            return folder;
        }
        return Path.Combine(baseDirectory, "artifacts", "traces");
    }

    private static string Display(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static IPAddress ListenAddress(ParsedCommand command)
    {
        string? value = command.Value(Listen.Name);
        if (value == null || value.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        return IPAddress.TryParse(value.Trim('[', ']'), out IPAddress? address)
            ? address
            : throw new UsageException($"--listen needs an IP address (127.0.0.1, ::1, 0.0.0.0), not '{value}'");
    }

    private static int PortOption(ParsedCommand command)
    {
        string? value = command.Value(Port.Name);
        if (value == null) return ReceiverOptions.DefaultPort;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port
            : throw new UsageException($"--port needs a port number from 0 to 65535 (0: any free port), not '{value}'");
    }

    private static string ProtocolOption(ParsedCommand command)
    {
        if (command.Value(Protocol.Name) is { } value)
            return Protocols.Contains(value)
                ? value
                : throw new UsageException($"--protocol must be http/protobuf or http/json, not '{value}'" + ClosestMatch.Suffix(value, Protocols)
                    + " (the receiver speaks OTLP over HTTP, not gRPC)");
        // An environment that already chose JSON keeps it; gRPC (or anything else) cannot reach this receiver.
        string? inherited = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
            ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL");
        return inherited == "http/json" ? inherited : "http/protobuf";
    }

    private static readonly Regex SizePattern =
        new(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(B|KB|KIB|K|MB|MIB|M|GB|GIB|G)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static long MaxBodyOption(ParsedCommand command)
    {
        string? value = command.Value(MaxBody.Name);
        if (value == null) return ReceiverOptions.DefaultMaxBodyBytes;
        Match match = SizePattern.Match(value);
        if (!match.Success) throw new UsageException($"--max-body needs a size such as 16MiB, 512KiB or 1048576, not '{value}'");
        double number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        long unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => 1024 * 1024,
            "G" or "GB" or "GIB" => 1024L * 1024 * 1024,
            _ => 1,
        };
        double bytes = number * unit;
        return bytes is >= 1024 and <= int.MaxValue
            ? (long)bytes
            : throw new UsageException($"--max-body must be between 1KiB and 2GiB, not '{value}'");
    }

    private static readonly Regex DurationPattern = new(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)\s*$", RegexOptions.CultureInvariant);

    internal static TimeSpan ParseDuration(string value)
    {
        Match match = DurationPattern.Match(value);
        if (!match.Success) throw new UsageException($"--duration needs a time such as 90s, 5m or 1h, not '{value}'");
        double number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        TimeSpan span = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromHours(number),
        };
        return span > TimeSpan.Zero ? span : throw new UsageException("--duration must be more than zero");
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using PerfGate.Core.Errors;

namespace PerfGate.Fuzz;

/// <summary>How one case ended; <see cref="Violation"/> is null when the invariant held.</summary>
public sealed record CaseOutcome(string Target, int Case, int InputBytes, string? Violation, string? Signature);

/// <summary>What a campaign ran and found.</summary>
public sealed record FuzzReport(IReadOnlyDictionary<string, int> CasesByTarget, IReadOnlyList<CaseOutcome> Failures, TimeSpan Elapsed, bool StoppedOnHang)
{
    public int Cases => CasesByTarget.Values.Sum();

    /// <summary>Failures of one kind (same target and signature) counted once: the defects found.</summary>
    public int DistinctFailures => Failures.Select(f => (f.Target, f.Signature)).Distinct().Count();
}

/// <summary>
/// Runs mutated inputs through the targets and checks the invariant of issue 18: every input ends in a result or a
/// <see cref="PerfGateException"/> with a PG0xxx code (never PG0008, the internal error) and a position in the input;
/// never another exception, never a hang (<see cref="CaseTimeout"/> per case), never unbounded memory (bytes allocated
/// per case), and no message echoes more than <see cref="MaxMessageLength"/> characters of an input.
/// </summary>
public sealed class FuzzCampaign : IDisposable
{
    public const int MaxMessageLength = 4000;
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(15);

    private readonly IReadOnlyList<FuzzTarget> _targets;
    private readonly int _seed;
    private readonly string _folder;
    private readonly string? _saveFolder;
    private Worker _worker = new();

    public FuzzCampaign(IReadOnlyList<FuzzTarget> targets, int seed, string? saveFolder = null)
    {
        _targets = targets;
        _seed = seed;
        _saveFolder = saveFolder;
        _folder = Path.Combine(Path.GetTempPath(), "perfgate-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    /// <summary>Round-robin over the targets until <paramref name="duration"/> passes or each ran <paramref name="casesPerTarget"/> cases.</summary>
    public FuzzReport Run(TimeSpan? duration, int? casesPerTarget, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var counts = _targets.ToDictionary(t => t.Name, _ => 0);
        var failures = new List<CaseOutcome>();
        for (int number = 0; ; number++)
        {
            if (casesPerTarget is int max && number >= max) break;
            if (duration is { } limit && clock.Elapsed >= limit) break;
            foreach (FuzzTarget target in _targets)
            {
                CaseOutcome outcome = RunCase(target, number);
                counts[target.Name]++;
                if (outcome.Violation == null) continue;
                failures.Add(outcome);
                if (failures.Count(f => f.Target == outcome.Target && f.Signature == outcome.Signature) == 1)
                    log?.Invoke($"FAIL {target.Name} case {number} ({outcome.InputBytes} bytes): {outcome.Violation}");
                if (outcome.Signature == "hang") return new FuzzReport(counts, failures, clock.Elapsed, StoppedOnHang: true);
            }
        }
        return new FuzzReport(counts, failures, clock.Elapsed, StoppedOnHang: false);
    }

    /// <summary>The input of a case: the same seed, target and number always give the same bytes.</summary>
    public byte[] Input(FuzzTarget target, int number) => Mutator.Mutate(new Random(CaseSeed(target.Name, number)), target.Seeds);

    public CaseOutcome RunCase(FuzzTarget target, int number)
    {
        byte[] bytes = Input(target, number);
        string caseFolder = Path.Combine(_folder, target.Name);
        string path = Path.Combine(caseFolder, target.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        var input = new FuzzInput(path, caseFolder);

        long limit = 256L * 1024 * 1024 + 64L * bytes.Length;
        if (!_worker.Run(() => target.Run(input), CaseTimeout, out Exception? error, out long allocated))
        {
            _worker = new Worker(); // the old one is stuck in the case; it is a background thread
            return Fail(target, number, bytes, $"no result after {CaseTimeout.TotalSeconds:0} s (a hang)", "hang");
        }
        if (error != null) return Judge(target, number, bytes, path, error);
        if (allocated > limit) return Fail(target, number, bytes, $"allocated {allocated / (1024 * 1024)} MB for a {bytes.Length}-byte input", "memory");
        if (input.Violations.Count > 0) return Fail(target, number, bytes, input.Violations[0], Signature(input.Violations[0]));
        return new CaseOutcome(target.Name, number, bytes.Length, null, null);
    }

    private CaseOutcome Judge(FuzzTarget target, int number, byte[] bytes, string path, Exception error)
    {
        GateDiagnostic diagnostic = GateErrors.Diagnose(error);
        string where = $"{error.GetType().Name} {Frame(error)}";
        if (error is not PerfGateException known)
            return Fail(target, number, bytes, $"{where}: {Short(error.Message)}", where);
        if (GateErrors.IsInternal(error) || !known.Code.StartsWith("PG0", StringComparison.Ordinal))
            return Fail(target, number, bytes, $"{known.Code} {where}: {Short(known.Message)}", where);
        if (known.FilePath != path || known.Line < 1 || known.Column < 1)
        {
            string position = $"{known.FilePath}({known.Line},{known.Column})";
            return Fail(target, number, bytes, $"{known.Code} without a position in the input ({position}): {Short(known.Message)}",
                "no position: " + Signature(known.Message));
        }
        if (diagnostic.Message.Length > MaxMessageLength)
            return Fail(target, number, bytes, $"{known.Code} message of {diagnostic.Message.Length} characters: {Short(known.Message)}",
                "long message: " + where);
        return new CaseOutcome(target.Name, number, bytes.Length, null, null);
    }

    private CaseOutcome Fail(FuzzTarget target, int number, byte[] bytes, string violation, string signature)
    {
        if (_saveFolder != null)
        {
            Directory.CreateDirectory(_saveFolder);
            File.WriteAllBytes(Path.Combine(_saveFolder, $"{target.Name}-{_seed}-{number}{Path.GetExtension(target.FileName)}"), bytes);
        }
        return new CaseOutcome(target.Name, number, bytes.Length, violation, signature);
    }

    // The first frame in PerfGate's code tells defects apart better than the message, which carries the input.
    private static string Frame(Exception e)
    {
        string? frame = new StackTrace(e, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.FullName?.StartsWith("PerfGate.", StringComparison.Ordinal) == true) is { } method
            ? method.DeclaringType!.Name + "." + method.Name
            : null;
        return "at " + (frame ?? "?");
    }

    // What a violation says without its figures and echoed input: "a PG0003 message of N characters".
    private static string Signature(string message) =>
        new string(message.TakeWhile(c => c != ':' && c != '\'' && c != '"').Where(c => !char.IsDigit(c)).Take(60).ToArray());

    // One line of printable text: a violation quotes its input, which may hold anything.
    private static string Short(string text)
    {
        string line = new string(text.Take(300).Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return text.Length <= 300 ? line : line + "…";
    }

    private int CaseSeed(string target, int number)
    {
        // FNV-1a: string.GetHashCode differs between processes, a case number must not.
        uint hash = 2166136261;
        foreach (char c in $"{_seed}/{target}/{number}") hash = (hash ^ c) * 16777619;
        return (int)(hash & 0x7FFFFFFF);
    }

    public void Dispose()
    {
        _worker.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>One background thread that runs cases, so a hung case can be abandoned after its timeout.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly SemaphoreSlim _start = new(0), _done = new(0);
        private Action? _work;
        private Exception? _error;
        private long _allocated;

        public Worker()
        {
            // The runtime's default stack, as a host's worker thread (an MSBuild node's) has: a deep input must end in a
            // diagnostic there too, not in a stack overflow.
            new Thread(Loop) { IsBackground = true, Name = "fuzz case" }.Start();
        }

        public bool Run(Action work, TimeSpan timeout, out Exception? error, out long allocated)
        {
            _work = work;
            _start.Release();
            bool finished = _done.Wait(timeout);
            error = _error;
            allocated = _allocated;
            return finished;
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    _error = null;
                    _work!();
                }
                catch (Exception e)
                {
                    _error = e;
                }
                _allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                _done.Release();
            }
        }

        public void Dispose()
        {
        }
    }
}

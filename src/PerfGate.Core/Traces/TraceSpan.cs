using System.Collections.Generic;

namespace PerfGate.Core.Traces;

internal enum SpanCategory : byte
{
    Other,
    Db,
    Http,
}

/// <summary>
/// One span as the detectors need it, compact (strings interned in <see cref="TraceData"/>), so a million spans
/// fit in well under the memory budget.
/// </summary>
/// <summary>Where a span starts: a file of the entry (<see cref="TraceData.FilePaths"/>) and its 1-based line and column.</summary>
internal readonly record struct SpanPosition(int File, int Line, int Column);

internal struct TraceSpan
{
    public SpanPosition Source;
    public int Trace;
    public ulong SpanId;
    public ulong ParentId;
    public long Start;
    public long End;
    public byte Kind;
    public SpanCategory Category;

    /// <summary>Interned SQL or URL template (DB/HTTP spans), -1 otherwise.</summary>
    public int Template;

    /// <summary>Hash of the exact call: statement text and parameters, or method and full URL; 0 when unknown.</summary>
    public ulong Identity;

    /// <summary>
    /// The statement has placeholders whose values were not recorded: <see cref="Identity"/> hashes the text alone, so
    /// spans that share it may still be different calls (an N+1), and are never proof of a repeated identical one.
    /// </summary>
    public bool ValuesUnknown;

    /// <summary>Interned "GET /api/orders/{id}" for a request span, -1 otherwise.</summary>
    public int Route;

    /// <summary>Interned ORM operation a span stands for ("Post.findMany" on Prisma's <c>prisma:client:operation</c>), -1 otherwise.</summary>
    public int Operation;
    public int File;
    public int Line;
    public long ResponseSize;
    public bool Compressed;
    public bool IsGetOrRead;
    public bool ClockBackwards;

    public long DurationNanos => End > Start ? End - Start : 0;
}

/// <summary>Everything read from the trace files of one budget entry.</summary>
internal sealed class TraceData
{
    private readonly Dictionary<string, int> _strings = new(System.StringComparer.Ordinal);
    private readonly Dictionary<(ulong, ulong), int> _traces = new();

    public List<string> Strings { get; } = new();
    public List<TraceSpan> Spans { get; } = new();

    /// <summary>DB or HTTP spans without a statement or URL: unusable, counted, and the gate fails when too many.</summary>
    public int UnusableSpans;

    /// <summary>DB and HTTP spans seen (usable or not).</summary>
    public int CallSpans;

    /// <summary>Spans skipped because a trace, span or parent ID was missing or unreadable.</summary>
    public int SkippedSpans;

    /// <summary>The first skipped span and why it was skipped, for the error when too many are.</summary>
    public (SpanPosition At, string Problem)? FirstSkipped;

    /// <summary>The files read, in order; <see cref="SpanPosition.File"/> indexes this list.</summary>
    public List<string> FilePaths { get; } = new();

    public int AddFile(string path)
    {
        FilePaths.Add(path);
        return FilePaths.Count - 1;
    }
    public int BackwardClockSpans;
    public int Files;

    public int Intern(string value)
    {
        if (_strings.TryGetValue(value, out int id)) return id;
        id = Strings.Count;
        Strings.Add(value);
        _strings.Add(value, id);
        return id;
    }

    public int TraceIndex(ulong high, ulong low)
    {
        if (_traces.TryGetValue((high, low), out int id)) return id;
        id = _traces.Count;
        _traces.Add((high, low), id);
        _traceIds.Add((high, low));
        return id;
    }

    private readonly List<(ulong High, ulong Low)> _traceIds = new();

    /// <summary>The trace ID in hex, as OTLP writes it.</summary>
    public string TraceId(int trace) => _traceIds[trace].High.ToString("x16") + _traceIds[trace].Low.ToString("x16");

    public int TraceCount => _traces.Count;

    public string? String(int id) => id >= 0 ? Strings[id] : null;
}

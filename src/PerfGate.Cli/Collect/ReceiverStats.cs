using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace PerfGate.Cli.Collect;

/// <summary>What the receiver accepted and what it turned away, by HTTP status: a run reports both.</summary>
internal sealed class ReceiverStats
{
    private readonly object _gate = new();
    private readonly SortedDictionary<int, (int Count, string FirstReason)> _rejected = new();
    private long _spans;
    private int _protobuf;
    private int _json;

    public long Spans => Interlocked.Read(ref _spans);
    public int ProtobufExports => Volatile.Read(ref _protobuf);
    public int JsonExports => Volatile.Read(ref _json);

    public void Accepted(bool protobuf, int spans)
    {
        Interlocked.Add(ref _spans, spans);
        if (protobuf) Interlocked.Increment(ref _protobuf);
        else Interlocked.Increment(ref _json);
    }

    public void Rejected(int status, string reason)
    {
        lock (_gate)
            _rejected[status] = _rejected.TryGetValue(status, out var seen) ? (seen.Count + 1, seen.FirstReason) : (1, reason);
    }

    /// <summary>Rejected requests by status, with the first reason given for each.</summary>
    public IReadOnlyList<(int Status, int Count, string FirstReason)> Rejections
    {
        get
        {
            lock (_gate) return _rejected.Select(r => (r.Key, r.Value.Count, r.Value.FirstReason)).ToArray();
        }
    }

    public int RejectedCount => Rejections.Sum(r => r.Count);

    public string Describe()
    {
        string text = string.Format(CultureInfo.InvariantCulture, "received {0:N0} span(s) in {1:N0} export(s) ({2:N0} protobuf, {3:N0} JSON)",
            Spans, ProtobufExports + JsonExports, ProtobufExports, JsonExports);
        var rejections = Rejections;
        if (rejections.Count == 0) return text;
        return text + "; rejected " + string.Join(", ", rejections.Select(r =>
            string.Format(CultureInfo.InvariantCulture, "{0} × {1} ({2})", r.Count, r.Status, r.FirstReason)));
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PerfGate.Analyzers;

namespace PerfGate.Core.Traces;

/// <summary>One detection before the policy gives it a level.</summary>
/// <param name="Count">The figure the rule is about: calls in the worst request, slow occurrences, bytes.</param>
internal sealed record TraceDetection(string RuleId, string Route, string Subject, int Count, string Message, string? File, int Line)
{
    /// <summary>Requests in which the same problem (rule, route, subject) was seen.</summary>
    public int Requests { get; set; } = 1;

    /// <summary>The ORM operation behind the calls ("Post.findMany" from Prisma's spans), when the trace names one.</summary>
    public string? Operation { get; init; }

    /// <summary>"10 queries in GET /orders": what a confirmed static finding says was seen.</summary>
    public string Summary => RuleId switch
    {
        "PG5001" => Operation != null ? $"{Count} × {Cap(Operation)} under {Cap(Route)}" : $"{Count} queries in {Cap(Route)}",
        "PG5002" => $"{Count} calls in {Cap(Route)}",
        "PG5003" => $"{Count} identical calls in {Cap(Route)}",
        "PG5004" => $"{Count} slow executions",
        "PG6004" => $"{Count} {Subject} in {Cap(Route)}",
        _ => Message,
    };

    private static string Cap(string text) => Errors.Echo.Cap(text, 160);
}

/// <summary>Spans of one trace whose parent links form a loop, in file order, and the span their calls were counted under.</summary>
internal sealed record SpanRing(int Trace, IReadOnlyList<int> Members, int CountedUnder);

/// <summary>Limits the detectors use; the defaults are the documented ones (docs/rules/PG5xxx.md).</summary>
internal sealed record TraceThresholds
{
    public int NPlusOneMin { get; init; } = 5;
    public int NPlusOneError { get; init; } = 10;
    public int RepeatedMin { get; init; } = 2;
    public long SlowQueryNanos { get; init; } = 500_000_000;
    public int SlowQueryOccurrences { get; init; } = 3;
    public int SlowQueryP95Samples { get; init; } = 20;
    public long SerialSavingNanos { get; init; } = 100_000_000;
    public long LargeResponseBytes { get; init; } = 300 * 1024;
    public long UncompressedResponseBytes { get; init; } = 512 * 1024;
    public int? QueriesPerRequestMax { get; init; }
    public int? CallsPerRequestMax { get; init; }
}

/// <summary>
/// Groups spans per request (the local root: the nearest server span, or the topmost span present), drops layered
/// spans that repeat their DB ancestor's statement (ORM → driver, Prisma engine layers), and runs the PG5xxx
/// detectors and the per-request budgets (PG6004) over each request.
/// </summary>
internal sealed class TraceDetector
{
    private const int MaxDepth = 128;
    private readonly TraceData _data;
    private readonly TraceThresholds _limits;
    private readonly Dictionary<(string Rule, string Route, string Subject), TraceDetection> _detections = new();
    private readonly Dictionary<int, SlowStats> _slow = new();

    public TraceDetector(TraceData data, TraceThresholds limits)
    {
        _data = data;
        _limits = limits;
    }

    /// <summary>Spans whose parentSpanId links loop back on themselves (a corrupt or hostile trace), ring by ring.</summary>
    public IReadOnlyList<SpanRing> Rings => _rings;

    private readonly List<SpanRing> _rings = new();

    // Ring member → index of the span its calls are counted under (the ring's server span, else its first span).
    private readonly Dictionary<int, int> _ringRoot = new();

    public int Requests { get; private set; }
    public int OrphanSpans { get; private set; }
    public int LayeredDuplicates { get; private set; }
    public int DbCalls { get; private set; }
    public int HttpCalls { get; private set; }

    public IReadOnlyList<TraceDetection> Run()
    {
        List<TraceSpan> spans = _data.Spans;
        // Counting sort of span indices by trace.
        int traces = _data.TraceCount;
        var starts = new int[traces + 1];
        foreach (TraceSpan span in spans) starts[span.Trace + 1]++;
        for (int t = 0; t < traces; t++) starts[t + 1] += starts[t];
        var order = new int[spans.Count];
        var fill = (int[])starts.Clone();
        for (int i = 0; i < spans.Count; i++) order[fill[spans[i].Trace]++] = i;

        var byId = new Dictionary<ulong, int>();
        var requests = new Dictionary<long, RequestStats>();
        var state = new byte[spans.Count];
        var path = new List<int>();
        for (int t = 0; t < traces; t++)
        {
            byId.Clear();
            requests.Clear();
            for (int k = starts[t]; k < starts[t + 1]; k++) byId[spans[order[k]].SpanId] = order[k];
            for (int k = starts[t]; k < starts[t + 1]; k++) FindRing(spans, byId, order[k], t, state, path);
            for (int k = starts[t]; k < starts[t + 1]; k++)
            {
                int index = order[k];
                TraceSpan span = spans[index];
                if (span.ParentId != 0 && !byId.ContainsKey(span.ParentId)) OrphanSpans++;
                if (span.Category == SpanCategory.Other)
                {
                    if (span.Kind == 2 && span.Route >= 0) Request(requests, index).IsServer = true;
                    // A response this service served: the server span's own route.
                    if (span.ResponseSize >= 0 && span.Kind == 2 && span.Route >= 0) CheckResponse(span, _data.Strings[span.Route], served: true);
                    continue;
                }
                if (span.Template < 0) continue;
                int root = RootOf(spans, byId, index, out bool layered, out ulong missingParent, out int operation);
                if (layered)
                {
                    LayeredDuplicates++;
                    continue;
                }
                // Spans whose parent is not in the file are grouped by that missing parent (one request cut off above).
                Request(requests, missingParent != 0 ? ~(long)(missingParent & 0x7FFF_FFFF_FFFF_FFFF) : root).Add(span, operation);
                if (span.Category == SpanCategory.Db)
                {
                    DbCalls++;
                    if (!_slow.TryGetValue(span.Template, out SlowStats? slow)) _slow[span.Template] = slow = new SlowStats();
                    slow.Add(span);
                }
                else
                {
                    HttpCalls++;
                    // A response this service received, inside one of its requests (not a test harness's own calls).
                    if (span.ResponseSize >= 0 && spans[root].Kind == 2) CheckResponse(span, RouteOf(spans, root), served: false);
                }
            }
            foreach (var (root, stats) in requests)
            {
                Requests++;
                Evaluate(root >= 0 ? RouteOf(spans, (int)root) : NoServerSpan, stats);
            }
        }
        foreach (var (template, slow) in _slow) EvaluateSlow(template, slow);
        return _detections.Values
            .OrderBy(d => d.RuleId, StringComparer.Ordinal).ThenBy(d => d.Route, StringComparer.Ordinal).ThenBy(d => d.Subject, StringComparer.Ordinal)
            .ToList();
    }

    private const string NoServerSpan = "a request without a server span";

    private static RequestStats Request(Dictionary<long, RequestStats> requests, long root)
    {
        if (!requests.TryGetValue(root, out RequestStats? stats)) requests[root] = stats = new RequestStats();
        return stats;
    }

    /// <summary>
    /// Follows the parent links from <paramref name="start"/> once (spans already walked are not walked again, so a trace
    /// costs linear time) and records a ring when the walk comes back to a span of its own path.
    /// </summary>
    private void FindRing(List<TraceSpan> spans, Dictionary<ulong, int> byId, int start, int trace, byte[] state, List<int> path)
    {
        const byte OnPath = 1, Done = 2;
        if (state[start] != 0) return;
        path.Clear();
        int current = start;
        while (true)
        {
            state[current] = OnPath;
            path.Add(current);
            if (spans[current].ParentId == 0 || !byId.TryGetValue(spans[current].ParentId, out int parent) || state[parent] == Done) break;
            if (state[parent] == OnPath)
            {
                List<int> members = path.GetRange(path.LastIndexOf(parent), path.Count - path.LastIndexOf(parent));
                // The calls of a ring still count: under the ring's server span when it has one, else together.
                int root = members.FirstOrDefault(m => spans[m].Kind == 2, members.Min());
                foreach (int member in members) _ringRoot[member] = root;
                _rings.Add(new SpanRing(trace, members.OrderBy(m => spans[m].Source.File).ThenBy(m => spans[m].Source.Line)
                    .ThenBy(m => spans[m].Source.Column).ToArray(), root));
                break;
            }
            current = parent;
        }
        foreach (int walked in path) state[walked] = Done;
    }

    // Walks up to the request: the nearest server span, or the topmost span present in the file. On the way it notes the
    // nearest ORM operation (Prisma's prisma:client:operation) the call belongs to. A ring of parent links ends the walk at
    // the span the ring's calls are counted under; spans of a ring are never layers of each other.
    private int RootOf(List<TraceSpan> spans, Dictionary<ulong, int> byId, int index, out bool layered, out ulong missingParent, out int operation)
    {
        layered = false;
        missingParent = 0;
        operation = -1;
        TraceSpan self = spans[index];
        int current = index;
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            if (_ringRoot.Count > 0 && _ringRoot.TryGetValue(current, out int ringRoot)) return ringRoot;
            TraceSpan span = spans[current];
            if (current != index)
            {
                if (span.Category == SpanCategory.Db && self.Category == SpanCategory.Db && span.Template == self.Template) layered = true;
                if (operation < 0 && span.Operation >= 0) operation = span.Operation;
                if (span.Kind == 2) return current;
            }
            if (span.ParentId == 0) return current;
            if (!byId.TryGetValue(span.ParentId, out int parent))
            {
                missingParent = span.ParentId;
                return current;
            }
            current = parent;
        }
        return current;
    }

    private string RouteOf(List<TraceSpan> spans, int root) =>
        spans[root].Route >= 0 ? _data.Strings[spans[root].Route] : NoServerSpan;

    private sealed class CallGroup
    {
        public int Count;
        public readonly HashSet<ulong> Identities = new();
        public bool UnknownIdentity;

        /// <summary>Some calls had placeholders without recorded values: the same text may hide different parameters.</summary>
        public bool UnknownValues;
        public readonly Dictionary<(int File, int Line), int> Sites = new();
        public readonly Dictionary<ulong, int> Repeats = new();
        public bool IsRead;
        public bool IsDb;

        /// <summary>Calls per ORM operation ("Post.findMany"), for Prisma's spans.</summary>
        public readonly Dictionary<int, int> Operations = new();
    }

    private sealed class RequestStats
    {
        public bool IsServer;
        public int Db;
        public int Http;
        public readonly Dictionary<int, CallGroup> Groups = new();
        public readonly List<(long Start, long End, int Template)> HttpSpans = new();

        public void Add(TraceSpan span, int operation)
        {
            if (span.Category == SpanCategory.Db) Db++;
            else
            {
                Http++;
                HttpSpans.Add((span.Start, span.End, span.Template));
            }
            if (!Groups.TryGetValue(span.Template, out CallGroup? group)) Groups[span.Template] = group = new CallGroup();
            group.Count++;
            group.IsDb = span.Category == SpanCategory.Db;
            group.IsRead = span.IsGetOrRead;
            if (span.Identity == 0) group.UnknownIdentity = true;
            else
            {
                if (group.Identities.Count < 64) group.Identities.Add(span.Identity);
                // Only calls whose values are all known can be proven identical (PG5003).
                if (span.ValuesUnknown) group.UnknownValues = true;
                else group.Repeats[span.Identity] = group.Repeats.GetValueOrDefault(span.Identity) + 1;
            }
            if (span.File >= 0) group.Sites[(span.File, span.Line)] = group.Sites.GetValueOrDefault((span.File, span.Line)) + 1;
            if (operation >= 0) group.Operations[operation] = group.Operations.GetValueOrDefault(operation) + 1;
        }
    }

    private void Evaluate(string route, RequestStats stats)
    {
        foreach (var (template, group) in stats.Groups)
        {
            bool db = group.IsDb;
            string text = _data.Strings[template];
            (string? file, int line) = Site(group);
            int distinct = group.Identities.Count;
            bool unknown = (group.UnknownIdentity && distinct == 0) || (group.UnknownValues && distinct <= 1);
            if (group.Count >= _limits.NPlusOneMin && (distinct >= 2 || unknown))
            {
                string rule = db ? RuleIdentifiers.NPlusOneQueriesAtRuntime : RuleIdentifiers.NPlusOneApiCallsAtRuntime;
                string what = db ? "queries" : "calls";
                string parameters = unknown ? "parameters not recorded" : $"{distinct}{(distinct == 64 ? "+" : "")} distinct parameter sets";
                string? operation = Operations(group);
                Report(rule, route, text, group.Count, file, line, operation != null
                    ? $"{group.Count} × {Shown(operation)} under {Shown(route)} (one query shape, {parameters}): {Short(text)}"
                    : $"{Shown(route)}: {group.Count} {what} of one shape in one request ({parameters}): {Short(text)}", operation);
            }
            foreach (var (identity, count) in group.Repeats)
            {
                if (count < _limits.RepeatedMin || !group.IsRead) continue;
                string what = db ? "identical query" : "identical GET";
                string? operation = Operations(group);
                Report(RuleIdentifiers.RepeatedIdenticalCallAtRuntime, route, text, count, file, line,
                    $"{Shown(route)}: the same {what}{(operation != null ? " (" + Shown(operation) + ")" : "")} ran {count} times in one request (same text and parameters; cacheable): {Short(text)}",
                    operation);
                break;
            }
        }
        if (stats.HttpSpans.Count >= 2) EvaluateSerial(route, stats);
        if (_limits.QueriesPerRequestMax is int maxQueries && stats.Db > maxQueries)
        {
            CallGroup busiest = stats.Groups.Where(g => g.Value.IsDb).OrderByDescending(g => g.Value.Count).First().Value;
            (string? file, int line) = Site(busiest);
            string? operation = Operations(busiest);
            Report(RuleIdentifiers.RequestBudgetExceeded, route, "queries", stats.Db, file, line,
                $"{Shown(route)}: {stats.Db} queries in one request, over the budget of {maxQueries} (queriesPerRequest)"
                + (operation != null ? $"; the most from {busiest.Count} × {Shown(operation)}" : ""));
        }
        if (_limits.CallsPerRequestMax is int maxCalls && stats.Http > maxCalls)
        {
            (string? file, int line) = Site(stats.Groups.Where(g => !g.Value.IsDb).OrderByDescending(g => g.Value.Count).First().Value);
            Report(RuleIdentifiers.RequestBudgetExceeded, route, "calls", stats.Http, file, line,
                $"{Shown(route)}: {stats.Http} outbound HTTP calls in one request, over the budget of {maxCalls} (callsPerRequest)");
        }
    }

    private void EvaluateSerial(string route, RequestStats stats)
    {
        var calls = stats.HttpSpans.OrderBy(h => h.Start).ToList();
        int runStart = 0;
        for (int i = 1; i <= calls.Count; i++)
        {
            bool continues = i < calls.Count && calls[i].Start >= calls[i - 1].End && calls[i].Template != calls[i - 1].Template;
            if (continues) continue;
            int length = i - runStart;
            if (length >= 2)
            {
                var run = calls.Skip(runStart).Take(length).ToList();
                long total = run.Sum(c => Math.Max(0, c.End - c.Start));
                long longest = run.Max(c => Math.Max(0, c.End - c.Start));
                long saving = total - longest;
                if (saving >= _limits.SerialSavingNanos)
                {
                    string names = string.Join(", ", run.Select(c => _data.Strings[c.Template]).Distinct().Take(4));
                    Report(RuleIdentifiers.SerialHttpCallsAtRuntime, route, names, length, null, 0,
                        $"{Shown(route)}: {length} HTTP calls ran one after another ({Ms(total)} in all); run together they would take about {Ms(longest)}: {Shown(names)}");
                }
            }
            runStart = i;
        }
    }

    private void CheckResponse(TraceSpan span, string route, bool served)
    {
        string subject = served ? route : _data.Strings[span.Template];
        string what = served ? Shown(route) : $"{Shown(route)}: {Shown(subject)}";
        string? file = span.File >= 0 ? _data.Strings[span.File] : null;
        if (span.ResponseSize > _limits.UncompressedResponseBytes && !span.Compressed)
            Report(RuleIdentifiers.LargeResponseAtRuntime, route, subject, (int)Math.Min(int.MaxValue, span.ResponseSize / 1024), file, span.Line,
                $"{what} returned {Kb(span.ResponseSize)} without compression (no content-encoding); compress it or page it");
        else if (span.ResponseSize > _limits.LargeResponseBytes)
            Report(RuleIdentifiers.LargeResponseAtRuntime, route, subject, (int)Math.Min(int.MaxValue, span.ResponseSize / 1024), file, span.Line,
                $"{what} returned {Kb(span.ResponseSize)} (over {Kb(_limits.LargeResponseBytes)}); page it or select fewer fields");
    }

    private sealed class SlowStats
    {
        public readonly List<long> Durations = new();
        public readonly Dictionary<(int, int), int> Sites = new();

        public void Add(TraceSpan span)
        {
            Durations.Add(span.DurationNanos);
            if (span.File >= 0) Sites[(span.File, span.Line)] = Sites.GetValueOrDefault((span.File, span.Line)) + 1;
        }
    }

    private void EvaluateSlow(int template, SlowStats stats)
    {
        int slow = stats.Durations.Count(d => d >= _limits.SlowQueryNanos);
        if (slow == 0) return;
        long p95 = 0;
        if (stats.Durations.Count >= _limits.SlowQueryP95Samples)
        {
            stats.Durations.Sort();
            p95 = stats.Durations[(int)Math.Ceiling(stats.Durations.Count * 0.95) - 1];
        }
        if (slow < _limits.SlowQueryOccurrences && p95 < _limits.SlowQueryNanos) return;
        var site = stats.Sites.OrderByDescending(s => s.Value).Select(s => ((int, int)?)s.Key).FirstOrDefault();
        string text = _data.Strings[template];
        Report(RuleIdentifiers.SlowQueryAtRuntime, "all requests", text, slow, site is { } s ? _data.Strings[s.Item1] : null, site?.Item2 ?? 0,
            $"a query took {Ms(_limits.SlowQueryNanos)} or more {slow} times (of {stats.Durations.Count}{(p95 > 0 ? ", p95 " + Ms(p95) : "")}): {Short(text)}");
    }

    private (string? File, int Line) Site(CallGroup group)
    {
        if (group.Sites.Count == 0) return (null, 0);
        var best = group.Sites.OrderByDescending(s => s.Value).ThenBy(s => s.Key.File).ThenBy(s => s.Key.Line).First().Key;
        return (_data.Strings[best.File], best.Line);
    }

    private void Report(string rule, string route, string subject, int count, string? file, int line, string message, string? operation = null)
    {
        var key = (rule, route, subject);
        if (_detections.TryGetValue(key, out TraceDetection? existing))
        {
            existing.Requests++;
            if (count <= existing.Count) return;
            _detections[key] = new TraceDetection(rule, route, subject, count, message, file ?? existing.File, file != null ? line : existing.Line)
            {
                Requests = existing.Requests,
                Operation = operation,
            };
            return;
        }
        _detections[key] = new TraceDetection(rule, route, subject, count, message, file, line) { Operation = operation };
    }

    // "Post.findMany", or the two commonest when several ORM operations issue the same statement.
    private string? Operations(CallGroup group) =>
        group.Operations.Count == 0
            ? null
            : string.Join(" / ", group.Operations.OrderByDescending(o => o.Value).ThenBy(o => _data.Strings[o.Key], StringComparer.Ordinal)
                .Take(2).Select(o => _data.Strings[o.Key]));

    // Routes, URLs and ORM operations come from the trace: a message shows a short prefix of them.
    private static string Shown(string? text) => Errors.Echo.Cap(text, 160);

    internal static string Short(string text) => text.Length <= 160 ? text : text.Substring(0, 157) + "...";

    private static string Ms(long nanos) => (nanos / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " kB";
}

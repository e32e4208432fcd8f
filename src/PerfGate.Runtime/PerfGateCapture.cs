using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PerfGate.Runtime;

/// <summary>
/// Records the DB and HTTP activity of this process as OTLP JSON, for PerfGate's trace detectors (PG5xxx).
/// <code>using var capture = PerfGateCapture.Start("artifacts/traces/orders.otlp.json");</code>
/// Sources: ASP.NET Core request activities (with the matched route), <c>System.Net.Http</c> activities,
/// EF Core's <c>Microsoft.EntityFrameworkCore</c> command events (any provider), the <c>Npgsql</c> ActivitySource and
/// SqlClient's diagnostic events. Every DB/HTTP span is a child of the request it ran in (the activity chain) and
/// carries <c>code.filepath</c>/<c>code.lineno</c> of the first user-code frame that made it.
/// The file is written (atomically) when the capture is disposed, or by <see cref="Flush"/>.
/// </summary>
public sealed class PerfGateCapture : IDisposable, IObserver<DiagnosticListener>
{
    internal const string AspNetCoreSource = "Microsoft.AspNetCore";
    internal const string HttpClientSource = "System.Net.Http";
    internal const string NpgsqlSource = "Npgsql";
    internal const string EfCoreListener = "Microsoft.EntityFrameworkCore";
    internal const string SqlClientListener = "SqlClientDiagnosticListener";
    private const string EfExecuting = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting";
    private const string EfExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string EfError = "Microsoft.EntityFrameworkCore.Database.Command.CommandError";
    private const string EfConnectionOpening = "Microsoft.EntityFrameworkCore.Database.Connection.ConnectionOpening";
    private const string HostingStop = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";
    private const string HttpOutStop = "System.Net.Http.HttpRequestOut.Stop";

    private readonly string? _path;
    private readonly PerfGateCaptureOptions _options;
    private readonly CallSiteResolver _callSites;
    private readonly ActivityListener _activityListener;
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = new();
    private readonly ConcurrentQueue<CapturedSpan> _spans = new();
    private readonly ConcurrentDictionary<Guid, PendingCommand> _commands = new();
    private readonly ConcurrentDictionary<Guid, CallSite> _connectionSites = new();
    private readonly ConcurrentDictionary<Guid, PendingCommand> _sqlClientCommands = new();
    private readonly ConcurrentDictionary<Activity, bool> _requestsInFlight = new();
    private int _count;
    private int _dropped;
    private int _disposed;

    private PerfGateCapture(string? path, PerfGateCaptureOptions options)
    {
        _path = path;
        _options = options;
        _callSites = new CallSiteResolver(options.IsUserAssembly);
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AspNetCoreSource or HttpClientSource or NpgsqlSource or "Microsoft.Data.SqlClient",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = OnActivityStarted,
            ActivityStopped = OnActivityStopped,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Starts capturing; the OTLP JSON file is written to <paramref name="path"/> on dispose.</summary>
    public static PerfGateCapture Start(string path, PerfGateCaptureOptions? options = null) =>
        new(System.IO.Path.GetFullPath(path), options ?? new PerfGateCaptureOptions());

    /// <summary>Starts capturing in memory only (read <see cref="Spans"/>).</summary>
    public static PerfGateCapture StartInMemory(PerfGateCaptureOptions? options = null) =>
        new(null, options ?? new PerfGateCaptureOptions());

    /// <summary>The spans finished so far (DB spans of an EF command nested under it when a driver span repeats it).</summary>
    public IReadOnlyList<CapturedSpan> Spans => Layered(_spans.ToArray());

    /// <summary>Spans not kept because <see cref="PerfGateCaptureOptions.MaxSpans"/> was reached.</summary>
    public int DroppedSpans => _dropped;

    /// <summary>Writes the spans so far to the file (atomically); capture goes on.</summary>
    public void Flush()
    {
        if (_path == null) return;
        OtlpJsonWriter.WriteFile(_path, _options.ServiceName, Spans, _dropped);
    }

    /// <summary>How long <see cref="Dispose"/> waits for requests still being finished (their server span not yet stopped).</summary>
    private static readonly TimeSpan RequestDrain = TimeSpan.FromSeconds(2);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // ASP.NET Core stops a request's server span after the response has reached the client: a capture ended right after
        // the last response would keep that request's queries without the span they belong to ("a request without a server
        // span"). Wait, bounded, for the requests that started while capturing to finish.
        var drain = Stopwatch.StartNew();
        while (!_requestsInFlight.IsEmpty && drain.Elapsed < RequestDrain) Thread.Sleep(5);
        _activityListener.Dispose();
        _allListeners.Dispose();
        lock (_subscriptions)
        {
            foreach (IDisposable subscription in _subscriptions) subscription.Dispose();
            _subscriptions.Clear();
        }
        Flush();
    }

    // --- DiagnosticListener plumbing ---

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (_disposed != 0) return;
        if (Debugging) Debug("listener " + listener.Name);
        IDisposable? subscription = listener.Name switch
        {
            EfCoreListener => listener.Subscribe(new Observer(OnEfEvent), name => name is EfExecuting or EfExecuted or EfError or EfConnectionOpening),
            AspNetCoreSource =>
                listener.Subscribe(new Observer(OnHostingEvent),
                    (name, _, _) => name is HostingStop or "Microsoft.AspNetCore.Hosting.HttpRequestIn" or "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start"),
            "HttpHandlerDiagnosticListener" =>
                listener.Subscribe(new Observer(OnHttpClientEvent),
                    (name, _, _) => name is HttpOutStop or "System.Net.Http.HttpRequestOut" or "System.Net.Http.HttpRequestOut.Start"),
            SqlClientListener => listener.Subscribe(new Observer(OnSqlClientEvent)),
            _ => null,
        };
        if (subscription != null) lock (_subscriptions) _subscriptions.Add(subscription);
    }

    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<DiagnosticListener>.OnCompleted() { }

    private sealed class Observer(Action<string, object?> onNext) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            try { onNext(value.Key, value.Value); }
            catch (Exception e) { if (Debugging) Debug("event " + value.Key + ": " + e); /* capture must never break the application under test */ }
        }
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }

    // PERFGATE_CAPTURE_DEBUG=<file>: what the capture saw and skipped (events, call sites it could not find).
    private static readonly string? DebugLog = Environment.GetEnvironmentVariable("PERFGATE_CAPTURE_DEBUG");
    internal static bool Debugging => !string.IsNullOrEmpty(DebugLog);

    internal static void Debug(string message)
    {
        if (!Debugging) return;
        try
        {
            lock (Properties) System.IO.File.AppendAllText(DebugLog!, message + "\n");
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { }
    }

    // --- ActivitySource spans: ASP.NET Core requests, HttpClient, Npgsql ---

    private void OnActivityStarted(Activity activity)
    {
        if (activity.Kind == ActivityKind.Server) _requestsInFlight.TryAdd(activity, true);
        if (activity.Kind != ActivityKind.Client && activity.Source.Name is not (NpgsqlSource or HttpClientSource)) return;
        try
        {
            if (_callSites.Current() is { } site) activity.SetCustomProperty(CallSiteProperty, site);
            else if (Debugging) Debug("no call site for " + activity.OperationName + ":\n" + new StackTrace(false));
        }
        catch (Exception e)
        {
            if (Debugging) Debug("activity start " + activity.OperationName + ": " + e); // never break the application
        }
    }

    private const string CallSiteProperty = "perfgate.callsite";

    private void OnActivityStopped(Activity activity)
    {
        if (activity.Kind == ActivityKind.Server) _requestsInFlight.TryRemove(activity, out _);
        try
        {
            var span = new CapturedSpan
            {
                TraceId = activity.TraceId,
                SpanId = activity.SpanId,
                ParentSpanId = activity.ParentSpanId,
                Name = activity.DisplayName,
                Kind = activity.Kind switch { ActivityKind.Server => 2, ActivityKind.Client => 3, ActivityKind.Producer => 4,
                    ActivityKind.Consumer => 5, _ => 1 },
                StartUnixNano = UnixNano(activity.StartTimeUtc),
                EndUnixNano = UnixNano(activity.StartTimeUtc + activity.Duration),
                IsError = activity.Status == ActivityStatusCode.Error,
                Scope = activity.Source.Name,
            };
            foreach (var (key, value) in activity.TagObjects)
            {
                // Connection strings can carry passwords (Npgsql's db.npgsql.data_source): never written.
                if (key.Contains("data_source", StringComparison.Ordinal) || key.Contains("connection_string", StringComparison.Ordinal)) continue;
                span.Attributes.Add(new(key, value is string s ? Cut(s) : value));
            }
            if (activity.Source.Name == NpgsqlSource)
            {
                span.Kind = 3;
                span.Statement = (span.Attribute("db.query.text") ?? span.Attribute("db.statement")) as string;
                if (span.Statement == null) return; // connection opens (CONNECT) are not queries
            }
            if (activity.GetCustomProperty(CallSiteProperty) is CallSite site) AddCallSite(span, site);
            Add(span);
        }
        catch (Exception e)
        {
            if (Debugging) Debug("activity stop " + activity.OperationName + ": " + e); // never break the application
        }
    }

    private void OnHostingEvent(string name, object? payload)
    {
        if (name != HostingStop || payload is not HttpContext context || Activity.Current is not { } activity) return;
        activity.SetTag("http.request.method", context.Request.Method);
        activity.SetTag("url.path", context.Request.Path.Value);
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
        {
            string template = "/" + route.TrimStart('/');
            activity.SetTag("http.route", template);
            activity.DisplayName = context.Request.Method + " " + template;
        }
        activity.SetTag("http.response.status_code", context.Response.StatusCode);
        if (context.Response.ContentLength is { } length) activity.SetTag("http.response.body.size", length);
    }

    private void OnHttpClientEvent(string name, object? payload)
    {
        if (name != HttpOutStop || payload == null || Activity.Current is not { } activity) return;
        if (Get(payload, "Response") is HttpResponseMessage response)
        {
            if (activity.GetTagItem("http.response.status_code") == null) activity.SetTag("http.response.status_code", (int)response.StatusCode);
            if (response.Content?.Headers.ContentLength is { } length) activity.SetTag("http.response.body.size", length);
            if (response.Content?.Headers.ContentEncoding is { Count: > 0 } encoding) activity.SetTag(
                "http.response.header.content-encoding", string.Join(",", encoding));
        }
        if (Get(payload, "Request") is HttpRequestMessage request)
        {
            // .NET redacts the query string of url.full ("?*"); a hash of the whole URI keeps identical GETs
            // distinguishable from different ones (PG5003) without writing query values (API keys) to the file.
            if (request.RequestUri != null) activity.SetTag(
                "perfgate.url.hash",
                    ((uint)StringComparer.Ordinal.GetHashCode(request.RequestUri.OriginalString)).ToString(
                        "x8", System.Globalization.CultureInfo.InvariantCulture));
            if (activity.GetTagItem("url.full") == null && request.RequestUri != null) activity.SetTag(
                "url.full", request.RequestUri.GetLeftPart(UriPartial.Path) + (request.RequestUri.Query.Length > 0 ? "?*" : ""));
            if (activity.GetTagItem("http.request.method") == null) activity.SetTag("http.request.method", request.Method.Method);
        }
    }

    // --- EF Core command events (any provider) ---

    private sealed record PendingCommand(ActivityContext Parent, long StartTimestamp, DateTime StartUtc, CallSite? Site, ActivitySpanId SpanId);

    private void OnEfEvent(string name, object? payload)
    {
        if (payload == null) return;
        switch (name)
        {
            case EfConnectionOpening:
                // EF awaits the connection before it logs the command; when that open completes asynchronously the
                // user's frames are gone by CommandExecuting, so the call site seen while opening stands in.
                if (Get(payload, "ConnectionId") is Guid connectionId && _callSites.Current() is { } openSite)
                    _connectionSites[connectionId] = openSite;
                break;
            case EfExecuting:
                if (Get(payload, "CommandId") is not Guid commandId) return;
                CallSite? site = _callSites.Current();
                if (site == null && Get(payload, "ConnectionId") is Guid connection) _connectionSites.TryGetValue(connection, out site);
                _commands[commandId] =
                    new PendingCommand(Activity.Current?.Context ?? default, Stopwatch.GetTimestamp(), DateTime.UtcNow, site, ActivitySpanId.CreateRandom());
                break;
            case EfExecuted:
            case EfError:
                if (Get(payload, "CommandId") is not Guid id || !_commands.TryRemove(id, out PendingCommand? pending)) return;
                if (Get(payload, "Command") is not DbCommand command) return;
                var duration = Get(payload, "Duration") is TimeSpan d ? d : Stopwatch.GetElapsedTime(pending.StartTimestamp);
                Add(DbSpan(command, pending, duration, name == EfError, "Microsoft.EntityFrameworkCore", Get(payload, "Connection") as DbConnection));
                break;
        }
    }

    // --- SqlClient (Microsoft.Data.SqlClient and System.Data.SqlClient diagnostic events) ---

    private void OnSqlClientEvent(string name, object? payload)
    {
        if (payload == null) return;
        if (name.EndsWith("WriteCommandBefore", StringComparison.Ordinal))
        {
            if (Get(payload, "OperationId") is Guid op)
                _sqlClientCommands[op] =
                    new PendingCommand(Activity.Current?.Context ?? default, Stopwatch.GetTimestamp(), DateTime.UtcNow, _callSites.Current(),
                        ActivitySpanId.CreateRandom());
        }
        else if (name.EndsWith("WriteCommandAfter", StringComparison.Ordinal) || name.EndsWith("WriteCommandError", StringComparison.Ordinal))
        {
            if (Get(payload, "OperationId") is not Guid op || !_sqlClientCommands.TryRemove(op, out PendingCommand? pending)) return;
            if (Get(payload, "Command") is not DbCommand command) return;
            Add(DbSpan(command, pending, Stopwatch.GetElapsedTime(pending.StartTimestamp), name.EndsWith("Error", StringComparison.Ordinal),
                "SqlClient", command.Connection));
        }
    }

    private CapturedSpan DbSpan(DbCommand command, PendingCommand pending, TimeSpan duration, bool error, string scope, DbConnection? connection)
    {
        string text = Cut(command.CommandText ?? "");
        var span = new CapturedSpan
        {
            TraceId = pending.Parent.TraceId == default ? ActivityTraceId.CreateRandom() : pending.Parent.TraceId,
            SpanId = pending.SpanId,
            ParentSpanId = pending.Parent.SpanId,
            Kind = 3,
            StartUnixNano = UnixNano(pending.StartUtc),
            EndUnixNano = UnixNano(pending.StartUtc + duration),
            IsError = error,
            Scope = scope,
            Statement = text,
        };
        string system = DbSystem(connection ?? command.Connection);
        span.Name = Operation(text) + (system.Length > 0 ? " " + system : "");
        span.Attributes.Add(new("db.system.name", system));
        span.Attributes.Add(new("db.query.text", text));
        if (connection?.Database is { Length: > 0 } database) span.Attributes.Add(new("db.namespace", database));
        if (_options.HashParameterValues && command.Parameters.Count > 0)
            span.Attributes.Add(new("perfgate.db.parameters.hash", ParameterHash(command.Parameters)));
        if (pending.Site != null) AddCallSite(span, pending.Site);
        return span;
    }

    private static string ParameterHash(DbParameterCollection parameters)
    {
        var hash = new HashCode();
        foreach (DbParameter parameter in parameters)
        {
            hash.Add(parameter.ParameterName, StringComparer.Ordinal);
            hash.Add(parameter.Value is DBNull or null ? "\0null"
                : Convert.ToString(parameter.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
        // HashCode is seeded per process, which is what we want: equal within one run, meaningless across runs.
        return ((uint)hash.ToHashCode()).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string DbSystem(DbConnection? connection)
    {
        string type = connection?.GetType().FullName ?? "";
        if (type.Contains("Npgsql", StringComparison.Ordinal)) return "postgresql";
        if (type.Contains("Sqlite", StringComparison.OrdinalIgnoreCase)) return "sqlite";
        if (type.Contains("SqlClient", StringComparison.Ordinal)) return "microsoft.sql_server";
        if (type.Contains("MySql", StringComparison.OrdinalIgnoreCase)) return "mysql";
        if (type.Contains("Oracle", StringComparison.OrdinalIgnoreCase)) return "oracle.db";
        return "other_sql";
    }

    private static string Operation(string sql)
    {
        ReadOnlySpan<char> text = sql.AsSpan().TrimStart();
        int end = 0;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        return end == 0 ? "query" : text.Slice(0, end).ToString().ToUpperInvariant();
    }

    // --- shared ---

    private static void AddCallSite(CapturedSpan span, CallSite site)
    {
        span.Attributes.Add(new("code.filepath", site.FilePath));
        span.Attributes.Add(new("code.lineno", (long)site.Line));
        if (site.Function != null) span.Attributes.Add(new("code.function", site.Function));
    }

    private void Add(CapturedSpan span)
    {
        if (Interlocked.Increment(ref _count) > _options.MaxSpans)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        _spans.Enqueue(span);
    }

    private string Cut(string text) => text.Length <= _options.MaxAttributeLength ? text : text.Substring(0, _options.MaxAttributeLength);

    private static long UnixNano(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    private static object? Get(object payload, string property) =>
        Properties.GetOrAdd(
            (payload.GetType(), property), key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance))?.GetValue(payload);

    /// <summary>
    /// A driver span (Npgsql) that repeats the statement of an EF Core command span around it becomes that span's
    /// child, so the file shows one logical query in two layers and readers de-duplicate it.
    /// </summary>
    internal static IReadOnlyList<CapturedSpan> Layered(CapturedSpan[] spans)
    {
        var commands = new Dictionary<(ActivityTraceId, ActivitySpanId, string), List<CapturedSpan>>();
        foreach (CapturedSpan span in spans)
        {
            if (span.Scope != "Microsoft.EntityFrameworkCore" || span.Statement == null) continue;
            var key = (span.TraceId, span.ParentSpanId, span.Statement);
            if (!commands.TryGetValue(key, out var list)) commands[key] = list = new List<CapturedSpan>();
            list.Add(span);
        }
        if (commands.Count == 0) return spans;
        const long tolerance = 5_000_000; // 5 ms: the EF span's clock is read in a callback, not by the driver
        foreach (CapturedSpan span in spans)
        {
            if (span.Scope == "Microsoft.EntityFrameworkCore" || span.Statement == null) continue;
            if (!commands.TryGetValue((span.TraceId, span.ParentSpanId, span.Statement), out var candidates)) continue;
            // The driver's span starts while EF executes the command; it may end later (when the reader is closed).
            CapturedSpan? owner =
                candidates.FirstOrDefault(c => c.StartUnixNano - tolerance <= span.StartUnixNano && span.StartUnixNano <= c.EndUnixNano + tolerance);
            if (owner != null) span.ParentSpanId = owner.SpanId;
        }
        return spans;
    }
}

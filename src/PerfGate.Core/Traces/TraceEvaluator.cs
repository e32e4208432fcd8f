using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Traces;

/// <summary>What one <c>budgets.traces</c> entry read and found, for reports.</summary>
public sealed record TraceSummary(
    string Files,
    int FileCount,
    int Spans,
    int Requests,
    int DbCalls,
    int HttpCalls,
    int UnusableSpans,
    int SkippedSpans,
    int OrphanSpans,
    int BackwardClockSpans,
    int LayeredDuplicates,
    int Detections);

/// <summary>
/// Evaluates a <c>budgets.traces</c> entry: reads its OTLP JSON files, runs the PG5xxx detectors and the PG6004
/// per-request budgets, and adds findings at the levels the policy gives. Called from <see cref="BudgetEvaluator"/>,
/// so every host that evaluates budgets gets runtime evidence.
/// </summary>
internal static class TraceEvaluator
{
    /// <summary>More unusable DB/HTTP spans than this fraction fails the gate (PG0003): never a silent pass.</summary>
    public const double MaxUnusableFraction = 0.10;

    public static TraceSummary? Evaluate(BudgetContext context, TraceBudget budget)
    {
        IReadOnlyList<string> files = FileGlob.Expand(context.BaseDirectory, budget.Files);
        if (files.Count == 0)
        {
            context.Missing(budget.Position,
                $"no trace file matches '{Echo.Cap(budget.Files)}' (relative to {context.BaseDirectory}); record traces with PerfGate.Runtime or an OpenTelemetry collector's file exporter first");
            return null;
        }
        var data = new TraceData();
        var reader = new OtlpTraceReader(data, new RouteTemplates(budget.Routes));
        foreach (string file in files)
        {
            try
            {
                reader.ReadFile(file);
            }
            catch (EvidenceException e)
            {
                // The spans read before the problem are still evaluated; the gate fails on the unreadable file.
                context.Unreadable(e);
            }
        }
        var detector = new TraceDetector(data, new TraceThresholds
        {
            QueriesPerRequestMax = budget.QueriesPerRequestMax,
            CallsPerRequestMax = budget.CallsPerRequestMax,
        });
        IReadOnlyList<TraceDetection> detections = detector.Run();
        if (data.CallSpans > 0 && data.UnusableSpans > data.CallSpans * MaxUnusableFraction)
        {
            context.Missing(budget.Position, string.Format(CultureInfo.InvariantCulture,
                "{0} of {1} DB/HTTP spans in '{2}' carry no statement (db.query.text/db.statement) or URL (url.full/http.url); more than {3:0}% unusable, so the trace cannot vouch for the code",
                data.UnusableSpans, data.CallSpans, budget.Files, MaxUnusableFraction * 100));
        }
        int allSpans = data.Spans.Count + data.SkippedSpans;
        if (data.FirstSkipped is var (at, problem) && data.SkippedSpans > allSpans * MaxUnusableFraction)
        {
            context.Add(RuleIdentifiers.UnreadableEvidence, RuleLevel.Error, string.Format(CultureInfo.InvariantCulture,
                "{0} of {1} spans in '{2}' have no usable trace, span or parent ID and were skipped (the first, here: {3}); more than {4:0}% unusable, "
                + "so the trace cannot vouch for the code", data.SkippedSpans, allSpans, budget.Files, problem, MaxUnusableFraction * 100),
                data.FilePaths[at.File], at.Line, at.Column);
        }
        if (detector.Rings.Count > 0) ReportRings(context, data, detector.Rings);
        foreach (TraceDetection detection in detections)
        {
            bool budgetRule = detection.RuleId == RuleIdentifiers.RequestBudgetExceeded;
            RuleLevel? level = budgetRule ? context.FailLevel(detection.RuleId) : context.Policy.LevelFor(detection.RuleId, RuleCategories.RuntimeEvidence);
            if (level is null or RuleLevel.Off) continue;
            if (detection.RuleId is RuleIdentifiers.NPlusOneQueriesAtRuntime or RuleIdentifiers.NPlusOneApiCallsAtRuntime
                && detection.Count < 10 && level > RuleLevel.Warning)
                level = RuleLevel.Warning;
            string message = detection.Message + (detection.Requests > 1 ? $" (seen in {detection.Requests} requests)" : "");
            string? path = Resolve(context.BaseDirectory, detection.File);
            if (path != null && detection.Line > 0)
                context.AddRuntime(detection.RuleId, level.Value, message, detection.Summary, path, detection.Line);
            else
                context.Add(detection.RuleId, level.Value, message, budget.Position.FilePath, budget.Position.Line, budget.Position.Column);
        }
        var summary = new TraceSummary(budget.Files, data.Files, data.Spans.Count, detector.Requests, detector.DbCalls, detector.HttpCalls,
            data.UnusableSpans, data.SkippedSpans, detector.OrphanSpans, data.BackwardClockSpans, detector.LayeredDuplicates, detections.Count);
        context.Notes.Add(Describe(summary));
        return summary;
    }

    /// <summary>
    /// A ring of parent links is a corrupt (or forged) trace: no request can be its own ancestor. PG0003 at the ring's first
    /// span, naming its spans; the calls in the ring were still counted (under the ring's server span, or together).
    /// </summary>
    private static void ReportRings(BudgetContext context, TraceData data, IReadOnlyList<SpanRing> rings)
    {
        SpanRing first = rings[0];
        TraceSpan start = data.Spans[first.Members[0]];
        IEnumerable<string> ids = first.Members.Take(6).Select(m => data.Spans[m].SpanId.ToString("x16", CultureInfo.InvariantCulture));
        string members = string.Join(", ", ids) + (first.Members.Count > 6 ? $" and {first.Members.Count - 6} more" : "");
        TraceSpan under = data.Spans[first.CountedUnder];
        string countedUnder = under.Kind == 2 && under.Route >= 0
            ? "under its request " + data.Strings[under.Route]
            : "together, as one request without a server span";
        int spans = rings.Sum(r => r.Members.Count);
        string more = rings.Count > 1 ? $" ({rings.Count} rings, {spans} spans in all)" : "";
        context.Add(RuleIdentifiers.UnreadableEvidence, RuleLevel.Error, string.Format(CultureInfo.InvariantCulture,
            "the parentSpanId links of {0} span(s) of trace {1} form a ring{2}: {3}. A span cannot be its own ancestor, so the trace is corrupt and "
            + "cannot vouch for the code; the DB and HTTP calls in the ring were counted {4}.",
            first.Members.Count, data.TraceId(first.Trace), more, members, countedUnder),
            data.FilePaths[start.Source.File], start.Source.Line, start.Source.Column);
    }

    internal static string Describe(TraceSummary s)
    {
        var text = string.Format(CultureInfo.InvariantCulture,
            "Traces '{0}': {1} file(s), {2} spans, {3} requests, {4} DB and {5} HTTP calls, {6} finding(s)",
            s.Files, s.FileCount, s.Spans, s.Requests, s.DbCalls, s.HttpCalls, s.Detections);
        var problems = new List<string>();
        if (s.UnusableSpans > 0) problems.Add($"{s.UnusableSpans} DB/HTTP span(s) without statement or URL");
        if (s.SkippedSpans > 0) problems.Add($"{s.SkippedSpans} span(s) without a usable trace, span or parent ID skipped");
        if (s.OrphanSpans > 0) problems.Add($"{s.OrphanSpans} span(s) whose parent is not in the file (grouped under their topmost span)");
        if (s.BackwardClockSpans > 0) problems.Add($"{s.BackwardClockSpans} span(s) ending before they start (duration taken as 0)");
        if (s.LayeredDuplicates > 0) problems.Add($"{s.LayeredDuplicates} layered span(s) repeating their parent's statement counted once");
        return problems.Count == 0 ? text + "." : text + "; " + string.Join("; ", problems) + ".";
    }

    private static string? Resolve(string baseDirectory, string? file)
    {
        if (string.IsNullOrEmpty(file)) return null;
        try
        {
            return Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDirectory, file));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}

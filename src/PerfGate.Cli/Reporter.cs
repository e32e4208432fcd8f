using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
using PerfGate.Core.Gate;
using PerfGate.Core.Reports;
using PerfGate.Core.Sarif;

namespace PerfGate.Cli;

/// <summary>What a gate run reports: the verdict, its findings and the baseline's stale entries.</summary>
public sealed record GateReport(GateResult Result, IReadOnlyList<BaselineEntry> Stale, string RepositoryRoot, bool HasBaseline, string? Category)
{
    public int New => Result.Findings.Count(f => f.BaselineState == BaselineMatcher.New);
    public int Baselined => Result.Findings.Count(f => f.BaselineState == BaselineMatcher.Unchanged);

    public string Summary()
    {
        string verdict = Result.Passed ? "passed" : "failed";
        var text = new StringBuilder($"PerfGate: gate {verdict} ({Result.Errors} error(s), {Result.Warnings} warning(s), {Result.Notes} note(s)");
        if (HasBaseline) text.Append($"; {New} new, {Baselined} baselined, {Stale.Count} stale baseline entr{(Stale.Count == 1 ? "y" : "ies")}");
        return text.Append(')').ToString();
    }
}

public static class Reporter
{
    public static string Version { get; } =
        typeof(Reporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// A rendered report on its way to the console. Console, Markdown and HTML escape every value as they render it; a JSON
    /// document (SARIF, json) gets <c>##vso[</c> written as <c>##vso\u005B</c> inside its strings, the same value.
    /// </summary>
    public static string ForLog(string rendered, string format) =>
        format is "sarif" or "json" ? UntrustedText.ForJsonOnLog(rendered) : rendered;

    public static string Render(GateReport report, string format) => format switch
    {
        "sarif" => Sarif(report),
        "json" => Json(report),
        "markdown" => Markdown(report),
        "html" => HtmlReport.Render(report.Result),
        _ => Console(report),
    };

    private static string Display(string? path)
    {
        if (path == null) return "perfgate";
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string Level(RuleLevel level) => SarifLevels.ToSarif(level);

    private static string Log(string? text) => UntrustedText.ForLog(text);

    /// <summary>
    /// One line per finding, note and stale entry. Paths, rule IDs and messages come from the inputs (a pull request names the
    /// files), so each is escaped for the CI log that reads these lines (<see cref="UntrustedText.ForLog"/>).
    /// </summary>
    public static string Console(GateReport report)
    {
        var text = new StringBuilder();
        foreach (Finding f in report.Result.Findings)
        {
            string path = Log(Display(f.FilePath));
            string where = f.Region is { } r ? $"{path}({r.StartLine},{r.StartColumn})" : path;
            string state = f.BaselineState == BaselineMatcher.Unchanged ? " [baselined]" : "";
            text.Append($"{where}: {Level(f.Level)} {Log(f.RuleId)}: {Log(f.Message)}{state}\n");
        }
        foreach (string note in report.Result.Budgets.Notes)
            text.Append("PerfGate: note: ").Append(Log(note)).Append('\n');
        foreach (BaselineEntry e in report.Stale)
            text.Append($"{Log(e.Path)}: stale baseline entry {Log(e.RuleId)} (fixed: run 'perfgate baseline --update' to remove it): {Log(e.Message)}\n");
        text.Append(report.Summary()).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The step summary of <see cref="MarkdownReport"/> (verdict, budget figures, findings most severe first,
    /// under 1 MiB), plus what only the CLI knows: the baseline's counts and its stale entries.
    /// </summary>
    public static string Markdown(GateReport report)
    {
        var md = new StringBuilder();
        if (report.HasBaseline || report.Stale.Count > 0)
        {
            md.Append("\n## Baseline\n\n").Append($"{report.New} new, {report.Baselined} baselined, {report.Stale.Count} stale.\n");
            if (report.Stale.Count > 0)
            {
                md.Append("\nStale baseline entries (fixed; `perfgate baseline --update` removes them):\n\n");
                foreach (BaselineEntry e in report.Stale) md.Append($"- {Cell(e.RuleId)} {Cell(e.Path)}: {Cell(e.Message)}\n");
            }
        }
        // The baseline section is small; leave it room inside the step-summary limit.
        int room = MarkdownReport.GitHubStepSummaryLimit - Encoding.UTF8.GetByteCount(md.ToString());
        return MarkdownReport.Render(report.Result, Math.Max(room, 64 * 1024)) + md;
    }

    private static string Cell(string text) => UntrustedText.ForMarkdown(text);

    public static string Json(GateReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(
            stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("tool", RuleCatalog.ToolName);
            json.WriteString("version", Version);
            json.WriteBoolean("passed", report.Result.Passed);
            json.WriteStartObject("summary");
            json.WriteNumber("errors", report.Result.Errors);
            json.WriteNumber("warnings", report.Result.Warnings);
            json.WriteNumber("notes", report.Result.Notes);
            json.WriteNumber("failing", report.Result.Failing.Count());
            if (report.HasBaseline)
            {
                json.WriteNumber("new", report.New);
                json.WriteNumber("baselined", report.Baselined);
                json.WriteNumber("stale", report.Stale.Count);
            }
            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (Finding f in report.Result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", f.RuleId);
                json.WriteString("level", Level(f.Level));
                json.WriteString("message", f.Message);
                json.WriteString("path", BaselineMatcher.RelativePath(report.RepositoryRoot, f.FilePath));
                if (f.Region is { } r)
                {
                    json.WriteNumber("line", r.StartLine);
                    json.WriteNumber("column", r.StartColumn);
                }
                if (f.BaselineState != null) json.WriteString("baselineState", f.BaselineState);
                json.WriteBoolean("failsGate", report.Result.Policy.Fails(f.Level) && f.BaselineState is not ("unchanged" or "absent"));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("staleBaselineEntries");
            foreach (BaselineEntry e in report.Stale)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", e.RuleId);
                json.WriteString("path", e.Path);
                json.WriteString("message", e.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string Sarif(GateReport report)
    {
        // Fixed baseline entries travel as results with baselineState "absent" (SARIF 3.27.24).
        var absent = report.Stale.Select(e => new Finding(e.RuleId,
            report.Result.Policy.LevelFor(e.RuleId, RuleCatalog.Find(e.RuleId)?.Category) ?? RuleLevel.Warning, e.Message,
            e.Path.Length == 0 ? null : Path.GetFullPath(Path.Combine(report.RepositoryRoot, e.Path)), null) { BaselineState = BaselineMatcher.Absent });
        var sarif = new SarifReport(Version, report.RepositoryRoot, report.Result.Findings.Concat(absent).ToArray(),
            report.Result.ForeignRules, report.Category);
        using var stream = new MemoryStream();
        SarifWriter.Write(sarif, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

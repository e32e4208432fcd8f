using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Sarif;

namespace PerfGate.Core.Tests.Sarif;

/// <summary>GitHub code scanning's limits (results per run, runs per file, gzip size, locations per result).</summary>
public sealed class SarifLimitsTests
{
    private static SarifReport Report(string root, IEnumerable<Finding> findings) =>
        new("0.1.0", root, findings.ToList(), new Dictionary<string, ReportedRule>(), "perfgate");

    private static IEnumerable<Finding> Mixed(string root, int count) => Enumerable.Range(1, count).Select(i =>
        new Finding(i % 10 == 0 ? "PG2002" : "PG1001", i % 10 == 0 ? RuleLevel.Error : i % 3 == 0 ? RuleLevel.Note : RuleLevel.Warning,
            "finding " + i, Path.Combine(root, "src", $"File{i % 50}.cs"), new SourceRegion(i, 1, i, 5)));

    private static JsonObject Written(SarifReport report, SarifLimitSettings? limits = null)
    {
        using var stream = new MemoryStream();
        SarifWriter.Write(report, stream, limits);
        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }

    [Test]
    public void Over_github_results_per_run_the_writer_keeps_the_25000_most_severe_and_records_the_cut()
    {
        using var folder = new TempFolder();
        JsonObject log = Written(Report(folder.Path, Mixed(folder.Path, 25_050)));
        JsonObject run = log["runs"]![0]!.AsObject();
        JsonArray results = run["results"]!.AsArray();
        Assert.That(results.Count, Is.EqualTo(25_000));
        // 2,505 errors and 15,030 warnings all kept; only notes were left out.
        Assert.That(results.Count(r => (string?)r!["level"] == "error"), Is.EqualTo(2_505));
        Assert.That(results.Count(r => (string?)r!["level"] == "warning"), Is.EqualTo(15_030));
        Assert.That((int)run["properties"]!["perfgate/truncated"]!["resultsBefore"]!, Is.EqualTo(25_050));
        string note = (string)run["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]!;
        Assert.That(note, Does.StartWith("Truncated for code scanning: 25,000 of 25,050 results kept, most severe first (50 left out"));
    }

    [Test]
    public void A_log_within_the_limits_is_written_unchanged()
    {
        using var folder = new TempFolder();
        SarifReport report = Report(folder.Path, Mixed(folder.Path, 20));
        JsonObject log = Written(report);
        Assert.That(log["runs"]![0]!["results"]!.AsArray().Count, Is.EqualTo(20));
        Assert.That(log["runs"]![0]!["properties"], Is.Null);
        Assert.That(log["runs"]![0]!["invocations"], Is.Null);
    }

    [Test]
    public void The_gzip_size_limit_drops_the_least_severe_results_until_the_file_fits()
    {
        using var folder = new TempFolder();
        // The budget is what 40 results take with the rules' help (which grows with the rules' docs), so about a tenth of 400 fits.
        long budget = SarifLimits.GzipSize(SarifLimits.Render(Written(Report(folder.Path, Mixed(folder.Path, 40)))));
        var limits = new SarifLimitSettings { MaxGzipBytes = budget };
        JsonObject log = Written(Report(folder.Path, Mixed(folder.Path, 400)), limits);
        Assert.That(SarifLimits.GzipSize(SarifLimits.Render(log)), Is.LessThanOrEqualTo(budget));
        JsonArray results = log["runs"]![0]!["results"]!.AsArray();
        Assert.That(results.Count, Is.GreaterThan(0).And.LessThan(400));
        // Most severe first: every error survives before any note does.
        int errorsKept = results.Count(r => (string?)r!["level"] == "error");
        if (results.Any(r => (string?)r!["level"] == "note")) Assert.That(errorsKept, Is.EqualTo(40));
        Assert.That(errorsKept, Is.EqualTo(System.Math.Min(40, results.Count)));
        Assert.That((int)log["runs"]![0]!["properties"]!["perfgate/truncated"]!["resultsKept"]!, Is.EqualTo(results.Count));
    }

    [Test]
    public void Locations_and_rule_tags_over_their_limits_are_cut_per_result_and_counted()
    {
        var log = JsonNode.Parse("""
            { "version": "2.1.0", "runs": [ {
              "tool": { "driver": { "name": "X", "rules": [ { "id": "R1", "properties": { "tags": ["a","b","c","d"] } } ] } },
              "invocations": [ { "executionSuccessful": true } ],
              "results": [ { "ruleId": "R1", "message": { "text": "m" },
                "locations": [ {}, {}, {} ], "relatedLocations": [ {}, {}, {}, {} ] } ] } ] }
            """)!.AsObject();
        var limits = new SarifLimitSettings { MaxLocationsPerResult = 2, MaxTagsPerRule = 3 };
        Assert.That(SarifLimits.Fits(log, limits), Is.False);
        IReadOnlyList<string> notes = SarifLimits.Enforce(log, limits);
        JsonObject run = log["runs"]![0]!.AsObject();
        Assert.That(run["results"]![0]!["locations"]!.AsArray().Count, Is.EqualTo(2));
        Assert.That(run["results"]![0]!["relatedLocations"]!.AsArray().Count, Is.EqualTo(2));
        Assert.That(run["tool"]!["driver"]!["rules"]![0]!["properties"]!["tags"]!.AsArray().Count, Is.EqualTo(3));
        Assert.That(notes, Is.EqualTo(new[]
        {
            "3 location(s) beyond 2 per result were left out (code scanning's limit).",
            "1 rule tag(s) beyond 3 per rule were left out (code scanning's limit).",
        }));
        Assert.That(run["invocations"]!.AsArray().Count, Is.EqualTo(1), "the existing invocation carries the notifications");
        Assert.That(run["invocations"]![0]!["toolExecutionNotifications"]!.AsArray().Count, Is.EqualTo(2));
        Assert.That(SarifLimits.Fits(log, limits), Is.True);
    }

    [Test]
    public void More_runs_than_a_file_may_hold_is_an_error_not_a_silent_cut()
    {
        var runs = new JsonArray(
            Enumerable.Range(0, 21).Select(
                i => (JsonNode)new JsonObject { ["tool"] = new JsonObject { ["driver"] = new JsonObject { ["name"] = "T" + i } },
                    ["results"] = new JsonArray() }).ToArray());
        var log = new JsonObject { ["version"] = "2.1.0", ["runs"] = runs };
        var e = Assert.Throws<PerfGate.Core.Errors.PerfGateException>(() => SarifLimits.Enforce(log))!;
        Assert.That(e.Message, Does.Contain("21 runs").And.Contain("at most 20"));
        Assert.That(e.Code, Is.EqualTo("PG0003"));
    }
}

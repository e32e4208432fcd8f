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

/// <summary>
/// Issue 18 item 12: the writer chooses the results it keeps before it writes, and streams the log (a million findings
/// needed 4 GB through the node model; build/bench/measure-large-inputs.sh measures it).
/// </summary>
public sealed class SarifStreamingTests
{
    private static JsonObject Written(string root, IReadOnlyList<Finding> findings, SarifLimitSettings? limits = null)
    {
        using var stream = new MemoryStream();
        SarifWriter.Write(new SarifReport("0.1.0", root, findings, new Dictionary<string, ReportedRule>(), "perfgate"), stream, limits);
        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }

    private static Finding At(string root, string rule, RuleLevel level, int line, string message = "same message") =>
        new(rule, level, message, Path.Combine(root, "src", "A.cs"), new SourceRegion(line, 1, line, 2));

    [Test]
    public void A_cut_keeps_the_fingerprints_of_the_results_it_keeps()
    {
        // Same rule, file and message: fingerprints differ only by their ordinal, which must count the results left out too.
        using var folder = new TempFolder();
        var findings = Enumerable.Range(1, 30).Select(i => At(folder.Path, "PG1001", i % 3 == 0 ? RuleLevel.Error : RuleLevel.Note, i)).ToList();
        JsonArray whole = Written(folder.Path, findings)["runs"]![0]!["results"]!.AsArray();
        JsonArray cut = Written(folder.Path, findings, new SarifLimitSettings { MaxResultsPerRun = 10 })["runs"]![0]!["results"]!.AsArray();

        Assert.That(cut.Select(r => (string)r!["level"]!), Is.All.EqualTo("error"));
        var byLine = whole.ToDictionary(
            r => (int)r!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!, r => r!["partialFingerprints"]!.ToJsonString());
        foreach (JsonNode? result in cut)
            Assert.That(result!["partialFingerprints"]!.ToJsonString(),
                Is.EqualTo(byLine[(int)result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!]));
    }

    [Test]
    public void Rule_metadata_covers_the_results_kept_and_ruleIndex_points_into_it()
    {
        using var folder = new TempFolder();
        var findings = new List<Finding> { At(folder.Path, "PG2001", RuleLevel.Note, 1) };
        findings.AddRange(Enumerable.Range(2, 5).Select(i => At(folder.Path, "PG1001", RuleLevel.Error, i)));
        JsonObject run = Written(folder.Path, findings, new SarifLimitSettings { MaxResultsPerRun = 5 })["runs"]![0]!.AsObject();

        JsonArray rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.That(rules.Select(r => (string)r!["id"]!), Is.EqualTo(new[] { "PG1001" }));
        Assert.That(run["results"]!.AsArray().Select(r => (int)r!["ruleIndex"]!), Is.All.EqualTo(0));
        Assert.That((int)run["properties"]!["perfgate/truncated"]!["resultsBefore"]!, Is.EqualTo(6));
    }

    [Test]
    public void Related_locations_over_the_limit_are_cut_while_writing_and_counted()
    {
        using var folder = new TempFolder();
        var related = Enumerable.Range(1, 12).Select(i => new RelatedLocation(Path.Combine(folder.Path, "src", "B.cs"), new SourceRegion(i, 1, i, 2)))
            .ToArray();
        var finding = At(folder.Path, "PG1002", RuleLevel.Warning, 3) with { Related = related };
        JsonObject run = Written(folder.Path, new[] { finding }, new SarifLimitSettings { MaxLocationsPerResult = 10 })["runs"]![0]!.AsObject();

        Assert.That(run["results"]![0]!["relatedLocations"]!.AsArray(), Has.Count.EqualTo(10));
        Assert.That((string)run["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]!,
            Is.EqualTo("2 location(s) beyond 10 per result were left out (code scanning's limit)."));
        Assert.That(run["properties"], Is.Null, "no result was left out");
    }
}

using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;

namespace PerfGate.Cli.Tests;

public sealed class MergeTests
{
    private static string Log(string category, params (string Rule, string Uri, int Line)[] results)
    {
        string rules = string.Join(",", results.Select(r => r.Rule).Distinct().Select(r => "{\"id\":\"" + r + "\"}"));
        string items = string.Join(",", results.Select(r =>
            "{\"ruleId\":\"" + r.Rule
                + "\",\"level\":\"error\",\"message\":{\"text\":\"m\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\""
            + r.Uri + "\",\"uriBaseId\":\"SRCROOT\"},\"region\":{\"startLine\":" + r.Line + "}}}]}"));
        return "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"PerfGate\",\"rules\":[" + rules + "]}},"
            + "\"automationDetails\":{\"id\":\"" + category + "\"},\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\"file:///repo/\"}},"
            + "\"results\":[" + items + "]}]}";
    }

    [Test]
    public void Per_project_logs_of_one_category_become_one_run_without_duplicates()
    {
        using var dir = new TempDir();
        string a = dir.Write("a.sarif", Log("perfgate/", ("PG1001", "src/A.cs", 3), ("PG2002", "src/Shared.cs", 7)));
        string b = dir.Write("b.sarif", Log("perfgate/", ("PG2002", "src/Shared.cs", 7), ("PG1005", "src/B.cs", 9)));
        string c = dir.Write("c.sarif", Log("other/", ("PG1001", "src/C.cs", 1)));
        string output = Path.Combine(dir.Path, "merged.sarif");

        CliRun run = InProcess.Run(dir.Path, "merge", a, b, c, "-o", output);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var log = JsonNode.Parse(File.ReadAllText(output))!;
        var runs = log["runs"]!.AsArray();
        Assert.That(runs.Select(r => r!["automationDetails"]!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "other/", "perfgate/" }));
        var perfgate = runs[1]!;
        Assert.That(perfgate["results"]!.AsArray().Select(r => r!["ruleId"]!.GetValue<string>()), Is.EqualTo(new[] { "PG1001", "PG1005", "PG2002" }));
        Assert.That(perfgate["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()),
            Is.EqualTo(new[] { "PG1001", "PG1005", "PG2002" }));
        Assert.That(perfgate["results"]!.AsArray().Select(r => r!["ruleIndex"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(run.Stdout, Does.Contain("3 log(s) into 2 run(s) with 4 result(s)"));
    }

    [Test]
    public void A_merge_over_code_scannings_results_per_run_keeps_the_most_severe_and_says_so()
    {
        using var dir = new TempDir();
        var many = Enumerable.Range(1, 12_600).Select(i => ("PG1001", $"src/F{i % 40}.cs", i)).ToArray();
        string errors = dir.Write("errors.sarif", Log("perfgate/", many));
        string notes = dir.Write(
            "notes.sarif", Log("perfgate/", many.Select(r => ("PG1009", r.Item2, r.Item3)).ToArray()).Replace("\"level\":\"error\"", "\"level\":\"note\""));
        string output = Path.Combine(dir.Path, "merged.sarif");

        CliRun run = InProcess.Run(dir.Path, "merge", errors, notes, "-o", output);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var merged = JsonNode.Parse(File.ReadAllText(output))!["runs"]![0]!;
        var results = merged["results"]!.AsArray();
        Assert.That(results.Count, Is.EqualTo(25_000));
        Assert.That(results.Count(r => r!["level"]!.GetValue<string>() == "error"), Is.EqualTo(12_600), "every error is kept");
        Assert.That(merged["properties"]!["perfgate/truncated"]!["resultsBefore"]!.GetValue<int>(), Is.EqualTo(25_200));
        Assert.That(merged["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]!.GetValue<string>(),
            Does.StartWith("Truncated for code scanning: 25,000 of 25,200"));
        Assert.That(run.Stdout, Does.Contain("PerfGate: Truncated for code scanning"), run.ToString());
    }

    [Test]
    public void A_log_that_is_not_json_is_a_positioned_error()
    {
        using var dir = new TempDir();
        string bad = dir.Write("bad.sarif", "{\n  \"version\": \"2.1.0\",\n  \"runs\": [ oops ]\n}");
        CliRun run = InProcess.Run(dir.Path, "merge", bad, "-o", Path.Combine(dir.Path, "out.sarif"));
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Match(@"bad\.sarif\(3,\d+\): error PG0003: the SARIF log is not valid JSON"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "out.sarif")), Is.False);
    }
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;

namespace PerfGate.MSBuild.Tests;

/// <summary>
/// The README's first command, and every sample under samples/: the gate fails the sample with exactly
/// the findings its <c>expected-findings.txt</c> lists (paths relative to the sample folder).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SampleGateTests
{
    private static readonly Regex DiagnosticLine = new(
        @"^\s*(?<path>[^\s(][^(\n]*)\((?<line>\d+),(?<column>\d+)\): (?<level>error|warning) (?<id>PG\d{4}): ",
        RegexOptions.Multiline);

    /// <summary>A sample folder and its projects in build order (a referenced project before its referrer).</summary>
    public static IEnumerable<TestCaseData> Samples()
    {
        yield return new TestCaseData("OrderService", new[] { "OrderService.csproj" }).SetName("OrderService");
        // Two projects: the N+1 in Shop.Api goes through a repository in Shop.Data (cross-project I/O summaries).
        yield return new TestCaseData("Shop", new[] { "Shop.Data/Shop.Data.csproj", "Shop.Api/Shop.Api.csproj" }).SetName("Shop");
        // Caching (PG3xxx) and request-handling (PG4xxx) rules: Redis, distributed cache, uploads, media.
        yield return new TestCaseData("Media", new[] { "Media.csproj" }).SetName("Media");
        // External-call rules (PG2001-PG2008) on the real Stripe.net and OpenAI SDKs and typed HttpClients.
        yield return new TestCaseData("Payments", new[] { "Payments.csproj" }).SetName("Payments");
    }

    [TestCaseSource(nameof(Samples))]
    public void The_sample_fails_the_gate_with_exactly_the_expected_findings(string sample, string[] projects)
    {
        string sampleDirectory = RepositoryPaths.Source("samples/" + sample);
        string[] expected = File.ReadAllLines(Path.Combine(sampleDirectory, "expected-findings.txt"))
            .Where(line => line.Trim().Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Trim())
            .OrderBy(line => line, System.StringComparer.Ordinal)
            .ToArray();

        var reported = new SortedSet<string>(System.StringComparer.Ordinal);
        var sarifFindings = new List<string>();
        ProcessResult? last = null;
        foreach (string project in projects)
        {
            ProcessResult build = ProcessRunner.Dotnet(sampleDirectory, null,
                "build", project, "--no-incremental", "-c", RepositoryPaths.Configuration, "-nologo", "-tl:off", "-clp:NoSummary",
                "-p:PerfGateSarif=true",
                // The test project built PerfGate already; the sample must not rebuild it under running tests
                // (a sample's own projects are built here, in order).
                "-p:BuildProjectReferences=false");
            last = build;
            foreach (Match m in DiagnosticLine.Matches(build.BuildLog))
                reported.Add($"{m.Groups["id"].Value} {Relative(sampleDirectory, m.Groups["path"].Value)}:{m.Groups["line"].Value}");

            string projectDirectory = Path.GetDirectoryName(Path.Combine(sampleDirectory, project))!;
            string sarifPath = Path.Combine(projectDirectory, "obj", RepositoryPaths.Configuration, "net10.0", "perfgate.sarif");
            using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
            sarifFindings.AddRange(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                // Notes inform; the gate's findings are the warnings and errors the build printed.
                .Where(r => !r.TryGetProperty("level", out JsonElement level) || level.GetString() != "note")
                .Select(r =>
                {
                    JsonElement location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                    string uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                    int line = location.GetProperty("region").GetProperty("startLine").GetInt32();
                    return $"{r.GetProperty("ruleId").GetString()} {uri.Substring(("samples/" + sample + "/").Length)}:{line}";
                }));
        }

        Assert.That(last!.ExitCode, Is.Not.EqualTo(0), last.ToString());
        Assert.That(reported.ToArray(), Is.EqualTo(expected), last.ToString());
        Assert.That(sarifFindings.Distinct().OrderBy(line => line, System.StringComparer.Ordinal), Is.EqualTo(expected));
    }

    private static string Relative(string sampleDirectory, string path) =>
        Path.GetRelativePath(sampleDirectory, path).Replace('\\', '/');
}

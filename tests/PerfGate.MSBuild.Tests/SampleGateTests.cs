using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;

namespace PerfGate.MSBuild.Tests;

/// <summary>The README's first command: the gate fails the sample app with exactly the expected findings.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SampleGateTests
{
    private static readonly Regex DiagnosticLine = new(
        @"^\s*(?<path>[^\s(][^(\n]*)\((?<line>\d+),(?<column>\d+)\): (?<level>error|warning) (?<id>PG\d{4}): ",
        RegexOptions.Multiline);

    private static string SampleDirectory => RepositoryPaths.Source("samples/OrderService");

    [Test]
    public void The_sample_fails_the_gate_with_exactly_the_expected_findings()
    {
        string[] expected = File.ReadAllLines(Path.Combine(SampleDirectory, "expected-findings.txt"))
            .Where(line => line.Trim().Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Trim())
            .ToArray();

        ProcessResult build = ProcessRunner.Dotnet(SampleDirectory, null,
            "build", "OrderService.csproj", "-c", RepositoryPaths.Configuration, "-nologo", "-tl:off", "-clp:NoSummary",
            "-p:PerfGateSarif=true",
            // The test project built PerfGate already; the sample must not rebuild it under running tests.
            "-p:BuildProjectReferences=false");

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        string[] reported = DiagnosticLine.Matches(build.BuildLog)
            .Select(m => $"{m.Groups["id"].Value} {Relative(m.Groups["path"].Value)}:{m.Groups["line"].Value}")
            .OrderBy(line => line, System.StringComparer.Ordinal)
            .ToArray();
        Assert.That(reported, Is.EqualTo(expected.OrderBy(line => line, System.StringComparer.Ordinal).ToArray()), build.ToString());

        string sarifPath = Path.Combine(SampleDirectory, "obj", RepositoryPaths.Configuration, "net10.0", "perfgate.sarif");
        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        IEnumerable<string> sarifFindings = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r =>
            {
                JsonElement location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                string uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                int line = location.GetProperty("region").GetProperty("startLine").GetInt32();
                return $"{r.GetProperty("ruleId").GetString()} {uri.Substring("samples/OrderService/".Length)}:{line}";
            });
        Assert.That(sarifFindings.OrderBy(line => line, System.StringComparer.Ordinal), Is.EqualTo(reported));
    }

    private static string Relative(string path) =>
        Path.GetRelativePath(SampleDirectory, path).Replace('\\', '/');
}

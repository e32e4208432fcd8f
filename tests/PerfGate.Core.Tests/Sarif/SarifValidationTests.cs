using System.Collections.Generic;
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.Tests.Shared;
using PerfGate.Core.Sarif;

namespace PerfGate.Core.Tests.Sarif;

/// <summary>
/// Validates the writer's output with Microsoft's SARIF validator:
/// <c>npx --no-install sarif-multitool validate FILE</c> run in <c>tests/PerfGate.Core.Tests/sarif-validator</c>
/// (npm package <c>@microsoft/sarif-multitool</c> 5.7.0, pinned in its package.json; installed with
/// <c>npm install --no-audit --no-fund</c> when <c>node_modules</c> is missing). The validator exits 0
/// whatever it finds, so the tests read its <c>error SARIFnnnn</c>/<c>JSONnnnn</c> lines, and negative
/// controls prove it really runs and really rejects broken logs.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed partial class SarifValidationTests
{
    private string _validatorFolder = null!;
    private TempFolder _temp = null!;

    [OneTimeSetUp]
    public void EnsureValidatorInstalled()
    {
        _validatorFolder = FindValidatorFolder();
        NpmTools.EnsureInstalled(
            _validatorFolder, Path.Combine("node_modules", ".bin", OperatingSystem.IsWindows() ? "sarif-multitool.cmd" : "sarif-multitool"));
    }

    [SetUp]
    public void SetUp() => _temp = new TempFolder();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Written_log_passes_the_validator()
    {
        string root = Path.Combine(_temp.Path, "repo");
        string outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(outside);
        string sarif = Path.Combine(_temp.Path, "perfgate.sarif");
        SarifWriter.WriteFile(SarifTestData.CreateReport(root, outside), sarif);

        var validation = Validate(sarif);

        Assert.That(validation.Errors, Is.Empty, validation.Output);
        TestContext.Out.WriteLine(validation.Output);
    }

    [Test]
    public void Validator_rejects_a_log_without_version()
    {
        var log = WrittenLog();
        log.AsObject().Remove("version");

        var validation = Validate(Save(log, "no-version.sarif"));

        Assert.That(validation.Errors, Is.Not.Empty, "the validator must report a missing 'version':\n" + validation.Output);
        TestContext.Out.WriteLine(validation.Output);
    }

    [Test]
    public void Validator_rejects_a_bad_region()
    {
        var log = WrittenLog();
        var located = log["runs"]![0]!["results"]!.AsArray().First(result => result!["locations"]?[0]?["physicalLocation"]?["region"] is not null)!;
        var region = located["locations"]![0]!["physicalLocation"]!["region"]!;
        region["startLine"] = 0;

        var validation = Validate(Save(log, "bad-region.sarif"));

        Assert.That(validation.Errors, Is.Not.Empty, "the validator must report startLine 0:\n" + validation.Output);
        Assert.That(validation.Errors, Has.Some.Contain("startLine"), validation.Output);
        TestContext.Out.WriteLine(validation.Output);
    }

    [Test]
    public void Validator_applies_GitHubs_rule_set()
    {
        var log = WrittenLog();
        var located = log["runs"]![0]!["results"]!.AsArray().First(result => result!["locations"] is not null)!;
        located.AsObject().Remove("locations");

        var validation = Validate(Save(log, "no-locations.sarif"));

        Assert.That(validation.Errors, Has.Some.Match(@"error GH\d+"), "GitHub's rules require locations:\n" + validation.Output);
    }

    [Test]
    public void A_log_truncated_to_code_scanning_limits_passes_the_validator()
    {
        string root = Path.Combine(_temp.Path, "repo");
        string outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(outside);
        string sarif = Path.Combine(_temp.Path, "truncated.sarif");
        using (var stream = File.Create(sarif))
            SarifWriter.Write(SarifTestData.CreateReport(root, outside), stream, new SarifLimitSettings { MaxResultsPerRun = 1 });
        Assert.That(File.ReadAllText(sarif), Does.Contain("perfgate/truncated"));

        var validation = Validate(sarif);

        Assert.That(validation.Errors, Is.Empty, validation.Output);
    }

    private JsonNode WrittenLog()
    {
        string root = Path.Combine(_temp.Path, "repo");
        string outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(outside);
        using var stream = new MemoryStream();
        SarifWriter.Write(SarifTestData.CreateReport(root, outside), stream);
        return JsonNode.Parse(stream.ToArray())!;
    }

    private string Save(JsonNode log, string name)
    {
        string path = Path.Combine(_temp.Path, name);
        File.WriteAllText(path, log.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private (string[] Errors, string Output) Validate(string sarifPath)
    {
        // The npm shim runs the tool through a shell without quoting: keep the path free of blanks.
        Assert.That(sarifPath.Any(char.IsWhiteSpace), Is.False, "validator input path must not contain whitespace: " + sarifPath);

        // Twice: the SARIF rules (the default), then GitHub's rule set (`--rule-kind Gh`: GHxxxx, what code
        // scanning requires). The option takes a list, so it goes after the file or it swallows the path.
        var errors = new List<string>();
        var output = new System.Text.StringBuilder();
        foreach (string[] ruleKind in new[] { Array.Empty<string>(), new[] { "--rule-kind", "Gh" } })
        {
            var run = Run(Npm("npx"), _validatorFolder, TimeSpan.FromMinutes(3),
                new[] { "--no-install", "sarif-multitool", "validate", sarifPath }.Concat(ruleKind).ToArray());
            string[] lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

            // A tool failure (bad arguments, nothing analysed: "error ERR997…") is not a verdict on the file.
            var toolErrors = lines.Where(line => ToolError().IsMatch(line)).ToArray();
            Assert.That(toolErrors, Is.Empty, "the validator failed to run:\n" + run.Output);
            Assert.That(run.Output, Does.Contain("1 files scanned"), "the validator did not analyse the file:\n" + run.Output);
            Assert.That(run.Output, Does.Not.Contain("bad format"), "the validator rejected its arguments:\n" + run.Output);
            errors.AddRange(lines.Where(line => ValidationError().IsMatch(line)));
            output.Append(run.Output);
        }
        return (errors.ToArray(), output.ToString());
    }

    [GeneratedRegex(@"\berror (SARIF|JSON|GH)\d+\b")]
    private static partial Regex ValidationError();

    [GeneratedRegex(@"\berror ERR\d+")]
    private static partial Regex ToolError();

    private static string Npm(string command) => OperatingSystem.IsWindows() ? command + ".cmd" : command;

    private static string FindValidatorFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "PerfGate.Core.Tests", "sarif-validator");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        Assert.Fail("tests/PerfGate.Core.Tests/sarif-validator/package.json not found above " + TestContext.CurrentContext.TestDirectory);
        return string.Empty;
    }

    private static (int ExitCode, string Output) Run(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot start '{fileName}' (Node.js and npm are needed for SARIF validation): {e.Message}");
            throw;
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' timed out after {timeout}");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}

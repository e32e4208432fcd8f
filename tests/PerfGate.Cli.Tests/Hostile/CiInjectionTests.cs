using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Tests.Shared;

namespace PerfGate.Cli.Tests.Hostile;

/// <summary>
/// Issue 18, items 1 and 2: file names, SARIF messages and rule IDs chosen by a pull request reach the console and the Markdown
/// summary as text. No line of any output runs a GitHub or Azure Pipelines command (<see cref="CiLogModel"/>), no ESC reaches the
/// terminal, and the Markdown holds no link, image or HTML.
/// </summary>
[NonParallelizable]
public sealed class CiInjectionTests
{
    private const string WarningName = "::warning::x.cs";
    private const string NewlineName = "x\n::error::pwned.cs";
    private const string AzureName = "##vso[task.setvariable variable=token]stolen.cs";

    private static TempDir HostileRepository()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "Windows file names cannot hold ':' or a line break");
        var dir = new TempDir();
        dir.Write(WarningName, ShopSources.Rates);
        dir.Write(NewlineName, ShopSources.Orders);
        dir.Write(AzureName, ShopSources.Rates.Replace("class Rates", "class Rates2", StringComparison.Ordinal));
        dir.Write("perfgate.yml", "rules:\n  PG1001: error\n  PG2002: warning\nreach:\n  unknown: report\n");
        return dir;
    }

    private static void AssertRunsNothing(CliRun run)
    {
        string all = run.Stdout + run.Stderr;
        Assert.That(CiLogModel.Commands(all), Is.Empty, run.ToString());
        Assert.That(CiLogModel.HasTerminalEscape(all), Is.False, run.ToString());
    }

    [TestCase("console")]
    [TestCase("markdown")]
    [TestCase("json")]
    [TestCase("sarif")]
    [TestCase("html")]
    public void A_folder_scan_of_hostile_file_names_prints_them_escaped(string format)
    {
        using TempDir dir = HostileRepository();
        CliRun run = InProcess.Run(dir.Path, "scan", ".", "--format", format);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertRunsNothing(run);
        if (format == "console")
        {
            // Each finding stays on its own line and names its file as it is, escaped.
            Assert.That(run.Stdout, Does.Contain("\\::warning::x.cs(9,28): warning PG2002:"));
            Assert.That(run.Stdout, Does.Contain("x\\n::error::pwned.cs(21,47): error PG1001:"));
            Assert.That(run.Stdout, Does.Contain("##vso\\[task.setvariable variable=token]stolen.cs(9,28): warning PG2002:"));
        }
        if (format is "json" or "sarif")
        {
            // Same values once parsed: only the document's bytes changed (SARIF percent-encodes the URI anyway).
            using JsonDocument json = JsonDocument.Parse(run.Stdout);
            if (format == "json") Assert.That(run.Stdout, Does.Contain("##vso\\u005Btask.setvariable"));
        }
    }

    [Test]
    public void Hostile_SARIF_messages_and_rule_IDs_reach_the_console_and_the_summary_as_text()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False);
        using var dir = new TempDir();
        string source = dir.Write("a.cs", "class A\n{\n    void M() { }\n}\n");
        string sarif = CompilerSarif.WithOnePG1001(source)
            .Replace("'FirstAsync' runs an EF Core query on every iteration",
                "see [the fix](https://evil.example) ![x](https://evil.example/p.png) &lt;b&gt; \\u001b[2J\\n::error file=a.cs::owned\\r##vso[task.complete result=Succeeded]",
                StringComparison.Ordinal)
            .Replace("\"id\": \"PG1001\"", "\"id\": \"CA9999\"", StringComparison.Ordinal)
            .Replace("\"ruleId\": \"PG1001\"", "\"ruleId\": \"CA9999\"", StringComparison.Ordinal);
        dir.Write("perfgate.yml", "rules:\n  CA9999: error\n");
        dir.Write("build.sarif", sarif);

        CliRun console = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif");
        Assert.That(console.ExitCode, Is.EqualTo(1), console.ToString());
        AssertRunsNothing(console);
        Assert.That(console.Stdout, Does.Contain("a.cs(3,16): error CA9999: see [the fix](https://evil.example)")
            .And.Contain("\\x1B[2J\\n::error file=a.cs::owned\\r##vso\\[task.complete result=Succeeded]"));

        CliRun markdown = InProcess.Run(dir.Path, "check", "--sarif", "build.sarif", "--format", "markdown");
        AssertRunsNothing(markdown);
        string row = markdown.Stdout.Split('\n').Single(l => l.StartsWith("| error |", StringComparison.Ordinal));
        Assert.That(row, Is.EqualTo("| error | CA9999 | a.cs(3,16) | see \\[the fix\\](https\\://evil.example) "
            + "!\\[x\\](https\\://evil.example/p.png) \\&lt;b\\&gt; \\\\x1B\\[2J ::error file=a.cs::owned\\#\\#vso\\[task.complete result=Succeeded\\] |"));
    }
}

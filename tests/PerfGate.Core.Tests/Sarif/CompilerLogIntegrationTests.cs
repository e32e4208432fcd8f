using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Tests.Sarif;

/// <summary>Reads a log the real C# compiler wrote (a <c>dotnet build</c> of a temp project: 2–12 s).</summary>
[TestFixture]
[Category("Integration")]
public sealed class CompilerLogIntegrationTests
{
    [Test]
    public void Reads_the_log_of_a_real_build()
    {
        // A space in the folder name checks that percent-encoded file URIs are decoded.
        using var temp = new TempFolder(" with space");
        string project = temp.Write("Probe.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Library</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ErrorLog>$(MSBuildProjectDirectory)/c.sarif,version=2.1</ErrorLog>
              </PropertyGroup>
            </Project>
            """);
        string source = temp.Write("Src/Prog ram.cs", """
            public static class P
            {
                public static int M()
                {
                    int unused = 1;
            #pragma warning disable CS0219
                    int alsoUnused = 2;
            #pragma warning restore CS0219
                    string s = null;
                    return s.Length;
                }
            }
            """);

        var build = Run("dotnet", temp.Path, "build", project, "-nologo", "-p:UseSharedCompilation=false");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.Output);

        var log = CompilerLogReader.Read(Path.Combine(temp.Path, "c.sarif"));

        var cs0219 = log.Findings.Where(f => f.RuleId == "CS0219").OrderBy(f => f.Region!.StartLine).ToList();
        Assert.That(cs0219, Has.Count.EqualTo(2), string.Join("\n", log.Findings));
        Assert.Multiple(() =>
        {
            Assert.That(cs0219[0].FilePath, Is.EqualTo(source));
            Assert.That(cs0219[0].Level, Is.EqualTo("warning"));
            Assert.That(cs0219[0].Message, Does.Contain("'unused'"));
            Assert.That(cs0219[0].Region, Is.EqualTo(new SourceRegion(5, 13, 5, 19)));
            Assert.That(cs0219[0].IsSuppressed, Is.False);
            Assert.That(cs0219[1].Message, Does.Contain("'alsoUnused'"));
            Assert.That(cs0219[1].Region!.StartLine, Is.EqualTo(7));
            Assert.That(cs0219[1].IsSuppressed, Is.True, "#pragma warning disable yields a suppressed result");

            Assert.That(log.Findings.Select(f => f.RuleId), Does.Contain("CS8600").And.Contain("CS8602"));
            Assert.That(log.Rules.ContainsKey("CS0219"), Is.True);
            Assert.That(log.Rules["CS0219"].Category, Is.EqualTo("Compiler"));
            // Every loaded analyzer's descriptors are there, including rules that reported nothing.
            Assert.That(log.Rules.TryGetValue("CA1849", out var ca1849), Is.True);
            Assert.That(ca1849!.Category, Is.EqualTo("Performance"));
            Assert.That(ca1849.Title, Is.Not.Empty);
            Assert.That(ca1849.FullDescription, Is.Not.Empty);
            Assert.That(ca1849.HelpUri, Does.StartWith("https://"));
        });
    }

    private static (int ExitCode, string Output) Run(string fileName, string workingDirectory, params string[] arguments)
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

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet build timed out:\n" + stdout);
        }

        return (process.ExitCode, stdout + stderr.Result);
    }
}

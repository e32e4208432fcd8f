using System.IO;
using NUnit.Framework;
using PerfGate.Cli.Tests.Infrastructure;

namespace PerfGate.Cli.Tests;

public sealed class CommandLineTests
{
    [TestCase(new[] { "scna" }, "unknown command 'scna'; did you mean 'scan'?")]
    [TestCase(new[] { "scan", "--formt", "sarif" }, "unknown option '--formt' for 'scan'; did you mean '--format'?")]
    [TestCase(new[] { "scan", "--format" }, "option '--format' needs a value (FORMAT)")]
    [TestCase(new[] { "scan", "--format", "xml" }, "unknown format 'xml'")]
    [TestCase(new[] { "check" }, "check needs --sarif FILES")]
    [TestCase(new[] { "scan", "a", "b" }, "unexpected argument 'b' for 'scan'")]
    [TestCase(new string[0], "expected a command")]
    [TestCase(new[] { "baseline", "--accept-new" }, "--accept-new goes with --update")]
    [TestCase(new[] { "explain", "PG1901" }, "unknown rule 'PG1901'")]
    [TestCase(new[] { "scan", "--formt" }, "unknown option '--formt' for 'scan'; did you mean '--format'?")]
    [TestCase(new[] { "scan", "--quiet=yes" }, "option '--quiet' takes no value")]
    [TestCase(new[] { "init", "a", "b" }, "unexpected argument 'b' for 'init'")]
    [TestCase(new[] { "--verbose" }, "unknown option '--verbose': options follow a command")]
    [TestCase(new[] { "merge", "a.sarif", "--output" }, "option '--output' needs a value (FILE)")]
    public void Bad_command_lines_are_one_PG0004_line_and_exit_2(string[] args, string expected)
    {
        CliRun run = InProcess.Run(null, args);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("perfgate: error PG0004: ").And.Contain(expected));
    }

    [Test]
    public void Values_can_be_inline_and_sarif_takes_several_files()
    {
        ParsedCommand parsed = CommandLine.Parse(new[] { "check", "--sarif", "a.sarif", "b.sarif", "--format=json", "-o", "out.json" })!;
        Assert.That(parsed.Values("--sarif"), Is.EqualTo(new[] { "a.sarif", "b.sarif" }));
        Assert.That(parsed.Value("--format"), Is.EqualTo("json"));
        Assert.That(parsed.Value("--output"), Is.EqualTo("out.json"));
    }

    [Test]
    public void A_missing_path_is_an_error()
    {
        CliRun run = InProcess.Run(null, "scan", "/no/such/folder");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("PG0004: the path '/no/such/folder' does not exist"));
    }

    [Test]
    public void Help_lists_every_command()
    {
        CliRun run = InProcess.Run(null, "--help");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        foreach (CommandSpec command in CommandLine.Commands) Assert.That(run.Stdout, Does.Contain("  " + command.Name + " "));
    }

    [Test]
    public void Every_command_answers_help_with_its_usage_and_options_and_exit_0()
    {
        foreach (CommandSpec command in CommandLine.Commands)
        {
            foreach (string[] args in new[] { new[] { command.Name, "--help" }, new[] { "help", command.Name }, new[] { command.Name, "-h" } })
            {
                CliRun run = InProcess.Run(null, args);
                Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
                Assert.That(run.Stderr, Is.Empty, run.ToString());
                Assert.That(run.Stdout, Does.Contain("perfgate " + command.Name).And.Contain(command.Summary), run.ToString());
                foreach (OptionSpec option in command.Options) Assert.That(
                    run.Stdout, Does.Contain(option.Name), command.Name + " --help lists " + option.Name);
            }
        }
    }

    [Test]
    public void Help_of_a_command_runs_nothing()
    {
        using var dir = new TempDir();
        CliRun run = InProcess.Run(dir.Path, "init", "--help");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.Exists(Path.Combine(dir.Path, "perfgate.yml")), Is.False, "init --help must not write a policy");
    }

    [Test]
    public void Explain_prints_the_rule_documentation()
    {
        CliRun run = InProcess.Run(null, "explain", "pg1001");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Stdout, Does.StartWith("# PG1001: ").And.Contain("## What it ignores").And.Contain("## How to fix"));
        // From the rule metadata in the tool: no network, and no link to a repository this build does not know.
        if (Analyzers.RuleCatalog.InformationUri == null) Assert.That(run.Stdout, Does.Not.Contain("Documentation: http"));
    }

    [Test]
    public void Init_writes_a_valid_policy_once_and_never_overwrites()
    {
        using var dir = new TempDir();
        CliRun first = InProcess.Run(dir.Path, "init");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        string path = Path.Combine(dir.Path, "perfgate.yml");
        Assert.That(Core.Policy.PolicyLoader.Load(path).Succeeded, Is.True);

        File.WriteAllText(path, "version: 1 # mine\n");
        CliRun second = InProcess.Run(dir.Path, "init");
        Assert.That(second.ExitCode, Is.EqualTo(2));
        Assert.That(second.Stderr, Does.Contain("error PG0004: a policy already exists"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("version: 1 # mine\n"));
    }
}

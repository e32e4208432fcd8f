using System;
using System.Collections.Generic;
using System.Linq;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>One option a command accepts.</summary>
/// <param name="Arity">0: a flag; 1: one value; -1: one or more values (up to the next option).</param>
public sealed record OptionSpec(string Name, int Arity, string Help, string? ValueName = null, string? Short = null);

/// <summary>A command's name, options and positional arguments.</summary>
public sealed record CommandSpec(string Name, string Summary, string Usage, IReadOnlyList<OptionSpec> Options, int MaxPositionals);

/// <summary>A parsed command line. Small, dependency-free, strict: every mistake is a clear error.</summary>
public sealed class ParsedCommand
{
    private readonly Dictionary<string, List<string>> _values;

    public ParsedCommand(CommandSpec spec, Dictionary<string, List<string>> values, IReadOnlyList<string> positionals)
    {
        Spec = spec;
        _values = values;
        Positionals = positionals;
    }

    public CommandSpec Spec { get; }
    public IReadOnlyList<string> Positionals { get; }

    public bool Has(string option) => _values.ContainsKey(option);
    public string? Value(string option) => _values.TryGetValue(option, out var v) ? v[^1] : null;
    public IReadOnlyList<string> Values(string option) => _values.TryGetValue(option, out var v) ? v : Array.Empty<string>();
}

public static class CommandLine
{
    public static readonly OptionSpec Format = new("--format", 1, "console (default), sarif, markdown, html or json", "FORMAT", "-f");
    public static readonly OptionSpec Output = new("--output", 1, "write the report to FILE (atomically) instead of the console", "FILE", "-o");
    public static readonly OptionSpec Policy = new("--policy", 1, "the policy (default: nearest perfgate.yml at or above PATH)", "FILE");
    public static readonly OptionSpec BaselineOption = new("--baseline", 1, "the baseline (default: perfgate.baseline.json beside the policy)", "FILE");
    public static readonly OptionSpec NoBaseline = new("--no-baseline", 0, "ignore the baseline file");
    public static readonly OptionSpec ChangedSince = new("--changed-since", 1, "PR mode: report only findings on lines added or changed since the git ref", "REF");
    public static readonly OptionSpec Sarif = new("--sarif", -1, "existing SARIF logs (PerfGate's or the compiler's ErrorLog)", "FILES…");
    public static readonly OptionSpec Category = new("--category", 1, "SARIF automationDetails.id of the report (code-scanning category)", "ID");
    public static readonly OptionSpec Sources = new("--sources", 0, "scan PATH's .cs files without building, even if it holds a project");
    public static readonly OptionSpec Configuration = new("--configuration", 1, "build configuration for project scans (default Debug)", "NAME", "-c");
    public static readonly OptionSpec FailOnOption = new("--fail-on", 1, "override the policy's failOn: error, warning or never", "LEVEL");
    public static readonly OptionSpec Quiet = new("--quiet", 0, "no progress, only the report", null, "-q");

    public static readonly IReadOnlyList<CommandSpec> Commands = new[]
    {
        new CommandSpec("scan", "build a project/solution, or analyze a folder of sources, and gate it", "perfgate scan [PATH] [options]",
            new[] { Format, Output, Policy, BaselineOption, NoBaseline, ChangedSince, Category, FailOnOption, Sources, Configuration, Quiet }, 1),
        new CommandSpec("check", "gate existing SARIF logs and/or the policy's budgets without compiling", "perfgate check [--sarif FILES…] [options]",
            new[] { Sarif, Format, Output, Policy, BaselineOption, NoBaseline, ChangedSince, Category, FailOnOption, Quiet }, 0),
        new CommandSpec("baseline", "write perfgate.baseline.json from a scan (or --sarif logs)", "perfgate baseline [PATH] [--update] [--accept-new] [options]",
            new[] { new OptionSpec("--update", 0, "remove fixed entries from an existing baseline"),
                    new OptionSpec("--accept-new", 0, "with --update: also add the current new findings"),
                    Sarif, Policy, BaselineOption, Sources, Configuration, Quiet }, 1),
        new CommandSpec("merge", "merge SARIF logs into one run per tool and category, de-duplicated", "perfgate merge FILES… --output OUT",
            new[] { Output }, int.MaxValue),
        new CommandSpec("init", "write a commented starter perfgate.yml (never overwrites)", "perfgate init [FOLDER]",
            Array.Empty<OptionSpec>(), 1),
        new CommandSpec("explain", "show a rule's documentation", "perfgate explain RULE",
            Array.Empty<OptionSpec>(), 1),
        new CommandSpec("fix", "apply the rules' code fixes to a project, solution or folder; say what is not fixable", "perfgate fix [PATH] [--rule ID…] [--dry-run] [options]",
            new[] { new OptionSpec("--rule", -1, "only these rules", "ID…"), new OptionSpec("--dry-run", 0, "print a unified diff of the fixes, change no file"), Policy, Sources, Quiet }, 1),
        Collect.CollectCommand.CreateSpec(),
    };

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("expected a command: " + string.Join(", ", Commands.Select(c => c.Name)) + " (perfgate --help)");
        string name = args[0];
        CommandSpec spec = Commands.FirstOrDefault(c => c.Name == name)
            ?? throw new UsageException($"unknown command '{name}'" + ClosestMatch.Suffix(name, Commands.Select(c => c.Name)) + " (perfgate --help lists the commands)");

        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        bool onlyPositionals = false;
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            if (onlyPositionals || arg == "-" || !arg.StartsWith('-'))
            {
                positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }
            string optionName = arg;
            string? inline = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                optionName = arg.Substring(0, eq);
                inline = arg.Substring(eq + 1);
            }
            OptionSpec option = spec.Options.FirstOrDefault(o => o.Name == optionName || o.Short == optionName)
                ?? throw new UsageException($"unknown option '{optionName}' for '{spec.Name}'"
                    + ClosestMatch.Suffix(optionName, spec.Options.Select(o => o.Name)) + $" (usage: {spec.Usage})");
            if (!values.TryGetValue(option.Name, out var list)) values[option.Name] = list = new List<string>();
            if (option.Arity == 0)
            {
                if (inline != null) throw new UsageException($"option '{option.Name}' takes no value");
                continue;
            }
            if (inline != null)
            {
                if (inline.Length == 0) throw new UsageException($"option '{option.Name}' needs a value ({option.ValueName})");
                list.Add(inline);
                if (option.Arity == 1) continue;
            }
            int taken = 0;
            while (i + 1 < args.Count && (!args[i + 1].StartsWith('-') || args[i + 1] == "-") && (option.Arity == -1 || taken < 1))
            {
                list.Add(args[++i]);
                taken++;
            }
            if (list.Count == 0) throw new UsageException($"option '{option.Name}' needs a value ({option.ValueName})");
        }
        if (positionals.Count > spec.MaxPositionals)
            throw new UsageException($"unexpected argument '{positionals[spec.MaxPositionals]}' for '{spec.Name}' (usage: {spec.Usage})");
        if (values.TryGetValue(Format.Name, out var formats))
            foreach (string format in formats)
                if (format is not ("console" or "sarif" or "markdown" or "html" or "json"))
                    throw new UsageException($"unknown format '{format}'" + ClosestMatch.Suffix(format, new[] { "console", "sarif", "markdown", "html", "json" })
                        + "; expected console, sarif, markdown, html or json");
        return new ParsedCommand(spec, values, positionals);
    }

    public static string Help()
    {
        var text = new System.Text.StringBuilder();
        text.Append("perfgate — a performance gate for .NET builds (docs/cli.md)\n\n");
        text.Append("Usage: perfgate COMMAND [options]\n\nCommands:\n");
        foreach (CommandSpec c in Commands) text.Append($"  {c.Name,-9} {c.Summary}\n");
        text.Append("\nExit codes: 0 gate passed, 1 gate failed, 2 usage, configuration or input error.\n");
        foreach (CommandSpec c in Commands)
        {
            text.Append($"\n{c.Usage}\n");
            foreach (OptionSpec o in c.Options)
            {
                string name = (o.Short != null ? o.Short + ", " : "") + o.Name + (o.ValueName != null ? " " + o.ValueName : "");
                text.Append($"  {name,-28} {o.Help}\n");
            }
        }
        return text.ToString();
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>One option a command accepts.</summary>
/// <param name="Arity">0: a flag; 1: one value (given again, the last wins); -1: one or more values (up to the next option).</param>
public sealed record OptionSpec(string Name, int Arity, string Help, string? ValueName = null, string? Short = null);

/// <summary>
/// A command: its name, what `perfgate --help` says, its options and positional arguments, and what runs it.
/// Adding a command is one entry in <see cref="CommandLine.Commands"/> and its method (docs/cli.md).
/// </summary>
/// <param name="Positional">The positional arguments' name in help (PATH, FILES…), or null when it takes none.</param>
/// <param name="Run">
/// Runs the parsed command: the exit code (0 passed, 1 failed); errors are exceptions (Program.Execute maps them). Null for a
/// command that reads its own line (collect).
/// </param>
public sealed record CommandSpec(string Name, string Summary, string Usage, IReadOnlyList<OptionSpec> Options, int MaxPositionals,
    string? Positional = null, Func<ParsedCommand, TextWriter, TextWriter, int>? Run = null);

/// <summary>A parsed command line: which command, the options given (by long name) and the positional arguments.</summary>
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
    public string? Value(string option) => _values.TryGetValue(option, out var v) && v.Count > 0 ? v[^1] : null;
    public IReadOnlyList<string> Values(string option) => _values.TryGetValue(option, out var v) ? v : Array.Empty<string>();
}

/// <summary>
/// The command line, parsed by System.CommandLine (which also writes every command's <c>--help</c>) from the specs
/// below. Its errors become PerfGate's own one-line messages (<see cref="Describe"/>), so a mistake is still one
/// <c>perfgate: error PG0004: …</c> line and exit code 2.
/// </summary>
public static class CommandLine
{
    public static readonly OptionSpec Format = new("--format", 1, "console (default), sarif, markdown, html or json", "FORMAT", "-f");
    public static readonly OptionSpec Output = new("--output", 1, "write the report to FILE (atomically) instead of the console", "FILE", "-o");
    public static readonly OptionSpec Policy = new("--policy", 1, "the policy (default: nearest perfgate.yml at or above PATH)", "FILE");
    public static readonly OptionSpec BaselineOption = new("--baseline", 1, "the baseline (default: perfgate.baseline.json beside the policy)", "FILE");
    public static readonly OptionSpec NoBaseline = new("--no-baseline", 0, "ignore the baseline file");
    public static readonly OptionSpec ChangedSince =
        new("--changed-since", 1, "PR mode: report only findings on lines added or changed since the git ref", "REF");
    public static readonly OptionSpec Sarif = new("--sarif", -1, "existing SARIF logs (PerfGate's or the compiler's ErrorLog)", "FILES");
    public static readonly OptionSpec Category = new("--category", 1, "SARIF automationDetails.id of the report (code-scanning category)", "ID");
    public static readonly OptionSpec Sources = new("--sources", 0, "scan PATH's .cs files without building, even if it holds a project");
    public static readonly OptionSpec Configuration = new("--configuration", 1, "build configuration for project scans (default Debug)", "NAME", "-c");
    public static readonly OptionSpec FailOnOption = new("--fail-on", 1, "override the policy's failOn: error, warning or never", "LEVEL");
    public static readonly OptionSpec Quiet = new("--quiet", 0, "no progress, only the report", null, "-q");

    private static readonly string[] Formats = { "console", "sarif", "markdown", "html", "json" };

    public static readonly IReadOnlyList<CommandSpec> Commands = new[]
    {
        new CommandSpec("scan", "build a project/solution, or analyze a folder of sources, and gate it", "perfgate scan [PATH] [options]",
            new[] { Format, Output, Policy, BaselineOption, NoBaseline, ChangedSince, Category, FailOnOption, Sources, Configuration, Quiet }, 1,
            "PATH", Program.Scan),
        new CommandSpec("check", "gate existing SARIF logs and/or the policy's budgets without compiling", "perfgate check [--sarif FILES] [options]",
            new[] { Sarif, Format, Output, Policy, BaselineOption, NoBaseline, ChangedSince, Category, FailOnOption, Quiet }, 0,
            null, Program.Check),
        new CommandSpec("baseline", "write perfgate.baseline.json from a scan (or --sarif logs)",
            "perfgate baseline [PATH] [--update] [--accept-new] [options]",
            new[] { new OptionSpec("--update", 0, "remove fixed entries from an existing baseline"),
                    new OptionSpec("--accept-new", 0, "with --update: also add the current new findings"),
                    Sarif, Policy, BaselineOption, Sources, Configuration, Quiet }, 1,
            "PATH", (command, stdout, _) => Program.BaselineCommand(command, stdout)),
        new CommandSpec("merge", "merge SARIF logs into one run per tool and category, de-duplicated", "perfgate merge FILES --output OUT",
            new[] { Output }, int.MaxValue, "FILES", (command, stdout, _) => Program.Merge(command, stdout)),
        new CommandSpec("init", "write a commented starter perfgate.yml (never overwrites)", "perfgate init [FOLDER]",
            Array.Empty<OptionSpec>(), 1, "FOLDER", (command, stdout, _) => Program.Init(command, stdout)),
        new CommandSpec("explain", "show a rule's documentation (from the tool itself: works offline)", "perfgate explain RULE",
            Array.Empty<OptionSpec>(), 1, "RULE", (command, stdout, _) => Program.Explain(command, stdout)),
        new CommandSpec("fix", "apply the rules' code fixes to a project, solution or folder; say what is not fixable",
            "perfgate fix [PATH] [--rule ID…] [--dry-run] [options]",
            new[] { new OptionSpec("--rule", -1, "only these rules", "ID"),
                new OptionSpec("--dry-run", 0, "print a unified diff of the fixes, change no file"), Policy, Sources, Quiet }, 1,
            "PATH", (command, stdout, _) => Program.Fix(command, stdout)),
        // Parses its own line (what follows "--" is the command it wraps): Program dispatches it before this parser.
        Collect.CollectCommand.CreateSpec(),
    };

    public const string ExitCodes = "Exit codes: 0 gate passed, 1 gate failed, 2 usage, configuration or input error.";

    /// <summary>
    /// Parses <paramref name="args"/>. Returns null when the line asked for help, which has then been written to
    /// <paramref name="help"/>; throws <see cref="UsageException"/> for any mistake.
    /// </summary>
    public static ParsedCommand? Parse(IReadOnlyList<string> args, TextWriter? help = null)
    {
        if (args.Count == 0) throw new UsageException("expected a command: " + string.Join(", ", Commands.Select(c => c.Name)) + " (perfgate --help)");
        var (root, parsers) = Build();
        // No response files: a PATH starting with @ is a path, not a file of arguments.
        ParseResult result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is HelpAction)
        {
            result.Invoke(new InvocationConfiguration { Output = help ?? TextWriter.Null, Error = help ?? TextWriter.Null });
            return null;
        }
        if (Describe(result, root, args) is { } problem) throw new UsageException(problem);

        var (spec, options, positional) = parsers[result.CommandResult.Command];
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, option) in options)
        {
            if (result.GetResult(option) is { Implicit: false } given) values[name] = given.Tokens.Select(t => t.Value).ToList();
        }
        IReadOnlyList<string> positionals = positional == null ? Array.Empty<string>() : result.GetValue(positional) ?? Array.Empty<string>();
        foreach (string format in values.GetValueOrDefault(Format.Name) ?? new List<string>())
        {
            if (!Formats.Contains(format))
                throw new UsageException(
                    $"unknown format '{format}'" + ClosestMatch.Suffix(format, Formats) + "; expected console, sarif, markdown, html or json");
        }
        return new ParsedCommand(spec, values, positionals);
    }

    /// <summary>The text of <c>perfgate --help</c>.</summary>
    public static string Help()
    {
        using var text = new StringWriter();
        Parse(new[] { "--help" }, text);
        return text.ToString();
    }

    private static (Command Root, Dictionary<Command,
        (CommandSpec Spec, List<(string Name, Option Option)> Options, Argument<string[]>? Positional)> Parsers) Build()
    {
        var root = new Command("perfgate", "A performance gate for .NET builds (docs/cli.md). " + ExitCodes);
        root.Options.Add(new HelpOption { Recursive = true });
        var parsers = new Dictionary<Command, (CommandSpec, List<(string, Option)>, Argument<string[]>?)>();
        foreach (CommandSpec spec in Commands)
        {
            var command = new Command(spec.Name, spec.Summary + ". Usage: " + spec.Usage);
            var options = new List<(string, Option)>();
            foreach (OptionSpec o in spec.Options)
            {
                Option option = o.Arity == 0
                    ? new Option<bool>(o.Name, Aliases(o)) { Description = o.Help, Arity = ArgumentArity.Zero }
                    : new Option<string[]>(o.Name, Aliases(o))
                    {
                        Description = o.Help,
                        HelpName = o.ValueName,
                        Arity = ArgumentArity.OneOrMore,
                        AllowMultipleArgumentsPerToken = o.Arity < 0,
                    };
                command.Options.Add(option);
                options.Add((o.Name, option));
            }
            Argument<string[]>? positional = null;
            if (spec.Positional != null)
            {
                // Any number here; more than MaxPositionals is reported by Describe in PerfGate's words.
                positional = new Argument<string[]>(spec.Positional) { Arity = ArgumentArity.ZeroOrMore };
                command.Arguments.Add(positional);
            }
            root.Subcommands.Add(command);
            parsers[command] = (spec, options, positional);
        }
        return (root, parsers);
    }

    private static string[] Aliases(OptionSpec o) => o.Short == null ? Array.Empty<string>() : new[] { o.Short };

    /// <summary>
    /// PerfGate's message for the first thing wrong with the line, or null when it is fine: System.CommandLine's errors, and
    /// what it accepts but PerfGate does not (a misspelled option it would take as a PATH, a value given to a flag, more
    /// positional arguments than the command takes).
    /// </summary>
    private static string? Describe(ParseResult result, Command root, IReadOnlyList<string> args)
    {
        Command command = result.CommandResult.Command;
        CommandSpec? spec = command == root ? null : Commands.FirstOrDefault(c => c.Name == command.Name);
        string? unmatched = result.UnmatchedTokens.FirstOrDefault();
        if (spec == null)
        {
            string name = unmatched ?? result.Tokens.FirstOrDefault()?.Value ?? "";
            return name.StartsWith('-')
                ? $"unknown option '{name}': options follow a command (perfgate --help lists the commands)"
                : $"unknown command '{name}'" + ClosestMatch.Suffix(name, Commands.Select(c => c.Name)) + " (perfgate --help lists the commands)";
        }
        foreach (string arg in args.TakeWhile(a => a != "--"))
        {
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 && spec.Options.FirstOrDefault(o => o.Name == arg[..eq]) is { Arity: 0 } flag)
                return $"option '{flag.Name}' takes no value";
        }
        foreach (Token token in result.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash))
        {
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value.StartsWith('-'))
            {
                string name = token.Value.Split('=', ':')[0];
                return $"unknown option '{name}' for '{spec.Name}'" + ClosestMatch.Suffix(name, spec.Options.Select(o => o.Name)) + $" (usage: {spec.Usage})";
            }
        }
        if (unmatched != null) return $"unexpected argument '{unmatched}' for '{spec.Name}' (usage: {spec.Usage})";
        string[] positionals =
            result.CommandResult.Command.Arguments.OfType<Argument<string[]>>().Select(a => result.GetValue(a) ?? Array.Empty<string>()).FirstOrDefault()
            ?? Array.Empty<string>();
        if (positionals.Length > spec
            .MaxPositionals) return $"unexpected argument '{positionals[spec.MaxPositionals]}' for '{spec.Name}' (usage: {spec.Usage})";
        foreach (ParseError error in result.Errors)
        {
            if (error.SymbolResult is OptionResult { Option: var option } given && spec.Options.FirstOrDefault(o => o.Name == option.Name) is { } o)
            {
                if (o.Arity == 0) return $"option '{o.Name}' takes no value";
                if (given.Tokens.Count == 0) return $"option '{o.Name}' needs a value ({o.ValueName})";
            }
        }
        return result.Errors.FirstOrDefault()?.Message;
    }
}

using System.Linq;

namespace PerfGate.Cli;

/// <summary>
/// Checks on a parsed command line that hold whatever parser read it: an empty value (<c>--policy ""</c>, <c>-o ""</c>, a
/// CI input left empty and passed on quoted) names no file, and is a usage error (PG0004), not an internal one.
/// </summary>
public static class CommandLineChecks
{
    public static ParsedCommand RejectEmpty(ParsedCommand command)
    {
        foreach (OptionSpec option in command.Spec.Options.Where(o => o.Arity != 0))
        {
            if (command.Values(option.Name).Any(v => string.IsNullOrWhiteSpace(v)))
                throw new UsageException($"option '{option.Name}' needs a value ({option.ValueName}), not an empty string");
        }
        if (command.Positionals.Any(p => string.IsNullOrWhiteSpace(p)))
            throw new UsageException($"an empty argument is no path (usage: {command.Spec.Usage})");
        return command;
    }
}

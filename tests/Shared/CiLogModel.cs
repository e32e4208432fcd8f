using System;
using System.Globalization;
using System.Linq;

namespace PerfGate.Tests.Shared;

/// <summary>
/// What the CI runners do with a line of a step's output, as their sources do it: the GitHub runner trims leading white space and
/// runs a line that then starts with <c>::</c> (ActionCommand.TryParseV2), and looks for <c>##[</c> anywhere (TryParse); the Azure
/// Pipelines agent runs <c>##vso[</c> found anywhere (Command.TryParse). All three compare with the current culture, where
/// invisible characters weigh nothing.
/// </summary>
public static class CiLogModel
{
    private static readonly CompareInfo Compare = CultureInfo.GetCultureInfo("en-US").CompareInfo;

    /// <summary>True when a runner would take <paramref name="line"/> (one line, without its break) for a command.</summary>
    public static bool RunsCommand(string line) =>
        Compare.IsPrefix(line.TrimStart(), "::", CompareOptions.None)
        || Compare.IndexOf(line, "##vso[", CompareOptions.None) >= 0
        || Compare.IndexOf(line, "##[", CompareOptions.None) >= 0;

    /// <summary>Lines as a runner splits output: on LF, with a CR before it dropped; lone CRs end a line on a terminal too.</summary>
    public static string[] Lines(string output) => output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r');

    /// <summary>The lines of <paramref name="output"/> a runner would run, or none.</summary>
    public static string[] Commands(string output) => Lines(output).Where(RunsCommand).ToArray();

    /// <summary>True when <paramref name="output"/> holds an escape character a terminal acts on.</summary>
    public static bool HasTerminalEscape(string output) => output.IndexOf('\u001b') >= 0 || output.IndexOf('\u009b') >= 0;
}

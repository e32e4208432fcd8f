using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.IO;

namespace PerfGate.Cli;

/// <summary>
/// What a folder scan (and <c>fix</c>) does with a part it cannot analyze: a file it cannot read, a rule or analyzer that
/// fails on some code. That part is left out, the rest is analyzed, and each omission becomes PG0009 at the file (and line)
/// it concerns, saying which and why; the policy's <c>incompleteScan</c> gives PG0009 its level and <c>failOn</c> decides.
/// </summary>
public static class IncompleteScan
{
    /// <summary>PG0009 for a file the walk left out (<see cref="SkippedFile"/>) or could not read.</summary>
    public static CompilerFinding NotScanned(string path, string reason) =>
        new(RuleIdentifiers.AnalysisIncomplete, "warning", "this file was not analyzed: " + reason, path, null, false);

    /// <summary>
    /// Reads and parses every file; a file that cannot be read (no permission, removed meanwhile, not a regular file) is left
    /// out with its PG0009 instead of failing the scan. Trees come back in the order of <paramref name="files"/>.
    /// </summary>
    public static (IReadOnlyList<SyntaxTree> Trees, IReadOnlyList<CompilerFinding> NotRead) Parse(IReadOnlyList<string> files, CSharpParseOptions options)
    {
        var trees = new SyntaxTree?[files.Count];
        var failures = new string?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                using FileStream stream = RegularFile.OpenRead(files[i]);
                trees[i] = CSharpSyntaxTree.ParseText(SourceText.From(stream), options, files[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                failures[i] = "cannot read it: " + e.Message;
            }
        });
        var parsed = new List<SyntaxTree>(files.Count);
        var notRead = new List<CompilerFinding>();
        for (int i = 0; i < files.Count; i++)
        {
            if (trees[i] is { } tree) parsed.Add(tree);
            else notRead.Add(NotScanned(files[i], failures[i] ?? "cannot read it"));
        }
        return (parsed, notRead);
    }

    /// <summary>
    /// PG0009 for the compiler's AD0001 (an analyzer threw and no rule's guard caught it): the analyzer and the exception, at
    /// the file Roslyn says it was analyzing when there is one.
    /// </summary>
    public static CompilerFinding AnalyzerFailed(Diagnostic ad0001)
    {
        string message = ad0001.GetMessage(CultureInfo.InvariantCulture);
        string? file = ad0001.Location.IsInSource ? ad0001.Location.SourceTree!.FilePath : ContextFile(ad0001);
        return new CompilerFinding(RuleIdentifiers.AnalysisIncomplete, "warning",
            "an analyzer failed, so findings may be missing" + (file != null ? " in this file" : "") + ": " + message, file, null, false);
    }

    /// <summary>PG0009 for an analysis that failed as a whole (the analyzer driver itself threw): nothing was analyzed.</summary>
    public static CompilerFinding AnalysisFailed(Exception e) =>
        new(RuleIdentifiers.AnalysisIncomplete, "warning",
            "the analysis of the sources failed, so none of their findings are reported: " + RuleIsolationText(e), null, null, false);

    private static string RuleIsolationText(Exception e)
    {
        Exception inner = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e;
        return inner.GetType().Name + ": " + inner.Message;
    }

    /// <summary>Roslyn describes the analyzer's context in AD0001's description ("SyntaxTree: path"): the file, when it names one.</summary>
    private static string? ContextFile(Diagnostic ad0001)
    {
        string description = ad0001.Descriptor.Description.ToString(CultureInfo.InvariantCulture);
        Match match = Regex.Match(description, @"^SyntaxTree: (.+?)\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success && Path.IsPathFullyQualified(match.Groups[1].Value) ? match.Groups[1].Value : null;
    }
}

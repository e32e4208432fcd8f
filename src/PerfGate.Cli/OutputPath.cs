using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Core.IO;

namespace PerfGate.Cli;

/// <summary>
/// What <c>--output</c> (and <c>merge -o</c>, <c>collect --endpoint-file</c>) may replace. A report never replaces what the user
/// owns: not an input of the same run (the SARIF logs, the baseline, the policy), not a source, project, solution or build
/// configuration file of any .NET language (whether it exists or not: a new <c>Directory.Build.props</c> changes every build),
/// and not anything but a regular file (the rename would replace a device node, a FIFO or a symbolic link). An existing
/// regular file is replaced only when it is a report (<c>.sarif</c>, <c>.json</c>, <c>.md</c>, <c>.txt</c>, <c>.html</c>, ...)
/// or the step summary GitHub named in <c>GITHUB_STEP_SUMMARY</c>.
/// </summary>
public static class OutputPath
{
    private static readonly HashSet<string> ReportExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".sarif", ".json", ".md", ".markdown", ".txt", ".html", ".htm", ".log",
    };

    /// <summary>Sources and projects of C#, VB and F#, solutions, MSBuild files and the SDK's configuration files.</summary>
    private static readonly HashSet<string> OwnedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csx", ".vb", ".vbx", ".fs", ".fsi", ".fsx", ".fsscript", ".razor", ".cshtml", ".vbhtml", ".xaml", ".resx",
        ".csproj", ".vbproj", ".fsproj", ".sqlproj", ".proj", ".projitems", ".shproj", ".esproj", ".dcproj", ".wapproj", ".nuproj",
        ".sln", ".slnx", ".slnf", ".props", ".targets", ".tasks", ".rsp", ".ruleset", ".globalconfig", ".editorconfig", ".config",
        ".nuspec", ".yml", ".yaml", ".pubxml", ".runsettings", ".snk", ".pfx",
    };

    private static readonly HashSet<string> OwnedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "global.json", "nuget.config", "packages.lock.json", "package.json", "package-lock.json", "tsconfig.json", "launchSettings.json",
        "dotnet-tools.json", ".editorconfig", ".globalconfig", ".gitignore", ".gitattributes", "Directory.Build.props",
        "Directory.Build.targets", "Directory.Packages.props", "Directory.Solution.props", "Directory.Solution.targets",
        Core.Baseline.BaselineFile.FileName, Core.Policy.GatePolicy.FileName,
    };

    /// <summary>Throws <see cref="UsageException"/> (PG0004) unless <paramref name="output"/> may be written, naming the option it came from.</summary>
    /// <param name="inputs">The files this run reads (SARIF logs, baseline, policy): never overwritten by its report.</param>
    public static string Check(string output, IEnumerable<string?> inputs, string option = "--output")
    {
        if (string.IsNullOrWhiteSpace(output)) throw new UsageException($"{option} needs a file name, not an empty string");
        string full = Path.GetFullPath(output);
        string name = Path.GetFileName(full);
        if (name.Length == 0 || Directory.Exists(full)) throw new UsageException($"{option} '{output}' is a folder; name a file");
        foreach (string input in inputs.OfType<string>())
        {
            if (SameFile(full, Path.GetFullPath(input)))
                throw new UsageException($"{option} '{output}' is an input of this run ({input}); write the report to another file");
        }
        string extension = Path.GetExtension(name);
        if (OwnedNames.Contains(name) || OwnedExtensions.Contains(extension) || name.StartsWith("Directory.Build.", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{option} '{output}' names a source, project or configuration file; "
                + "choose a report file (.sarif, .json, .md, .txt, .html)");

        FileKind kind = NativeFileSystem.LinkKind(full);
        if (kind == FileKind.Missing) return full;
        if (kind != FileKind.Regular)
            throw new UsageException($"{option} '{output}' exists and is {NotARegularFileException.Describe(kind)}, not a regular file; "
                + "PerfGate writes reports only over regular files");
        if (!ReportExtensions.Contains(extension) && !IsStepSummary(full))
            throw new UsageException($"{option} '{output}' exists and is not a report file (.sarif, .json, .md, .txt, .html); "
                + "refusing to overwrite it (delete it first, or choose another name)");
        return full;
    }

    private static bool IsStepSummary(string full) =>
        Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary && SameFile(full, Path.GetFullPath(summary));

    /// <summary>The same path, or two names of one file (a link to it).</summary>
    private static bool SameFile(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || NativeFileSystem.RealPathOf(a) is { } realA && string.Equals(realA, NativeFileSystem.RealPathOf(b), StringComparison.Ordinal);
}

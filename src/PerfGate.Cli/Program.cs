using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using PerfGate.Analyzers;
using PerfGate.Core;
using PerfGate.Core.Baseline;
using PerfGate.Core.Budgets;
using PerfGate.Core.Changes;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Sarif;

namespace PerfGate.Cli;

public static class Program
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Error = 2;

    public static int Main(string[] args)
    {
        AtomicFile.CleanUpOnTermination();
        return Execute(args, Console.Out, Console.Error);
    }

    /// <summary>Runs a command line and turns every error into PG0xxx lines on <paramref name="stderr"/> and exit code 2.</summary>
    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return Run(args, stdout, stderr);
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
    }

    /// <summary>Never a stack trace: the diagnostic every host reports for <paramref name="e"/> (PERFGATE_DEBUG=1 adds a bug's trace).</summary>
    internal static int Report(Exception e, TextWriter stderr)
    {
        foreach (string line in GateErrors.Lines(e)) stderr.WriteLine(line);
        if (GateErrors.IsInternal(e) && Environment.GetEnvironmentVariable("PERFGATE_DEBUG") == "1")
            foreach (string line in e.ToString().Split('\n')) stderr.WriteLine(UntrustedText.ForLog(line.TrimEnd('\r')));
        return Error;
    }

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count == 1 && args[0] == "--version")
        {
            stdout.WriteLine(Reporter.Version);
            return Passed;
        }
        // `perfgate help` and `perfgate help scan` are `--help` spelled as a command.
        if (args.Count is 1 or 2 && args[0] == "help") args = args.Skip(1).Append("--help").ToArray();
        // collect parses its own line: what follows "--" is the command it wraps.
        if (args.Count > 0 && args[0] == Collect.CollectCommand.Name) return Collect.CollectCommand.Run(args, stdout, stderr);
        ParsedCommand? command = CommandLine.Parse(args, stdout);
        return command == null ? Passed : CommandLineChecks.RejectEmpty(command).Spec.Run!(command, stdout, stderr);
    }

    // ---- scan / check ------------------------------------------------------------------------

    /// <summary>What <c>scan PATH</c> resolves to: a project or solution to build, or a folder of sources.</summary>
    public sealed record ScanTarget(string Path, bool IsProject, string Directory);

    public static ScanTarget ResolveTarget(string? path, bool forceSources)
    {
        string full = System.IO.Path.GetFullPath(path ?? ".");
        if (File.Exists(full))
        {
            string ext = System.IO.Path.GetExtension(full).ToLowerInvariant();
            if (ext is not (".sln" or ".slnx" or ".csproj" or ".slnf"))
                throw new UsageException($"'{path}' is not a .sln, .slnx or .csproj file, nor a folder");
            if (forceSources) throw new UsageException("--sources scans a folder; '" + path + "' is a file");
            return new ScanTarget(full, true, System.IO.Path.GetDirectoryName(full)!);
        }
        if (!System.IO.Directory.Exists(full)) throw new UsageException($"the path '{path ?? "."}' does not exist");
        if (!forceSources)
        {
            string[] solutions = System.IO.Directory.GetFiles(full, "*.sln").Concat(System.IO.Directory.GetFiles(full, "*.slnx")).ToArray();
            string[] projects = System.IO.Directory.GetFiles(full, "*.csproj");
            string[] candidates = solutions.Length > 0 ? solutions : projects;
            if (candidates.Length > 1)
                throw new UsageException($"'{path ?? "."}' holds several {(solutions.Length > 0 ? "solutions" : "projects")}: name one ("
                    + string.Join(", ", candidates.Select(System.IO.Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal))
                        + "), or pass --sources to scan the files without building");
            if (candidates.Length == 1) return new ScanTarget(candidates[0], true, full);
        }
        return new ScanTarget(full, false, full);
    }

    internal static int Scan(ParsedCommand command, TextWriter stdout, TextWriter stderr)
    {
        ScanTarget target = ResolveTarget(command.Positionals.FirstOrDefault(), command.Has("--sources"));
        var (policy, policyPath) = PolicyResolver.Resolve(command.Value("--policy"), target.Directory);
        policy = WithFailOn(policy, command.Value("--fail-on"));
        var progress = new Progress(command.Has("--quiet"));
        return Gate(command, policy, policyPath, target.Directory, stdout, stderr,
            () => Evidence(target, policy, policyPath, command.Value("--configuration"), progress));
    }

    private static GateResult Evidence(ScanTarget target, GatePolicy policy, string? policyPath, string? configuration, Progress progress) =>
        target.IsProject
            ? ProjectScanner.Scan(target.Path, policy, policyPath, configuration, progress)
            : FolderScanner.Scan(target.Path, policy, progress);

    internal static int Check(ParsedCommand command, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<string> files = SarifInputs(command, required: false);
        var (policy, policyPath) = PolicyResolver.Resolve(command.Value("--policy"), Environment.CurrentDirectory);
        policy = WithFailOn(policy, command.Value("--fail-on"));
        // A team without a .NET build (a Node service gated on its traces and load tests) has budgets but no SARIF.
        if (files.Count == 0 && policy.Budgets.IsEmpty)
            throw new UsageException("check needs --sarif FILES… (SARIF logs to evaluate) or a policy with budgets: (--policy FILE)"
                + (policyPath != null ? $"; {policyPath} has no budgets" : "; no perfgate.yml was found"));
        return Gate(command, policy, policyPath, Environment.CurrentDirectory, stdout, stderr, () => ReadSarif(policy, files));
    }

    /// <summary>
    /// <c>--fail-on</c> replaces the policy's <c>failOn</c> for the verdict (CI hosts pass their
    /// <c>fail-on</c> input through it). Levels, paths and baseline still come from the policy.
    /// </summary>
    public static GatePolicy WithFailOn(GatePolicy policy, string? value)
    {
        if (value == null) return policy;
        FailOn failOn = value.ToLowerInvariant() switch
        {
            "error" => FailOn.Error,
            "warning" => FailOn.Warning,
            "never" => FailOn.Never,
            _ => throw new UsageException($"--fail-on must be error, warning or never, not '{value}'"
                + ClosestMatch.Suffix(value, new[] { "error", "warning", "never" })),
        };
        return policy.WithFailOn(failOn);
    }

    internal static IReadOnlyList<string> SarifInputs(ParsedCommand command, bool required)
    {
        IReadOnlyList<string> files = command.Values("--sarif");
        if (required && files.Count == 0) throw new UsageException("check needs --sarif FILES… (SARIF logs to evaluate)");
        foreach (string file in files)
            if (!File.Exists(file)) throw new EvidenceException(System.IO.Path.GetFullPath(file), 0, 0, "the SARIF log does not exist");
        return files.Select(f => System.IO.Path.GetFullPath(f)).ToArray();
    }

    internal static GateResult ReadSarif(GatePolicy policy, IReadOnlyList<string> files) => EvidenceCollector.FromSarifFiles(policy, files);

    public static string BaselinePath(ParsedCommand command, string? policyPath, string directory) =>
        command.Value("--baseline") is { } explicitPath
            ? System.IO.Path.GetFullPath(explicitPath)
            : System.IO.Path.Combine(policyPath != null ? System.IO.Path.GetDirectoryName(policyPath)! : directory, BaselineFile.FileName);

    public static IReadOnlyList<BaselineEntry> ReadBaseline(string path) => BaselineFile.Read(path);

    /// <summary>The shared tail of scan and check: PR mode, baseline, report, exit code.</summary>
    internal static int Gate(ParsedCommand command, GatePolicy policy, string? policyPath, string directory,
        TextWriter stdout, TextWriter stderr, Func<GateResult> evidence)
    {
        string format = command.Value("--format") ?? "console";
        string? output = command.Value("--output");

        ChangedLines? changed = command.Value("--changed-since") is { } gitRef ? ChangedLines.FromGit(directory, gitRef) : null;

        string baselinePath = BaselinePath(command, policyPath, directory);
        if (output != null) output = OutputPath.Check(output, command.Values("--sarif").Append(baselinePath).Append(policyPath));
        IReadOnlyList<BaselineEntry>? baseline = null;
        if (!command.Has("--no-baseline"))
        {
            if (File.Exists(baselinePath)) baseline = ReadBaseline(baselinePath);
            else if (command.Has("--baseline")) throw new BaselineException(baselinePath, 0, 0, "the baseline named by --baseline does not exist");
        }

        GateResult scanned = evidence();
        GateResult result = scanned;
        string root = changed?.RepositoryRoot ?? RepositoryRoot.Find(directory, policyPath != null ? policy.BaseDirectory : directory);
        if (changed != null) result = changed.Filter(result);
        IReadOnlyList<BaselineEntry> stale = Array.Empty<BaselineEntry>();
        IReadOnlyList<Finding> counted = scanned.Findings;
        if (baseline != null)
        {
            // Paths in the baseline are relative to the repository root, as the baseline command writes them.
            BaselineComparison comparison = BaselineMatcher.Compare(result.Findings, baseline, root);
            result = result with { Findings = comparison.Findings };
            // In PR mode most entries lie outside the changed lines: "stale" would be meaningless there.
            if (changed == null) stale = comparison.Stale;
            // `new:` finding budgets count every new finding of the evidence, not only those on changed lines.
            counted = changed == null ? comparison.Findings : BaselineMatcher.Compare(scanned.Findings, baseline, root).Findings;
        }

        // Budgets come after PR mode and the baseline: a budget finding points at the policy or a benchmark,
        // not at a changed line, and is never baselined. Finding budgets count every finding of the evidence.
        BudgetBaseline? budgetBaseline = command.Has("--no-baseline") ? null : new BudgetBaseline(baselinePath, Compared: baseline != null);
        result = EvidenceCollector.AddBudgets(result, counted, budgetBaseline);
        IReadOnlyList<Finding> unreadable = EvidenceCollector.UnreadableBudgetInputs(result);
        if (unreadable.Count > 0)
            throw PerfGateException.Several(unreadable
                .Select(f => new GateDiagnostic(f.RuleId, f.Message, f.FilePath, f.Region?.StartLine ?? 0, f.Region?.StartColumn ?? 0)).ToArray());

        var report = new GateReport(result, stale, root, baseline != null, command.Value("--category"));
        string rendered = Reporter.Render(report, format);
        if (output != null)
        {
            AtomicFile.WriteAllText(output, rendered);
            stdout.WriteLine(report.Summary() + " -> " + UntrustedText.ForLog(output));
        }
        else
        {
            stdout.Write(Reporter.ForLog(rendered, format));
            if (format != "console") stderr.WriteLine(report.Summary());
        }
        return result.Passed ? Passed : Failed;
    }

    // ---- baseline ------------------------------------------------------------------------------

    internal static int BaselineCommand(ParsedCommand command, TextWriter stdout)
    {
        bool update = command.Has("--update");
        if (command.Has("--accept-new") && !update) throw new UsageException("--accept-new goes with --update (perfgate baseline --update --accept-new)");
        IReadOnlyList<string> sarif = SarifInputs(command, required: false);
        if (sarif.Count > 0 && command.Positionals.Count > 0) throw new UsageException("give either PATH (to scan) or --sarif FILES…, not both");

        ScanTarget? target = sarif.Count > 0 ? null : ResolveTarget(command.Positionals.FirstOrDefault(), command.Has("--sources"));
        string directory = target?.Directory ?? Environment.CurrentDirectory;
        var (policy, policyPath) = PolicyResolver.Resolve(command.Value("--policy"), directory);
        string path = BaselinePath(command, policyPath, directory);
        bool exists = File.Exists(path);
        if (exists && !update)
            throw new BaselineException(path, 0, 0,
                "a baseline already exists; 'perfgate baseline --update' removes fixed entries (add --accept-new to accept new findings)");
        if (!exists && update)
            throw new BaselineException(path, 0, 0, "there is no baseline to update; run 'perfgate baseline' first");
        IReadOnlyList<BaselineEntry> existing = exists ? ReadBaseline(path) : Array.Empty<BaselineEntry>();

        var progress = new Progress(command.Has("--quiet"));
        GateResult result = target != null ? Evidence(target, policy, policyPath, command.Value("--configuration"), progress) : ReadSarif(policy, sarif);
        string root = RepositoryRoot.Find(directory, policyPath != null ? policy.BaseDirectory : directory);
        IReadOnlyList<BaselineEntry> entries;
        if (!exists)
        {
            entries = BaselineMatcher.FromFindings(result.Findings, root);
            BaselineFile.Write(path, entries);
            stdout.WriteLine($"PerfGate: wrote {entries.Count} finding(s) to {UntrustedText.ForLog(path)}");
            return Passed;
        }
        BaselineComparison comparison = BaselineMatcher.Compare(result.Findings, existing, root);
        entries = BaselineMatcher.Update(existing, comparison, root, command.Has("--accept-new"));
        BaselineFile.Write(path, entries);
        int added = command.Has("--accept-new") ? comparison.New.Count() : 0;
        stdout.WriteLine($"PerfGate: updated {UntrustedText.ForLog(path)}: {comparison.Stale.Count} fixed entr{(comparison.Stale.Count == 1 ? "y" : "ies")} removed, {added} new finding(s) added, {entries.Count} total"
            + (added == 0 && comparison.New.Any() ? $"; {comparison.New.Count()} new finding(s) not added (--accept-new adds them)" : ""));
        return Passed;
    }

    // ---- merge ---------------------------------------------------------------------------------

    internal static int Merge(ParsedCommand command, TextWriter stdout)
    {
        if (command.Positionals.Count == 0) throw new UsageException("merge needs the SARIF files to merge (perfgate merge FILES… --output OUT)");
        string output = command.Value("--output") ?? throw new UsageException("merge needs --output OUT");
        string outFull = System.IO.Path.GetFullPath(output);
        var inputs = command.Positionals.Select(p => System.IO.Path.GetFullPath(p)).ToArray();
        foreach (string input in inputs)
            if (!File.Exists(input)) throw new EvidenceException(input, 0, 0, "the SARIF log does not exist");
        OutputPath.Check(output, inputs);
        System.Text.Json.Nodes.JsonObject merged = SarifMerger.Merge(inputs);
        // Code scanning rejects logs over its limits: keep the most severe results and say so in the run.
        IReadOnlyList<string> truncated = SarifLimits.Fits(merged) ? Array.Empty<string>() : SarifLimits.Enforce(merged);
        AtomicFile.WriteAllText(outFull, SarifMerger.Render(merged));
        var runs = (System.Text.Json.Nodes.JsonArray)merged["runs"]!;
        int results = runs.Sum(r => ((System.Text.Json.Nodes.JsonArray)r!["results"]!).Count);
        stdout.WriteLine($"PerfGate: merged {inputs.Length} log(s) into {runs.Count} run(s) with {results} result(s) -> {UntrustedText.ForLog(output)}");
        foreach (string note in truncated) stdout.WriteLine("PerfGate: " + UntrustedText.ForLog(note));
        return Passed;
    }

    // ---- init / explain / fix ------------------------------------------------------------------

    internal static int Init(ParsedCommand command, TextWriter stdout)
    {
        string folder = System.IO.Path.GetFullPath(command.Positionals.FirstOrDefault() ?? ".");
        if (!System.IO.Directory.Exists(folder)) throw new UsageException($"the folder '{command.Positionals[0]}' does not exist");
        string path = System.IO.Path.Combine(folder, GatePolicy.FileName);
        if (File.Exists(path))
            throw new UsageException("a policy already exists here; init never overwrites it (edit it, or delete it first)", path);
        // CreateNew: even a file that appears between the check and the write is not overwritten.
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
            writer.Write(StarterPolicy.Text);
        stdout.WriteLine($"PerfGate: wrote {UntrustedText.ForLog(path)}");
        stdout.WriteLine("Next: gate every build with the package:");
        stdout.WriteLine($"  dotnet add package PerfGate --version {Reporter.Version}   (then mark it PrivateAssets=\"all\")");
        stdout.WriteLine("or try it without touching the project: perfgate scan .");
        return Passed;
    }

    internal static int Explain(ParsedCommand command, TextWriter stdout)
    {
        string id = command.Positionals.FirstOrDefault() ?? throw new UsageException("explain needs a rule ID (perfgate explain PG1001)");
        RuleMetadata rule = RuleCatalog.Find(id)
            ?? throw new UsageException($"unknown rule '{id}'" + ClosestMatch.Suffix(id, RuleCatalog.All.Select(r => r.Id)));
        stdout.Write(RuleHelpMarkdown.Render(rule));
        stdout.WriteLine();
        // Everything above comes from the rule metadata in the tool: no network. The link only where a repository is known.
        if (RuleHelpMarkdown.HelpUri(rule) is { } uri) stdout.WriteLine("Documentation: " + uri);
        return Passed;
    }

    internal static int Fix(ParsedCommand command, TextWriter stdout)
    {
        foreach (string id in command.Values("--rule"))
        {
            RuleMetadata? known = RuleCatalog.Find(id);
            if (known == null || known.Category == RuleCategories.Gate)
                throw new UsageException(
                    $"unknown rule '{id}'" + ClosestMatch.Suffix(id, RuleCatalog.All.Where(r => r.Category != RuleCategories.Gate).Select(r => r.Id)));
        }
        IReadOnlyList<string> rules = command.Values("--rule").Count > 0
            ? command.Values("--rule").Select(id => RuleCatalog.Find(id)!.Id).Distinct().ToArray()
            : RuleCatalog.All.Where(r => r.Category != RuleCategories.Gate).Select(r => r.Id).ToArray();
        bool dryRun = command.Has("--dry-run");
        ScanTarget target = ResolveTarget(command.Positionals.FirstOrDefault(), command.Has("--sources"));
        var (policy, _) = PolicyResolver.Resolve(command.Value("--policy"), target.Directory);
        var progress = new Progress(command.Has("--quiet"));
        var runner = new CodeFixRunner(policy, rules);

        Workspace workspace;
        Microsoft.CodeAnalysis.Solution solution;
        IReadOnlyList<CompilerFinding> notRead = Array.Empty<CompilerFinding>();
        if (target.IsProject)
            (workspace, solution) = FixWorkspace.ProjectAsync(target.Path, progress, default).GetAwaiter().GetResult();
        else
            workspace = FixWorkspace.Folder(target.Path, policy, progress, out solution, out notRead);
        FixOutcome outcome;
        using (workspace)
            outcome = runner.RunAsync(solution, progress, default).GetAwaiter().GetResult();

        IReadOnlyList<GateDiagnostic> notWritten = FixWriter.Write(outcome, target, dryRun, stdout);
        foreach (var (id, count) in outcome.Fixed) stdout.WriteLine($"{id}: {count} fixed");
        foreach (var (id, count) in outcome.NotApplicable)
            stdout.WriteLine($"{id}: {Findings(count)} the automatic fix does not apply to (see docs/rules/{id}.md)");
        foreach (var (id, count) in outcome.NoFix)
            stdout.WriteLine($"{id}: {Findings(count)}, no automatic fix (see docs/rules/{id}.md)");
        foreach (CompilerFinding note in notRead.Concat(outcome.Incomplete))
            stdout.WriteLine($"{UntrustedText.ForLog(note.FilePath != null ? DisplayPath(target.Directory, note.FilePath) : "perfgate")}: warning {note.RuleId}: "
                + UntrustedText.ForLog(note.Message));
        int fixedCount = outcome.Fixed.Values.Sum();
        string files = $"{outcome.Files.Count} file(s)";
        stdout.WriteLine(fixedCount == 0 && outcome.Files.Count == 0
            ? "PerfGate: nothing to fix; no file changed."
            : dryRun ? $"PerfGate: {fixedCount} fix(es) in {files} (dry run: no file changed)."
                     : $"PerfGate: {fixedCount} fix(es), {files} changed.");
        if (notWritten.Count > 0) throw PerfGateException.Several(notWritten);
        return Passed;
    }

    private static string Findings(int count) => count == 1 ? "1 finding" : $"{count} findings";

    /// <summary>A path relative to the scanned folder with forward slashes (git's diff headers), or the full path outside it.</summary>
    internal static string DisplayPath(string directory, string path)
    {
        string relative = System.IO.Path.GetRelativePath(directory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative)) relative = path;
        return relative.Replace('\\', '/');
    }
}

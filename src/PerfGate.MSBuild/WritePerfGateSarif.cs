using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Analyzers;
using PerfGate.Core;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Sarif;

namespace PerfGate.MSBuild;

/// <summary>
/// Turns the build's evidence (PerfGate's findings log, or the compiler's SARIF log) into PerfGate's SARIF. It does
/// not log the findings again: the compiler already did, at the severities the policy gave them.
/// </summary>
public sealed class WritePerfGateSarif : GateTask
{
    /// <summary>The findings log or the compiler's SARIF log (both are read by <see cref="CompilerLogReader"/>).</summary>
    [Required]
    public string CompilerLog { get; set; } = "";

    /// <summary>True when the log is older than this failed compile (it failed before the analyzers ran): write no findings.</summary>
    public bool IgnoreEvidence { get; set; }

    public string PolicyFile { get; set; } = "";

    [Required]
    public string SarifFile { get; set; } = "";

    [Required]
    public string ProjectDirectory { get; set; } = "";

    public string RepositoryRoot { get; set; } = "";

    public string Category { get; set; } = "";

    /// <summary><c>PerfGateHelpUriBase</c>: the repository URL rule pages link to; empty: the package's repository.</summary>
    public string HelpUriBase { get; set; } = "";

    protected override bool Run()
    {
        GatePolicy? policy = LoadPolicy();
        if (policy == null)
        {
            // The compiler-config target has already reported the policy's errors; repeating them helps no one.
            Log.LogMessage(MessageImportance.Normal, "PerfGate: no SARIF written, the policy has errors.");
            return true;
        }

        CompilerLog log = IgnoreEvidence
            ? new CompilerLog(System.Array.Empty<CompilerFinding>(), new System.Collections.Generic.Dictionary<string, ReportedRule>())
            : CompilerLogReader.Read(CompilerLog);
        GateResult result = GateEvaluator.Evaluate(policy, log);
        string root = string.IsNullOrEmpty(RepositoryRoot)
            ? Core.RepositoryRoot.Find(ProjectDirectory, policy.SourcePath != null ? policy.BaseDirectory : ProjectDirectory)
            : Path.GetFullPath(RepositoryRoot);
        var report = new SarifReport(
            ThisAssembly.Version,
            root,
            result.Findings,
            result.ForeignRules,
            string.IsNullOrEmpty(Category) ? null : Category)
        {
            HelpUriBase = string.IsNullOrWhiteSpace(HelpUriBase) ? null : HelpUriBase,
        };
        SarifWriter.WriteFile(report, SarifFile);

        string verdict = result.Passed ? "passed" : "failed";
        LogText(
            $"PerfGate: gate {verdict} ({result.Errors} error(s), {result.Warnings} warning(s), {result.Notes} note(s)) -> {SarifFile}");
        return true;
    }

    private GatePolicy? LoadPolicy()
    {
        if (string.IsNullOrEmpty(PolicyFile) || !File.Exists(PolicyFile))
            return GatePolicy.Default(ProjectDirectory);
        PolicyLoadResult loaded = PolicyLoader.Load(PolicyFile);
        return loaded.Succeeded ? loaded.Policy : null;
    }
}

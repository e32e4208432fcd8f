using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Analyzers;
using PerfGate.Core.Baseline;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;
using PerfGate.Core.Sarif;

namespace PerfGate.MSBuild;

/// <summary>
/// Evaluates the policy's budgets after the compile (only when it names any: see PerfGate.targets) and
/// logs their findings itself, with file, line, column and PG600x code: they are not compiler
/// diagnostics, so nothing else prints them. Fails the build per <c>failOn</c>. When SARIF is on, the
/// budget findings join the compiler's in perfgate.sarif.
/// </summary>
public sealed class CheckPerfGateBudgets : GateTask
{
    [Required]
    public string PolicyFile { get; set; } = "";

    /// <summary>The findings log (or the compiler's SARIF log) when the build writes one: finding budgets (PG6003) count its findings.</summary>
    public string CompilerLog { get; set; } = "";

    /// <summary>perfgate.sarif, rewritten with the budget findings; empty when SARIF is off.</summary>
    public string SarifFile { get; set; } = "";

    [Required]
    public string ProjectDirectory { get; set; } = "";

    public string RepositoryRoot { get; set; } = "";

    public string Category { get; set; } = "";

    /// <summary><c>PerfGateHelpUriBase</c>: the repository URL rule pages link to; empty: the package's repository.</summary>
    public string HelpUriBase { get; set; } = "";

    /// <summary>Touched when the budgets pass, so an unchanged build skips them; removed when they fail, so a failing gate fails again.</summary>
    public string StampFile { get; set; } = "";

    protected override void Failed()
    {
        if (!string.IsNullOrEmpty(StampFile) && File.Exists(StampFile)) File.Delete(StampFile);
    }

    protected override bool Run()
    {
        PolicyLoadResult loaded = PolicyLoader.Load(PolicyFile);
        if (!loaded.Succeeded) return true; // PerfGateWriteCompilerConfig has reported the policy's errors.
        GatePolicy policy = loaded.Policy!;

        bool hasLog = !string.IsNullOrEmpty(CompilerLog) && File.Exists(CompilerLog);
        GateResult result = hasLog
            ? EvidenceCollector.FromLogs(policy, new[] { CompilerLogReader.Read(CompilerLog) })
            : GateEvaluator.Evaluate(policy, new CompilerLog(Array.Empty<CompilerFinding>(), new Dictionary<string, ReportedRule>()));
        string root = string.IsNullOrEmpty(RepositoryRoot)
            ? Core.RepositoryRoot.Find(ProjectDirectory, policy.BaseDirectory)
            : Path.GetFullPath(RepositoryRoot);

        // `new:` finding budgets: the build has no baseline step of its own, so the findings are compared
        // with perfgate.baseline.json beside the policy here (only for counting; the compiler gated them already).
        IReadOnlyList<Finding> counted = result.Findings;
        BudgetBaseline? baseline = null;
        if (hasLog && EvidenceCollector.BudgetsCountNewFindings(policy))
            (counted, baseline) = EvidenceCollector.CompareForBudgets(result.Findings, BudgetBaseline.DefaultPath(policy.BaseDirectory), root);
        result = EvidenceCollector.AddBudgets(result, counted, baseline);

        if (!hasLog)
        {
            foreach (var budget in policy.Budgets.Findings)
                LogWarning(RuleIdentifiers.FindingBudgetExceeded, budget.Position.FilePath, budget.Position.Line, budget.Position.Column,
                    "PerfGate: this finding budget was not evaluated: it counts the compiler's findings, and this build wrote no findings log (command-line builds do; or run perfgate check).");
        }

        bool failed = false;
        foreach (Finding f in result.Budgets.Findings)
        {
            int line = f.Region?.StartLine ?? 0, column = f.Region?.StartColumn ?? 0;
            bool fails = policy.Fails(f.Level) || f.RuleId == RuleIdentifiers.UnreadableEvidence;
            if (fails)
            {
                failed = true;
                LogError(f.RuleId, f.FilePath, line, column, f.Message);
            }
            else if (f.Level >= RuleLevel.Warning || policy.FailOn == FailOn.Never)
                LogWarning(f.RuleId, f.FilePath, line, column, f.Message);
            else
                LogNote(f.RuleId, f.FilePath, line, column, f.Message);
        }
        foreach (string note in result.Budgets.Notes) LogText("PerfGate: " + note);

        bool writeSarif = !string.IsNullOrEmpty(SarifFile) && hasLog;
        if (writeSarif)
        {
            SarifWriter.WriteFile(new SarifReport(ThisAssembly.Version, root, result.Findings, result.ForeignRules,
                string.IsNullOrEmpty(Category) ? null : Category) { HelpUriBase = string.IsNullOrWhiteSpace(HelpUriBase) ? null : HelpUriBase }, SarifFile);
        }

        int budgetErrors = result.Budgets.Findings.Count(f => policy.Fails(f.Level) || f.RuleId == RuleIdentifiers.UnreadableEvidence);
        LogText(
            $"PerfGate: budgets {(failed ? "failed" : "passed")} ({result.Budgets.Benchmarks.Count} benchmark(s), {result.Budgets.Thresholds.Count} load-test check(s), {result.Budgets.FindingCounts.Count} finding budget(s), {result.Budgets.Traces.Count} trace budget(s); {budgetErrors} failing)"
            + (writeSarif ? " -> " + SarifFile : ""));

        if (!string.IsNullOrEmpty(StampFile))
        {
            if (failed) File.Delete(StampFile);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(StampFile)!);
                File.WriteAllText(StampFile, "");
                File.SetLastWriteTimeUtc(StampFile, DateTime.UtcNow);
            }
        }
        return !failed;
    }
}

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Analyzers;
using System.IO;
using PerfGate.Core;
using PerfGate.Core.Budgets;
using PerfGate.Core.Compiler;
using PerfGate.Core.Policy;

namespace PerfGate.MSBuild;

/// <summary>Projects perfgate.yml into the global analyzer config the compiler reads.</summary>
public sealed class WritePerfGateCompilerConfig : GateTask
{
    [Required]
    public string PolicyFile { get; set; } = "";

    [Required]
    public string OutputFile { get; set; } = "";

    /// <summary>
    /// Written (one MSBuild wildcard per line: the budget inputs to watch) only when the policy names budgets,
    /// and deleted otherwise; the budget target runs only when it exists, so a build without budgets pays nothing.
    /// </summary>
    public string BudgetsFlagFile { get; set; } = "";

    protected override bool Run()
    {
        PolicyLoadResult result = PolicyLoader.Load(PolicyFile);
        if (!result.Succeeded)
        {
            foreach (PolicyError error in result.Errors)
                LogError(RuleIdentifiers.InvalidPolicy, error.FilePath, error.Line, error.Column, "PerfGate: " + error.Message);
            return false;
        }
        CompilerConfigWriter.WriteIfChanged(result.Policy!, OutputFile);
        if (!string.IsNullOrEmpty(BudgetsFlagFile))
        {
            GatePolicy policy = result.Policy!;
            if (policy.Budgets.IsEmpty) File.Delete(BudgetsFlagFile);
            else AtomicFile.WriteAllText(BudgetsFlagFile, string.Join("\n", BudgetInputs.Patterns(policy.Budgets, policy.BaseDirectory)) + "\n");
        }
        return true;
    }
}

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Analyzers;
using PerfGate.Core.Compiler;
using PerfGate.Core.Policy;

namespace PerfGate.MSBuild;

/// <summary>Projects perfgate.yml into the global analyzer config the compiler reads.</summary>
public sealed class WritePerfGateCompilerConfig : Task
{
    [Required]
    public string PolicyFile { get; set; } = "";

    [Required]
    public string OutputFile { get; set; } = "";

    public override bool Execute()
    {
        PolicyLoadResult result = PolicyLoader.Load(PolicyFile);
        if (!result.Succeeded)
        {
            foreach (PolicyError error in result.Errors)
                Log.LogError(null, RuleIdentifiers.InvalidPolicy, null, error.FilePath, error.Line, error.Column, 0, 0, "PerfGate: " + error.Message);
            return false;
        }
        CompilerConfigWriter.WriteIfChanged(result.Policy!, OutputFile);
        return true;
    }
}

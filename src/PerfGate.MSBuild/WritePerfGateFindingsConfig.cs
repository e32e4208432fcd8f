using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PerfGate.Core;
using PerfGate.Core.Compiler;
using PerfGate.Core.Policy;

namespace PerfGate.MSBuild;

/// <summary>
/// Writes the findings config of a command-line build (<see cref="FindingsConfigWriter"/>), only when its content
/// changed, and the flag that asks for the compiler's own log when the policy gates other analyzers' rules.
/// </summary>
public sealed class WritePerfGateFindingsConfig : Task
{
    /// <summary>The policy; empty or missing: the documented defaults.</summary>
    public string PolicyFile { get; set; } = "";

    [Required]
    public string ProjectDirectory { get; set; } = "";

    [Required]
    public string ConfigFile { get; set; } = "";

    [Required]
    public string FindingsLog { get; set; } = "";

    /// <summary>Written when the policy names rules of other analyzers, deleted otherwise.</summary>
    public string CompilerLogFlagFile { get; set; } = "";

    public override bool Execute()
    {
        GatePolicy policy;
        if (string.IsNullOrEmpty(PolicyFile) || !File.Exists(PolicyFile)) policy = GatePolicy.Default(ProjectDirectory);
        else
        {
            PolicyLoadResult loaded = PolicyLoader.Load(PolicyFile);
            if (!loaded.Succeeded) return true; // PerfGateWriteCompilerConfig reports the policy's errors and fails the build.
            policy = loaded.Policy!;
        }

        string content = FindingsConfigWriter.Render(policy, FindingsLog);
        if (!File.Exists(ConfigFile) || File.ReadAllText(ConfigFile) != content) AtomicFile.WriteAllText(ConfigFile, content);
        if (!string.IsNullOrEmpty(CompilerLogFlagFile))
        {
            if (FindingsConfigWriter.NeedsCompilerLog(policy)) AtomicFile.WriteAllText(CompilerLogFlagFile, "the policy gates other analyzers' rules\n");
            else File.Delete(CompilerLogFlagFile);
        }
        return true;
    }
}

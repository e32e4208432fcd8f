using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Policy;

namespace PerfGate.Cli;

/// <summary>Finds and loads the policy as the build does: --policy, else the nearest perfgate.yml at or above the start folder.</summary>
public static class PolicyResolver
{
    public static (GatePolicy Policy, string? Path) Resolve(string? explicitPolicy, string startDirectory)
    {
        string? path;
        if (explicitPolicy != null)
        {
            path = Path.GetFullPath(explicitPolicy);
            if (!File.Exists(path))
                throw new PerfGateException(RuleIdentifiers.PolicyFileNotFound, "the policy file named by --policy does not exist", path);
        }
        else
        {
            path = FindUpward(startDirectory, GatePolicy.FileName);
        }
        if (path == null) return (GatePolicy.Default(startDirectory), null);
        PolicyLoadResult loaded = PolicyLoader.Load(path);
        if (!loaded.Succeeded)
            throw PerfGateException.Several(
                loaded.Errors.Select(e => new GateDiagnostic(RuleIdentifiers.InvalidPolicy, e.Message, e.FilePath, e.Line, e.Column)).ToArray());
        return (loaded.Policy!, path);
    }

    public static string? FindUpward(string startDirectory, string fileName)
    {
        for (DirectoryInfo? d = new(Path.GetFullPath(startDirectory)); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

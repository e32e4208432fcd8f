using PerfGate.Analyzers;

namespace PerfGate.Core.Sarif;

/// <summary>PerfGate levels as SARIF <c>level</c> values.</summary>
public static class SarifLevels
{
    public static string ToSarif(RuleLevel level) => level switch
    {
        RuleLevel.Error => "error",
        RuleLevel.Warning => "warning",
        RuleLevel.Note => "note",
        _ => "none",
    };
}

using System.Linq;
using Microsoft.CodeAnalysis.Testing;

namespace PerfGate.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Every finding's message ends with the path that reaches it (the descriptor's last argument, docs/architecture/hotness.md).
    /// A test that writes only the rule's own arguments expects what a snippet with no caller gets, <see cref="Unknown"/>; a test
    /// about the path writes the whole list (<c>WithArguments("Find", "foreach loop", " [reached from GET /orders]")</c>).
    /// </summary>
    internal static class ReachArguments
    {
        public const string Unknown = " [reach unknown]";

        public static void Complete(SolutionState state)
        {
            for (int i = 0; i < state.ExpectedDiagnostics.Count; i++) state.ExpectedDiagnostics[i] = Complete(state.ExpectedDiagnostics[i]);
            if (System.Environment.GetEnvironmentVariable("PG_DUMP_ACTUAL") == "1") state.ExpectedDiagnostics.Add(
                new DiagnosticResult("XX0000", Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        }

        public static DiagnosticResult Complete(DiagnosticResult result)
        {
            if (result.MessageFormat == null || result.MessageArguments == null) return result;
            RuleMetadata? rule = RuleCatalog.Find(result.Id);
            if (rule == null || !rule.AppliesReach) return result;
            if (result.MessageArguments.Length != RuleDescriptors.ArgumentCount(rule.MessageFormat)) return result;
            return result.WithArguments(result.MessageArguments.Concat(new object?[] { Unknown }).ToArray()!);
        }
    }
}

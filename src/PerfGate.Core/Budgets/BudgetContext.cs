using System.Collections.Generic;
using PerfGate.Analyzers;
using PerfGate.Core.Errors;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.IO;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Budgets;

/// <summary>What the budget evaluators share: the policy, where paths are relative to, and the findings so far.</summary>
internal sealed class BudgetContext
{
    public BudgetContext(GatePolicy policy, string baseDirectory)
    {
        Policy = policy;
        BaseDirectory = baseDirectory;
        Scope = InputScope.Around(baseDirectory);
        Sources = new SourceLocator(baseDirectory, Scope);
    }

    public GatePolicy Policy { get; }
    public string BaseDirectory { get; }

    /// <summary>Where the budgets' files may be: the repository around the policy (the policy cannot widen it).</summary>
    public InputScope Scope { get; }
    public SourceLocator Sources { get; }
    public List<Finding> Findings { get; } = new();
    public List<string> Notes { get; } = new();

    /// <summary>The level a failing budget of <paramref name="ruleId"/> is reported at; null when the policy turns the rule off.</summary>
    public RuleLevel? FailLevel(string ruleId)
    {
        RuleLevel? level = Policy.LevelFor(ruleId, RuleCategories.Budgets);
        return level is null or RuleLevel.Off ? null : level;
    }

    /// <summary>The warn tier annotates: a warning, or lower when the policy sets the rule lower.</summary>
    public RuleLevel? WarnLevel(string ruleId)
    {
        RuleLevel? level = FailLevel(ruleId);
        return level == null ? null : level < RuleLevel.Warning ? level : RuleLevel.Warning;
    }

    public void Add(string ruleId, RuleLevel level, string message, string? filePath, int line, int column) =>
        Findings.Add(new Finding(ruleId, level, Echo.CapMessage(message), filePath, line > 0 ? new SourceRegion(line, column, line, column) : null));

    public void AddRuntime(string ruleId, RuleLevel level, string message, string summary, string? filePath, int line) =>
        Findings.Add(new Finding(ruleId, level, Echo.CapMessage(message), filePath, line > 0 ? new SourceRegion(line, 1, line, 1) : null)
        {
            RuntimeSummary = Echo.CapMessage(summary),
        });

    public void Add(string ruleId, RuleLevel level, string message, string? filePath, SourceRegion? region) =>
        Findings.Add(new Finding(ruleId, level, Echo.CapMessage(message), filePath, region));

    /// <summary>An input that could not be used: PG0003, an error that cannot be turned off.</summary>
    public void Unreadable(EvidenceException e) => Add(e.Code, RuleLevel.Error, e.Message, e.FilePath, e.Line, e.Column);

    /// <summary>
    /// True, with PG0003 at the policy entry, when a path or glob of it reaches outside <see cref="Scope"/>
    /// (<c>summary: /etc/shadow</c>, <c>results: "/**/*.json"</c>, <c>baseline: ../../..</c>): such a budget is not evaluated.
    /// </summary>
    public bool Outside(PolicyPosition at, params string[] patterns)
    {
        foreach (string pattern in patterns)
        {
            string root = FileGlob.Split(BaseDirectory, pattern).Root;
            if (Scope.Contains(root)) continue;
            Missing(at, Scope.Refusal(pattern));
            return true;
        }
        return false;
    }

    /// <summary>PG0003 at the policy entry that names an input which is not there.</summary>
    public void Missing(PolicyPosition at, string message) =>
        Add(RuleIdentifiers.UnreadableEvidence, RuleLevel.Error, message, at.FilePath, at.Line, at.Column);
}

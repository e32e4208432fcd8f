using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;

namespace PerfGate.Core.Policy;

/// <summary>
/// A loaded perfgate.yml. Level resolution is most specific first: a rule ID beats a category,
/// a category beats <c>*</c>, and <c>*</c> beats the rule's default. Later entries of the same
/// specificity win, as in .editorconfig.
/// </summary>
public sealed class GatePolicy
{
    public const string FileName = "perfgate.yml";
    public const int CurrentVersion = 1;

    public GatePolicy(
        string? sourcePath,
        string baseDirectory,
        FailOn failOn,
        IReadOnlyList<RuleSetting> rules,
        IReadOnlyList<string> exclude)
    {
        SourcePath = sourcePath;
        BaseDirectory = Path.GetFullPath(baseDirectory);
        FailOn = failOn;
        Rules = rules;
        Exclude = exclude;
        _excludeGlobs = exclude.Select(PathGlob.Parse).ToArray();
    }

    private readonly PathGlob[] _excludeGlobs;

    /// <summary>The policy file, or null for the built-in defaults.</summary>
    public string? SourcePath { get; }

    /// <summary>The folder <c>paths.exclude</c> globs are relative to: the policy's own folder.</summary>
    public string BaseDirectory { get; }
    public FailOn FailOn { get; }
    public IReadOnlyList<RuleSetting> Rules { get; }
    public IReadOnlyList<string> Exclude { get; }

    /// <summary>The <c>reach:</c> section: which cold, test and unknown-reach findings are reported.</summary>
    public ReachPolicy Reach { get; init; } = ReachPolicy.Default;

    /// <summary>The <c>budgets:</c> section; empty when the policy has none.</summary>
    public BudgetPolicy Budgets { get; init; } = BudgetPolicy.Empty;

    /// <summary>
    /// <c>incompleteScan</c>: the level of PG0009, reported where the scan skipped a file or a rule failed on some code
    /// (never off: a scan that skipped code says so). <see cref="FailOn"/> decides whether it fails the gate.
    /// </summary>
    public RuleLevel IncompleteScan { get; init; } = RuleLevel.Warning;

    /// <summary>This policy with another <c>failOn</c> (the command line's <c>--fail-on</c>); every other section kept.</summary>
    public GatePolicy WithFailOn(FailOn failOn) => Copy(failOn, Budgets);

    /// <summary>This policy with other budgets (a run's own trace files); every other section kept.</summary>
    public GatePolicy WithBudgets(BudgetPolicy budgets) => Copy(FailOn, budgets);

    private GatePolicy Copy(FailOn failOn, BudgetPolicy budgets) =>
        new(SourcePath, BaseDirectory, failOn, Rules, Exclude) { Budgets = budgets, IncompleteScan = IncompleteScan, Reach = Reach };

    /// <summary>The documented defaults: every rule at its default level, fail on errors, nothing excluded.</summary>
    public static GatePolicy Default(string baseDirectory) =>
        new(null, baseDirectory, FailOn.Error, new RuleSetting[0], new string[0]);

    /// <summary>
    /// The level this policy gives a rule, or null when the policy does not gate it
    /// (another analyzer's rule that no entry names).
    /// </summary>
    public RuleLevel? LevelFor(string ruleId, string? category)
    {
        if (ruleId == RuleIdentifiers.AnalysisIncomplete) return IncompleteScan;
        RuleSetting? byId = Last(RuleSelectorKind.Rule, ruleId, category);
        if (byId != null) return byId.Level;
        RuleSetting? byCategory = Last(RuleSelectorKind.Category, ruleId, category);
        if (byCategory != null) return byCategory.Level;
        RuleSetting? all = Last(RuleSelectorKind.All, ruleId, category);
        if (all != null) return all.Level;
        return RuleCatalog.Find(ruleId)?.DefaultLevel;
    }

    /// <summary>True when a level fails the gate under <see cref="FailOn"/>.</summary>
    public bool Fails(RuleLevel level) => FailOn switch
    {
        FailOn.Error => level >= RuleLevel.Error,
        FailOn.Warning => level >= RuleLevel.Warning,
        _ => false,
    };

    /// <summary>True when <paramref name="fullPath"/> matches <c>paths.exclude</c>.</summary>
    public bool IsExcluded(string? fullPath)
    {
        if (fullPath == null || _excludeGlobs.Length == 0) return false;
        string? relative = PathGlob.RelativeTo(BaseDirectory, fullPath);
        return relative != null && _excludeGlobs.Any(glob => glob.IsMatch(relative));
    }

    private RuleSetting? Last(RuleSelectorKind kind, string ruleId, string? category) =>
        Rules.LastOrDefault(setting => setting.Selector.Kind == kind && setting.Selector.Selects(ruleId, category));
}

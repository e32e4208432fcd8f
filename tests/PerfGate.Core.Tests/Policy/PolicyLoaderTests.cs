using System.Linq;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Policy;

namespace PerfGate.Core.Tests.Policy;

public sealed class PolicyLoaderTests
{
    private const string PolicyPath = "/repo/perfgate.yml";

    private static GatePolicy LoadValid(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, PolicyPath);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        return result.Policy!;
    }

    private static PolicyError SingleError(string yaml)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, PolicyPath);
        Assert.That(result.Policy, Is.Null, "a policy with errors must not load");
        Assert.That(result.Errors, Has.Count.EqualTo(1), string.Join("\n", result.Errors));
        return result.Errors[0];
    }

    [Test]
    public void Reads_every_section_of_a_full_policy()
    {
        GatePolicy policy = LoadValid("""
            version: 1
            failOn: warning
            rules:
              PG1001: error
              category/external-calls: note
              "*": warning
              CA1849: { level: error }
            paths:
              exclude: ["**/Migrations/**", "tests/**"]
            """);

        Assert.That(policy.FailOn, Is.EqualTo(FailOn.Warning));
        Assert.That(policy.Rules.Select(r => (r.Selector.ToString(), r.Level)), Is.EqualTo(new[]
        {
            ("PG1001", RuleLevel.Error),
            ("category/external-calls", RuleLevel.Note),
            ("*", RuleLevel.Warning),
            ("CA1849", RuleLevel.Error),
        }));
        Assert.That(policy.Exclude, Is.EqualTo(new[] { "**/Migrations/**", "tests/**" }));
        Assert.That(policy.BaseDirectory, Is.EqualTo("/repo"));
    }

    [Test]
    public void Most_specific_selector_wins_whatever_the_order()
    {
        GatePolicy policy = LoadValid("""
            rules:
              PG2002: off
              category/data-access: note
              "*": error
            """);

        Assert.That(policy.LevelFor("PG2002", RuleCategories.ExternalCalls), Is.EqualTo(RuleLevel.Off));
        Assert.That(policy.LevelFor("PG1001", RuleCategories.DataAccess), Is.EqualTo(RuleLevel.Note));
        Assert.That(policy.LevelFor("PG1005", RuleCategories.DataAccess), Is.EqualTo(RuleLevel.Note));
    }

    [Test]
    public void Rules_the_policy_does_not_name_keep_their_default_and_foreign_rules_are_not_gated()
    {
        GatePolicy policy = LoadValid("version: 1");

        Assert.That(policy.LevelFor("PG1001", RuleCategories.DataAccess), Is.EqualTo(DataAccessRules.QueryExecutedPerLoopIteration.DefaultLevel));
        Assert.That(policy.LevelFor("CA1849", "Performance"), Is.Null);
        Assert.That(policy.FailOn, Is.EqualTo(FailOn.Error));
    }

    [Test]
    public void Star_selects_only_PerfGate_rules_but_a_foreign_category_selects_foreign_rules()
    {
        GatePolicy policy = LoadValid("""
            rules:
              "*": error
              category/Performance: warning
            """);

        Assert.That(policy.LevelFor("CA1849", "Usage"), Is.Null);
        Assert.That(policy.LevelFor("CA1851", "Performance"), Is.EqualTo(RuleLevel.Warning));
        Assert.That(policy.LevelFor("PG2002", RuleCategories.ExternalCalls), Is.EqualTo(RuleLevel.Error));
    }

    [Test]
    public void An_empty_file_is_the_default_policy()
    {
        GatePolicy policy = LoadValid("");

        Assert.That(policy.Rules, Is.Empty);
        Assert.That(policy.SourcePath, Is.EqualTo(PolicyPath));
    }

    [Test]
    public void Invalid_yaml_points_at_the_position()
    {
        PolicyError error = SingleError("version: 1\nrules:\n  PG1001: [error\n");

        Assert.That(error.Line, Is.GreaterThanOrEqualTo(3));
        Assert.That(error.Message, Does.StartWith("invalid YAML"));
        Assert.That(error.FilePath, Is.EqualTo(PolicyPath));
    }

    [Test]
    public void Unknown_top_level_key_names_the_closest_valid_one()
    {
        PolicyError error = SingleError("version: 1\nfailon: error\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((2, 1)));
        Assert.That(error.Message, Does.Contain("unknown top-level key 'failon'").And.Contain("did you mean 'failOn'?"));
    }

    [Test]
    public void Reach_defaults_to_silent_cold_and_test_code_and_unknown_reach_as_notes()
    {
        Assert.That(LoadValid("version: 1\n").Reach, Is.EqualTo(ReachPolicy.Default));
        Assert.That(LoadValid("reach:\n").Reach, Is.EqualTo(ReachPolicy.Default));
        Assert.That(LoadValid("reach:\n  cold: report\n  tests: report\n  unknown: silent\n").Reach,
            Is.EqualTo(new ReachPolicy(ReportCold: true, ReportTests: true, ReportUnknown: false)));
        Assert.That(LoadValid("reach: { cold: silent, tests: report }\n").Reach, Is.EqualTo(ReachPolicy.Default with { ReportTests = true }));
        // Unknown reach is a note by default; 'report' gives it the rule's level, 'note' says the default aloud.
        Assert.That(ReachPolicy.Default.UnknownAsNote, Is.True);
        Assert.That(LoadValid("reach:\n  unknown: report\n").Reach, Is.EqualTo(ReachPolicy.Default with { UnknownAsNote = false }));
        Assert.That(LoadValid("reach:\n  unknown: note\n").Reach, Is.EqualTo(ReachPolicy.Default));
    }

    [Test]
    public void A_copy_with_another_failOn_or_other_budgets_keeps_every_other_section()
    {
        GatePolicy policy = LoadValid("failOn: warning\nrules:\n  PG1001: error\npaths:\n  exclude: [\"gen/**\"]\n"
            + "reach:\n  cold: report\n  unknown: report\nincompleteScan: error\n");
        foreach (GatePolicy copy in new[] { policy.WithFailOn(FailOn.Never), policy.WithBudgets(BudgetPolicy.Empty) })
        {
            Assert.That(copy.Reach, Is.EqualTo(policy.Reach));
            Assert.That(copy.IncompleteScan, Is.EqualTo(RuleLevel.Error));
            Assert.That(copy.Exclude, Is.EqualTo(new[] { "gen/**" }));
            Assert.That(copy.LevelFor("PG1001", null), Is.EqualTo(RuleLevel.Error));
            Assert.That((copy.SourcePath, copy.BaseDirectory), Is.EqualTo((policy.SourcePath, policy.BaseDirectory)));
        }

        Assert.That(policy.WithFailOn(FailOn.Never).FailOn, Is.EqualTo(FailOn.Never));
        Assert.That(policy.WithBudgets(BudgetPolicy.Empty).FailOn, Is.EqualTo(FailOn.Warning));
    }

    [TestCase("reach:\n  cold: loud\n", 2, 9, "unknown value 'loud' for reach.cold: expected report or silent")]
    [TestCase("reach:\n  cold: note\n", 2, 9, "unknown value 'note' for reach.cold: expected report or silent")]
    [TestCase("reach:\n  unknown: loud\n", 2, 12, "unknown value 'loud' for reach.unknown: expected report, note or silent")]
    [TestCase("reach:\n  tests: reprot\n", 2, 10, "did you mean 'report'?")]
    [TestCase("reach:\n  hot: report\n", 2, 3, "unknown key under reach 'hot': expected cold, tests, unknown")]
    [TestCase("reach: report\n", 1, 8, "expected a mapping with keys cold, tests, unknown")]
    [TestCase("reach:\n  cold: [report]\n", 2, 9, "expected report or silent, found a list")]
    public void Reach_errors_say_where_and_what_was_expected(string yaml, int line, int column, string expected)
    {
        PolicyError error = SingleError(yaml);

        Assert.That((error.Line, error.Column), Is.EqualTo((line, column)));
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void Unknown_level_names_the_closest_valid_one()
    {
        PolicyError error = SingleError("rules:\n  PG1001: eror\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((2, 11)));
        Assert.That(error.Message, Does.Contain("unknown level 'eror'").And.Contain("did you mean 'error'?"));
    }

    [Test]
    public void Unknown_failOn_value_is_an_error()
    {
        PolicyError error = SingleError("failOn: warnings\n");

        Assert.That(error.Message, Does.Contain("did you mean 'warning'?"));
        Assert.That((error.Line, error.Column), Is.EqualTo((1, 9)));
    }

    [Test]
    public void Unknown_PerfGate_rule_names_the_closest_rule()
    {
        PolicyError error = SingleError("rules:\n  PG1901: error\n");

        Assert.That(error.Message, Does.Contain("unknown rule 'PG1901'").And.Contain("did you mean 'PG1001'?"));
    }

    [Test]
    public void Gate_diagnostics_cannot_be_configured()
    {
        PolicyError error = SingleError("rules:\n  PG0001: off\n");

        Assert.That(error.Message, Does.Contain("cannot be configured"));
    }

    [Test]
    public void Misspelt_PerfGate_category_names_the_closest_one()
    {
        PolicyError error = SingleError("rules:\n  category/data-acess: error\n");

        Assert.That(error.Message, Does.Contain("did you mean 'data-access'?"));
    }

    [TestCase("rules: [PG1001]\n", "expected a mapping of rule IDs")]
    [TestCase("rules:\n  PG1001: [error]\n", "expected a level: error, warning, note or off, found a list")]
    [TestCase("paths:\n  exclude: \"**/Migrations/**\"\n", "expected a list of globs")]
    [TestCase("version: 2\n", "unsupported policy version 2")]
    [TestCase("version: one\n", "expected a version number")]
    [TestCase("- version: 1\n", "expected a mapping with keys")]
    [TestCase("rules:\n  PG1001: { level: error, options: { max: 2 } }\n", "PG1001 takes no options")]
    [TestCase("rules:\n  PG1001: { lvl: error }\n", "did you mean 'level'?")]
    [TestCase("rules:\n  PG2004: { level: error, options: { clientType: [A.B] } }\n", "did you mean 'clientTypes'?")]
    [TestCase("rules:\n  PG2004: { level: error, options: { clientTypes: A.B } }\n", "expected a list of full type names")]
    [TestCase("rules:\n  PG2004: { level: error, options: { clientTypes: [\"not a type\"] } }\n", "is not a full type name")]
    [TestCase("rules:\n  category/external-calls: { level: error, options: { clientTypes: [A.B] } }\n", "takes no options")]
    public void Wrong_types_and_values_say_what_was_expected(string yaml, string expected)
    {
        PolicyLoadResult result = PolicyLoader.Parse(yaml, PolicyPath);

        Assert.That(result.Policy, Is.Null);
        Assert.That(result.Errors.Select(e => e.Message), Has.Some.Contains(expected));
        Assert.That(result.Errors.All(e => e.Line >= 1 && e.Column >= 1), Is.True, string.Join("\n", result.Errors));
    }

    [Test]
    public void Every_error_of_a_file_is_reported_at_once()
    {
        PolicyLoadResult result = PolicyLoader.Parse("failOn: sometimes\nrules:\n  PG1001: fatal\nextra: 1\n", PolicyPath);

        Assert.That(result.Errors.Select(e => e.Line), Is.EqualTo(new[] { 1, 3, 4 }));
    }

    [Test]
    public void Foreign_rule_ids_are_accepted_but_garbage_keys_are_not()
    {
        Assert.That(LoadValid("rules:\n  MA0042: warning\n  IDE0005: note\n").Rules, Has.Count.EqualTo(2));
        Assert.That(SingleError("rules:\n  not a rule: error\n").Message, Does.Contain("unknown key 'not a rule' under rules"));
    }

    [Test]
    public void Missing_file_is_a_clear_error()
    {
        PolicyLoadResult result = PolicyLoader.Load("/nonexistent/dir/perfgate.yml");

        Assert.That(result.Policy, Is.Null);
        Assert.That(result.Errors.Single().Message, Does.StartWith("cannot read the policy file"));
    }

    [Test]
    public void Excludes_match_paths_relative_to_the_policy_folder()
    {
        GatePolicy policy = LoadValid("paths:\n  exclude: [\"**/Migrations/**\", \"tests/**\", \"*.g.cs\"]\n");

        Assert.That(policy.IsExcluded("/repo/src/Data/Migrations/20240101_Init.cs"), Is.True);
        Assert.That(policy.IsExcluded("/repo/tests/Api.Tests/OrderTests.cs"), Is.True);
        Assert.That(policy.IsExcluded("/repo/src/Api/Generated.g.cs"), Is.True);
        Assert.That(policy.IsExcluded("/repo/src/Api/tests/Helper.cs"), Is.False, "tests/** is anchored at the policy folder");
        Assert.That(policy.IsExcluded("/repo/src/Api/OrdersController.cs"), Is.False);
        Assert.That(policy.IsExcluded("/elsewhere/tests/x.cs"), Is.False, "files outside the policy folder are never excluded");
        Assert.That(policy.IsExcluded(null), Is.False);
    }
}

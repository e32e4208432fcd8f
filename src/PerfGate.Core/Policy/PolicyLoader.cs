using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PerfGate.Core.Policy;

/// <summary>
/// Reads perfgate.yml. Every problem is collected with its position, so one build shows them all;
/// a policy with any error yields no <see cref="GatePolicy"/> (the gate never runs on half a policy).
/// </summary>
public static partial class PolicyLoader
{
    private static readonly string[] TopLevelKeys = { "version", "failOn", "rules", "paths", "reach", "budgets", "incompleteScan" };
    private static readonly string[] IncompleteScanLevels = { "error", "warning", "note" };
    private static readonly string[] ReachKeys = { "cold", "tests", "unknown" };
    private static readonly string[] ReachValues = { "report", "silent" };
    private static readonly string[] UnknownReachValues = { "report", "note", "silent" };
    private static readonly string[] PathsKeys = { "exclude" };
    private static readonly string[] RuleEntryKeys = { "level" };
    private static readonly string[] Levels = { "error", "warning", "note", "off" };
    private static readonly string[] FailOnValues = { "error", "warning", "never" };
    private static readonly Regex ForeignRuleId = new("^[A-Za-z]{1,10}[0-9]{1,6}$", RegexOptions.CultureInvariant);

    public static PolicyLoadResult Load(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = IO.RegularFile.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PolicyLoadResult.Failed(new PolicyError(fullPath, 0, 0, $"cannot read the policy file: {e.Message}"));
        }
        return Parse(text, fullPath);
    }

    public static PolicyLoadResult Parse(string text, string filePath)
    {
        var reader = new Reader(filePath);
        GatePolicy? policy = reader.Read(text);
        return reader.Errors.Count > 0 ? new PolicyLoadResult(null, reader.Errors) : new PolicyLoadResult(policy, reader.Errors);
    }

    private sealed partial class Reader
    {
        private readonly string _filePath;

        public Reader(string filePath) => _filePath = filePath;

        public List<PolicyError> Errors { get; } = new();

        public GatePolicy? Read(string text)
        {
            YamlStream stream = YamlPositions.Load(text, out YamlPositions.Failure? failure);
            if (failure != null)
            {
                Error(failure.At, failure.Message);
                return null;
            }

            string baseDirectory = Path.GetDirectoryName(_filePath) ?? ".";
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
                return new GatePolicy(_filePath, baseDirectory, FailOn.Error, new RuleSetting[0], new string[0]);
            if (stream.Documents.Count > 1)
                Error(stream.Documents[1].RootNode.Start, "expected one YAML document, found several");
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(stream.Documents[0].RootNode.Start, "expected a mapping with keys " + string.Join(", ", TopLevelKeys));
                return null;
            }

            FailOn failOn = FailOn.Error;
            var rules = new List<RuleSetting>();
            var exclude = new List<string>();
            BudgetPolicy budgets = BudgetPolicy.Empty;
            RuleLevel incompleteScan = RuleLevel.Warning;
            ReachPolicy reach = ReachPolicy.Default;
            foreach (var (keyNode, value) in root.Children)
            {
                string key = KeyOf(keyNode);
                switch (key)
                {
                    case "version":
                        ReadVersion(value);
                        break;
                    case "failOn":
                        failOn = ReadFailOn(value);
                        break;
                    case "rules":
                        ReadRules(value, rules);
                        break;
                    case "paths":
                        ReadPaths(value, exclude);
                        break;
                    case "reach":
                        reach = ReadReach(value);
                        break;
                    case "budgets":
                        budgets = ReadBudgets(value);
                        break;
                    case "incompleteScan":
                        incompleteScan = ReadIncompleteScan(value);
                        break;
                    default:
                        UnknownKey(keyNode, key, TopLevelKeys, "top-level key");
                        break;
                }
            }
            return new GatePolicy(_filePath, baseDirectory, failOn, rules, exclude) { Budgets = budgets, IncompleteScan = incompleteScan, Reach = reach };
        }

        private RuleLevel ReadIncompleteScan(YamlNode value)
        {
            string? text = Scalar(value, "one of " + string.Join(", ", IncompleteScanLevels));
            switch (text)
            {
                case null: return RuleLevel.Warning;
                case "error": return RuleLevel.Error;
                case "warning": return RuleLevel.Warning;
                case "note": return RuleLevel.Note;
                default:
                    Error(value.Start, $"unknown incompleteScan value '{Echo.Cap(text)}': expected one of {string.Join(", ", IncompleteScanLevels)}"
                        + (text == "off" ? " (a scan that skipped code always says so)" : "") + ClosestMatch.Suffix(text, IncompleteScanLevels));
                    return RuleLevel.Warning;
            }
        }

        private void ReadVersion(YamlNode value)
        {
            string? text = Scalar(value, "a version number (1)");
            if (text == null) return;
            if (!int.TryParse(text, out int version))
                Error(value.Start, $"expected a version number (1), found '{Echo.Cap(text)}'");
            else if (version != GatePolicy.CurrentVersion)
                Error(value.Start, $"unsupported policy version {version}; this PerfGate reads version {GatePolicy.CurrentVersion}");
        }

        private FailOn ReadFailOn(YamlNode value)
        {
            string? text = Scalar(value, "one of " + string.Join(", ", FailOnValues));
            switch (text)
            {
                case null: return FailOn.Error;
                case "error": return FailOn.Error;
                case "warning": return FailOn.Warning;
                case "never": return FailOn.Never;
                default:
                    Error(value.Start, $"unknown failOn value '{Echo.Cap(text)}': expected one of {string.Join(", ", FailOnValues)}{ClosestMatch.Suffix(text, FailOnValues)}");
                    return FailOn.Error;
            }
        }

        private void ReadRules(YamlNode value, List<RuleSetting> rules)
        {
            if (value is YamlScalarNode { Value: null or "" }) return;
            if (value is not YamlMappingNode mapping)
            {
                Error(value.Start, "expected a mapping of rule IDs, 'category/<name>' or '*' to levels");
                return;
            }
            foreach (var (keyNode, entry) in mapping.Children)
            {
                RuleSelector? selector = ReadSelector(keyNode);
                var options = new Dictionary<string, string>(StringComparer.Ordinal);
                RuleLevel? level = ReadRuleEntry(entry, selector, options);
                if (selector != null && level != null)
                    rules.Add(new RuleSetting(selector, level.Value, (int)keyNode.Start.Line, (int)keyNode.Start.Column) { Options = options });
            }
        }

        private RuleSelector? ReadSelector(YamlNode keyNode)
        {
            string key = KeyOf(keyNode);
            if (key == "*") return RuleSelector.All;
            if (key.StartsWith(RuleSelector.CategoryPrefix, StringComparison.Ordinal))
            {
                string category = key.Substring(RuleSelector.CategoryPrefix.Length);
                if (RuleCategories.All.Contains(category, StringComparer.Ordinal)) return RuleSelector.Category(category);
                // PerfGate's families are lower-case; other analyzers' categories are PascalCase (Performance, Usage).
                if (category.Length > 0 && char.IsUpper(category[0])) return RuleSelector.Category(category);
                Error(keyNode.Start,
                    $"unknown rule category '{Echo.Cap(category)}': PerfGate's are {string.Join(", ", RuleCategories.All)}, other analyzers' are PascalCase (e.g. category/Performance){ClosestMatch.Suffix(category, RuleCategories.All)}");
                return null;
            }
            if (RuleCatalog.IsPerfGateId(key))
            {
                RuleMetadata? rule = RuleCatalog.Find(key);
                if (rule == null)
                {
                    Error(keyNode.Start,
                        $"unknown rule '{Echo.Cap(key)}'{ClosestMatch.Suffix(key, RuleCatalog.All.Where(r => r.Category != RuleCategories.Gate).Select(r => r.Id))}");
                    return null;
                }
                if (rule.Category == RuleCategories.Gate)
                {
                    Error(keyNode.Start, $"'{rule.Id}' is a diagnostic of the gate itself and cannot be configured");
                    return null;
                }
                return RuleSelector.Rule(rule.Id);
            }
            if (ForeignRuleId.IsMatch(key)) return RuleSelector.Rule(key);
            Error(keyNode.Start, $"unknown key '{Echo.Cap(key)}' under rules: expected a rule ID (PG1001, CA1849), 'category/<name>' or '*'");
            return null;
        }

        /// <summary>The options each rule accepts; every other rule "takes no options".</summary>
        private static readonly Dictionary<string, string[]> RuleOptionNames = new(StringComparer.Ordinal)
        {
            [RuleIdentifiers.ClientCreatedPerCall] = new[] { "clientTypes" },
        };

        private static readonly System.Text.RegularExpressions.Regex MetadataName =
            new(@"^[A-Za-z_][A-Za-z0-9_.`+]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private void ReadRuleOptions(YamlNode value, RuleSelector? selector, Dictionary<string, string> options)
        {
            string? ruleId = selector?.Kind == RuleSelectorKind.Rule ? selector.Value : null;
            if (ruleId == null || !RuleOptionNames.TryGetValue(ruleId, out string[]? names))
            {
                Error(value.Start, $"{selector?.ToString() ?? "this rule"} takes no options");
                return;
            }
            if (value is not YamlMappingNode mapping)
            {
                Error(value.Start, $"expected a mapping of {ruleId}'s options: {string.Join(", ", names)}");
                return;
            }
            foreach (var (keyNode, optionValue) in mapping.Children)
            {
                string key = KeyOf(keyNode);
                if (!names.Contains(key, StringComparer.Ordinal))
                {
                    UnknownKey(keyNode, key, names, $"option of {ruleId}");
                    continue;
                }
                if (optionValue is not YamlSequenceNode sequence)
                {
                    Error(optionValue.Start, $"expected a list of full type names (e.g. [My.Sdk.PaymentsClient])");
                    continue;
                }
                var types = new List<string>();
                foreach (YamlNode item in sequence.Children)
                {
                    string? text = Scalar(item, "a full type name (My.Sdk.PaymentsClient)");
                    if (text == null) continue;
                    if (!MetadataName.IsMatch(text)) Error(item.Start, $"'{Echo.Cap(text)}' is not a full type name (e.g. My.Sdk.PaymentsClient)");
                    else types.Add(text);
                }
                options[key] = PolicyOptionList.Join(types);
            }
        }

        private RuleLevel? ReadRuleEntry(YamlNode entry, RuleSelector? selector, Dictionary<string, string> options)
        {
            if (entry is YamlMappingNode mapping)
            {
                RuleLevel? level = null;
                bool sawLevel = false;
                foreach (var (keyNode, value) in mapping.Children)
                {
                    string key = KeyOf(keyNode);
                    if (key == "level")
                    {
                        sawLevel = true;
                        level = ReadLevel(value);
                    }
                    else if (key == "options")
                    {
                        ReadRuleOptions(value, selector, options);
                    }
                    else
                    {
                        UnknownKey(keyNode, key, RuleEntryKeys, "key in a rule entry");
                    }
                }
                if (!sawLevel) Error(entry.Start, "expected a 'level' (error, warning, note or off)");
                return level;
            }
            return ReadLevel(entry);
        }

        private RuleLevel? ReadLevel(YamlNode value)
        {
            string? text = Scalar(value, "a level: error, warning, note or off");
            switch (text)
            {
                case null: return null;
                case "error": return RuleLevel.Error;
                case "warning": return RuleLevel.Warning;
                case "note": return RuleLevel.Note;
                case "off": return RuleLevel.Off;
                default:
                    Error(value.Start, $"unknown level '{Echo.Cap(text)}': expected error, warning, note or off{ClosestMatch.Suffix(text, Levels)}");
                    return null;
            }
        }

        private void ReadPaths(YamlNode value, List<string> exclude)
        {
            if (value is not YamlMappingNode mapping)
            {
                Error(value.Start, "expected a mapping with key 'exclude'");
                return;
            }
            foreach (var (keyNode, entry) in mapping.Children)
            {
                string key = KeyOf(keyNode);
                if (key != "exclude")
                {
                    UnknownKey(keyNode, key, PathsKeys, "key under paths");
                    continue;
                }
                if (entry is not YamlSequenceNode sequence)
                {
                    Error(entry.Start, "expected a list of globs, e.g. [\"**/Migrations/**\"]");
                    continue;
                }
                foreach (YamlNode item in sequence.Children)
                {
                    string? glob = PathScalar(item, "a glob string");
                    if (string.IsNullOrWhiteSpace(glob)) continue;
                    if (glob.Contains(';')) Error(item.Start, "a glob cannot contain ';'");
                    else exclude.Add(glob);
                }
            }
        }

        /// <summary><c>reach: { cold: report, tests: report, unknown: silent }</c>: each key <c>report</c> or <c>silent</c>; <c>unknown</c> also <c>note</c>.</summary>
        private ReachPolicy ReadReach(YamlNode value)
        {
            ReachPolicy reach = ReachPolicy.Default;
            if (value is YamlScalarNode { Value: null or "" }) return reach;
            if (value is not YamlMappingNode mapping)
            {
                Error(value.Start, "expected a mapping with keys " + string.Join(", ", ReachKeys) + " (each report or silent)");
                return reach;
            }
            foreach (var (keyNode, entry) in mapping.Children)
            {
                string key = KeyOf(keyNode);
                if (!ReachKeys.Contains(key, StringComparer.Ordinal))
                {
                    UnknownKey(keyNode, key, ReachKeys, "key under reach");
                    continue;
                }
                string[] values = key == "unknown" ? UnknownReachValues : ReachValues;
                string expected = key == "unknown" ? "report, note or silent" : "report or silent";
                string? text = Scalar(entry, expected);
                if (text == null) continue;
                if (!values.Contains(text, StringComparer.Ordinal))
                {
                    Error(entry.Start, $"unknown value '{Echo.Cap(text)}' for reach.{key}: expected {expected}" + ClosestMatch.Suffix(text, values));
                    continue;
                }
                bool report = text != "silent";
                reach = key switch
                {
                    "cold" => reach with { ReportCold = report },
                    "tests" => reach with { ReportTests = report },
                    _ => reach with { ReportUnknown = report, UnknownAsNote = text != "report" },
                };
            }
            return reach;
        }

        private string? Scalar(YamlNode node, string expected)
        {
            if (node is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value)) return scalar.Value;
            string found = node switch
            {
                YamlMappingNode => "a mapping",
                YamlSequenceNode => "a list",
                _ => "nothing",
            };
            Error(node.Start, $"expected {expected}, found {found}");
            return null;
        }

        /// <summary>Longest path, glob or route template a policy may give (a path on Linux is at most 4,096 bytes).</summary>
        private const int MaxPathLength = 4096;

        /// <summary>
        /// A path, glob or route template: a scalar no longer than <see cref="MaxPathLength"/>. Globs become matchers
        /// whose construction grows faster than their length, so a 70 kB "glob" must stop here, as an error.
        /// </summary>
        private string? PathScalar(YamlNode node, string expected)
        {
            string? text = Scalar(node, expected);
            if (text == null || text.Length <= MaxPathLength) return text;
            Error(node.Start, $"expected {expected} of at most {MaxPathLength} characters, found {text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} ('{Echo.Cap(text, 60)}')");
            return null;
        }

        private string KeyOf(YamlNode keyNode) => keyNode is YamlScalarNode { Value: { } value } ? value : "";

        private void UnknownKey(YamlNode keyNode, string key, IReadOnlyCollection<string> valid, string what) =>
            Error(keyNode.Start, $"unknown {what} '{Echo.Cap(key)}': expected {string.Join(", ", valid)}{ClosestMatch.Suffix(key, valid)}");

        private void Error(Mark mark, string message) =>
            Errors.Add(new PolicyError(_filePath, (int)mark.Line, (int)mark.Column, Echo.CapMessage(message)));
    }
}

public sealed record PolicyLoadResult(GatePolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    public bool Succeeded => Policy != null && Errors.Count == 0;

    public static PolicyLoadResult Failed(PolicyError error) => new(null, new[] { error });
}

namespace PerfGate.Analyzers
{
    /// <summary>PG0xxx: diagnostics of the gate itself. Hosts report them; they cannot be turned off.</summary>
    public static class GateRules
    {
        public static readonly RuleMetadata InvalidPolicy = new RuleMetadata(
            RuleIdentifiers.InvalidPolicy,
            "Policy file is invalid",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "The policy file (perfgate.yml) is not valid YAML, has an unknown key or level, or a value of the wrong type. The message points at the line and column and says what was expected; for an unknown key or level it names the closest valid one.",
            new[] { "YAML syntax errors", "unknown keys, rule IDs, categories and levels", "values of the wrong type (a list where a map is expected, a number where a level is expected)" },
            new[] { "rule IDs of other analyzers (CA1849, MA0042): PerfGate cannot know every analyzer, so any such ID is accepted" },
            "Correct the policy at the reported position. `docs/policy.md` lists every key.",
            "version: 1\nfailOn: eror\nrules:\n  PG1001: fatal",
            "version: 1\nfailOn: error\nrules:\n  PG1001: error",
            new[] { "configuration" });

        public static readonly RuleMetadata PolicyFileNotFound = new RuleMetadata(
            RuleIdentifiers.PolicyFileNotFound,
            "Named policy file does not exist",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "`PerfGatePolicyFile` names a policy file that does not exist. When no policy is named and none is found upward from the project, PerfGate uses the documented defaults instead; this error only fires when a policy was named explicitly.",
            new[] { "an explicit `PerfGatePolicyFile` (or `--policy`) that points at a missing file" },
            new[] { "projects with no policy anywhere above them: the defaults apply" },
            "Fix the path, or remove the property to use the nearest `perfgate.yml`.",
            "<PerfGatePolicyFile>policies/perfgate.yml</PerfGatePolicyFile>  <!-- no such file -->",
            "<PerfGatePolicyFile>$(MSBuildThisFileDirectory)perfgate.yml</PerfGatePolicyFile>",
            new[] { "configuration" });

        public static readonly RuleMetadata UnreadableEvidence = new RuleMetadata(
            RuleIdentifiers.UnreadableEvidence,
            "Evidence file is unreadable or malformed",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "An input PerfGate decides from (the compiler's SARIF log, a benchmark, load-test or trace file) cannot be read or does not have the expected shape. The gate fails rather than passing on evidence it could not read.",
            new[] { "missing or unreadable files", "JSON syntax errors (with line and column)", "SARIF that is not version 2.1.0 or lacks `runs`" },
            new[] { "results of rules the policy does not gate: their content is not inspected" },
            "Regenerate the file; for the compiler log, make sure `ErrorLog` ends in `,version=2.1`.",
            "<ErrorLog>build.sarif</ErrorLog>  <!-- SARIF 1.0 -->",
            "<ErrorLog>build.sarif,version=2.1</ErrorLog>",
            new[] { "configuration" });
    }
}

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
        public static readonly RuleMetadata InvalidCommandLine = new RuleMetadata(
            RuleIdentifiers.InvalidCommandLine,
            "Invalid perfgate command line",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "The `perfgate` command line names an unknown command or option, lacks a required value, or names a path that does not exist. The tool prints one line saying what was expected and exits with code 2.",
            new[] { "unknown commands and options (with the closest valid name)", "options without their value", "missing paths and files", "an output file that would overwrite a source file" },
            new[] { "nothing: every command line is checked before any work starts" },
            "Correct the command line; `perfgate --help` lists every command and option, `docs/cli.md` explains them.",
            "perfgate scan --formt sarif src/Shop",
            "perfgate scan --format sarif src/Shop",
            new[] { "configuration" });

        public static readonly RuleMetadata InvalidBaseline = new RuleMetadata(
            RuleIdentifiers.InvalidBaseline,
            "Baseline file is invalid",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "`perfgate.baseline.json` is not valid JSON or lacks the expected shape (`version` 1 and a `findings` array of entries with `ruleId` and `path`). The gate stops rather than treat every accepted finding as new, or every new one as accepted.",
            new[] { "JSON syntax errors (with line and column)", "a missing or unknown `version`", "entries without `ruleId` or `path`" },
            new[] { "entries whose files no longer exist: they are reported as stale, not as errors" },
            "Restore the file from version control, or regenerate it with `perfgate baseline --update --accept-new`.",
            "{ \"version\": 1, \"findings\": [ { \"path\": \"src/Orders.cs\" } ] }",
            "{ \"version\": 1, \"findings\": [ { \"ruleId\": \"PG1001\", \"path\": \"src/Orders.cs\", \"lineHash\": \"3f2a9c1d:1\", \"message\": \"...\" } ] }",
            new[] { "configuration" });

        public static readonly RuleMetadata ChangedLinesUnavailable = new RuleMetadata(
            RuleIdentifiers.ChangedLinesUnavailable,
            "Changed lines cannot be computed",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "PR mode (`--changed-since REF`) reports only findings on lines added or changed since a git ref. It needs a git repository, git on the PATH and a ref that exists locally; otherwise the gate stops instead of silently reporting nothing.",
            new[] { "a folder that is not inside a git repository", "a ref that does not exist (not fetched, misspelt)", "git missing from the PATH" },
            new[] { "runs without `--changed-since`" },
            "Fetch the base ref first (`git fetch origin main`, or `fetch-depth: 0` in actions/checkout) and pass it as `--changed-since origin/main`.",
            "perfgate scan . --changed-since origin/mian",
            "perfgate scan . --changed-since origin/main",
            new[] { "configuration" });

        public static readonly RuleMetadata NothingToScan = new RuleMetadata(
            RuleIdentifiers.NothingToScan,
            "Nothing to scan, or the build failed",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "`perfgate scan` found no C# sources in the folder, or the build of the project failed for reasons other than the gate (restore errors, compile errors) so no evidence was produced. The gate cannot pass on evidence it does not have.",
            new[] { "a folder without `.cs` files (bin/ and obj/ are skipped)", "a project or solution whose build failed without a PerfGate finding to explain it" },
            new[] { "builds that fail only because of gated findings: that is the gate failing (exit 1)" },
            "Point the scan at a folder with sources or at a project that builds; the build's own errors are printed above this line.",
            "perfgate scan docs/",
            "perfgate scan src/",
            new[] { "configuration" });

        public static readonly RuleMetadata InternalError = new RuleMetadata(
            RuleIdentifiers.InternalError,
            "PerfGate failed with an internal error",
            "{0}",
            RuleCategories.Gate,
            RuleLevel.Error,
            "high",
            "PerfGate itself failed: an exception it did not expect, which is a bug in PerfGate, not a problem with the inputs "
                + "(those have the codes PG0001 to PG0007 and a position). The gate stops rather than pass on work it did not finish. "
                + "The message names the exception; the stack trace follows with `PERFGATE_DEBUG=1` (CLI) or detailed verbosity (`dotnet build -v:d`).",
            new[] { "exceptions the CLI or an MSBuild task did not expect (they are never printed as a bare stack trace)" },
            new[] { "problems with the policy, evidence, baseline, command line or git: they are reported with their own code" },
            "Report the message and the stack trace (`PERFGATE_DEBUG=1`) to the PerfGate maintainers; until it is fixed, "
                + "exclude the file or turn off the analyzer rule that triggers it in `perfgate.yml`.",
            "perfgate: error PG0008: internal error in PerfGate (a bug, not a problem with the input): NullReferenceException: ...",
            "PERFGATE_DEBUG=1 perfgate scan .   # prints the stack trace to attach to the report",
            new[] { "configuration" });
    }
}

namespace PerfGate.Analyzers
{
    /// <summary>PG0xxx: diagnostics of the gate itself. Hosts report them; they cannot be turned off.</summary>
    public static class GateRules
    {
        public static readonly RuleMetadata InvalidPolicy = new RuleMetadata
        {
            Id = RuleIdentifiers.InvalidPolicy,
            Title = "Policy file is invalid",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "The policy file (perfgate.yml) is not valid YAML, has an unknown key or level, or a value of the wrong type. The message points at "
                + "the line and column and says what was expected; for an unknown key or level it names the closest valid one.",
            Flags = new[]
            {
                "YAML syntax errors",
                "unknown keys, rule IDs, categories and levels",
                "values of the wrong type (a list where a map is expected, a number where a level is expected)",
            },
            Ignores = new[] { "rule IDs of other analyzers (CA1849, MA0042): PerfGate cannot know every analyzer, so any such ID is accepted" },
            Fix = "Correct the policy at the reported position. `docs/policy.md` lists every key.",
            FlaggedExample = "version: 1\n"
                + "failOn: eror\n"
                + "rules:\n"
                + "  PG1001: fatal",
            FixedExample = "version: 1\n"
                + "failOn: error\n"
                + "rules:\n"
                + "  PG1001: error",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata PolicyFileNotFound = new RuleMetadata
        {
            Id = RuleIdentifiers.PolicyFileNotFound,
            Title = "Named policy file does not exist",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "`PerfGatePolicyFile` names a policy file that does not exist. When no policy is named and none is found upward from the project, "
                + "PerfGate uses the documented defaults instead; this error only fires when a policy was named explicitly.",
            Flags = new[] { "an explicit `PerfGatePolicyFile` (or `--policy`) that points at a missing file" },
            Ignores = new[] { "projects with no policy anywhere above them: the defaults apply" },
            Fix = "Fix the path, or remove the property to use the nearest `perfgate.yml`.",
            FlaggedExample = "<PerfGatePolicyFile>policies/perfgate.yml</PerfGatePolicyFile>  <!-- no such file -->",
            FixedExample = "<PerfGatePolicyFile>$(MSBuildThisFileDirectory)perfgate.yml</PerfGatePolicyFile>",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata UnreadableEvidence = new RuleMetadata
        {
            Id = RuleIdentifiers.UnreadableEvidence,
            Title = "Evidence file is unreadable or malformed",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "An input PerfGate decides from (the compiler's SARIF log, a benchmark, load-test or trace file) cannot be read or does not have "
                + "the expected shape. The gate fails rather than passing on evidence it could not read.",
            Flags = new[] { "missing or unreadable files", "JSON syntax errors (with line and column)", "SARIF that is not version 2.1.0 or lacks `runs`" },
            Ignores = new[] { "results of rules the policy does not gate: their content is not inspected" },
            Fix = "Regenerate the file; for the compiler log, make sure `ErrorLog` ends in `,version=2.1`.",
            FlaggedExample = "<ErrorLog>build.sarif</ErrorLog>  <!-- SARIF 1.0 -->",
            FixedExample = "<ErrorLog>build.sarif,version=2.1</ErrorLog>",
            Tags = new[] { "configuration" },
        };
        public static readonly RuleMetadata InvalidCommandLine = new RuleMetadata
        {
            Id = RuleIdentifiers.InvalidCommandLine,
            Title = "Invalid perfgate command line",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "The `perfgate` command line names an unknown command or option, lacks a required value, or names a path that does not exist. The "
                + "tool prints one line saying what was expected and exits with code 2.",
            Flags = new[]
            {
                "unknown commands and options (with the closest valid name)",
                "options without their value",
                "missing paths and files",
                "an output file that would overwrite a source file",
            },
            Ignores = new[] { "nothing: every command line is checked before any work starts" },
            Fix = "Correct the command line; `perfgate --help` lists every command and option, `docs/cli.md` explains them.",
            FlaggedExample = "perfgate scan --formt sarif src/Shop",
            FixedExample = "perfgate scan --format sarif src/Shop",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata InvalidBaseline = new RuleMetadata
        {
            Id = RuleIdentifiers.InvalidBaseline,
            Title = "Baseline file is invalid",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "`perfgate.baseline.json` is not valid JSON or lacks the expected shape (`version` 1 and a `findings` array of entries with "
                + "`ruleId` and `path`). The gate stops rather than treat every accepted finding as new, or every new one as accepted.",
            Flags = new[] { "JSON syntax errors (with line and column)", "a missing or unknown `version`", "entries without `ruleId` or `path`" },
            Ignores = new[] { "entries whose files no longer exist: they are reported as stale, not as errors" },
            Fix = "Restore the file from version control, or regenerate it with `perfgate baseline --update --accept-new`.",
            FlaggedExample = "{ \"version\": 1, \"findings\": [ { \"path\": \"src/Orders.cs\" } ] }",
            FixedExample = "{ \"version\": 1, \"findings\": [ { \"ruleId\": \"PG1001\", \"path\": \"src/Orders.cs\", \"lineHash\": \"3f2a9c1d:1\", "
                + "\"message\": \"...\" } ] }",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata ChangedLinesUnavailable = new RuleMetadata
        {
            Id = RuleIdentifiers.ChangedLinesUnavailable,
            Title = "Changed lines cannot be computed",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "PR mode (`--changed-since REF`) reports only findings on lines added or changed since a git ref. It needs a git repository, git on "
                + "the PATH and a ref that exists locally; otherwise the gate stops instead of silently reporting nothing.",
            Flags = new[] { "a folder that is not inside a git repository", "a ref that does not exist (not fetched, misspelt)", "git missing from the PATH" },
            Ignores = new[] { "runs without `--changed-since`" },
            Fix = "Fetch the base ref first (`git fetch origin main`, or `fetch-depth: 0` in actions/checkout) and pass it as `--changed-since origin/main`.",
            FlaggedExample = "perfgate scan . --changed-since origin/mian",
            FixedExample = "perfgate scan . --changed-since origin/main",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata NothingToScan = new RuleMetadata
        {
            Id = RuleIdentifiers.NothingToScan,
            Title = "Nothing to scan, or the build failed",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "`perfgate scan` found no C# sources in the folder, or the build of the project failed for reasons other than the gate (restore "
                + "errors, compile errors) so no evidence was produced. The gate cannot pass on evidence it does not have.",
            Flags = new[]
            {
                "a folder without `.cs` files (bin/ and obj/ are skipped)",
                "a project or solution whose build failed without a PerfGate finding to explain it",
            },
            Ignores = new[] { "builds that fail only because of gated findings: that is the gate failing (exit 1)" },
            Fix = "Point the scan at a folder with sources or at a project that builds; the build's own errors are printed above this line.",
            FlaggedExample = "perfgate scan docs/",
            FixedExample = "perfgate scan src/",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata InternalError = new RuleMetadata
        {
            Id = RuleIdentifiers.InternalError,
            Title = "PerfGate failed with an internal error",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Error,
            Precision = "high",
            Description = "PerfGate itself failed: an exception it did not expect, which is a bug in PerfGate, not a problem with the inputs "
                + "(those have the codes PG0001 to PG0007 and a position). The gate stops rather than pass on work it did not finish. "
                + "The message names the exception; the stack trace follows with `PERFGATE_DEBUG=1` (CLI) or detailed verbosity (`dotnet build -v:d`).",
            Flags = new[] { "exceptions the CLI or an MSBuild task did not expect (they are never printed as a bare stack trace)" },
            Ignores = new[] { "problems with the policy, evidence, baseline, command line or git: they are reported with their own code" },
            Fix = "Report the message and the stack trace (`PERFGATE_DEBUG=1`) to the PerfGate maintainers; until it is fixed, "
                + "exclude the file or turn off the analyzer rule that triggers it in `perfgate.yml`.",
            FlaggedExample = "perfgate: error PG0008: internal error in PerfGate (a bug, not a problem with the input): NullReferenceException: ...",
            FixedExample = "PERFGATE_DEBUG=1 perfgate scan .   # prints the stack trace to attach to the report",
            Tags = new[] { "configuration" },
        };

        public static readonly RuleMetadata AnalysisIncomplete = new RuleMetadata
        {
            Id = RuleIdentifiers.AnalysisIncomplete,
            Title = "Part of the code was not analyzed",
            MessageFormat = "{0}",
            Category = RuleCategories.Gate,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A part of the scan failed and was skipped, so findings there may be missing: a source file that cannot be read (a FIFO, a "
                + "broken symbolic link, no permission), or a rule that failed on some code (an exception inside the rule or inside the compiler "
                + "it asks). The rest of the code is still analyzed. The message names the file or the code, the rule, and the reason. The "
                + "policy's `incompleteScan` sets this diagnostic's level (error, warning or note; warning by default), and `failOn` decides "
                + "whether an incomplete scan fails the gate.",
            Flags = new[]
            {
                "`.cs` files the folder scan cannot read: not a regular file, a symbolic link to nothing or out of the repository, no permission",
                "a rule that throws on some code: reported once per rule and file, at the code it was analyzing, with the exception",
                "an analyzer that fails in a way no rule caught (the compiler's AD0001 for PerfGate's analyzer)",
            },
            Ignores = new[] { "files the policy's `paths.exclude` removes, and `bin/`, `obj/`, `.git/`, `node_modules/`: they are not part of the scan" },
            Fix = "Make the file readable or remove it; for a rule that fails, report the message to the PerfGate maintainers and, until it is fixed, "
                + "exclude the file. To fail the gate on any incomplete scan, set `incompleteScan: error` in `perfgate.yml`.",
            FlaggedExample = "src/Api/Orders.cs(42,17): warning PG0009: PerfGate's rule PG1001 failed here and skipped this code: "
                + "IndexOutOfRangeException: Index was outside the bounds of the array.",
            FixedExample = "version: 1\n"
                + "incompleteScan: error   # any part the scan could not analyze fails the gate",
            Tags = new[] { "configuration" },
        };
    }
}

namespace PerfGate.Cli;

/// <summary>The commented perfgate.yml that <c>perfgate init</c> writes (docs/policy.md has every key).</summary>
public static class StarterPolicy
{
    public const string Text = """
        # yaml-language-server: $schema=https://raw.githubusercontent.com/perfgate/perfgate/main/docs/perfgate.schema.json
        # PerfGate policy. Every key: docs/policy.md. Rules: perfgate explain PG1001.
        version: 1

        # The lowest level that fails the gate: error (default) | warning | never.
        failOn: error

        # Levels: error | warning | note | off. A rule ID beats a category, a category beats "*".
        rules:
          PG1001: error                     # EF Core query per loop iteration (N+1)
          PG1002: warning                   # database call per loop iteration, through the app's own methods
          # PG1014: warning                 # off by default (docs/policy.md): sync EF query in an async method
          category/external-calls: warning  # HttpClient per call, and more as rules arrive
          # CA1849: error                   # other analyzers' rules can be gated too

        # Files the gate ignores (globs relative to this file's folder).
        paths:
          exclude: ["**/Migrations/**"]

        # Findings already accepted live in perfgate.baseline.json beside this file:
        #   perfgate baseline            (write it)
        #   perfgate baseline --update   (drop fixed entries)

        """;
}

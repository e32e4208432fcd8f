namespace PerfGate.Cli.Tests.Infrastructure;

/// <summary>A compiler SARIF log as `csc /errorlog` writes it, holding one PG1001 warning at line 3 of the given source file.</summary>
internal static class CompilerSarif
{
    public static string WithOnePG1001(string source) => """
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "version": "2.1.0",
          "runs": [ {
            "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "rules": [ { "id": "PG1001" } ] } },
            "results": [ {
              "ruleId": "PG1001", "level": "warning",
              "message": { "text": "'FirstAsync' runs an EF Core query on every iteration" },
              "locations": [ { "physicalLocation": {
                "artifactLocation": { "uri": "URI" },
                "region": { "startLine": 3, "startColumn": 16, "endLine": 3, "endColumn": 23 } } } ]
            } ]
          } ]
        }
        """.Replace("URI", new System.Uri(source).AbsoluteUri);
}

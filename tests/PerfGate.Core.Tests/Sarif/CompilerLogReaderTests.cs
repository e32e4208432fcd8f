using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Tests.Sarif;

[TestFixture]
public sealed class CompilerLogReaderTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempFolder();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private const string ValidLog = """
        {
          "$schema": "http://json.schemastore.org/sarif-2.1.0",
          "version": "2.1.0",
          "runs": [
            {
              "results": [
                {
                  "ruleId": "CS0219",
                  "ruleIndex": 1,
                  "level": "warning",
                  "message": { "text": "The variable 'unused' is assigned but its value is never used" },
                  "locations": [ { "physicalLocation": {
                    "artifactLocation": { "uri": "file:///tmp/My%20Proj/a%23b%C3%A9.cs" },
                    "region": { "startLine": 4, "startColumn": 13, "endLine": 4, "endColumn": 19 } } } ],
                  "properties": { "warningLevel": 3 }
                },
                {
                  "ruleId": "CS0219",
                  "message": { "text": "The variable 'alsoUnused' is assigned but its value is never used" },
                  "suppressions": [ { "kind": "inSource", "properties": { "suppressionType": "Pragma Directive" } } ],
                  "locations": [ { "physicalLocation": {
                    "artifactLocation": { "uri": "file:///tmp/My%20Proj/a%23b%C3%A9.cs" },
                    "region": { "startLine": 6, "startColumn": 13 } } } ]
                },
                {
                  "ruleId": "CA1849",
                  "level": "note",
                  "message": { "text": "Rejected suppression still counts" },
                  "suppressions": [ { "kind": "external", "status": "rejected" } ]
                },
                {
                  "ruleId": "CS5001",
                  "level": "error",
                  "message": { "text": "Program does not contain a static 'Main' method suitable for an entry point" }
                },
                {
                  "rule": { "id": "X1" },
                  "kind": "informational",
                  "message": { "text": "relative" },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "src/x.cs", "uriBaseId": "ROOT" } } } ],
                  "relatedLocations": [
                    { "id": 1, "physicalLocation": { "artifactLocation": { "uri": "src/y.cs", "uriBaseId": "ROOT" },
                      "region": { "startLine": 7, "startColumn": 9, "endLine": 7, "endColumn": 20 } } },
                    { "id": 2, "message": { "text": "no physical location" } } ]
                }
              ],
              "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "rules": [
                { "id": "CA1849", "shortDescription": { "text": "Call async methods when in an async method" },
                  "fullDescription": { "text": "In a method which is already asynchronous, calls to other methods should be to their async versions." },
                  "defaultConfiguration": { "enabled": false },
                  "helpUri": "https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca1849",
                  "properties": { "category": "Performance", "tags": [ "Telemetry" ] } },
                { "id": "CS0219", "shortDescription": { "text": "Variable is assigned but its value is never used" },
                  "properties": { "category": "Compiler" } }
              ] },
              "extensions": [] },
              "originalUriBaseIds": { "ROOT": { "uri": "file:///repo/" } },
              "invocations": [ { "executionSuccessful": true } ],
              "columnKind": "utf16CodeUnits"
            }
          ]
        }
        """;

    [Test]
    public void Reads_results_rules_suppressions_and_decodes_file_uris()
    {
        string path = _temp.Write("c.sarif", ValidLog);

        var log = CompilerLogReader.Read(path);

        Assert.That(log.Findings, Has.Count.EqualTo(5));
        var first = log.Findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.RuleId, Is.EqualTo("CS0219"));
            Assert.That(first.Level, Is.EqualTo("warning"));
            Assert.That(first.Message, Is.EqualTo("The variable 'unused' is assigned but its value is never used"));
            Assert.That(first.FilePath, Is.EqualTo(ExpectedLocal("/tmp/My Proj/a#bé.cs")));
            Assert.That(first.Region, Is.EqualTo(new SourceRegion(4, 13, 4, 19)));
            Assert.That(first.IsSuppressed, Is.False);

            var suppressed = log.Findings[1];
            Assert.That(suppressed.IsSuppressed, Is.True);
            Assert.That(suppressed.Level, Is.EqualTo("warning"), "absent level defaults to warning");
            Assert.That(suppressed.Region, Is.EqualTo(new SourceRegion(6, 13, 6, 13)));

            Assert.That(log.Findings[2].IsSuppressed, Is.False, "a rejected suppression is not in force");
            Assert.That(log.Findings[3].FilePath, Is.Null);
            Assert.That(log.Findings[3].Region, Is.Null);
            Assert.That(log.Findings[3].Level, Is.EqualTo("error"));

            Assert.That(log.Findings[4].RuleId, Is.EqualTo("X1"));
            Assert.That(log.Findings[4].Level, Is.EqualTo("none"), "non-fail kinds default to none");
            Assert.That(log.Findings[4].FilePath, Is.EqualTo(ExpectedLocal("/repo/src/x.cs")));
            Assert.That(log.Findings[4].Related, Is.EqualTo(new[] { new RelatedLocation(ExpectedLocal("/repo/src/y.cs"), new SourceRegion(7, 9, 7, 20)) }));
            Assert.That(log.Findings[0].Related, Is.Null);

            Assert.That(log.Rules.Keys, Is.EquivalentTo(new[] { "CA1849", "CS0219" }));
            var ca1849 = log.Rules["CA1849"];
            Assert.That(ca1849.Title, Is.EqualTo("Call async methods when in an async method"));
            Assert.That(ca1849.FullDescription, Does.StartWith("In a method which is already asynchronous"));
            Assert.That(ca1849.HelpUri, Is.EqualTo("https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca1849"));
            Assert.That(ca1849.Category, Is.EqualTo("Performance"));
            Assert.That(log.Rules["CS0219"].FullDescription, Is.Null);
        });
    }

    [Test]
    public void Accepts_a_byte_order_mark()
    {
        string path = Path.Combine(_temp.Path, "bom.sarif");
        File.WriteAllText(path, """{ "version": "2.1.0", "runs": [] }""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var log = CompilerLogReader.Read(path);

        Assert.That(log.Findings, Is.Empty);
        Assert.That(log.Rules, Is.Empty);
    }

    [Test]
    public void Missing_file_is_reported_at_line_zero()
    {
        string path = Path.Combine(_temp.Path, "nope.sarif");

        var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(path))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Line, Is.EqualTo(0));
            Assert.That(e.Message, Does.Contain("cannot read"));
        });
    }

    [Test]
    public void A_folder_instead_of_a_file_is_reported_at_line_zero()
    {
        var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(_temp.Path))!;
        Assert.That(e.Line, Is.EqualTo(0));
    }

    // Each case: the log text, and where (1-based line, column) the problem must be reported.
    [TestCase("", 1, 1, "not valid JSON", TestName = "Empty file")]
    [TestCase("{\n  \"version\": \"2.1.0\",\n  \"runs\": [ }\n", 3, 13, "not valid JSON", TestName = "Syntax error: mismatched bracket")]
    [TestCase("{\n  \"version\": \"2.1.0\"\n  \"runs\": []\n}", 3, 3, "not valid JSON", TestName = "Syntax error: missing comma")]
    [TestCase("{\n  \"version\": \"2.1.0\",\n  \"runs\": [\n", 4, 1, "not valid JSON", TestName = "Syntax error: truncated file")]
    [TestCase("[]", 1, 1, "expected a SARIF log object, found an array", TestName = "Root is not an object")]
    [TestCase("{\n  \"version\": \"2.0.0\",\n  \"runs\": []\n}", 2, 14, "expected SARIF version \"2.1.0\"", TestName = "Wrong version")]
    [TestCase("{\n  \"version\": 2.1,\n  \"runs\": []\n}", 2, 14, "expected the SARIF version string, found a number", TestName = "Version is a number")]
    [TestCase("{\n  \"runs\": []\n}", 1, 1, "expected a 'version' property", TestName = "Missing version")]
    [TestCase("{\n  \"version\": \"2.1.0\"\n}", 1, 1, "expected a 'runs' array", TestName = "Missing runs")]
    [TestCase("{\n  \"version\": \"2.1.0\",\n  \"runs\": {}\n}", 3, 11, "expected 'runs' to be an array", TestName = "Runs is an object")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ 42 ] }", 1, 33, "expected a run object, found a number", TestName = "Run is a number")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ {\n \"message\": { \"text\": \"m\" } } ] } ] }", 1, 48,
        "expected the result to have a 'ruleId'", TestName = "Result without ruleId")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": 7 } ] } ] }", 1, 60,
        "expected 'ruleId' to be a string, found a number", TestName = "ruleId is a number")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"A\",\n    \"level\": \"fatal\" } ] } ] }", 2, 14,
        "expected 'level' to be one of", TestName = "Unknown level")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"A\",\n  \"message\": \"text\" } ] } ] }", 2, 14,
        "expected 'message' to be a message object, found a string", TestName = "Message is a string")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"A\", \"locations\": [ { \"physicalLocation\": {\n  \"region\": { \"startLine\": \"4\" } } } ] } ] } ] }", 2, 28, "expected 'startLine' to be a positive integer, found a string", TestName = "startLine is a string")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"A\", \"locations\": [ { \"physicalLocation\": {\n  \"region\": { \"startLine\": 0 } } } ] } ] } ] }", 2, 28, "expected 'startLine' to be a positive integer, found 0", TestName = "startLine is zero")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"rules\": [\n  { \"shortDescription\": { \"text\": \"t\" } } ] } } } ] }", 2, 3, "expected the rule to have a non-empty 'id'", TestName = "Rule without id")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"rules\": {} } } } ] }", 1, 66, "expected 'rules' to be an array",
        TestName = "Rules is an object")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [] }\n{}", 2, 1, "not valid JSON", TestName = "Content after the log")]
    public void Malformed_log_is_reported_with_position(string json, int line, int column, string expected)
    {
        string path = _temp.Write("bad.sarif", json);

        var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(path))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Message, Does.Contain(expected));
            Assert.That((e.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        });
    }

    [Test]
    public void Invalid_utf8_is_an_evidence_error_not_a_raw_exception()
    {
        string path = Path.Combine(_temp.Path, "bad-utf8.sarif");
        var bytes = System.Text.Encoding.UTF8.GetBytes("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"A\uFFFF\" } ] } ] }").ToList();
        int at = bytes.IndexOf((byte)'A') + 1;
        bytes[at] = 0xC3; // a lead byte followed by a non-continuation byte
        bytes[at + 1] = 0x28;
        bytes.RemoveAt(at + 2);
        File.WriteAllBytes(path, bytes.ToArray());

        var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(path))!;

        Assert.That(e.Line, Is.EqualTo(1));
    }

    [Test]
    public void A_location_that_is_no_valid_path_is_an_evidence_error_not_an_internal_one()
    {
        string path = _temp.Write("nul.sarif", "{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"A\", \"locations\": [ { "
            + "\"physicalLocation\": { \"artifactLocation\": { \"uri\": \"src/a%00b.cs\" } } } ] } ] } ] }");

        var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(path))!;

        Assert.That((e.Code, e.Line), Is.EqualTo(("PG0003", 1)));
        Assert.That(e.Message, Does.StartWith("the compiler SARIF log cannot be read: "));
    }

    private static string ExpectedLocal(string unixPath) =>
        OperatingSystem.IsWindows() ? new Uri("file://" + unixPath).LocalPath : unixPath;
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Sarif;

namespace PerfGate.Core.Tests.Sarif;

[TestFixture]
public sealed class SarifWriterTests
{
    private TempFolder _root = null!;
    private TempFolder _outside = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempFolder();
        _outside = new TempFolder();
    }

    [TearDown]
    public void TearDown()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    [Test]
    public void Same_report_gives_byte_identical_output_whatever_the_input_order()
    {
        var report = SarifTestData.CreateReport(_root.Path, _outside.Path);
        var shuffled = report with { Findings = report.Findings.Reverse().ToList() };

        byte[] first = SarifTestData.ToBytes(report);
        byte[] second = SarifTestData.ToBytes(report);
        byte[] third = SarifTestData.ToBytes(shuffled);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(third, Is.EqualTo(first));
        string text = Encoding.UTF8.GetString(first);
        Assert.That(text, Does.Not.Contain("\r"), "LF line endings on every OS");
        Assert.That(text, Does.Not.Contain("\\u0027"), "relaxed escaping keeps quotes readable");
        Assert.That(text, Does.Contain("'SaveChanges'"));
    }

    [Test]
    public void WriteFile_writes_the_same_bytes_atomically_and_leaves_no_temp_file()
    {
        var report = SarifTestData.CreateReport(_root.Path, _outside.Path);
        string path = Path.Combine(_root.Path, "out", "perfgate.sarif");

        SarifWriter.WriteFile(report, path);
        SarifWriter.WriteFile(report, path); // overwrite

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(SarifTestData.ToBytes(report)));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1));
    }

    [Test]
    public void Log_has_schema_version_one_run_tool_and_automation_details()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path));
        var log = doc.RootElement;

        Assert.That(log.GetProperty("$schema").GetString(), Is.EqualTo("https://json.schemastore.org/sarif-2.1.0.json"));
        Assert.That(log.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        Assert.That(log.GetProperty("runs").GetArrayLength(), Is.EqualTo(1));
        var run = log.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Multiple(() =>
        {
            Assert.That(driver.GetProperty("name").GetString(), Is.EqualTo("PerfGate"));
            Assert.That(driver.GetProperty("semanticVersion").GetString(), Is.EqualTo("1.2.3"));
            Assert.That(driver.TryGetProperty("informationUri", out _), Is.EqualTo(RuleCatalog.InformationUri != null), "no made-up repository");
            Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("perfgate/static/"));
            Assert.That(run.GetProperty("columnKind").GetString(), Is.EqualTo("utf16CodeUnits"));
        });
    }

    [Test]
    public void Automation_details_are_omitted_when_not_given()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path, automationId: null));
        Assert.That(doc.RootElement.GetProperty("runs")[0].TryGetProperty("automationDetails", out _), Is.False);
    }

    [Test]
    public void Uris_are_relative_to_the_repository_root_and_percent_encoded()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path));
        var run = doc.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();

        string rootUri = run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!;
        Assert.That(rootUri, Does.StartWith("file:///").And.EndWith("/"));
        Assert.That(new Uri(rootUri).LocalPath.TrimEnd('/', '\\'), Is.EqualTo(_root.Path.TrimEnd('/', '\\')));

        var inRepo = ArtifactLocation(results.First(r => r.GetProperty("ruleId").GetString() == "PG1001"));
        Assert.That(inRepo.GetProperty("uri").GetString(), Is.EqualTo("src/My%20App/OrderService.cs"));
        Assert.That(inRepo.GetProperty("uriBaseId").GetString(), Is.EqualTo("SRCROOT"));

        var outside = ArtifactLocation(results.First(r => r.GetProperty("ruleId").GetString() == "CA1849"));
        string outsideUri = outside.GetProperty("uri").GetString()!;
        Assert.That(outsideUri, Does.StartWith("file:///"));
        Assert.That(new Uri(outsideUri).LocalPath, Is.EqualTo(Path.Combine(_outside.Path, "Generated.cs")));
        Assert.That(outside.TryGetProperty("uriBaseId", out _), Is.False);

        var noLocation = results.First(r => r.GetProperty("ruleId").GetString() == "PG0003");
        // Code scanning requires a location on every result (GH1015): a finding about no file points at the root.
        var rootLocation = noLocation.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.That(rootLocation.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("./"));
        Assert.That(rootLocation.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString(), Is.EqualTo("SRCROOT"));
        Assert.That(rootLocation.TryGetProperty("region", out _), Is.False);
    }

    [TestCase("a#b.cs", "a%23b.cs")]
    [TestCase("50% off.cs", "50%25%20off.cs")]
    [TestCase("Ünïcode.cs", "%C3%9Cn%C3%AFcode.cs")]
    [TestCase("x?y.cs", "x%3Fy.cs")]
    public void Special_characters_in_paths_are_percent_encoded(string fileName, string expectedUri)
    {
        if (OperatingSystem.IsWindows() && fileName.Contains('?'))
        {
            Assert.Ignore("'?' is not a valid file name character on Windows");
        }

        string file = Path.Combine(_root.Path, fileName);
        var report = new SarifReport(
            "1.0.0", _root.Path, new[] { new Finding("PG1001", RuleLevel.Warning, "m", file, new SourceRegion(1, 1, 1, 2)) }, SarifTestData.ForeignRules);

        using var doc = SarifTestData.ToJson(report);
        string uri = ArtifactLocation(doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0]).GetProperty("uri").GetString()!;

        Assert.That(uri, Is.EqualTo(expectedUri));
        Assert.That(Uri.UnescapeDataString(uri), Is.EqualTo(fileName));
    }

    [Test]
    public void Results_are_sorted_by_path_line_column_rule_and_message_with_full_regions()
    {
        string a = _root.Write("a.cs", "x\ny\nz\n");
        string b = _root.Write("b.cs", "x\ny\nz\n");
        var findings = new List<Finding>
        {
            new("PG1005", RuleLevel.Warning, "m", b, new SourceRegion(1, 1, 1, 2)),
            new("PG1001", RuleLevel.Warning, "z", a, new SourceRegion(2, 5, 2, 6)),
            new("PG1001", RuleLevel.Warning, "a", a, new SourceRegion(2, 5, 2, 6)),
            new("CS0219", RuleLevel.Warning, "m", a, new SourceRegion(2, 5, 2, 6)),
            new("PG1001", RuleLevel.Warning, "m", a, new SourceRegion(2, 1, 3, 4)),
            new("PG1001", RuleLevel.Warning, "m", a, new SourceRegion(1, 9, 1, 10)),
        };
        var report = new SarifReport("1.0.0", _root.Path, findings, SarifTestData.ForeignRules);

        using var doc = SarifTestData.ToJson(report);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();

        string Describe(JsonElement r)
        {
            var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            var region = location.GetProperty("region");
            return $"{location.GetProperty("artifactLocation").GetProperty("uri").GetString()}:{region.GetProperty("startLine")}:{region.GetProperty("startColumn")}:{r.GetProperty("ruleId").GetString()}:{r.GetProperty("message").GetProperty("text").GetString()}";
        }

        Assert.That(results.Select(Describe), Is.EqualTo(new[]
        {
            "a.cs:1:9:PG1001:m",
            "a.cs:2:1:PG1001:m",
            "a.cs:2:5:CS0219:m",
            "a.cs:2:5:PG1001:a",
            "a.cs:2:5:PG1001:z",
            "b.cs:1:1:PG1005:m",
        }));
        var multiLine = results[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.That(
            (multiLine.GetProperty("startLine").GetInt32(), multiLine.GetProperty("startColumn").GetInt32(),
                multiLine.GetProperty("endLine").GetInt32(), multiLine.GetProperty("endColumn").GetInt32()),
            Is.EqualTo((2, 1, 3, 4)));
    }

    [Test]
    public void Fingerprints_survive_lines_inserted_above_the_finding()
    {
        string file = _root.Write("src/Orders.cs", SarifTestData.OrdersSource);
        string before = FingerprintOf(file, new SourceRegion(9, 32, 9, 82));

        // Two lines inserted above and the flagged line re-indented: the finding moves to line 11.
        var lines = SarifTestData.OrdersSource.Split('\n').ToList();
        lines.Insert(1, "using System.Linq;");
        lines.Insert(2, "// a comment");
        lines[10] = "\t\t" + lines[10].Trim() + "   ";
        File.WriteAllText(file, string.Join('\n', lines));
        string after = FingerprintOf(file, new SourceRegion(11, 30, 11, 80));

        Assert.That(after, Is.EqualTo(before));
        Assert.That(after, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void Fingerprints_differ_for_different_lines_rules_and_files()
    {
        string file = _root.Write("src/Orders.cs", SarifTestData.OrdersSource);
        string other = _root.Write("src/Other.cs", SarifTestData.OrdersSource);

        string line9 = FingerprintOf(file, new SourceRegion(9, 32, 9, 82));
        string line10 = FingerprintOf(file, new SourceRegion(10, 17, 10, 33));
        string otherRule = FingerprintOf(file, new SourceRegion(9, 32, 9, 82), "PG1005");
        string otherFile = FingerprintOf(other, new SourceRegion(9, 32, 9, 82));

        Assert.That(new[] { line9, line10, otherRule, otherFile }, Is.Unique);
    }

    [Test]
    public void Identical_lines_in_one_file_get_distinct_fingerprints_by_ordinal()
    {
        string file = _root.Write("dup.cs", "db.SaveChanges();\n    db.SaveChanges();\n");
        var findings = new[]
        {
            new Finding("PG1005", RuleLevel.Warning, "m", file, new SourceRegion(2, 5, 2, 21)),
            new Finding("PG1005", RuleLevel.Warning, "m", file, new SourceRegion(1, 1, 1, 17)),
        };

        var prints = Fingerprints(new SarifReport("1.0.0", _root.Path, findings, SarifTestData.ForeignRules));

        Assert.That(prints, Is.Unique);
        Assert.That(prints[0], Is.EqualTo(SarifFingerprint.Compute("PG1005", "dup.cs", "db.SaveChanges();", 0)));
        Assert.That(prints[1], Is.EqualTo(SarifFingerprint.Compute("PG1005", "dup.cs", "db.SaveChanges();", 1)));
    }

    [Test]
    public void Fingerprint_falls_back_to_the_message_when_the_source_cannot_be_read()
    {
        string missing = Path.Combine(_root.Path, "gone.cs");
        var findings = new[] { new Finding("PG1001", RuleLevel.Warning, "  the   message ", missing, new SourceRegion(3, 1, 3, 2)) };

        var prints = Fingerprints(new SarifReport("1.0.0", _root.Path, findings, SarifTestData.ForeignRules));

        Assert.That(prints.Single(), Is.EqualTo(SarifFingerprint.Compute("PG1001", "gone.cs", "the message", 0)));
    }

    [Test]
    public void Rules_cover_exactly_the_reported_rules_sorted_with_matching_rule_indexes()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path));
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var ids = rules.Select(r => r.GetProperty("id").GetString()).ToList();

        Assert.That(ids, Is.EqualTo(new[] { "CA1849", "CS0219", "PG0003", "PG1001", "PG1005" }));
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            int index = result.GetProperty("ruleIndex").GetInt32();
            Assert.That(ids[index], Is.EqualTo(result.GetProperty("ruleId").GetString()));
        }
    }

    [Test]
    public void PerfGate_rules_carry_catalog_metadata_and_markdown_help()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path));
        var rule = RuleById(doc, "PG1001");
        var metadata = RuleCatalog.Find("PG1001")!;

        Assert.Multiple(() =>
        {
            Assert.That(rule.GetProperty("name").GetString(), Is.EqualTo("EFCoreQueryExecutedOncePerLoopIterationN1"));
            Assert.That(rule.GetProperty("shortDescription").GetProperty("text").GetString(), Is.EqualTo(metadata.Title));
            Assert.That(rule.GetProperty("fullDescription").GetProperty("text").GetString(), Is.EqualTo(metadata.Description));
            Assert.That(rule.GetProperty("help").GetProperty("text").GetString(), Does.Contain(metadata.Fix));
            Assert.That(rule.GetProperty("help").GetProperty("markdown").GetString(), Is.EqualTo(RuleHelpMarkdown.Render(metadata)));
            Assert.That(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Is.EqualTo("warning"));
            var properties = rule.GetProperty("properties");
            Assert.That(properties.GetProperty("category").GetString(), Is.EqualTo("data-access"));
            Assert.That(properties.GetProperty("precision").GetString(), Is.EqualTo("high"));
            Assert.That(properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(metadata.Tags));
        });
    }

    [Test]
    public void Rule_links_follow_the_help_uri_base_and_are_left_out_without_one()
    {
        var report = SarifTestData.CreateReport(_root.Path, _outside.Path);
        using var linked = SarifTestData.ToJson(report with { HelpUriBase = "https://git.example/acme/perfgate/" });
        using var packaged = SarifTestData.ToJson(report);

        var rule = RuleById(linked, "PG1001");
        Assert.Multiple(() =>
        {
            Assert.That(rule.GetProperty("helpUri").GetString(), Is.EqualTo("https://git.example/acme/perfgate/blob/main/docs/rules/PG1001.md"));
            Assert.That(rule.GetProperty("help").GetProperty("text").GetString(),
                Does.EndWith("Documentation: https://git.example/acme/perfgate/blob/main/docs/rules/PG1001.md"));
            Assert.That(linked.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("informationUri").GetString(),
                Is.EqualTo("https://git.example/acme/perfgate"));
        });
        // This build of PerfGate names no repository (no RepositoryUrl when packed): no link rather than a dead one.
        Assume.That(RuleCatalog.InformationUri, Is.Null);
        Assert.That(RuleById(packaged, "PG1001").TryGetProperty("helpUri", out _), Is.False);
        Assert.That(RuleById(packaged, "PG1001").GetProperty("help").GetProperty("text").GetString(), Does.EndWith("Documentation: perfgate explain PG1001"));
    }

    [Test]
    public void Foreign_rules_come_from_the_reported_metadata_with_help_text_fallbacks()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path));
        var ca1849 = RuleById(doc, "CA1849");
        var cs0219 = RuleById(doc, "CS0219");

        Assert.Multiple(() =>
        {
            Assert.That(ca1849.GetProperty("shortDescription").GetProperty("text").GetString(), Is.EqualTo("Call async methods when in an async method"));
            Assert.That(ca1849.GetProperty("help").GetProperty("text").GetString(), Does.StartWith("In a method which is already asynchronous"),
                "help.text falls back to fullDescription");
            Assert.That(ca1849.GetProperty("help").TryGetProperty("markdown", out _), Is.False);
            Assert.That(ca1849.GetProperty("helpUri").GetString(), Does.EndWith("/ca1849"));
            Assert.That(ca1849.GetProperty("properties").GetProperty("category").GetString(), Is.EqualTo("Performance"));
            Assert.That(ca1849.TryGetProperty("defaultConfiguration", out _), Is.False);

            Assert.That(cs0219.GetProperty("help").GetProperty("text").GetString(), Is.EqualTo("Variable is assigned but its value is never used"),
                "then to the title");
            Assert.That(cs0219.GetProperty("fullDescription").GetProperty("text").GetString(),
                Is.EqualTo("Variable is assigned but its value is never used"), "GitHub requires fullDescription (GH2012): the title stands in");
        });
    }

    [Test]
    public void Unknown_rules_get_a_bare_descriptor()
    {
        string file = _root.Write("a.cs", "x\n");
        var report = new SarifReport(
            "1.0.0", _root.Path, new[] { new Finding("XY0001", RuleLevel.Warning, "m", file, new SourceRegion(1, 1, 1, 2)) }, new Dictionary<string,
                ReportedRule>());

        using var doc = SarifTestData.ToJson(report);
        var rule = RuleById(doc, "XY0001");

        Assert.That(rule.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id" }));
    }

    [Test]
    public void Levels_map_to_sarif_levels()
    {
        using var doc = SarifTestData.ToJson(SarifTestData.CreateReport(_root.Path, _outside.Path));
        var levels = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("level").GetString());

        Assert.That(levels["PG1005"], Is.EqualTo("error"));
        Assert.That(levels["PG1001"], Is.EqualTo("warning"));
        Assert.That(levels["CA1849"], Is.EqualTo("note"));
    }

    [Test]
    public void Invalid_region_parts_are_left_out_rather_than_written()
    {
        string file = _root.Write("a.cs", "x\n");
        var findings = new[]
        {
            new Finding("PG1001", RuleLevel.Warning, "no line", file, new SourceRegion(0, 0, 0, 0)),
            new Finding("PG1001", RuleLevel.Warning, "end before start", file, new SourceRegion(3, 5, 2, 1)),
        };

        using var doc = SarifTestData.ToJson(new SarifReport("1.0.0", _root.Path, findings, SarifTestData.ForeignRules));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");

        Assert.That(results[0].GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _), Is.False);
        var region = results[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.That(region.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "startLine", "startColumn" }));
    }

    [Test]
    public void Compiler_log_round_trips_into_a_perfgate_log()
    {
        string source = _root.Write("src/P.cs", "class P\n{\n    void M() { int unused = 1; }\n}\n");
        string uri = new Uri(source).AbsoluteUri;
        string log = _root.Write("c.sarif", $$"""
            { "version": "2.1.0", "runs": [ { "results": [ { "ruleId": "CS0219", "level": "warning",
              "message": { "text": "The variable 'unused' is assigned but its value is never used" },
              "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{uri}}" },
                "region": { "startLine": 3, "startColumn": 20, "endLine": 3, "endColumn": 26 } } } ] } ],
              "tool": { "driver": { "name": "csc", "rules": [ { "id": "CS0219", "shortDescription": { "text": "Variable is assigned but its value is never used" }, "properties": { "category": "Compiler" } } ] } } } ] }
            """);

        var compiler = CompilerLogReader.Read(log);
        var findings = compiler.Findings.Select(f => new Finding(f.RuleId, RuleLevel.Warning, f.Message, f.FilePath, f.Region)).ToList();
        using var doc = SarifTestData.ToJson(new SarifReport("1.0.0", _root.Path, findings, compiler.Rules));
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0];

        Assert.That(ArtifactLocation(result).GetProperty("uri").GetString(), Is.EqualTo("src/P.cs"));
        Assert.That(result.GetProperty("partialFingerprints").GetProperty(SarifFingerprint.Key).GetString(),
            Is.EqualTo(SarifFingerprint.Compute("CS0219", "src/P.cs", "void M() { int unused = 1; }", 0)));
        Assert.That(RuleById(doc, "CS0219").GetProperty("properties").GetProperty("category").GetString(), Is.EqualTo("Compiler"));
    }

    private string FingerprintOf(string file, SourceRegion region, string ruleId = "PG1001") =>
        Fingerprints(new SarifReport(
            "1.0.0", _root.Path, new[] { new Finding(ruleId, RuleLevel.Warning, "message " + region.StartLine, file, region) },
                SarifTestData.ForeignRules)).Single();

    private static List<string> Fingerprints(SarifReport report)
    {
        using var doc = SarifTestData.ToJson(report);
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("partialFingerprints").GetProperty(SarifFingerprint.Key).GetString()!)
            .ToList();
    }

    private static JsonElement ArtifactLocation(JsonElement result) =>
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");

    private static JsonElement RuleById(JsonDocument doc, string id) =>
        doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    [Test]
    public void Related_locations_are_written_in_order_with_repo_relative_uris()
    {
        string root = Path.Combine(Path.GetTempPath(), "perfgate-related-" + System.Guid.NewGuid().ToString("N"));
        string outside = root + "-outside";
        try
        {
            Directory.CreateDirectory(root);
            Directory.CreateDirectory(outside);
            using JsonDocument json = SarifTestData.ToJson(SarifTestData.CreateReport(root, outside));
            JsonElement pg1001 = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Single(r => r.GetProperty("ruleId").GetString() == "PG1001");
            JsonElement[] related = pg1001.GetProperty("relatedLocations").EnumerateArray().ToArray();
            Assert.That(related.Select(r => r.GetProperty("id").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
            JsonElement first = related[0].GetProperty("physicalLocation");
            Assert.That(first.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("src/My%20App/OrderService.cs"));
            Assert.That(first.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString(), Is.EqualTo("SRCROOT"));
            Assert.That(first.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(3));
            Assert.That(related[1].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), Does.StartWith("file:///"));
            JsonElement pg1005 = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Single(r => r.GetProperty("ruleId").GetString() == "PG1005");
            Assert.That(pg1005.TryGetProperty("relatedLocations", out _), Is.False);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(outside, recursive: true);
        }
    }
}

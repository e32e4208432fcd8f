using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Cli.Tests.Infrastructure;
using PerfGate.Core.Baseline;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;

namespace PerfGate.Cli.Tests;

public sealed class BaselineTests
{
    private static Finding At(string file, int line, string rule = "PG1001", string message = "N+1") =>
        new(rule, RuleLevel.Error, message, file, new SourceRegion(line, 5, line, 10));

    [Test]
    public void A_baselined_finding_is_unchanged_after_lines_shift_and_a_new_one_is_new()
    {
        using var dir = new TempDir();
        // The hash covers 100 non-blank characters from the line on, so text after the line is part of it.
        string file = dir.Write("src/Orders.cs", "class A\n{\n    void M() { Query(); }\n}\n");
        var baseline = BaselineMatcher.FromFindings(new[] { At(file, 3) }, dir.Path);
        Assert.That(baseline.Single().Path, Is.EqualTo("src/Orders.cs"));
        Assert.That(baseline.Single().LineHash, Does.Match("^[0-9a-f]+:1$"));

        dir.Write("src/Orders.cs", "// header\n\nclass A\n{\n    void N() { Other(); }\n    void M() { Query(); }\n}\n");
        var comparison = BaselineMatcher.Compare(new[] { At(file, 5), At(file, 6) }, baseline, dir.Path);

        Assert.That(comparison.Findings.Select(f => (f.Region!.StartLine, f.BaselineState)),
            Is.EqualTo(new[] { (5, "new"), (6, "unchanged") }));
        Assert.That(comparison.Stale, Is.Empty);
    }

    [Test]
    public void A_fixed_finding_is_stale_and_update_removes_it_but_adds_new_ones_only_when_asked()
    {
        using var dir = new TempDir();
        string pad = new string('x', 100); // lines longer than the hash window hash independently
        string file = dir.Write("Orders.cs", $"a{pad}\nb{pad}\n");
        var baseline = BaselineMatcher.FromFindings(new[] { At(file, 1), At(file, 2) }, dir.Path);
        dir.Write("Orders.cs", $"a{pad}\nfixed{pad}\nc{pad}\n");
        var comparison = BaselineMatcher.Compare(new[] { At(file, 1), At(file, 3) }, baseline, dir.Path);

        Assert.That(comparison.Stale.Select(e => e.LineHash), Is.EqualTo(new[] { baseline[1].LineHash }));
        Assert.That(BaselineMatcher.Update(baseline, comparison, dir.Path, acceptNew: false), Is.EqualTo(new[] { baseline[0] }));
        Assert.That(BaselineMatcher.Update(baseline, comparison, dir.Path, acceptNew: true), Has.Count.EqualTo(2));
    }

    [Test]
    public void Two_identical_findings_need_two_entries()
    {
        using var dir = new TempDir();
        string file = dir.Write("Orders.cs", "q();\n");
        var baseline = BaselineMatcher.FromFindings(new[] { At(file, 1) }, dir.Path);
        var comparison = BaselineMatcher.Compare(
            new[] { At(file, 1), At(file, 1, message: "N+1") with { Region = new SourceRegion(1, 1, 1, 2) } }, baseline, dir.Path);
        Assert.That(comparison.Findings.Count(f => f.BaselineState == "new"), Is.EqualTo(1));
    }

    [Test]
    public void Without_a_readable_line_the_enclosing_symbol_is_the_identity()
    {
        using var dir = new TempDir();
        string missing = Path.Combine(dir.Path, "Gone.cs");
        var finding = At(missing, 3) with { Symbol = "M:Shop.OrderReport.CustomerNamesAsync" };
        var baseline = BaselineMatcher.FromFindings(new[] { finding }, dir.Path);
        Assert.That(baseline.Single().LineHash, Is.Null);
        var same = BaselineMatcher.Compare(new[] { At(missing, 9) with { Symbol = "M:Shop.OrderReport.CustomerNamesAsync" } }, baseline, dir.Path);
        var other = BaselineMatcher.Compare(new[] { At(missing, 9) with { Symbol = "M:Shop.OrderReport.Other" } }, baseline, dir.Path);
        Assert.That(same.Findings.Single().BaselineState, Is.EqualTo("unchanged"));
        Assert.That(other.Findings.Single().BaselineState, Is.EqualTo("new"));
    }

    [Test]
    public void The_file_is_sorted_and_round_trips()
    {
        var entries = new[]
        {
            new BaselineEntry("PG2002", "b.cs", "2:1", null, "m2"),
            new BaselineEntry("PG1001", "a.cs", "1:1", "M:X.Y", "m1"),
        };
        string text = BaselineFile.Render(entries);
        Assert.That(text.IndexOf("a.cs", System.StringComparison.Ordinal), Is.LessThan(text.IndexOf("b.cs", System.StringComparison.Ordinal)));
        Assert.That(text, Does.Not.Contain("\r"));
        Assert.That(BaselineFile.Render(entries.Reverse()), Is.EqualTo(text));
        Assert.That(BaselineFile.Parse(Encoding.UTF8.GetBytes(text), "x.json"), Is.EquivalentTo(entries));
    }

    [TestCase("{ \"version\": 1, \"findings\": [ }", 1, 31, "not valid JSON")]
    [TestCase("{ \"version\": 2, \"findings\": [] }", 1, 1, "\"version\": 1")]
    [TestCase("{ \"version\": 1, \"findings\": [ { \"path\": \"a.cs\" } ] }", 1, 1, "findings[0].ruleId")]
    public void A_corrupt_baseline_is_a_positioned_error(string json, int line, int column, string expected)
    {
        var e = Assert.Throws<BaselineException>(() => BaselineFile.Parse(Encoding.UTF8.GetBytes(json), "perfgate.baseline.json"))!;
        Assert.That(e.Message, Does.Contain(expected));
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)));
    }

    [Test]
    public void Writing_is_atomic_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, BaselineFile.FileName);
        BaselineFile.Write(path, new[] { new BaselineEntry("PG1001", "a.cs", "1:1", null, "m") });
        BaselineFile.Write(path, new BaselineEntry[0]);
        Assert.That(Directory.GetFiles(dir.Path).Select(Path.GetFileName), Is.EqualTo(new[] { BaselineFile.FileName }));
        Assert.That(BaselineFile.Read(path), Is.Empty);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace PerfGate.Cli.Tests;

/// <summary>`perfgate fix --dry-run`'s unified diff: hunks, order of changed lines, and large inputs in linear memory.</summary>
public sealed class LineDiffTests
{
    private static string Text(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";

    [Test]
    public void Equal_texts_give_no_diff() =>
        Assert.That(LineDiff.Unified("a\nb\n", "a\r\nb\r\n", "f.cs"), Is.Empty);

    [Test]
    public void A_replaced_block_shows_its_removed_lines_before_the_added_ones()
    {
        string diff = LineDiff.Unified(Text(new[] { "1", "2", "3", "old a", "old b", "4", "5", "6" }),
            Text(new[] { "1", "2", "3", "new a", "new b", "new c", "4", "5", "6" }), "src/F.cs");
        Assert.That(diff, Is.EqualTo("--- a/src/F.cs\n+++ b/src/F.cs\n@@ -1,8 +1,9 @@\n 1\n 2\n 3\n-old a\n-old b\n+new a\n+new b\n+new c\n 4\n 5\n 6\n"));
    }

    [Test]
    public void Distant_changes_get_separate_hunks_with_three_lines_of_context()
    {
        string[] old = Enumerable.Range(1, 30).Select(i => "line " + i).ToArray();
        string[] changed = old.Select(l => l is "line 5" or "line 25" ? l + " changed" : l).Where(l => l != "line 15").ToArray();
        string diff = LineDiff.Unified(Text(old), Text(changed), "f");
        Assert.That(Regex.Matches(diff, "^@@ .* @@$", RegexOptions.Multiline).Select(m => m.Value),
            Is.EqualTo(new[] { "@@ -2,7 +2,7 @@", "@@ -12,7 +12,6 @@", "@@ -22,7 +21,7 @@" }));
        Assert.That(Apply(old, diff), Is.EqualTo(changed));
    }

    [Test]
    public void Insertion_into_an_empty_file_and_removal_of_every_line()
    {
        Assert.That(LineDiff.Unified("", "a\nb\n", "f"), Is.EqualTo("--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n"));
        Assert.That(LineDiff.Unified("a\nb\n", "", "f"), Is.EqualTo("--- a/f\n+++ b/f\n@@ -1,2 +0,0 @@\n-a\n-b\n"));
    }

    /// <summary>
    /// 8,000 lines with every tenth one changed: 7,991 x 7,991 lines between the first and the last change, 63.9 M cells
    /// of the table the quadratic diff needed (it refused past 50 M, and `fix --dry-run` said "internal error").
    /// </summary>
    [Test]
    public void A_large_file_changed_throughout_is_diffed_minimally()
    {
        string[] old = Enumerable.Range(0, 8000).Select(i => "line " + i).ToArray();
        string[] changed = old.Select((l, i) => i % 10 == 0 ? l + " changed" : l).ToArray();
        var clock = Stopwatch.StartNew();
        string diff = LineDiff.Unified(Text(old), Text(changed), "Big.cs");
        clock.Stop();
        TestContext.Out.WriteLine($"8000 x 8000 lines, 800 changed: {clock.ElapsedMilliseconds} ms, {diff.Length} chars of diff");

        string[] lines = diff.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines.Count(l => l.StartsWith('-') && !l.StartsWith("---")), Is.EqualTo(800));
            Assert.That(lines.Count(l => l.StartsWith('+') && !l.StartsWith("+++")), Is.EqualTo(800));
            Assert.That(Apply(old, diff), Is.EqualTo(changed));
        });
    }

    /// <summary>Two unrelated 3,000-line texts (9 M cells, every line replaced): the worst case for the edit distance.</summary>
    [Test]
    public void Two_unrelated_texts_become_one_removal_and_one_insertion()
    {
        string[] old = Enumerable.Range(0, 3000).Select(i => "old " + i).ToArray();
        string[] changed = Enumerable.Range(0, 3000).Select(i => "new " + i).ToArray();
        string diff = LineDiff.Unified(Text(old), Text(changed), "f");
        Assert.That(diff, Does.StartWith("--- a/f\n+++ b/f\n@@ -1,3000 +1,3000 @@\n-old 0\n"));
        Assert.That(Apply(old, diff), Is.EqualTo(changed));
        Assert.That(diff.IndexOf("+new 0\n", StringComparison.Ordinal), Is.GreaterThan(diff.IndexOf("-old 2999\n", StringComparison.Ordinal)));
    }

    /// <summary>Applies a unified diff as `patch` would, checking every context and removed line against the old text.</summary>
    private static string[] Apply(string[] old, string diff)
    {
        var result = new List<string>();
        int next = 0; // 0-based index of the next old line not yet copied
        string[] lines = diff.Split('\n');
        for (int i = 2; i < lines.Length; i++)
        {
            Match hunk = Regex.Match(lines[i], @"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$");
            if (!hunk.Success)
            {
                if (lines[i].Length == 0) continue;
                string body = lines[i].Substring(1);
                switch (lines[i][0])
                {
                    case ' ':
                        Assert.That(old[next], Is.EqualTo(body), "context line " + (next + 1));
                        result.Add(body);
                        next++;
                        break;
                    case '-':
                        Assert.That(old[next], Is.EqualTo(body), "removed line " + (next + 1));
                        next++;
                        break;
                    case '+':
                        result.Add(body);
                        break;
                    default:
                        Assert.Fail("not a diff line: " + lines[i]);
                        break;
                }
                continue;
            }
            int start = int.Parse(hunk.Groups[1].Value);
            int count = hunk.Groups[2].Success ? int.Parse(hunk.Groups[2].Value) : 1;
            int firstOld = count == 0 ? start : start - 1;
            Assert.That(firstOld, Is.GreaterThanOrEqualTo(next), "hunks overlap or go backwards");
            while (next < firstOld) result.Add(old[next++]);
        }
        while (next < old.Length) result.Add(old[next++]);
        return result.ToArray();
    }
}

using System;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfGate.Analyzers;

namespace PerfGate.Core.Tests.Hostile;

/// <summary>
/// Issue 18, item 4: <c>paths.exclude</c> globs (and finding budgets' rule patterns) come with the pull request. The matcher runs
/// them as a state set, so a pattern of many stars costs pattern × path steps, not an exponential search.
/// </summary>
public sealed class GlobTests
{
    [TestCase("**/Migrations/**", "src/Data/Migrations/0001_Init.cs", true)]
    [TestCase("**/Migrations/**", "Migrations/0001_Init.cs", true)]
    [TestCase("**/Migrations/**", "src/Migrationsx/a.cs", false)]
    [TestCase("tests/**", "tests/a/b.cs", true)]
    [TestCase("tests/**", "src/tests/a.cs", false)]
    [TestCase("*.g.cs", "deep/in/here/File.g.cs", true)]
    [TestCase("src/*.cs", "src/a.cs", true)]
    [TestCase("src/*.cs", "src/sub/a.cs", false)]
    [TestCase("src/?.cs", "src/a.cs", true)]
    [TestCase("src/?.cs", "src/ab.cs", false)]
    [TestCase("SRC/Generated/", "src/generated/x/y.cs", true)]
    [TestCase("/root.cs", "root.cs", true)]
    [TestCase("a/**/b.cs", "a/b.cs", true)]
    [TestCase("a/**/b.cs", "a/x/y/b.cs", true)]
    [TestCase("a/**b.cs", "a/x/yb.cs", true)]
    [TestCase("a\\b\\*.cs", "a/b/c.cs", true)]
    public void The_dialect_is_unchanged(string pattern, string path, bool matches) =>
        Assert.That(PathGlob.Parse(pattern).IsMatch(path), Is.EqualTo(matches));

    [Test]
    public void Many_stars_against_a_long_name_take_linear_time()
    {
        // Was 64 s at 7 '*a' and over 100 s at 8 against a 60-character name (a backtracking regex).
        string name = new string('a', 60) + ".cs";
        var clock = Stopwatch.StartNew();
        Assert.That(PathGlob.Parse("*a*a*a*a*a*a*a*a*b").IsMatch(name), Is.False);
        Assert.That(PathGlob.Parse(Repeat("*a", 40) + "*b").IsMatch("src/" + new string('a', 10_000)), Is.False);
        Assert.That(PathGlob.Parse(Repeat("**/a", 30) + "/b").IsMatch(Repeat("a/", 2_000) + "c"), Is.False);
        Assert.That(PathGlob.Wildcard(Repeat("*a", 40) + "*b").IsMatch(new string('a', 10_000)), Is.False);
        // Work is bounded by (pattern + 1) states per character: a few million steps here. The bound is generous so a slow
        // machine passes; a backtracking matcher would not finish within it.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "linear matching of hostile globs");
    }

    [Test]
    public void Random_globs_agree_with_the_regular_expression_they_used_to_be()
    {
        // A property test over small alphabets, where a backtracking regex is still fast: same answer on every pair.
        var random = new Random(18);
        const string patternAlphabet = "ab/*?.";
        const string pathAlphabet = "abAB/.";
        for (int i = 0; i < 3_000; i++)
        {
            string pattern = RandomText(random, patternAlphabet, 1, 8);
            string path = RandomText(random, pathAlphabet, 0, 10);
            bool expected = Reference(pattern).IsMatch(path.Replace('\\', '/').TrimStart('/'));
            Assert.That(PathGlob.Parse(pattern).IsMatch(path), Is.EqualTo(expected), $"'{pattern}' on '{path}'");
            string name = RandomText(random, "abAB?*", 0, 6);
            string id = RandomText(random, "abAB", 0, 8);
            bool wildcard = new Regex("^" + Regex.Escape(name).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant).IsMatch(id);
            Assert.That(PathGlob.Wildcard(name).IsMatch(id), Is.EqualTo(wildcard), $"wildcard '{name}' on '{id}'");
        }
    }

    /// <summary>The regex translation PathGlob used before (kept here as the specification of the dialect).</summary>
    private static Regex Reference(string pattern)
    {
        string normalized = pattern.Replace('\\', '/').Trim();
        if (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
        if (normalized.EndsWith('/')) normalized += "**";
        if (!normalized.Contains('/')) normalized = "**/" + normalized;
        else if (normalized.StartsWith('/')) normalized = normalized.Substring(1);
        var regex = new StringBuilder("^");
        for (int i = 0; i < normalized.Length; i++)
        {
            char c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                bool slashFollows = i + 2 < normalized.Length && normalized[i + 2] == '/';
                regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static string Repeat(string text, int count) => new StringBuilder().Insert(0, text, count).ToString();

    private static string RandomText(Random random, string alphabet, int min, int max)
    {
        var text = new StringBuilder();
        int length = random.Next(min, max + 1);
        for (int i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }
}

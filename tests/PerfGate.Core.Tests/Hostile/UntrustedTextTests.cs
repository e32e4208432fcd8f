using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Tests.Shared;

namespace PerfGate.Core.Tests.Hostile;

/// <summary>
/// Issue 18, items 1 and 2: the one escaping helper for text a pull request chooses (file names, messages, routes), against the
/// cases of tests/Shared/untrusted-text.json, which actions/lib/perfgate-report.js must pass too.
/// </summary>
public sealed class UntrustedTextTests
{
    public sealed record Case(string Why, string Input, string? Log, string? Markdown)
    {
        public override string ToString() => Why;
    }

    public static IEnumerable<Case> Cases()
    {
        using JsonDocument document =
            JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Hostile", "untrusted-text.json")));
        foreach (JsonElement c in document.RootElement.GetProperty("cases").EnumerateArray())
            yield return new Case(c.GetProperty("why").GetString()!, c.GetProperty("input").GetString()!,
                c.TryGetProperty("log", out JsonElement log) ? log.GetString() : null,
                c.TryGetProperty("markdown", out JsonElement md) ? md.GetString() : null);
    }

    [TestCaseSource(nameof(Cases))]
    public void A_log_line_shows_the_text_and_runs_nothing(Case c)
    {
        string escaped = UntrustedText.ForLog(c.Input);
        if (c.Log != null) Assert.That(escaped, Is.EqualTo(c.Log));
        Assert.That(escaped, Does.Not.Contain("\n").And.Not.Contain("\r"));
        Assert.That(CiLogModel.RunsCommand(escaped), Is.False, escaped);
        Assert.That(CiLogModel.HasTerminalEscape(escaped), Is.False);
        Assert.That(UntrustedText.ForLog(escaped), Is.EqualTo(escaped), "escaping twice changes nothing more");
    }

    [TestCaseSource(nameof(Cases))]
    public void Markdown_shows_the_literal_text_on_one_line(Case c)
    {
        string escaped = UntrustedText.ForMarkdown(c.Input);
        if (c.Markdown != null) Assert.That(escaped, Is.EqualTo(c.Markdown));
        // No markup character is left bare: every '[', ']', '<', '>', '&', '|' and '`' is backslash-escaped.
        Assert.That(escaped, Does.Not.Contain("\n").And.Not.Match(@"(?<!\\)[\[\]<>&|`]"));
        Assert.That(escaped, Does.Not.Contain("##vso[").And.Not.Contain("##["), "Markdown printed on a log runs nothing either");
    }

    [Test]
    public void The_hostile_cases_would_run_unescaped()
    {
        // The model is not vacuous: the raw inputs are what a runner executes.
        string[] hostile = { "::warning::x.cs", "  ::error::indented", "a ##vso[task.complete]", "##[error]x", "\u200b::error::x" };
        Assert.That(hostile.Where(CiLogModel.RunsCommand), Is.EquivalentTo(hostile));
        Assert.That(CiLogModel.Commands("x.cs\n::error::pwned"), Is.EqualTo(new[] { "::error::pwned" }));
    }

    [Test]
    public void A_json_document_on_a_log_keeps_its_values()
    {
        string json = "{\"message\":\"see ##vso[task.setvariable variable=x]1 and ##VSO[y]\"}";
        string safe = UntrustedText.ForJsonOnLog(json);
        Assert.That(CiLogModel.RunsCommand(safe), Is.False);
        using JsonDocument before = JsonDocument.Parse(json), after = JsonDocument.Parse(safe);
        Assert.That(after.RootElement.GetProperty("message").GetString(), Is.EqualTo(before.RootElement.GetProperty("message").GetString()));
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PerfGate.Core.Evidence;
using PerfGate.Core.Json;
using PerfGate.Core.Traces;

namespace PerfGate.Core.Tests.Json;

/// <summary>
/// The one JSON token stream under every evidence reader: positions (1-based line, column in UTF-8 bytes, a byte
/// order mark not counted) stay exact after buffer refills, after a token larger than the buffer, and after
/// multi-byte characters, for tokens and for syntax errors alike.
/// </summary>
public sealed class JsonTokenStreamTests
{
    /// <summary>What comes before the value under test: nothing, many small tokens, or one token larger than the buffer.</summary>
    public static IEnumerable<TestCaseData> Layouts()
    {
        foreach (bool bom in new[] { false, true })
        {
            yield return new TestCaseData(bom, "").SetArgDisplayNames(bom ? "BOM" : "no BOM", "small file");
            // ~700 KB of short lines: tokens straddle several refills of the 256 KiB buffer.
            yield return new TestCaseData(bom, "\"lines\": [" + string.Join(",\n", Enumerable.Range(0, 100_000)) + "],\n")
                .SetArgDisplayNames(bom ? "BOM" : "no BOM", "tokens across refills");
            // One 600 KB string: the buffer grows to hold it.
            yield return new TestCaseData(bom, "\"long\": \"" + new string('x', 600_000) + "\",\n")
                .SetArgDisplayNames(bom ? "BOM" : "no BOM", "a token larger than the buffer");
        }
    }

    /// <summary>The text with '@' removed, and the line and byte column where the '@' was.</summary>
    private static (byte[] Bytes, int Line, int Column) Marked(string marked, bool bom)
    {
        int at = marked.IndexOf('@');
        string before = marked.Substring(0, at);
        int line = before.Count(c => c == '\n') + 1;
        int column = Encoding.UTF8.GetByteCount(before.Substring(before.LastIndexOf('\n') + 1)) + 1;
        byte[] text = Encoding.UTF8.GetBytes(marked.Remove(at, 1));
        return (bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(text).ToArray() : text, line, column);
    }

    // Multi-byte characters before the value on its own line: columns count their bytes (2, 3 and 4 per character).
    private const string Accents = "\"name\": \"café € 😀\", ";

    [TestCaseSource(nameof(Layouts))]
    public void Token_positions_are_exact(bool bom, string padding)
    {
        var (bytes, line, column) = Marked("{" + padding + "\n  " + Accents + "\"x\": [1, @\"target\"]}\n", bom);
        using var json = new JsonTokenStream(new MemoryStream(bytes), "f.json", "test file");
        while (json.Read() && !(json.TokenType == JsonTokenType.String && json.GetString() == "target")) { }
        Assert.That((json.TokenType, json.Line, json.Column), Is.EqualTo((JsonTokenType.String, line, column)));
    }

    [TestCaseSource(nameof(Layouts))]
    public void Syntax_error_positions_are_exact(bool bom, string padding)
    {
        var (bytes, line, column) = Marked("{" + padding + "\n  " + Accents + "\"x\": [1, @}\n", bom);
        using var json = new JsonTokenStream(new MemoryStream(bytes), "f.json", "test file");
        var e = Assert.Throws<EvidenceException>(() => { while (json.Read()) { } })!;
        Assert.That((e.FilePath, e.Line, e.Column), Is.EqualTo(("f.json", line, column)), e.Message);
        Assert.That(e.Message, Does.StartWith("the test file is not valid JSON: ").And.Not.Contain("LineNumber"));
    }

    [TestCaseSource(nameof(Layouts))]
    public void Compiler_log_shape_errors_are_exact(bool bom, string padding)
    {
        var (bytes, line, column) = Marked("{" + padding + "\n  " + Accents + "\"version\": \"2.1.0\", \"runs\": [ @42 ] }", bom);
        var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(new MemoryStream(bytes), "c.sarif"))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Message, Is.EqualTo("expected a run object, found a number"));
    }

    [TestCaseSource(nameof(Layouts))]
    public void Trace_shape_errors_are_exact(bool bom, string padding)
    {
        var (bytes, line, column) = Marked("{" + padding + "\n  " + Accents + "\"resourceSpans\": @5}\n", bom);
        var reader = new OtlpTraceReader(new TraceData());
        var e = Assert.Throws<EvidenceException>(() => reader.Read(new MemoryStream(bytes), "t.json"))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Message, Is.EqualTo("expected a list of resourceSpans, found a number"));
    }

    [TestCaseSource(nameof(Layouts))]
    public void Positioned_nodes_are_exact(bool bom, string padding)
    {
        var (bytes, line, column) = Marked("{" + padding + "\n  " + Accents + "\"x\": @{\"y\": 1}}", bom);
        var root = (JsonObjectNode)PositionedJsonReader.Read(new MemoryStream(bytes), "b.json", "benchmark file");
        PositionedJsonNode x = root["x"]!;
        Assert.That((x.Kind, x.Line, x.Column), Is.EqualTo(("an object", line, column)));
    }

    /// <summary>A byte order mark is invisible in editors: the first line's columns start after it, in every reader.</summary>
    [Test]
    public void The_first_line_after_a_byte_order_mark_starts_at_column_one()
    {
        var (sarif, _, sarifColumn) = Marked("{ \"version\": \"2.1.0\", \"runs\": @{} }", bom: true);
        var (trace, _, traceColumn) = Marked("@[1]", bom: true);
        var (benchmark, _, benchmarkColumn) = Marked("{\"a\": @true}", bom: true);
        Assert.Multiple(() =>
        {
            var e = Assert.Throws<EvidenceException>(() => CompilerLogReader.Read(new MemoryStream(sarif), "c.sarif"))!;
            Assert.That((e.Line, e.Column, sarifColumn), Is.EqualTo((1, 31, 31)), e.Message);
            e = Assert.Throws<EvidenceException>(() => new OtlpTraceReader(new TraceData()).Read(new MemoryStream(trace), "t.json"))!;
            Assert.That((e.Line, e.Column, traceColumn), Is.EqualTo((1, 1, 1)), e.Message);
            PositionedJsonNode a = ((JsonObjectNode)PositionedJsonReader.Read(new MemoryStream(benchmark), "b.json", "benchmark file"))["a"]!;
            Assert.That((a.Line, a.Column, benchmarkColumn), Is.EqualTo((1, 7, 7)));
        });
    }

    [Test]
    public void Json_lines_with_comments_read_as_several_values_when_allowed()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("{\"a\": 1}\n// a comment\n{\"b\": 2}\n");
        var starts = new List<(int, int)>();
        var lines = new JsonStreamOptions(AllowMultipleValues: true, SkipComments: true);
        using (var json = new JsonTokenStream(new MemoryStream(bytes), "t.json", "trace file", lines))
            while (json.Read()) if (json.TokenType == JsonTokenType.StartObject) starts.Add((json.Line, json.Column));
        Assert.That(starts, Is.EqualTo(new[] { (1, 1), (3, 1) }));

        using var strict = new JsonTokenStream(new MemoryStream(bytes), "t.json", "test file");
        var e = Assert.Throws<EvidenceException>(() => { while (strict.Read()) { } })!;
        Assert.That((e.Line, e.Column), Is.EqualTo((2, 1)), e.Message);
    }

    [Test]
    public void A_string_that_is_not_UTF8_is_an_error_at_the_string()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("{\n  \"a\": \"ok\", \"b\": \"xx\"}");
        int bad = Array.LastIndexOf(bytes, (byte)'x');
        bytes[bad] = 0xC3; // a lead byte followed by a quote, not a continuation byte
        using var json = new JsonTokenStream(new MemoryStream(bytes), "f.json", "test file");
        var e = Assert.Throws<EvidenceException>(() =>
        {
            while (json.Read()) if (json.TokenType == JsonTokenType.String) json.GetString();
        })!;
        Assert.That((e.Line, e.Column), Is.EqualTo((2, 19)), e.Message);
        Assert.That(e.Message, Is.EqualTo("the test file cannot be read: a string is not valid UTF-8"));
    }

    [Test]
    public void A_missing_file_is_an_error_at_line_zero()
    {
        var e = Assert.Throws<EvidenceException>(() => JsonTokenStream.OpenFile("/nonexistent/perfgate/x.json", "test file"))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((0, 0)));
        Assert.That(e.Message, Does.StartWith("cannot read the test file: "));
    }
}

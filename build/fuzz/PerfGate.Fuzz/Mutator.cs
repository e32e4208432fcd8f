using System;
using System.Collections.Generic;
using System.Text;

namespace PerfGate.Fuzz;

/// <summary>
/// Deterministic mutations of real inputs: the same (seed, target, case) always gives the same bytes, so every failure a
/// run reports can be replayed by its case number. Mutations are what hostile or broken files look like: flipped bits and
/// bytes, cut and repeated ranges, truncation, splices of two inputs, deep nesting, huge or impossible numbers, invalid
/// UTF-8, very long strings and tokens of the format in the wrong place.
/// </summary>
public static class Mutator
{
    /// <summary>Inputs never grow past this: the readers' own limits are tested elsewhere, the fuzzer tests their logic.</summary>
    public const int MaxInputBytes = 2 * 1024 * 1024;

    private static readonly byte[] InterestingBytes = Encoding.ASCII.GetBytes("\0\"{}[],:-0.9eE\n\r\t\\ #&*!|>'?%$@");

    private static readonly string[] Numbers =
    {
        "1e999", "-1e999", "-1e9", "-0", "1e-400", "99999999999999999999999", "-5", "0.5", "1.5", "2147483648", "-2147483649",
        "9223372036854775808", "NaN", "\"NaN\"", "\"Infinity\"", "\"-1e9\"", "0", "-0.0000001", "1E+308", "0x10",
    };

    private static readonly string[] Tokens =
    {
        "null", "true", "false", "[]", "{}", "\"\"", "\"x\":", ",", ": ", "- ", "&a ", "*a", "!!binary ", "? ", "|\n", ">-\n", "---\n", "...\n",
        "%YAML 1.1\n", "\"\\u0000\"", "\"\\ud800\"", "\"\\uDFFF\"", "\u2028", "\u0085", "\t", "\r", "/*", "//", "\"\\", "{\"a\":[", "]}",
        "\"resourceSpans\":", "\"spans\":[", "\"parentSpanId\":\"0000000000000001\"", "\"spanId\":\"0000000000000001\"", "\"Benchmarks\":[]",
        "\"version\":\"2.1.0\"", "\"runs\":[{}]", "\"findings\":[{}]", "\"metrics\":{}", "\"aggregate\":{}", "\"Statistics\":{\"OriginalValues\":[",
        "file:///dev/zero", "../../../../etc/passwd", "%2e%2e/", "\"uriBaseId\":\"SRCROOT\"",
    };

    private static readonly byte[][] InvalidUtf8 =
    {
        new byte[] { 0xFF }, new byte[] { 0xC3, 0x28 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 },
        new byte[] { 0xC0, 0xAF }, new byte[] { 0xE2, 0x82 }, new byte[] { 0xEF, 0xBB, 0xBF },
    };

    /// <summary>A mutant of one of <paramref name="seeds"/>: 1–4 mutations chosen by <paramref name="random"/>.</summary>
    public static byte[] Mutate(Random random, IReadOnlyList<byte[]> seeds)
    {
        var data = new List<byte>(seeds[random.Next(seeds.Count)]);
        int count = 1 + random.Next(4);
        for (int i = 0; i < count; i++) Apply(random, data, seeds);
        if (data.Count > MaxInputBytes) data.RemoveRange(MaxInputBytes, data.Count - MaxInputBytes);
        return data.ToArray();
    }

    private static void Apply(Random random, List<byte> data, IReadOnlyList<byte[]> seeds)
    {
        int at = data.Count == 0 ? 0 : random.Next(data.Count + 1);
        switch (random.Next(13))
        {
            case 0 when data.Count > 0:
                int flip = random.Next(data.Count);
                data[flip] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[random.Next(data.Count)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 2 when data.Count > 0:
                int start = random.Next(data.Count);
                data.RemoveRange(start, Math.Min(data.Count - start, 1 + random.Next(Math.Min(data.Count, 512))));
                break;
            case 3 when data.Count > 0:
                int from = random.Next(data.Count);
                int length = Math.Min(data.Count - from, 1 + random.Next(Math.Min(data.Count, 4096)));
                byte[] range = data.GetRange(from, length).ToArray();
                int times = 1 + random.Next(random.Next(2) == 0 ? 2 : 64);
                for (int t = 0; t < times && data.Count < MaxInputBytes; t++) data.InsertRange(at, range);
                break;
            case 4:
                data.RemoveRange(at, data.Count - at);
                break;
            case 5:
                byte[] other = seeds[random.Next(seeds.Count)];
                int cut = other.Length == 0 ? 0 : random.Next(other.Length);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(new ArraySegment<byte>(other, cut, other.Length - cut));
                break;
            case 6:
                string open = random.Next(3) switch { 0 => "[", 1 => "{\"a\":", _ => "- " };
                int depth = random.Next(2) == 0 ? 1 + random.Next(100) : 1 + random.Next(5000);
                data.InsertRange(at, Encoding.UTF8.GetBytes(Repeat(open, depth)));
                break;
            case 7:
                ReplaceNumber(random, data);
                break;
            case 8:
                data.InsertRange(at, InvalidUtf8[random.Next(InvalidUtf8.Length)]);
                break;
            case 9:
                int quote = data.IndexOf((byte)'"', at == data.Count ? 0 : at);
                int where = quote < 0 ? at : quote + 1;
                int size = random.Next(3) == 0 ? 100_000 + random.Next(900_000) : 1 + random.Next(5000);
                data.InsertRange(where, Encoding.ASCII.GetBytes(new string((char)('a' + random.Next(26)), size)));
                break;
            default:
                data.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                break;
        }
    }

    private static void ReplaceNumber(Random random, List<byte> data)
    {
        if (data.Count == 0) return;
        int start = data.FindIndex(random.Next(data.Count), b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0) start = data.FindIndex(b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0) return;
        int end = start;
        while (end < data.Count && data[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-') end++;
        if (start > 0 && data[start - 1] == '-') start--;
        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.ASCII.GetBytes(Numbers[random.Next(Numbers.Length)]));
    }

    private static string Repeat(string text, int times)
    {
        var builder = new StringBuilder(text.Length * times);
        for (int i = 0; i < times; i++) builder.Append(text);
        return builder.ToString();
    }
}

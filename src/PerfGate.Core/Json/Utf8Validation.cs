using System;
using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PerfGate.Core.Json;

/// <summary>
/// For readers that take a whole file at once (the baseline, <c>perfgate merge</c>'s SARIF): System.Text.Json checks the
/// structure but leaves the bytes inside strings to the moment a string is read, where invalid UTF-8 is an
/// <see cref="InvalidOperationException"/> without a position. Checked up front, it is an error at its line and column.
/// </summary>
public static class Utf8Validation
{
    /// <summary>Null when <paramref name="utf8"/> is valid UTF-8; else the 1-based line and column (in bytes) of the first bad byte.</summary>
    public static (int Line, int Column)? FirstInvalid(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8)) return null;
        int at = 0;
        while (at < utf8.Length && Rune.DecodeFromUtf8(utf8.Slice(at), out _, out int consumed) == OperationStatus.Done) at += consumed;
        ReadOnlySpan<byte> before = utf8.Slice(0, at);
        int line = before.Count((byte)'\n') + 1;
        int column = at - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return (line, column);
    }
}

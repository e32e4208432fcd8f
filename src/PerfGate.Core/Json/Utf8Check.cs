using System;
using System.Buffers;
using System.Text;

namespace PerfGate.Core.Json;

/// <summary>Where a file stops being UTF-8: JSON must be, and a reader that meets a bad byte late fails with no position.</summary>
public static class Utf8Check
{
    /// <summary>The 1-based line and column (in bytes) of the first byte that is not valid UTF-8, or null when all are.</summary>
    public static (int Line, int Column)? FirstInvalid(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        int line = 1, lineStart = 0;
        for (int i = 0; i < bytes.Length;)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out int consumed);
            if (status != OperationStatus.Done) return (line, i - lineStart + 1);
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
            i += consumed;
        }
        return null;
    }
}

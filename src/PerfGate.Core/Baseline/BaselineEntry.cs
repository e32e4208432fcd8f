using System;

namespace PerfGate.Core.Baseline;

/// <summary>
/// One accepted finding. Identity: rule + repo-relative path + GitHub's line hash (with its
/// occurrence index); when no line hash is known, the enclosing symbol's documentation ID; when
/// neither is, the message. <see cref="Message"/> is kept for people reading the diff.
/// </summary>
public sealed record BaselineEntry(string RuleId, string Path, string? LineHash, string? Symbol, string Message)
{
    internal static int Compare(BaselineEntry? a, BaselineEntry? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        int c = string.CompareOrdinal(a.Path, b.Path);
        if (c == 0) c = string.CompareOrdinal(a.RuleId, b.RuleId);
        if (c == 0) c = string.CompareOrdinal(a.LineHash, b.LineHash);
        if (c == 0) c = string.CompareOrdinal(a.Symbol, b.Symbol);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}

using System;
using System.Collections.Generic;
using System.Text;

namespace PerfGate.Cli;

/// <summary>
/// A unified diff of two texts, line by line (what <c>perfgate fix --dry-run</c> prints). Common head and
/// tail lines are trimmed, the middle is a longest-common-subsequence table: code fixes change small regions,
/// so the table stays small. Deterministic: ties prefer deletions before insertions, as <c>diff -u</c> does.
/// Lines are compared and printed without their line break; a change that touches only line breaks shows no hunk.
/// </summary>
public static class LineDiff
{
    public const int Context = 3;

    private enum Kind { Same, Removed, Added }

    private readonly record struct Edit(Kind Kind, int OldIndex, int NewIndex);

    public static string[] Lines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n' && text[i] != '\r') continue;
            lines.Add(text.Substring(start, i - start));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text.Substring(start));
        return lines.ToArray();
    }

    /// <summary>The unified diff with <c>--- a/PATH</c> / <c>+++ b/PATH</c> headers, or "" when the lines are equal.</summary>
    public static string Unified(string oldText, string newText, string path)
    {
        string[] a = Lines(oldText);
        string[] b = Lines(newText);
        List<Edit> edits = Edits(a, b);
        if (!edits.Exists(e => e.Kind != Kind.Same)) return "";

        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n');
        output.Append("+++ b/").Append(path).Append('\n');
        int i = 0;
        while (i < edits.Count)
        {
            int firstChange = edits.FindIndex(i, e => e.Kind != Kind.Same);
            if (firstChange < 0) break;
            int start = Math.Max(i, firstChange - Context);
            // Extend the hunk while the next change is within 2 * Context unchanged lines.
            int end = firstChange;
            int same = 0;
            for (int k = firstChange; k < edits.Count; k++)
            {
                if (edits[k].Kind == Kind.Same)
                {
                    same++;
                    if (same > 2 * Context) break;
                }
                else
                {
                    same = 0;
                    end = k;
                }
            }
            int stop = Math.Min(edits.Count - 1, end + Context);
            int oldStart = -1, newStart = -1, oldCount = 0, newCount = 0;
            for (int k = start; k <= stop; k++)
            {
                Edit e = edits[k];
                if (e.Kind != Kind.Added) { if (oldStart < 0) oldStart = e.OldIndex; oldCount++; }
                if (e.Kind != Kind.Removed) { if (newStart < 0) newStart = e.NewIndex; newCount++; }
            }
            // An empty side is numbered after the line it follows (diff -u convention).
            if (oldStart < 0) oldStart = PrecedingIndex(edits, start, old: true);
            if (newStart < 0) newStart = PrecedingIndex(edits, start, old: false);
            output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            for (int k = start; k <= stop; k++)
            {
                Edit e = edits[k];
                output.Append(e.Kind switch { Kind.Removed => '-', Kind.Added => '+', _ => ' ' })
                    .Append(e.Kind == Kind.Added ? b[e.NewIndex] : a[e.OldIndex]).Append('\n');
            }
            i = stop + 1;
        }
        return output.ToString();
    }

    private static int PrecedingIndex(List<Edit> edits, int start, bool old)
    {
        for (int k = start - 1; k >= 0; k--)
        {
            if (old && edits[k].Kind != Kind.Added) return edits[k].OldIndex + 1;
            if (!old && edits[k].Kind != Kind.Removed) return edits[k].NewIndex + 1;
        }
        return 0;
    }

    // 0-based start; unified diff ranges are 1-based, and an empty range names the line before it.
    private static string Range(int start, int count) =>
        count == 0 ? $"{start},0" : count == 1 ? $"{start + 1}" : $"{start + 1},{count}";

    private static List<Edit> Edits(string[] a, string[] b)
    {
        int head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        int tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;
        int n = a.Length - head - tail, m = b.Length - head - tail;
        if ((long)n * m > 50_000_000) throw new InvalidOperationException($"the change is too large to diff ({n} x {m} lines)");

        // lcs[i, j]: length of the LCS of a[head+i..] and b[head+j..] within the middle.
        var lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
            for (int j = m - 1; j >= 0; j--)
                lcs[i, j] = a[head + i] == b[head + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var edits = new List<Edit>(a.Length + b.Length);
        for (int k = 0; k < head; k++) edits.Add(new Edit(Kind.Same, k, k));
        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[head + x] == b[head + y])
            {
                edits.Add(new Edit(Kind.Same, head + x, head + y));
                x++;
                y++;
            }
            else if (x < n && (y >= m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit(Kind.Removed, head + x, -1));
                x++;
            }
            else
            {
                edits.Add(new Edit(Kind.Added, -1, head + y));
                y++;
            }
        }
        for (int k = 0; k < tail; k++) edits.Add(new Edit(Kind.Same, a.Length - tail + k, b.Length - tail + k));
        return edits;
    }
}

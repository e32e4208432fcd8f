using System;
using System.Collections.Generic;
using System.Text;
using PerfGate.Analyzers;

namespace PerfGate.Cli;

/// <summary>
/// A unified diff of two texts, line by line (what <c>perfgate fix --dry-run</c> prints), from a shortest edit script
/// found in linear memory (Myers), so a large file changed throughout diffs as well as a small fix. Deterministic:
/// deletions come before insertions, as <c>diff -u</c> prints them. Lines are compared and printed without their
/// line break; a change that touches only line breaks shows no hunk. The path and every printed line go through
/// <see cref="UntrustedText.ForLog"/>: the diff lands on CI logs, and a source line a runner would run shows escaped.
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
        output.Append("--- a/").Append(UntrustedText.ForLog(path)).Append('\n');
        output.Append("+++ b/").Append(UntrustedText.ForLog(path)).Append('\n');
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
                    .Append(UntrustedText.ForLog(e.Kind == Kind.Added ? b[e.NewIndex] : a[e.OldIndex])).Append('\n');
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
        // Lines become small integers once, so the inner loops compare ints, not strings.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] x = Ids(a, ids), y = Ids(b, ids);
        var edits = new List<Edit>(a.Length + b.Length);
        new MyersDiff(x, y, edits).Compare(0, x.Length, 0, y.Length);
        DeletionsFirst(edits);
        return edits;
    }

    /// <summary>Within each run of changed lines, the removed lines first, then the added ones (how diff -u shows a block).</summary>
    private static void DeletionsFirst(List<Edit> edits)
    {
        int start = 0;
        while (start < edits.Count)
        {
            if (edits[start].Kind == Kind.Same) { start++; continue; }
            int end = start;
            while (end < edits.Count && edits[end].Kind != Kind.Same) end++;
            Edit[] run = edits.GetRange(start, end - start).ToArray();
            int at = start;
            foreach (Edit e in run) if (e.Kind == Kind.Removed) edits[at++] = e;
            foreach (Edit e in run) if (e.Kind == Kind.Added) edits[at++] = e;
            start = end;
        }
    }

    private static int[] Ids(string[] lines, Dictionary<string, int> ids)
    {
        var result = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            if (!ids.TryGetValue(lines[i], out int id)) ids.Add(lines[i], id = ids.Count);
            result[i] = id;
        }
        return result;
    }

    /// <summary>
    /// Myers' O((N+M)D) difference algorithm in linear space ("An O(ND) Difference Algorithm and Its Variations", 1986,
    /// section 4b): find the middle snake of a shortest edit script, then solve both halves the same way. Memory is
    /// O(N+M) whatever the size of the change; a quadratic table would not fit a large file rewritten throughout.
    /// </summary>
    private sealed class MyersDiff
    {
        private readonly int[] _a, _b;
        private readonly List<Edit> _edits;
        private readonly int[] _forward, _backward;

        public MyersDiff(int[] a, int[] b, List<Edit> edits)
        {
            _a = a;
            _b = b;
            _edits = edits;
            int size = 2 * ((a.Length + b.Length + 1) / 2) + 3;
            _forward = new int[size];
            _backward = new int[size];
        }

        /// <summary>Appends the edits turning <c>a[aStart..aEnd)</c> into <c>b[bStart..bEnd)</c>, in order.</summary>
        public void Compare(int aStart, int aEnd, int bStart, int bEnd)
        {
            while (aStart < aEnd && bStart < bEnd && _a[aStart] == _b[bStart])
                _edits.Add(new Edit(Kind.Same, aStart++, bStart++));
            int tail = 0;
            while (aStart < aEnd - tail && bStart < bEnd - tail && _a[aEnd - 1 - tail] == _b[bEnd - 1 - tail]) tail++;
            aEnd -= tail;
            bEnd -= tail;

            if (aStart == aEnd)
            {
                for (int j = bStart; j < bEnd; j++) _edits.Add(new Edit(Kind.Added, -1, j));
            }
            else if (bStart == bEnd)
            {
                for (int i = aStart; i < aEnd; i++) _edits.Add(new Edit(Kind.Removed, i, -1));
            }
            else
            {
                // Both sides differ at their first and last line, so the script has at least two edits and each
                // half of it is strictly smaller: the recursion ends, at a depth of about log2(D).
                var (x, y, u, v) = MiddleSnake(aStart, aEnd, bStart, bEnd);
                Compare(aStart, x, bStart, y);
                for (int i = x, j = y; i < u; i++, j++) _edits.Add(new Edit(Kind.Same, i, j));
                Compare(u, aEnd, v, bEnd);
            }

            for (int k = 0; k < tail; k++) _edits.Add(new Edit(Kind.Same, aEnd + k, bEnd + k));
        }

        /// <summary>
        /// The snake (diagonal run, possibly empty) from (x, y) to (u, v) in the middle of a shortest edit script,
        /// found by running the search from both corners until the paths overlap. Where two paths reach equally far, the
        /// one that ends on an insertion (forward) or starts with a deletion (backward) wins, so blocks read as diff -u's.
        /// </summary>
        private (int X, int Y, int U, int V) MiddleSnake(int aStart, int aEnd, int bStart, int bEnd)
        {
            int n = aEnd - aStart, m = bEnd - bStart, delta = n - m;
            bool odd = (delta & 1) != 0;
            int max = (n + m + 1) / 2, offset = max + 1;
            int[] vf = _forward, vb = _backward;
            vf[offset + 1] = 0;
            vb[offset + 1] = 0;
            for (int d = 0; d <= max; d++)
            {
                for (int k = -d; k <= d; k += 2)
                {
                    int x = k == -d || (k != d && vf[offset + k - 1] < vf[offset + k + 1]) ? vf[offset + k + 1] : vf[offset + k - 1] + 1;
                    int y = x - k, x0 = x, y0 = y;
                    while (x < n && y < m && _a[aStart + x] == _b[bStart + y]) { x++; y++; }
                    vf[offset + k] = x;
                    if (odd && k >= delta - (d - 1) && k <= delta + (d - 1) && x + vb[offset + delta - k] >= n)
                        return (aStart + x0, bStart + y0, aStart + x, bStart + y);
                }
                for (int k = -d; k <= d; k += 2)
                {
                    // x and y count from the ends here; diagonal k of this search is diagonal delta - k going forward.
                    int x = k == -d || (k != d && vb[offset + k - 1] + 1 < vb[offset + k + 1]) ? vb[offset + k + 1] : vb[offset + k - 1] + 1;
                    int y = x - k, x0 = x, y0 = y;
                    while (x < n && y < m && _a[aEnd - 1 - x] == _b[bEnd - 1 - y]) { x++; y++; }
                    vb[offset + k] = x;
                    if (!odd && delta - k >= -d && delta - k <= d && x + vf[offset + delta - k] >= n)
                        return (aEnd - x, bEnd - y, aEnd - x0, bEnd - y0);
                }
            }
            throw new InvalidOperationException("unreachable: a shortest edit script has at most N + M edits");
        }
    }
}

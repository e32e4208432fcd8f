using System;
using System.Collections.Generic;

namespace PerfGate.Core.Policy;

/// <summary>"Did you mean …?" for unknown keys, levels and rule IDs.</summary>
public static class ClosestMatch
{
    public static string? Find(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        int tolerance = Math.Max(2, input.Length / 3);
        foreach (string candidate in candidates)
        {
            // The distance is at least the difference in length: a far longer input (a 50 MB key) is never compared in full.
            if (Math.Abs(input.Length - candidate.Length) > tolerance) continue;
            int distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= tolerance ? best : null;
    }

    public static string Suffix(string input, IEnumerable<string> candidates)
    {
        string? match = Find(input, candidates);
        return match == null ? "" : $"; did you mean '{Errors.Echo.Cap(match)}'?";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

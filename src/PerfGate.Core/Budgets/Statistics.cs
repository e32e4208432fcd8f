using System;
using System.Collections.Generic;
using System.Linq;

namespace PerfGate.Core.Budgets;

internal static class Statistics
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        double[] sorted = values.OrderBy(v => v).ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>How a candidate compares with its baseline under an equivalence test.</summary>
public enum EquivalenceConclusion
{
    /// <summary>Not distinguishable from the baseline by more than the threshold.</summary>
    Same,
    Faster,
    Slower,

    /// <summary>Too few measurements for the test (fewer than 3 on a side, or fewer than 5 on both).</summary>
    Unknown,
}

/// <summary>
/// The one-sided Mann–Whitney U test and the two one-sided tests (TOST) built on it, the way
/// dotnet/performance's ResultsComparer decides (through Perfolizer): the candidate is
/// <see cref="EquivalenceConclusion.Slower"/> only when "candidate &gt; baseline shifted by the threshold"
/// is significant at α = 0.05. Exact U distribution for small samples, normal approximation
/// (with continuity correction) above <see cref="ExactLimit"/> pairs.
/// </summary>
public static class MannWhitney
{
    public const double Alpha = 0.05;
    public const int ExactLimit = 2_500;

    /// <summary>TOST with a relative threshold (0.10 = 10 %).</summary>
    public static EquivalenceConclusion CompareRelative(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, double threshold) =>
        Tost(baseline, candidate, y => y * (1 + threshold));

    /// <summary>TOST with an absolute threshold in the measurements' unit (the noise floor).</summary>
    public static EquivalenceConclusion CompareAbsolute(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, double threshold) =>
        Tost(baseline, candidate, y => y + threshold);

    public static bool CanTest(int n, int m) => Math.Min(n, m) >= 3 && Math.Max(n, m) >= 5;

    private static EquivalenceConclusion Tost(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, Func<double, double> shift)
    {
        if (!CanTest(baseline.Count, candidate.Count)) return EquivalenceConclusion.Unknown;
        if (baseline.SequenceEqual(candidate)) return EquivalenceConclusion.Same;
        if (PValueGreater(baseline, candidate.Select(shift).ToArray()) < Alpha) return EquivalenceConclusion.Faster;
        if (PValueGreater(candidate, baseline.Select(shift).ToArray()) < Alpha) return EquivalenceConclusion.Slower;
        return EquivalenceConclusion.Same;
    }

    /// <summary>p-value of the one-sided test H1: x is stochastically greater than y.</summary>
    public static double PValueGreater(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count, m = y.Count;
        double u = 0;
        foreach (double xi in x)
        {
            foreach (double yj in y)
            {
                if (xi > yj) u += 1;
                else if (xi == yj) u += 0.5;
            }
        }
        return (long)n * m <= ExactLimit ? ExactUpperTail(n, m, u) : NormalUpperTail(n, m, u);
    }

    /// <summary>P(U ≥ u) under H0, from the exact distribution of U (counts of arrangements).</summary>
    private static double ExactUpperTail(int n, int m, double u)
    {
        int max = n * m;
        // f[i][j][k]: arrangements of i x's and j y's with U = k; f(i,j,k) = f(i-1,j,k-j) + f(i,j-1,k).
        var previous = new double[m + 1][];
        for (int j = 0; j <= m; j++)
        {
            previous[j] = new double[max + 1];
            previous[j][0] = 1; // i = 0: U = 0, one arrangement
        }
        for (int i = 1; i <= n; i++)
        {
            var current = new double[m + 1][];
            for (int j = 0; j <= m; j++)
            {
                current[j] = new double[max + 1];
                for (int k = 0; k <= i * j; k++)
                {
                    double value = k - j >= 0 ? previous[j][k - j] : 0;
                    if (j > 0) value += current[j - 1][k];
                    current[j][k] = value;
                }
            }
            previous = current;
        }
        double[] counts = previous[m];
        double total = counts.Sum();
        int from = (int)Math.Ceiling(u - 1e-9);
        double tail = 0;
        for (int k = Math.Max(0, from); k <= max; k++) tail += counts[k];
        return tail / total;
    }

    private static double NormalUpperTail(int n, int m, double u)
    {
        double mean = n * (double)m / 2;
        double sigma = Math.Sqrt(n * (double)m * (n + m + 1) / 12);
        double z = (u - mean - 0.5) / sigma;
        return 0.5 * Erfc(z / Math.Sqrt(2));
    }

    /// <summary>Complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

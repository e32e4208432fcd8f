using System.Linq;
using NUnit.Framework;
using PerfGate.Core.Budgets;

namespace PerfGate.Core.Tests.Budgets;

public sealed class MannWhitneyTests
{
    [Test]
    public void Exact_p_value_of_complete_separation_is_one_over_the_arrangements()
    {
        // Every x above every y: U = n·m, reached by 1 of C(10,5) = 252 arrangements.
        double p = MannWhitney.PValueGreater(new double[] { 6, 7, 8, 9, 10 }, new double[] { 1, 2, 3, 4, 5 });
        Assert.That(p, Is.EqualTo(1.0 / 252).Within(1e-12));
    }

    [Test]
    public void Exact_p_value_matches_a_hand_count()
    {
        // n = m = 3: 20 arrangements; U ≥ 8 happens for U = 8 (1) and U = 9 (1): p = 2/20.
        double p = MannWhitney.PValueGreater(new double[] { 4, 6, 7 }, new double[] { 1, 2, 5 });
        Assert.That(p, Is.EqualTo(2.0 / 20).Within(1e-12));
    }

    [Test]
    public void Normal_approximation_agrees_with_the_exact_tail_for_large_samples()
    {
        double[] x = Enumerable.Range(0, 60).Select(i => 100.0 + i * 0.7).ToArray();
        double[] y = Enumerable.Range(0, 60).Select(i => 90.0 + i * 0.7).ToArray();
        double p = MannWhitney.PValueGreater(x, y); // 3600 pairs: normal approximation
        Assert.That(p, Is.LessThan(0.05).And.GreaterThan(0.0));
    }

    [Test]
    public void A_clear_slowdown_beyond_the_threshold_is_slower()
    {
        double[] baseline = { 100, 101, 99, 100, 102, 98, 100, 101 };
        double[] candidate = baseline.Select(v => v * 1.5).ToArray();
        Assert.That(MannWhitney.CompareRelative(baseline, candidate, 0.10), Is.EqualTo(EquivalenceConclusion.Slower));
        Assert.That(MannWhitney.CompareRelative(candidate, baseline, 0.10), Is.EqualTo(EquivalenceConclusion.Faster));
    }

    [Test]
    public void A_slowdown_within_the_threshold_is_the_same()
    {
        double[] baseline = { 100, 101, 99, 100, 102, 98, 100, 101 };
        double[] candidate = baseline.Select(v => v * 1.05).ToArray();
        Assert.That(MannWhitney.CompareRelative(baseline, candidate, 0.10), Is.EqualTo(EquivalenceConclusion.Same));
    }

    [Test]
    public void The_noise_floor_absorbs_tiny_absolute_differences()
    {
        double[] baseline = { 1.00, 1.01, 0.99, 1.00, 1.02, 0.98 };
        double[] candidate = baseline.Select(v => v * 1.2).ToArray(); // +20 %, but only 0.2 ns
        Assert.That(MannWhitney.CompareRelative(baseline, candidate, 0.10), Is.EqualTo(EquivalenceConclusion.Slower));
        Assert.That(MannWhitney.CompareAbsolute(baseline, candidate, 0.3), Is.EqualTo(EquivalenceConclusion.Same));
    }

    [Test]
    public void Too_few_measurements_cannot_be_tested()
    {
        Assert.That(MannWhitney.CompareRelative(new double[] { 1, 2 }, new double[] { 5, 6, 7, 8, 9 }, 0.1), Is.EqualTo(EquivalenceConclusion.Unknown));
    }
}

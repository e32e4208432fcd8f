using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using PerfGate.Fuzz;

namespace PerfGate.Core.Tests.Fuzzing;

/// <summary>
/// The fuzzing harness of build/fuzz/PerfGate.Fuzz on a small fixed seed set, inside `dotnet test`: every reader of untrusted
/// files ends each mutated input in a result or a positioned PG0xxx error (see <see cref="FuzzCampaign"/>). `.ci/run` runs
/// the same engine for a bounded time on more cases; a failure there names the case to replay here or with the harness.
/// </summary>
public sealed class FuzzTests
{
    private const int CasesPerTarget = 150;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "PerfGate.sln"))) return folder.FullName;
        throw new InvalidOperationException("no PerfGate.sln above the test folder");
    }

    [TestCase("policy")]
    [TestCase("sarif")]
    [TestCase("benchmark")]
    [TestCase("load-test")]
    [TestCase("trace")]
    [TestCase("baseline")]
    public void Every_mutated_input_ends_in_a_result_or_a_positioned_diagnostic(string target)
    {
        FuzzTarget reader = FuzzTargets.All(RepositoryRoot()).Single(t => t.Name == target);
        using var campaign = new FuzzCampaign(new[] { reader }, seed: 7);

        FuzzReport report = campaign.Run(duration: null, casesPerTarget: CasesPerTarget);

        Assert.That(report.Cases, Is.EqualTo(CasesPerTarget));
        Assert.That(report.Failures.Select(f => $"case {f.Case}: {f.Violation}"), Is.Empty);
    }

    [Test]
    public void A_case_is_the_same_bytes_every_time()
    {
        FuzzTarget reader = FuzzTargets.All(RepositoryRoot()).Single(t => t.Name == "trace");
        using var first = new FuzzCampaign(new[] { reader }, seed: 7);
        using var second = new FuzzCampaign(new[] { reader }, seed: 7);
        using var other = new FuzzCampaign(new[] { reader }, seed: 8);
        Assert.That(Enumerable.Range(0, 20).All(n => first.Input(reader, n).SequenceEqual(second.Input(reader, n))), Is.True);
        Assert.That(Enumerable.Range(0, 20).Count(n => first.Input(reader, n).SequenceEqual(other.Input(reader, n))), Is.LessThan(20));
    }
}

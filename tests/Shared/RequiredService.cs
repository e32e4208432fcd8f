using System;
using NUnit.Framework;

namespace PerfGate.Tests.Shared;

/// <summary>
/// A test that needs a machine service (Chromium, PostgreSQL, Redis) which is not there: skipped with the reason outside
/// CI, so `dotnet test` on a fresh clone passes and says what it skipped; a failure under <c>CI=true</c>, where
/// <c>.ci/run</c> installs and starts every one of them.
/// </summary>
internal static class RequiredService
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ends the test: Assert.Fail in CI, Assert.Ignore elsewhere, both with <paramref name="what"/> and how to get it.</summary>
    public static void Missing(string what, string howToGetIt)
    {
        string reason = $"{what} is not available: {howToGetIt} (.ci/run does)";
        if (InCi) Assert.Fail("CI=true but " + reason);
        TestContext.Progress.WriteLine("skipped: " + reason);
        Assert.Ignore(reason);
    }
}

using NUnit.Framework;
using PerfGate.MSBuild.Tests.Infrastructure;

namespace PerfGate.MSBuild.Tests;

/// <summary>
/// Removes the packed package (feed and global-cache entry) once, after every fixture of the assembly:
/// the feed is shared, so a fixture removing it in its own teardown broke the fixtures after it.
/// </summary>
[SetUpFixture]
public sealed class PackageCleanup
{
    [OneTimeTearDown]
    public void RemovePackage() => PackedPerfGate.RemoveFromGlobalCache();
}

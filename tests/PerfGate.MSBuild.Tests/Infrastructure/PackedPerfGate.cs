using System;
using System.IO;
using NUnit.Framework;

namespace PerfGate.MSBuild.Tests.Infrastructure;

/// <summary>
/// The PerfGate package packed once per test run into a local folder feed, with a version of its
/// own so NuGet's global cache never serves a stale copy; the cache entry is removed afterwards.
/// </summary>
public static class PackedPerfGate
{
    private static readonly object Gate = new();
    private static string? s_feed;

    public static string Version { get; } = "0.1.0-it" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");

    public static string Feed
    {
        get
        {
            lock (Gate)
            {
                if (s_feed != null) return s_feed;
                string feed = Directory.CreateTempSubdirectory("perfgate-feed-").FullName;
                // --no-build: the test project built the package project already, in this configuration.
                ProcessResult pack = ProcessRunner.Dotnet(RepositoryPaths.Root, null,
                    "pack", "src/PerfGate.MSBuild/PerfGate.MSBuild.csproj", "--no-build", "-c", RepositoryPaths.Configuration,
                    "-o", feed, "-p:PackageVersion=" + Version, "-nologo", "-tl:off");
                if (pack.ExitCode != 0) Assert.Fail("dotnet pack failed:\n" + pack);
                s_feed = feed;
                return feed;
            }
        }
    }

    public static void RemoveFromGlobalCache()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, "perfgate", Version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        if (s_feed != null && Directory.Exists(s_feed)) Directory.Delete(s_feed, recursive: true);
    }
}

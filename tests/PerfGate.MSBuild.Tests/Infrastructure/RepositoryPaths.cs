using System.IO;
using System.Linq;
using System.Reflection;

namespace PerfGate.MSBuild.Tests.Infrastructure;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Source(string relative) => Path.Combine(Root, relative);

    /// <summary>The configuration these tests were built in; child builds of repo projects reuse it.</summary>
    public static string Configuration { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PerfGateBuildConfiguration").Value!;

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(TestContextDirectory()); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "PerfGate.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException("PerfGate.sln not found above the test assembly");
    }

    private static string TestContextDirectory() => Path.GetDirectoryName(typeof(RepositoryPaths).Assembly.Location)!;
}

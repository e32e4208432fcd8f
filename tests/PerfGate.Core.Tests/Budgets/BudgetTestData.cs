using System.IO;
using NUnit.Framework;
using PerfGate.Core.Policy;
using PerfGate.Core.Tests.Sarif;

namespace PerfGate.Core.Tests.Budgets;

internal static class BudgetTestData
{
    public static string Folder => Path.Combine(TestContext.CurrentContext.TestDirectory, "Budgets", "TestData");

    public static string Benchmarks(string run, string kind) =>
        Path.Combine(Folder, "Benchmarks", run, $"OrderLookup.Benchmarks.OrderLookupBenchmarks-report-{kind}.json");

    public static string LoadTest(string name) => Path.Combine(Folder, "LoadTests", name);

    /// <summary>Copies a test-data file into a temp folder (to a relative path), returning its full path.</summary>
    public static string Copy(TempFolder folder, string source, string relative)
    {
        string target = Path.Combine(folder.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        return target;
    }

    public static GatePolicy Policy(TempFolder folder, string yaml)
    {
        string path = folder.Write("perfgate.yml", yaml);
        PolicyLoadResult result = PolicyLoader.Load(path);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        return result.Policy!;
    }
}

using System;
using System.IO;
using System.Linq;

namespace PerfGate.Fuzz;

/// <summary>
/// <c>dotnet run --project build/fuzz/PerfGate.Fuzz -c Release -- [--seconds N] [--cases N] [--seed N] [--target NAME] [--case N] [--save DIR]</c>
/// Runs the campaign for N seconds (default 90) or N cases per target (with both: until either is reached), prints the cases run and the failures found, and
/// exits 1 on any failure. <c>--target T --case N</c> replays one case (same seed) and writes its input with <c>--save</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int seed = Int(args, "--seed") ?? 18;
        int? cases = Int(args, "--cases");
        int? replay = Int(args, "--case");
        // --cases fixes the work (the same cases on every machine); --seconds bounds the time; with both, the first reached ends.
        TimeSpan? duration = cases == null || Int(args, "--seconds") != null ? TimeSpan.FromSeconds(Int(args, "--seconds") ?? 90) : null;
        string? only = Value(args, "--target");
        string? save = Value(args, "--save");

        string root = RepositoryRoot();
        var targets = FuzzTargets.All(root).Where(t => only == null || t.Name == only).ToArray();
        if (targets.Length == 0)
        {
            Console.Error.WriteLine($"unknown target '{only}': {string.Join(", ", FuzzTargets.All(root).Select(t => t.Name))}");
            return 2;
        }
        using var campaign = new FuzzCampaign(targets, seed, save);
        if (replay is int number)
        {
            CaseOutcome outcome = campaign.RunCase(targets[0], number);
            if (save != null)
            {
                Directory.CreateDirectory(save);
                string file = $"{targets[0].Name}-{seed}-{number}{Path.GetExtension(targets[0].FileName)}";
                File.WriteAllBytes(Path.Combine(save, file), campaign.Input(targets[0], number));
            }
            Console.WriteLine($"{targets[0].Name} case {number} ({outcome.InputBytes} bytes): {outcome.Violation ?? "ok"}");
            return outcome.Violation == null ? 0 : 1;
        }

        string bounds = string.Join(", ", new[] { cases is int c ? $"{c} cases per target" : null, duration is { } d ? $"at most {d.TotalSeconds:0} s" : null }
            .Where(b => b != null));
        Console.WriteLine($"fuzz: seed {seed}, {bounds}, targets {string.Join(", ", targets.Select(t => $"{t.Name} ({t.Seeds.Count} seed file(s))"))}");
        FuzzReport report = campaign.Run(duration, cases, Console.WriteLine);
        Console.WriteLine($"fuzz: {report.Cases} cases run in {report.Elapsed.TotalSeconds:0.0} s ("
            + string.Join(", ", report.CasesByTarget.Select(p => $"{p.Key} {p.Value}")) + $"), {report.Failures.Count} failing case(s), "
            + $"{report.DistinctFailures} distinct failure(s) found" + (report.StoppedOnHang ? " (stopped at a hang)" : ""));
        foreach (var group in report.Failures.GroupBy(f => (f.Target, f.Signature)))
            Console.WriteLine($"  {group.Key.Target}: {group.Count()} case(s), "
                + $"e.g. --target {group.Key.Target} --seed {seed} --case {group.First().Case}: {group.First().Violation}");
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "PerfGate.sln"))) return folder.FullName;
        throw new InvalidOperationException("run from inside the repository (no PerfGate.sln above " + AppContext.BaseDirectory + ")");
    }

    private static string? Value(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int? Int(string[] args, string name) => Value(args, name) is { } text && int.TryParse(text, out int value) ? value : null;
}

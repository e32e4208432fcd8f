using System;
using System.Diagnostics;
using System.Linq;
using PerfGate.Core.Budgets;
using PerfGate.Core.Policy;

// Usage: TraceBench <perfgate.yml>. Prints the evaluation time, the findings per rule and the trace summary.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: TraceBench <perfgate.yml>");
    return 2;
}
var watch = Stopwatch.StartNew();
PolicyLoadResult loaded = PolicyLoader.Load(args[0]);
if (loaded.Policy == null)
{
    foreach (var error in loaded.Errors) Console.Error.WriteLine(error);
    return 2;
}
BudgetOutcome outcome = BudgetEvaluator.Evaluate(loaded.Policy, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(args[0]))!);
watch.Stop();
Console.WriteLine($"evaluated in {watch.Elapsed.TotalSeconds:0.00} s");
foreach (var group in outcome.Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key))
    Console.WriteLine($"{group.Key}: {group.Count()}");
foreach (string note in outcome.Notes) Console.WriteLine(note);
return 0;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata SaveChangesPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.SaveChangesPerLoopIteration,
            Title = "SaveChanges called once per loop iteration",
            MessageFormat = "'{0}' is called on every iteration of the enclosing {1}: one database round trip and transaction per item",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Off,
            Precision = "high",
            Description = "DbContext.SaveChanges[Async] inside a loop body commits one transaction per item. Make all changes in the loop and save once after "
                + "it (EF Core batches the statements), or use ExecuteUpdate/ExecuteDelete for set-based changes. A loop whose body creates its own DbContext "
                + "per iteration is still reported: each iteration is still a round trip.",
            Flags = new[]
            {
                "`SaveChanges` and `SaveChangesAsync` on a receiver whose type derives from `DbContext`, or is an interface every implementing "
                    + "class of which in the compilation does (an implicit `this` inside a context counts) in the body of a `foreach`, "
                    + "`await foreach`, `for`, `while` or `do` loop",
                "the same calls inside a lambda converted to a delegate and passed as a delegate parameter of an operator that calls it per element "
                    + "(`List<T>.ForEach`, `Enumerable.Select` over in-memory sequences, `Parallel.ForEach`, ...)",
            },
            Ignores = new[]
            {
                "`SaveChanges` after the loop",
                "`SaveChanges` that follows, in the same pass, an external side effect (`Send*`, `Publish*`, `Charge*`, `Refund*`, `PostAsync`, a Stripe "
                    + "`Create`/`Update`): it records that the side effect happened, and one save after the loop would repeat the batch's side effects "
                    + "after a crash",
                "`SaveChanges` on types that are not a `DbContext` (a unit-of-work interface of unknown implementation stays silent)",
                "loop conditions, `for` initializers and increments; they are reported when they sit in the body of an outer loop",
                LoopContext.IgnoresNonItemLoops,
                LoopContext.IgnoresGuardedCalls,
                "lambdas passed to any other method (`Task.Run`, callbacks, `Func` stored for later) and local functions",
            },
            Fix = "Call `SaveChanges[Async]` once after the loop; for large imports, save in chunks of a few hundred items.",
            FlaggedExample = "foreach (var line in lines)\n"
                + "{\n"
                + "    db.OrderLines.Add(line);\n"
                + "    await db.SaveChangesAsync();\n"
                + "}",
            FixedExample = "foreach (var line in lines)\n"
                + "{\n"
                + "    db.OrderLines.Add(line);\n"
                + "}\n"
                + "await db.SaveChangesAsync();",
            Tags = new[] { "performance", "ef-core" },
        };
    }

    /// <summary>PG1005: <c>DbContext.SaveChanges[Async]</c> inside a loop commits one transaction per item.</summary>
    public sealed class DoNotCallSaveChangesPerLoopIterationAnalyzer : PerfGateRule
    {
        public DoNotCallSaveChangesPerLoopIterationAnalyzer()
            : base(DataAccessRules.SaveChangesPerLoopIteration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return; // no EF Core referenced
            LoopContext loops = rule.Services.Loops;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                string name = invocation.TargetMethod.Name;
                if (!EfApi.IsSaveChanges(name)) return;

                // Receiver typed as a DbContext (an implicit `this` inside a DbContext subclass counts).
                ITypeSymbol? receiverType = invocation.Instance?.Type;
                if (!provenance.IsDbContext(receiverType)) return;

                LoopIteration? iteration = loops.FindIteration(invocation);
                if (iteration == null || iteration.FollowsExternalSideEffect(invocation)) return; // records a side effect per item

                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), name, iteration.Describe());
            }, OperationKind.Invocation);
        }
    }
}

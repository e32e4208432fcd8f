using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata SynchronousQueryInAsyncMethod = new RuleMetadata
        {
            Id = RuleIdentifiers.SynchronousQueryInAsyncMethod,
            Title = "Synchronous EF Core execution inside an async method",
            MessageFormat = "'{0}' blocks a thread on database I/O inside an async method: use '{1}' and await it",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Off,
            Precision = "high",
            Description = "An async method (or async lambda/local function) executes an EF Core query or saves changes synchronously, blocking a thread-pool "
                + "thread for the whole round trip. Under load this starves the pool. EF Core's guidance: `Add`/`AddRange` are fine synchronously (they do no "
                + "I/O unless a special value generator needs it); everything that talks to the database should be awaited.",
            Flags = new[]
            {
                "`ToList`, `ToArray`, `ToDictionary`, `ToHashSet`, `First*`, `Last*`, `Single*`, `ElementAt*`, `Count`, `LongCount`, `Any`, `All`, "
                    + "`Contains`, `Sum`, `Min`, `Max`, `Average`, `Load`, `ExecuteUpdate`, `ExecuteDelete` on a proven query; `Find` on a proven `DbSet<T>`; "
                    + "`SaveChanges` on a `DbContext`; `Load` on a navigation entry; when the innermost enclosing function is `async`",
            },
            Ignores = new[]
            {
                "`Add`, `AddRange`, `Attach`, `Update`, `Remove` (no I/O)",
                "synchronous lambdas and local functions inside an async method (they are not async themselves)",
                "queries of unknown provenance, operators without an async twin (`ToLookup`), and calls inside expression trees",
            },
            Fix = "Call the async twin and await it: `await query.ToListAsync(ct)`, `await db.SaveChangesAsync(ct)`. A code fix (PerfGate.CodeFixes: IDE, "
                + "`dotnet format analyzers --diagnostics PG1014`) does it automatically when the enclosing function is already `async`: it calls the async "
                + "overload, awaits it (parenthesized when the result is used further, `(await q.ToListAsync()).Count`), and passes the method's "
                + "`CancellationToken` when it has exactly one; it is not offered where the rewrite would not compile to the same result type (inside `lock`, "
                + "query clauses).",
            FlaggedExample = "public async Task<IActionResult> Get(int id)\n"
                + "{\n"
                + "    var order = _db.Orders.First(o => o.Id == id);\n"
                + "    await _audit.WriteAsync(id);\n"
                + "    return Ok(order);\n"
                + "}",
            FixedExample = "public async Task<IActionResult> Get(int id, CancellationToken ct)\n"
                + "{\n"
                + "    var order = await _db.Orders.FirstAsync(o => o.Id == id, ct);\n"
                + "    await _audit.WriteAsync(id);\n"
                + "    return Ok(order);\n"
                + "}",
            Tags = new[] { "performance", "ef-core", "async" },
        };
    }

    /// <summary>PG1014: a synchronous EF Core execution (<c>ToList</c>, <c>First</c>, <c>SaveChanges</c>, ...) inside an async method blocks a thread on
    /// database I/O.</summary>
    public sealed class DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer : PerfGateRule
    {
        public DoNotExecuteQuerySynchronouslyInAsyncMethodAnalyzer()
            : base(DataAccessRules.SynchronousQueryInAsyncMethod)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (!EfApi.SyncToAsync.TryGetValue(method.Name, out string? asyncName)) return;
                if (!(operationContext.ContainingSymbol is IMethodSymbol container) || !IsAsyncHere(invocation, container)) return;
                if (!IsSynchronousEfExecution(invocation, ef)) return;
                if (ef.IsInsideExpressionTree(invocation)) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, asyncName);
            }, OperationKind.Invocation);
        }

        /// <summary>The innermost function around the call (lambda, local function or method) is <c>async</c>.</summary>
        private static bool IsAsyncHere(IOperation operation, IMethodSymbol container)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda) return lambda.Symbol.IsAsync;
                if (current is ILocalFunctionOperation local) return local.Symbol.IsAsync;
            }

            return container.IsAsync;
        }

        private static bool IsSynchronousEfExecution(IInvocationOperation invocation, EfExecution ef)
        {
            IMethodSymbol method = invocation.TargetMethod;
            EfQueryProvenance provenance = ef.Provenance;
            switch (method.Name)
            {
                case "SaveChanges":
                    return provenance.IsDbContext(invocation.Instance?.Type);
                case "Find":
                    return provenance.IsDbSetMethod(method) && invocation.Instance != null
                        && provenance.Classify(invocation.Instance) == QueryProvenance.Proven;
                case "Load":
                    if (invocation.Instance != null) return provenance.IsNavigationEntry(invocation.Instance.Type);
                    break;
            }

            return ef.ExecutedQuery(invocation) != null;
        }
    }
}

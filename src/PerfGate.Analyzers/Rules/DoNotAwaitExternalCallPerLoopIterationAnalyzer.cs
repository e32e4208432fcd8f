using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class ExternalCallRules
    {
        public static readonly RuleMetadata ExternalCallAwaitedPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.ExternalCallAwaitedPerLoopIteration,
            Title = "External call awaited once per loop iteration",
            MessageFormat = "'{0}' awaits an external call on every iteration of the {1} ({2}), one after the other, though no iteration uses another's "
                + "result; use the API's batch endpoint, or run the calls with bounded concurrency (Parallel.ForEachAsync with MaxDegreeOfParallelism) and "
                + "keep the loop's DbContext work sequential",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "An HTTP or SDK call awaited inside a loop pays one full round trip per item, in series: 50 items at 100 ms is 5 s of waiting. When "
                + "the iterations are independent, a batch endpoint (one request for all items) or bounded concurrency turns that into roughly one round trip "
                + "per batch. The call is found directly (HttpClient, Stripe.net services, OpenAI clients) or through wrappers, by the I/O summaries "
                + "(`GetProfileAsync → ProfileClient.GetProfileAsync → HttpClient.GetFromJsonAsync`). Precision is medium because a loop may be sequential on "
                + "purpose (ordered writes, a rate limit enforced elsewhere).",
            Flags = new[]
            {
                "`await` of an HTTP call (`HttpClient` `Send/Get*/Post*/Put*/Patch*/DeleteAsync`, `System.Net.Http.Json` extensions), a Stripe.net service "
                    + "request (`CustomerService.GetAsync`, ...) or an OpenAI SDK request (`ChatClient.CompleteChatAsync`, ...) in the body of a `foreach`, "
                    + "`await foreach` or `for` loop, also with `.ConfigureAwait(false)`",
                "the same through source methods whose I/O summary says HTTP (wrappers, typed clients, interface calls whose every implementation calls out), "
                    + "in this project or in a referenced project built with PerfGate; the chain is in the message and its call sites are related locations",
            },
            Ignores = new[]
            {
                "loops whose iterations may depend on each other: a `break`, `return`, `goto` or `yield` in the body, or a call whose receiver or arguments "
                    + "read a variable, parameter, field or property that the loop body assigns (a cursor, a running total, a token from the previous "
                    + "response)",
                "`while` and `do` loops (paging, polling and retry loops), and loops paced by `Task.Delay`, `PeriodicTimer` or `Thread.Sleep` (deliberate "
                    + "rate limiting)",
                LoopContext.IgnoresNonItemLoops,
                LoopContext.IgnoresGuardedCalls,
                IoSummaries.IgnoresCachedCallees,
                "calls that are not awaited where they are made (tasks collected and awaited together are already concurrent), and calls in lambdas "
                    + "(`Select(async x => ...)` with `Task.WhenAll`, `Parallel.ForEachAsync`)",
                "calls whose summary also reaches the database (PG1001/PG1002 own those, and one DbContext must not run operations concurrently)",
                "calls through an interface when some implementation performs no HTTP (a cache decorator or a fake)",
            },
            Fix = "Use the service's batch endpoint when it has one (OpenAI `GenerateEmbeddingsAsync` takes many inputs; many REST APIs take a list of IDs). "
                + "Otherwise run the calls with bounded concurrency: `await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8, "
                + "CancellationToken = ct }, async (item, ct) => ...)`, and write each result to its own slot (an array indexed like the input keeps the "
                + "order; a `ConcurrentBag` loses it). Only the external calls go concurrent: a DbContext the loop also uses (`db.Add`, "
                + "`SaveChangesAsync`) must not be touched from the parallel body; gather the results first, then do the database work in a plain loop. "
                + "Stay under the API's rate limit (a degree of 4 to 8 is a safe start).",
            FlaggedExample = "var result = new List<Customer>();\n"
                + "foreach (var id in customerIds)\n"
                + "{\n"
                + "    var customer = await _customers.GetAsync(id, cancellationToken: ct);\n"
                + "    result.Add(customer);\n"
                + "}",
            FixedExample = "var result = new Customer[customerIds.Count]; // one slot per id: the order is kept\n"
                + "await Parallel.ForEachAsync(Enumerable.Range(0, customerIds.Count),\n"
                + "    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },\n"
                + "    async (i, token) => result[i] = await _customers.GetAsync(customerIds[i], cancellationToken: token));",
            Tags = new[] { "performance", "http", "latency" },
        };
    }

    /// <summary>
    /// PG2001: an HTTP/SDK call (directly, or a source method whose I/O summary says HTTP) awaited in
    /// the body of a <c>foreach</c>/<c>for</c> loop whose iterations are independent: no exit from the
    /// loop, and the call reads nothing the loop body writes. Database I/O is PG1001/PG1002's.
    /// </summary>
    public sealed class DoNotAwaitExternalCallPerLoopIterationAnalyzer : PerfGateRule
    {
        public DoNotAwaitExternalCallPerLoopIterationAnalyzer()
            : base(ExternalCallRules.ExternalCallAwaitedPerLoopIteration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            IoSummaries summaries = rule.Services.Summaries;
            LoopContext loops = rule.Services.Loops;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var await = (IAwaitOperation)operationContext.Operation;
                IInvocationOperation? invocation = ExternalSdkCalls.AwaitedCall(await);
                if (invocation == null) return;

                ILoopOperation? loop = FindEnclosingLoop(await);
                if (loop == null) return;
                LoopIteration? iteration = loops.FindIteration(await); // null for pollers, pumps, retries, batches, fixed sets, memos
                if (iteration == null) return;
                if (rule.IsExcluded(invocation.Syntax.SyntaxTree)) return; // spare excluded files the summaries

                if (!ExternalCallEvidence.TryDescribe(summaries, invocation, out string chain, out List<Location> related,
                    out ImmutableArray<int>? missKeys))
                    return;
                if (missKeys.HasValue && !iteration.VariesPerPass(invocation, missKeys.Value)) return; // cached under the same key every pass
                if (!AreIterationsIndependent(loop, invocation)) return;

                rule.ReportWithNote(missKeys.HasValue ? LoopIteration.OnCacheMissNote : null, operationContext.ReportDiagnostic,
                    DiagnosticLocations.ForInvocation(invocation.Syntax), related, invocation.TargetMethod.Name,
                    iteration.Describe(missKeys.HasValue), chain);
            }, OperationKind.Await);
        }

        /// <summary>The foreach/for loop whose body contains <paramref name="operation"/>, with no lambda or local function in between.</summary>
        private static ILoopOperation? FindEnclosingLoop(IOperation operation)
        {
            IOperation current = operation;
            for (IOperation? parent = current.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation _:
                    case ILocalFunctionOperation _:
                        return null;
                    case ILoopOperation loop when ReferenceEquals(loop.Body, current):
                        // while/do loops are usually paging, polling or retrying: each pass depends on the last.
                        return loop is IForEachLoopOperation || loop is IForLoopOperation ? loop : null;
                }
            }

            return null;
        }

        /// <summary>
        /// Conservative: the loop body never leaves the loop early (<c>break</c>, <c>return</c>, <c>goto</c>,
        /// <c>yield</c>), and the call's receiver and arguments read no variable, field or property the body writes
        /// (an accumulator or cursor fed from a previous iteration's result), and the call is not a local function that
        /// shares the method's locals with the loop.
        /// </summary>
        private static bool AreIterationsIndependent(ILoopOperation loop, IInvocationOperation invocation)
        {
            if (UsesLocalsOfEnclosingMethod(invocation)) return false;
            var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation operation in Descendants(loop.Body))
            {
                switch (operation)
                {
                    case IBranchOperation branch when branch.BranchKind == BranchKind.Break || branch.BranchKind == BranchKind.GoTo:
                        if (IsInside(branch, loop)) return false;
                        break;
                    case IReturnOperation _:
                        return false;
                    case IAssignmentOperation assignment:
                        AddTarget(written, assignment.Target);
                        break;
                    case IIncrementOrDecrementOperation increment:
                        AddTarget(written, increment.Target);
                        break;
                    case IArgumentOperation argument when argument.Parameter != null && argument.Parameter.RefKind != RefKind.None
                        && argument.Parameter.RefKind != RefKind.In:
                        AddTarget(written, argument.Value);
                        break;
                }
            }

            if (written.Count == 0) return true;
            IEnumerable<IOperation> inputs = invocation.Arguments.Select(a => (IOperation)a.Value);
            if (invocation.Instance != null) inputs = inputs.Concat(new[] { invocation.Instance });
            foreach (IOperation input in inputs)
            {
                foreach (IOperation read in Descendants(input))
                {
                    ISymbol? symbol = Referenced(read);
                    if (symbol != null && written.Contains(symbol)) return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A local function that uses a local of the method around it (a set of ids already seen, a list it appends to)
        /// carries state from one call to the next: the iterations may depend on each other through it.
        /// </summary>
        private static bool UsesLocalsOfEnclosingMethod(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod.OriginalDefinition;
            if (target.MethodKind != MethodKind.LocalFunction) return false;
            IOperation root = invocation.OperationRoot();
            foreach (IOperation operation in Descendants(root))
            {
                if (!(operation is ILocalFunctionOperation function) || !SymbolEqualityComparer.Default.Equals(function.Symbol, target)) continue;
                return Descendants(function).Any(o => o is ILocalReferenceOperation local && !IsDeclaredIn(local.Local, target));
            }

            return true; // not found: unknown
        }

        private static bool IsDeclaredIn(ILocalSymbol local, IMethodSymbol function)
        {
            for (ISymbol? owner = local.ContainingSymbol; owner != null; owner = owner.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(owner, function)) return true;
                if (!(owner is IMethodSymbol)) return false;
            }

            return false;
        }

        /// <summary>A break/goto leaves this loop when no nested loop or switch owns it.</summary>
        private static bool IsInside(IBranchOperation branch, ILoopOperation loop)
        {
            if (branch.BranchKind == BranchKind.GoTo) return true;
            for (IOperation? parent = branch.Parent; parent != null && !ReferenceEquals(parent, loop); parent = parent.Parent)
            {
                if (parent is ILoopOperation || parent is ISwitchOperation) return false;
            }

            return true;
        }

        private static void AddTarget(HashSet<ISymbol> written, IOperation target)
        {
            ISymbol? symbol = Referenced(target.WithoutConversions());
            if (symbol != null) written.Add(symbol);
        }

        private static ISymbol? Referenced(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        /// <summary>The operation and everything under it, lambdas and local functions included (they may run in the loop).</summary>
        private static IEnumerable<IOperation> Descendants(IOperation root)
        {
            var pending = new Stack<IOperation>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                yield return operation;
                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }
        }
    }
}

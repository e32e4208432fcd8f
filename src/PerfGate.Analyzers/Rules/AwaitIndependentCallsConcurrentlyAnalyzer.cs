using System;
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
        public static readonly RuleMetadata IndependentCallsAwaitedInSequence = new RuleMetadata
        {
            Id = RuleIdentifiers.IndependentCallsAwaitedInSequence,
            Title = "Independent external calls awaited in sequence",
            MessageFormat = "'{0}' and '{1}' are awaited one after the other though none uses another's result, so their latencies add up; start them "
                + "together and await Task.WhenAll ({2})",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "Consecutive statements that each await an external read pay the sum of the round trips; when no call needs another's result they "
                + "can overlap and the method waits only for the slowest. Calls are found directly (HttpClient, Stripe.net services, OpenAI clients) or "
                + "through wrappers, which are judged by what they do, not by their name: everything a wrapper runs (through every call, after dispatch) "
                + "must only read and keep no state. A wrapper that reaches the database qualifies only when each of its queries runs on a connection or "
                + "context it creates for the call (Dapper over a new connection or a data source, `IDbContextFactory`, a service scope per call), never on "
                + "the request's DbContext. Precision is medium: an API that reads may still be order-sensitive on the remote side (rate limits, sessions).",
            Flags = new[]
            {
                "two or more consecutive statements in one block of the form `await Call();`, `var x = await Call();` or `x = await Call();` (also with "
                    + "`.ConfigureAwait(false)`), where each call is an external read and no call's receiver or arguments read a local produced by an earlier "
                    + "statement of the run",
                "external reads: `HttpClient.Get*Async` and `GetFromJsonAsync`, Stripe.net service `Get/List/SearchAsync`, OpenAI "
                    + "`Complete*/Generate*/Classify*/Transcribe*/Translate*` requests, and source methods (any name: `RatesAsync()` around `GetStringAsync` "
                    + "is a read) whose every call, through every implementation, is such a read, a query, a cache call or a file read, and which assign no "
                    + "field or property of an instance or a static",
                "repositories and services that reach the database when every query runs on a connection or context made for the call: `new SqlConnection` "
                    + "(or a `DbDataSource`, or a source factory that returns a new one) used with Dapper or ADO.NET, `IDbContextFactory<T>.CreateDbContext`, "
                    + "or a context resolved from a scope the method creates (`using var scope = scopes.CreateScope()`), also through helpers and query "
                    + "objects that receive it; the chain in the message ends with `(own connection per call)`",
            },
            Ignores = new[]
            {
                "writes (`PostAsync`, `SendAsync`, Stripe `Create/Update/Delete`, `SaveChanges`, `Add/Update/Remove`, Dapper `Execute*`, `ExecuteNonQuery`, "
                    + "`ExecuteUpdate/Delete`) anywhere in what the call runs: their order usually matters",
                "wrappers that keep state (assign a field or property of an instance or a static outside a constructor: a token, a memo, a lazily loaded "
                    + "list the next call may read)",
                "queries on a DbContext held in a field or primary-constructor parameter (the request's context: one operation at a time), on a context or "
                    + "connection the caller passes in, through ASP.NET Core Identity's `UserManager`/`RoleManager`/`SignInManager` (their store uses the "
                    + "request's context), through referenced libraries whose recorded summary queries, and any database read under a `TransactionScope`",
                "a query awaited directly in the method (it runs on a context the method holds)",
                "statements separated by any other statement, calls that use a local produced by an earlier call, and awaits of anything other than a call (a "
                    + "task variable, `Task.WhenAll`)",
                "`using var response = await ...` declarations (the response's lifetime is scoped)",
                "calls through an interface when some implementation performs no HTTP or database I/O (a cache decorator or a fake)",
            },
            Fix = "Start the calls, then await them together: `var profileTask = GetProfileAsync(id, ct); var ordersTask = GetOrdersAsync(id, ct); await "
                + "Task.WhenAll(profileTask, ordersTask); var profile = await profileTask; var orders = await ordersTask;`. Never do this with two operations "
                + "on one DbContext. A code fix (PerfGate.CodeFixes: IDE, `dotnet format analyzers --diagnostics PG2003`) rewrites the simple case: "
                + "consecutive `var x = await Call(...);` and `await Call(...);` statements without `ConfigureAwait`.",
            FlaggedExample = "var profile = await _profiles.GetProfileAsync(userId, ct);\n"
                + "var rates = await _http.GetFromJsonAsync<Rates>(\"rates\", ct);",
            FixedExample = "var profileTask = _profiles.GetProfileAsync(userId, ct);\n"
                + "var ratesTask = _http.GetFromJsonAsync<Rates>(\"rates\", ct);\n"
                + "await Task.WhenAll(profileTask, ratesTask);\n"
                + "var profile = await profileTask;\n"
                + "var rates = await ratesTask;",
            Tags = new[] { "performance", "http", "latency" },
        };
    }

    /// <summary>
    /// PG2003: two or more consecutive statements that each await one external read
    /// (<c>var a = await http.GetStringAsync(x); var b = await stripe.GetAsync(y);</c>) where no call reads
    /// a local an earlier one produced: the waits add up though they could overlap (<c>Task.WhenAll</c>).
    /// </summary>
    public sealed class AwaitIndependentCallsConcurrentlyAnalyzer : PerfGateRule
    {
        /// <summary>I/O APIs (the end of a chain) that only read: safe to start together.</summary>
        private static readonly string[] ReadLeafPrefixes = { "Get", "List", "Search", "Complete", "Generate", "Classify", "Transcribe", "Translate" };

        public AwaitIndependentCallsConcurrentlyAnalyzer()
            : base(ExternalCallRules.IndependentCallsAwaitedInSequence)
        {
        }

        internal override void Start(RuleContext rule)
        {
            IoSummaries summaries = rule.Services.Summaries;
            OverlapSafety safety = OverlapSafety.For(rule.Compilation);
            INamedTypeSymbol? transactionScope = rule.Types.TransactionScope;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var block = (IBlockOperation)operationContext.Operation;
                if (block.Operations.Length < 2 || rule.IsExcluded(block.Syntax.SyntaxTree)) return; // spare excluded files the summaries
                // Summaries are the expensive part: only statements next to another awaited call can be in a run
                // of two, so the rest never get one.
                ImmutableArray<IOperation> statements = block.Operations;
                var candidates = new bool[statements.Length];
                bool any = false;
                for (int i = 0; i < statements.Length; i++)
                {
                    candidates[i] = AwaitedCall(statements[i], out _) != null;
                    any |= i > 0 && candidates[i] && candidates[i - 1];
                }

                if (!any) return;
                // Connections opened under an ambient TransactionScope enlist in it: never overlap database reads there.
                bool inTransaction = transactionScope != null
                    && block.OperationRoot().Descendants().Any(o => o is IObjectCreationOperation c && c.Type.IsType(transactionScope));
                var run = new List<AwaitedRead>();
                for (int i = 0; i < statements.Length; i++)
                {
                    bool paired = candidates[i] && ((i > 0 && candidates[i - 1]) || (i + 1 < statements.Length && candidates[i + 1]));
                    AwaitedRead? read = paired ? Match(summaries, safety, statements[i], inTransaction) : null;
                    if (read != null && run.All(previous => !Reads(read.Call, previous.Produced)))
                    {
                        run.Add(read);
                        continue;
                    }

                    Report(rule, operationContext, run);
                    run.Clear();
                    if (read != null) run.Add(read);
                }

                Report(rule, operationContext, run);
            }, OperationKind.Block);
        }

        private static void Report(RuleContext rule, OperationAnalysisContext context, List<AwaitedRead> run)
        {
            if (run.Count < 2) return;
            AwaitedRead first = run[0];
            string others = string.Join("', '", run.Skip(1).Select(read => read.Call.TargetMethod.Name));
            string chains = string.Join("; ", run.Select(read => read.Chain));
            rule.Report(
                context.ReportDiagnostic,
                DiagnosticLocations.ForInvocation(first.Call.Syntax),
                run.Skip(1).Select(read => DiagnosticLocations.ForInvocation(read.Call.Syntax)),
                first.Call.TargetMethod.Name,
                others,
                chains);
        }

        /// <summary>The call awaited by <c>await Call();</c>, <c>var x = await Call();</c> or <c>x = await Call();</c> (x a local).</summary>
        private static IInvocationOperation? AwaitedCall(IOperation statement, out ILocalSymbol? produced)
        {
            IOperation? value = null;
            produced = null;
            switch (statement)
            {
                case IExpressionStatementOperation expression:
                    IOperation inner = expression.Operation.WithoutConversions();
                    if (inner is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
                    {
                        produced = target.Local;
                        value = assignment.Value;
                    }
                    else
                    {
                        value = inner;
                    }

                    break;
                case IVariableDeclarationGroupOperation group
                    when group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1:
                    IVariableDeclaratorOperation declarator = group.Declarations[0].Declarators[0];
                    IVariableInitializerOperation? initializer = declarator.Initializer ?? group.Declarations[0].Initializer;
                    if (initializer == null) return null;
                    produced = declarator.Symbol;
                    value = initializer.Value;
                    break;
            }

            if (!(value?.WithoutConversions() is IAwaitOperation await)) return null;
            return ExternalSdkCalls.AwaitedCall(await);
        }

        /// <summary>
        /// The statement awaits an external read: an HTTP/SDK read API itself, or a source method whose whole body (through
        /// every call, after dispatch) only reads and keeps no state (<see cref="OverlapSafety"/>); one that reaches the
        /// database must run every query on a connection or context of its own, made for the call.
        /// </summary>
        private static AwaitedRead? Match(IoSummaries summaries, OverlapSafety safety, IOperation statement, bool inTransaction)
        {
            IInvocationOperation? call = AwaitedCall(statement, out ILocalSymbol? produced);
            if (call == null) return null;
            MethodIoSummary summary = summaries.SummarizeCall(call, out IoKind direct, out _);
            if (direct != IoKind.None)
            {
                // A query awaited here runs on a context this method holds: two of them must never overlap.
                if (direct != IoKind.Http || !StartsWithAny(call.TargetMethod.Name, ReadLeafPrefixes, afterDot: false)) return null;
                return new AwaitedRead(call, produced, IoCallClassifier.Display(call));
            }

            if (summary.Has(IoKind.Database))
            {
                if (inTransaction || !safety.IsSafeToOverlap(call)) return null;
                return new AwaitedRead(call, produced, Chain(call, summary, IoKind.Database) + " (own connection per call)");
            }

            if (!summary.Has(IoKind.Http) || !safety.IsSafeToOverlap(call)) return null;
            return new AwaitedRead(call, produced, Chain(call, summary, IoKind.Http));
        }

        private static string Chain(IInvocationOperation call, MethodIoSummary summary, IoKind kind)
        {
            IEnumerable<string> names = summary.Chain(kind).Select(hop => hop.Display);
            if (!summary.IsDispatch) names = new[] { call.TargetMethod.Name }.Concat(names);
            return string.Join(ReferencedIoSummaries.Separator, names);
        }

        private static bool StartsWithAny(string name, string[] prefixes, bool afterDot)
        {
            if (afterDot)
            {
                int dot = name.LastIndexOf('.');
                if (dot >= 0) name = name.Substring(dot + 1);
            }

            return prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
        }

        /// <summary>True when the call (receiver or arguments) reads <paramref name="local"/>.</summary>
        private static bool Reads(IInvocationOperation call, ILocalSymbol? local)
        {
            if (local == null) return false;
            var pending = new Stack<IOperation>();
            pending.Push(call);
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)) return true;
                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }

            return false;
        }

        private sealed class AwaitedRead
        {
            public AwaitedRead(IInvocationOperation call, ILocalSymbol? produced, string chain)
            {
                Call = call;
                Produced = produced;
                Chain = chain;
            }

            public IInvocationOperation Call { get; }
            public ILocalSymbol? Produced { get; }
            public string Chain { get; }
        }
    }
}

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
                + "through wrappers by the I/O summaries. Only reads are reported (the API at the end of the chain is a "
                + "`Get*`/`List*`/`Search*`/`Complete*`/`Generate*`-style call, and a wrapper is named like a read), because the order of writes is usually "
                + "the point. Precision is medium: a wrapper named like a read may still change state.",
            Flags = new[]
            {
                "two or more consecutive statements in one block of the form `await Call();`, `var x = await Call();` or `x = await Call();` (also with "
                    + "`.ConfigureAwait(false)`), where each call is an external read and no call's receiver or arguments read a local produced by an earlier "
                    + "statement of the run",
                "external reads: `HttpClient.Get*Async` and `GetFromJsonAsync`, Stripe.net service `Get/List/SearchAsync`, OpenAI "
                    + "`Complete*/Generate*/Classify*/Transcribe*/Translate*` requests, and source methods named `Get*`, `Fetch*`, `Find*`, `List*`, "
                    + "`Search*`, `Load*`, `Read*`, `Query*`, `Lookup*`, ... whose I/O summary ends in one of those",
            },
            Ignores = new[]
            {
                "writes (`PostAsync`, `SendAsync`, Stripe `Create/Update/Delete`, wrappers not named like a read): their order usually matters",
                "anything whose summary reaches the database: operations on one DbContext must never run concurrently",
                "statements separated by any other statement, calls that use a local produced by an earlier call, and awaits of anything other than a call (a "
                    + "task variable, `Task.WhenAll`)",
                "`using var response = await ...` declarations (the response's lifetime is scoped)",
                "calls through an interface when some implementation performs no HTTP",
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

        /// <summary>Names of source methods (wrappers) that read; a wrapper named otherwise may write and is left alone.</summary>
        private static readonly string[] ReadWrapperPrefixes =
        {
            "Get", "Fetch", "Find", "List", "Search", "Load", "Read", "Query", "Lookup",
            "Complete", "Generate", "Classify", "Translate", "Transcribe", "Summarize", "Embed",
        };

        public AwaitIndependentCallsConcurrentlyAnalyzer()
            : base(ExternalCallRules.IndependentCallsAwaitedInSequence)
        {
        }

        internal override void Start(RuleContext rule)
        {
            IoSummaries summaries = rule.Services.Summaries;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var block = (IBlockOperation)operationContext.Operation;
                if (block.Operations.Length < 2 || rule.IsExcluded(block.Syntax.SyntaxTree)) return; // spare excluded files the summaries
                // Summaries are the expensive part: only statements next to another awaited read-named call
                // can be in a run of two, so the rest never get one.
                ImmutableArray<IOperation> statements = block.Operations;
                var candidates = new bool[statements.Length];
                bool any = false;
                for (int i = 0; i < statements.Length; i++)
                {
                    candidates[i] = AwaitedCall(statements[i], out _) is { } call && IsReadNamed(call.TargetMethod.Name);
                    any |= i > 0 && candidates[i] && candidates[i - 1];
                }

                if (!any) return;
                var run = new List<AwaitedRead>();
                for (int i = 0; i < statements.Length; i++)
                {
                    bool paired = candidates[i] && ((i > 0 && candidates[i - 1]) || (i + 1 < statements.Length && candidates[i + 1]));
                    AwaitedRead? read = paired ? Match(summaries, statements[i]) : null;
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

        /// <summary>A read leaf or a read-named wrapper: every call <see cref="Match"/> accepts passes this name check.</summary>
        private static bool IsReadNamed(string name) =>
            StartsWithAny(name, ReadLeafPrefixes, afterDot: false) || StartsWithAny(name, ReadWrapperPrefixes, afterDot: false);

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

        /// <summary>The statement awaits an external read (its I/O summary ends in a read leaf).</summary>
        private static AwaitedRead? Match(IoSummaries summaries, IOperation statement)
        {
            IInvocationOperation? call = AwaitedCall(statement, out ILocalSymbol? produced);
            if (call == null) return null;
            if (!ExternalCallEvidence.TryDescribe(summaries, call, out string chain, out _)) return null;
            if (!StartsWithAny(ExternalCallEvidence.Leaf(chain), ReadLeafPrefixes, afterDot: true)) return null;
            bool isWrapper = IoCallClassifier.Display(call) != chain;
            if (isWrapper && !StartsWithAny(call.TargetMethod.Name, ReadWrapperPrefixes, afterDot: false)) return null;
            return new AwaitedRead(call, produced, chain);
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

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG2003: two or more consecutive statements that each await one external read
    /// (<c>var a = await http.GetStringAsync(x); var b = await stripe.GetAsync(y);</c>) where no call reads
    /// a local an earlier one produced: the waits add up though they could overlap (<c>Task.WhenAll</c>).
    /// </summary>
    public sealed class AwaitIndependentCallsConcurrentlyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(ExternalCallRules.IndependentCallsAwaitedInSequence);

        /// <summary>I/O APIs (the end of a chain) that only read: safe to start together.</summary>
        private static readonly string[] ReadLeafPrefixes = { "Get", "List", "Search", "Complete", "Generate", "Classify", "Transcribe", "Translate" };

        /// <summary>Names of source methods (wrappers) that read; a wrapper named otherwise may write and is left alone.</summary>
        private static readonly string[] ReadWrapperPrefixes =
        {
            "Get", "Fetch", "Find", "List", "Search", "Load", "Read", "Query", "Lookup", "Complete", "Generate", "Classify", "Translate", "Transcribe", "Summarize", "Embed",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                IoSummaries summaries = IoSummaries.For(start.Compilation);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                start.RegisterOperationAction(operationContext =>
                {
                    var block = (IBlockOperation)operationContext.Operation;
                    if (block.Operations.Length < 2 || policy.IsExcluded(block.Syntax.SyntaxTree)) return;
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

                        Report(operationContext, run);
                        run.Clear();
                        if (read != null) run.Add(read);
                    }

                    Report(operationContext, run);
                }, OperationKind.Block);
            });
        }

        private static void Report(OperationAnalysisContext context, List<AwaitedRead> run)
        {
            if (run.Count < 2) return;
            AwaitedRead first = run[0];
            string others = string.Join("', '", run.Skip(1).Select(read => read.Call.TargetMethod.Name));
            string chains = string.Join("; ", run.Select(read => read.Chain));
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                DiagnosticLocations.ForInvocation(first.Call.Syntax),
                run.Skip(1).Select(read => DiagnosticLocations.ForInvocation(read.Call.Syntax)),
                first.Call.TargetMethod.Name,
                others,
                chains));
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

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class ExternalCallRules
    {
        public static readonly RuleMetadata BlockingOnAsync = new RuleMetadata
        {
            Id = RuleIdentifiers.BlockingOnAsync,
            Title = "Blocking on async code",
            MessageFormat = "{0} blocks a thread-pool thread in {1}; await the task instead (Task.Delay instead of Thread.Sleep)",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Blocking on a task (`.Result`, `.Wait()`, `GetAwaiter().GetResult()`) or sleeping holds a thread-pool thread for the whole wait. "
                + "Under load the pool starves, every request queues behind the blocked ones, and with a synchronization context it can deadlock. In an async "
                + "method the fix is always `await`; in a synchronous request handler, make the handler async.",
            Flags = new[]
            {
                "`task.Result`, `task.Wait(...)`, `Task.WaitAll`, `Task.WaitAny`, `task.GetAwaiter().GetResult()` (also after `ConfigureAwait`) on `Task`, "
                    + "`Task<T>`, `ValueTask`, `ValueTask<T>`, and `Thread.Sleep`",
                "inside an async method, async lambda or async local function",
                "inside a synchronous request handler (controller action, minimal API handler, Razor Pages handler, SignalR hub method, gRPC method) or a "
                    + "source method a handler reaches through calls (the message names the method)",
                "inside a synchronous method that only async code calls: every call site in the compilation sits in an async method, lambda or local "
                    + "function, directly or through synchronous methods whose own callers do (two levels up); it blocks that caller's pool thread",
                "inside the getter of a property of a Blazor component (`ComponentBase`) or a Razor Page model (`PageModel`): rendering reads it",
            },
            Ignores = new[]
            {
                "tasks known to be complete: `Task.FromResult(...)`, `Task.CompletedTask`, and a variable, parameter or field that the method awaits earlier "
                    + "(alone or in `Task.WhenAll`) or whose `IsCompleted`/`IsCompletedSuccessfully`/`IsFaulted`/`IsCanceled`/`Status` it checks",
                "synchronous lambdas and local functions (a `Select(t => t.Result)` after `await Task.WhenAll(tasks)`, a `Task.Run(() => ...)` body), and "
                    + "synchronous methods that no request handler reaches and that some synchronous code calls too, or whose callers cannot all be seen "
                    + "(console `Main`, startup code, interface implementations, methods used as delegates), and helpers that tests call",
                "blocking inside an expression tree (never run)",
            },
            Fix = "`await` the task (`var user = await GetUserAsync(id);`), make the caller async up to the handler, and use `await Task.Delay(...)` instead "
                + "of `Thread.Sleep`.",
            FlaggedExample = "public async Task<IActionResult> Get(int id)\n"
                + "{\n"
                + "    var user = _users.GetUserAsync(id).Result;\n"
                + "    return Ok(user);\n"
                + "}",
            FixedExample = "public async Task<IActionResult> Get(int id)\n"
                + "{\n"
                + "    var user = await _users.GetUserAsync(id);\n"
                + "    return Ok(user);\n"
                + "}",
            Tags = new[] { "performance", "async", "reliability" },
        };
    }

    /// <summary>
    /// PG2006: <c>task.Result</c>, <c>task.Wait()</c>, <c>Task.WaitAll/WaitAny</c>,
    /// <c>task.GetAwaiter().GetResult()</c> or <c>Thread.Sleep</c> in an async method or lambda, or in a
    /// synchronous method on a request path (a handler, or a method a handler reaches): the request's
    /// thread-pool thread is blocked while the I/O runs.
    /// </summary>
    public sealed class DoNotBlockOnAsyncAnalyzer : PerfGateRule
    {
        public DoNotBlockOnAsyncAnalyzer()
            : base(ExternalCallRules.BlockingOnAsync)
        {
        }

        internal override void Start(RuleContext rule)
        {
            INamedTypeSymbol? task = rule.Types.Task;
            if (task == null) return;
            var analyzer = new Analyzer(
                rule,
                task,
                rule.Types.TaskOfT,
                rule.Types.ValueTask,
                rule.Types.ValueTaskOfT,
                rule.Types.Thread,
                rule.Services.RequestPaths);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeProperty, OperationKind.PropertyReference);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
        }

        private sealed class Analyzer
        {
            private readonly RuleContext _rule;
            private readonly INamedTypeSymbol _task;
            private readonly INamedTypeSymbol? _taskOfT;
            private readonly INamedTypeSymbol? _valueTask;
            private readonly INamedTypeSymbol? _valueTaskOfT;
            private readonly INamedTypeSymbol? _thread;
            private readonly RequestPaths _requestPaths;

            public Analyzer(RuleContext rule, INamedTypeSymbol task, INamedTypeSymbol? taskOfT, INamedTypeSymbol? valueTask, INamedTypeSymbol? valueTaskOfT,
                INamedTypeSymbol? thread, RequestPaths requestPaths)
            {
                _rule = rule;
                _task = task;
                _taskOfT = taskOfT;
                _valueTask = valueTask;
                _valueTaskOfT = valueTaskOfT;
                _thread = thread;
                _requestPaths = requestPaths;
            }

            public void AnalyzeProperty(OperationAnalysisContext context)
            {
                var property = (IPropertyReferenceOperation)context.Operation;
                if (property.Property.Name != "Result" || property.Instance == null) return;
                if (!IsTaskType(property.Property.ContainingType)) return;
                Report(context, property.Instance, property.Syntax, ".Result");
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                switch (method.Name)
                {
                    case "Wait" when !method.IsStatic && invocation.Instance != null && IsTaskType(method.ContainingType):
                        Report(context, invocation.Instance, invocation.Syntax, ".Wait()");
                        break;
                    case "WaitAll" when method.IsStatic && method.ContainingType.IsType(_task):
                    case "WaitAny" when method.IsStatic && method.ContainingType.IsType(_task):
                        Report(context, null, invocation.Syntax, "Task." + method.Name);
                        break;
                    case "GetResult" when invocation.Instance?.WithoutConversions() is IInvocationOperation { TargetMethod: { Name: "GetAwaiter" } } getAwaiter
                        && method.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices":
                        IOperation? awaited = getAwaiter.Instance?.WithoutConversions();
                        if (awaited is IInvocationOperation { TargetMethod: { Name: "ConfigureAwait" } } configure)
                            awaited = configure.Instance?.WithoutConversions();
                        if (awaited != null && IsTaskType(awaited.Type as INamedTypeSymbol))
                            Report(context, awaited, invocation.Syntax, ".GetAwaiter().GetResult()");
                        break;
                    case "Sleep" when method.IsStatic && method.ContainingType.IsType(_thread):
                        Report(context, null, invocation.Syntax, "Thread.Sleep");
                        break;
                }
            }

            private bool IsTaskType(INamedTypeSymbol? type) =>
                type != null && (type.IsType(_task) || type.IsType(_taskOfT) || type.IsType(_valueTask) || type.IsType(_valueTaskOfT)
                    || type.InheritsFromOrEquals(_task));

            private void Report(OperationAnalysisContext context, IOperation? task, SyntaxNode syntax, string what)
            {
                // The local question first: where the call runs may take the whole program's request paths or every caller.
                if (task != null && IsKnownComplete(task)) return;
                string? where = AsyncContext.Describe(context.Operation, context.ContainingSymbol, _requestPaths, _rule.Services.CallSites, _rule.Types);
                if (where == null) return;
                _rule.Report(context.ReportDiagnostic, syntax.GetLocation(), what, where);
            }

            /// <summary>
            /// The task is already complete when it is read: <c>Task.FromResult(..)</c>/<c>Task.CompletedTask</c>,
            /// or a variable, parameter or field that the method awaits (alone or in <c>Task.WhenAll</c>) before this
            /// point, or whose <c>IsCompleted*</c> it checks.
            /// </summary>
            private bool IsKnownComplete(IOperation task)
            {
                task = task.WithoutConversions();
                if (task is IInvocationOperation { TargetMethod: { Name: "FromResult" } } fromResult && fromResult.TargetMethod.ContainingType.IsType(_task))
                    return true;
                if (task is IPropertyReferenceOperation { Property: { Name: "CompletedTask" } }) return true;
                ISymbol? symbol = task.ReferencedVariable();
                if (symbol == null) return false;

                IOperation root = task.OperationRoot();
                int position = task.Syntax.SpanStart;
                var pending = new Stack<IOperation>();
                pending.Push(root);
                while (pending.Count > 0)
                {
                    IOperation operation = pending.Pop();
                    if (operation is IAwaitOperation await && await.Syntax.SpanStart < position && Mentions(await, symbol)) return true;
                    if (operation is IPropertyReferenceOperation
                        {
                            Property: { Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" },
                        } check
                        && check.Instance != null && SymbolEqualityComparer.Default.Equals(check.Instance.WithoutConversions().ReferencedVariable(), symbol))
                        return true;
                    foreach (IOperation child in operation.ChildOperations) pending.Push(child);
                }

                return false;
            }

            private static bool Mentions(IOperation root, ISymbol symbol)
            {
                var pending = new Stack<IOperation>();
                pending.Push(root);
                while (pending.Count > 0)
                {
                    IOperation operation = pending.Pop();
                    if (SymbolEqualityComparer.Default.Equals(operation.ReferencedVariable(), symbol)) return true;
                    foreach (IOperation child in operation.ChildOperations) pending.Push(child);
                }

                return false;
            }
        }
    }
}

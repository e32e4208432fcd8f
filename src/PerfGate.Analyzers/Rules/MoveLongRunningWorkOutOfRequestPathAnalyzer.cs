using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata LongRunningWorkInRequestPath = new RuleMetadata
        {
            Id = RuleIdentifiers.LongRunningWorkInRequestPath,
            Title = "Long-running work in the request path",
            MessageFormat = "'{0}' {1} inside the request path ({2}): the request, its thread and its connection wait for the whole job; queue it (Channel + "
                + "BackgroundService, Hangfire, a Temporal workflow) and return 202 Accepted with a status URL",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Transcoding a video with ffmpeg, rendering a report or waiting for an external job to finish takes seconds to minutes. Done inside "
                + "the request, it holds a connection and server resources for all that time, hits client and proxy timeouts, and is lost when the request is "
                + "aborted or the instance restarts. Move the work to a background queue (`System.Threading.Channels` + a `BackgroundService`), Hangfire, or "
                + "a durable workflow engine (Temporal's .NET SDK `Temporalio`), and let the client poll or be notified.",
            Flags = new[]
            {
                "`Process.WaitForExit`/`WaitForExitAsync` on a process the same method starts (`Process.Start(...)`, or `new Process` + `Start()`), in a "
                    + "request handler or a method the request waits for (PerfGate's request paths: controller actions, minimal API handlers, Razor Pages "
                    + "handlers, SignalR hubs, gRPC services, and the source methods they call, followed through awaited or returned calls and per-element "
                    + "lambdas only)",
                "`while`/`do` polling loops in the same methods that wait with `Task.Delay`/`Thread.Sleep` (outside a `catch`) and call an external service "
                    + "(HTTP, database or cache, directly or through a source method) on each pass: waiting for an external job to finish",
            },
            Ignores = new[]
            {
                "methods no request handler reaches (hosted services, `BackgroundService.ExecuteAsync`, console entry points, workers): that is where the "
                    + "work belongs",
                "`Process.Start` without a wait in the same method (fire and forget), and waits on a process the method did not start",
                "retry loops: `for` loops, and delays inside a `catch` clause",
                "loops that wait but call nothing external (local backoff)",
                "code inside lambdas other than a minimal API handler (a `Task.Run` body or a callback may run after the response) and inside local "
                    + "functions, and methods reached only through such lambdas or through discarded tasks (`_ = RunAsync()`, a bare `RunAsync();`): the "
                    + "request does not wait for them (in the OSS trial, a scheduled task started from a controller through `Task.Run` was reported before "
                    + "this)",
            },
            Fix = "Queue the job and return at once: `await queue.Writer.WriteAsync(new TranscodeJob(id, path)); return Results.Accepted($\"/jobs/{id}\");`, "
                + "with a `BackgroundService` reading the channel and running ffmpeg; or `BackgroundJob.Enqueue<Transcoder>(t => t.RunAsync(id))` (Hangfire); "
                + "or start a Temporal workflow and return its ID.",
            FlaggedExample = "app.MapPost(\"/videos/{id}/transcode\", async (string id) =>\n"
                + "{\n"
                + "    using var ffmpeg = Process.Start(\"ffmpeg\", $\"-i {id}.mov {id}.mp4\");\n"
                + "    await ffmpeg!.WaitForExitAsync();\n"
                + "    return Results.Ok();\n"
                + "});",
            FixedExample = "app.MapPost(\"/videos/{id}/transcode\", async (string id, Channel<TranscodeJob> queue) =>\n"
                + "{\n"
                + "    await queue.Writer.WriteAsync(new TranscodeJob(id));\n"
                + "    return Results.Accepted($\"/jobs/{id}\");\n"
                + "});\n"
                + "// TranscodeWorker : BackgroundService reads the channel and runs ffmpeg.",
            Tags = new[] { "performance", "aspnetcore", "background-jobs", "media" },
        };
    }

    /// <summary>
    /// PG4005: in a request handler or a method one reaches, waiting for a process the method started
    /// (ffmpeg and friends), or a <c>while</c>/<c>do</c> loop paced by a delay that calls an external
    /// service on each pass (polling an external job).
    /// </summary>
    public sealed class MoveLongRunningWorkOutOfRequestPathAnalyzer : PerfGateRule
    {
        public MoveLongRunningWorkOutOfRequestPathAnalyzer()
            : base(RequestHandlingRules.LongRunningWorkInRequestPath)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? process = rule.Types.Process;
            INamedTypeSymbol? task = rule.Types.Task;
            INamedTypeSymbol? thread = rule.Types.Thread;
            IoSummaries summaries = rule.Services.Summaries;
            RequestPaths requestPaths = rule.Services.RequestPaths;
            var waited = new WaitedRequestPaths(compilation);

            string? DescribePath(IOperation operation, ISymbol containing)
            {
                // Inside a lambda: only a minimal API handler lambda is the request itself (a Task.Run or
                // callback lambda may run later, elsewhere).
                for (IOperation? current = operation.Parent; current != null; current = current.Parent)
                {
                    if (current is ILocalFunctionOperation) return null;
                    if (current is IAnonymousFunctionOperation lambda)
                        return requestPaths.IsHandler(lambda.Symbol) ? "request handler '" + AsyncContext.OwnerName(lambda.Symbol) + "'" : null;
                }

                if (!(containing is IMethodSymbol method)) return null;
                if (requestPaths.IsHandler(method)) return "request handler '" + AsyncContext.OwnerName(method) + "'";
                if (method.MethodKind == MethodKind.AnonymousFunction || method.MethodKind == MethodKind.LocalFunction) return null;
                return waited.IsWaitedFor(method) ? "'" + AsyncContext.OwnerName(method) + "', reached from a request handler" : null;
            }

            if (process != null)
            {
                rule.Start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if ((method.Name != "WaitForExit" && method.Name != "WaitForExitAsync") || !method.ContainingType.IsType(process)) return;
                    if (!(invocation.Instance?.WithoutConversions() is ILocalReferenceOperation local)) return;
                    if (!StartedHere(local, process)) return;
                    string? path = DescribePath(invocation, operationContext.ContainingSymbol);
                    if (path == null) return;
                    rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name,
                        "waits for a process it started", path);
                }, OperationKind.Invocation);
            }

            rule.Start.RegisterOperationAction(operationContext =>
            {
                if (!(operationContext.Operation is IWhileLoopOperation loop)) return;
                IInvocationOperation? delay = null;
                string? external = null;
                foreach (IOperation operation in OwnOperations(loop))
                {
                    if (!(operation is IInvocationOperation call)) continue;
                    IMethodSymbol method = call.TargetMethod;
                    if ((method.Name == "Delay" && method.ContainingType.IsType(task)) || (method.Name == "Sleep" && method.ContainingType.IsType(thread)))
                    {
                        if (!InsideCatch(call, loop)) delay ??= call;
                        continue;
                    }

                    if (external != null) continue;
                    MethodIoSummary summary = summaries.SummarizeCall(call, out IoKind direct, out _);
                    IoKind kinds = direct != IoKind.None ? direct : summary.Kinds;
                    if ((kinds & (IoKind.Http | IoKind.Database | IoKind.Cache)) != 0) external = method.Name;
                }

                if (delay == null || external == null) return;
                string? path = DescribePath(loop, operationContext.ContainingSymbol);
                if (path == null) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(delay.Syntax), delay.TargetMethod.Name,
                    "paces a polling loop that calls '" + external + "' on each pass (waiting for an external job)", path);
            }, OperationKind.Loop);
        }

        /// <summary>The loop's own operations (condition and body), not those of nested loops, lambdas or local functions.</summary>
        private static System.Collections.Generic.IEnumerable<IOperation> OwnOperations(ILoopOperation loop)
        {
            var pending = new System.Collections.Generic.Stack<IOperation>();
            foreach (IOperation child in loop.ChildOperations) pending.Push(child);
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                if (operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation || operation is ILoopOperation) continue;
                yield return operation;
                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }
        }

        private static bool InsideCatch(IOperation operation, IOperation stop)
        {
            for (IOperation? current = operation.Parent; current != null && !ReferenceEquals(current, stop); current = current.Parent)
            {
                if (current is ICatchClauseOperation) return true;
            }

            return false;
        }

        /// <summary><c>var p = Process.Start(...)</c>, or <c>var p = new Process { ... }</c> with <c>p.Start()</c> in the same body.</summary>
        private static bool StartedHere(ILocalReferenceOperation reference, INamedTypeSymbol process)
        {
            IOperation root = reference.OperationRoot();
            IVariableDeclaratorOperation? declarator = root.Descendants().OfType<IVariableDeclaratorOperation>()
                .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, reference.Local));
            IOperation? initial = declarator?.Initializer?.Value.WithoutConversions();
            if (initial is IInvocationOperation start && start.TargetMethod.IsStatic && start.TargetMethod.Name == "Start"
                && start.TargetMethod.ContainingType.IsType(process))
                return true;
            if (initial is IObjectCreationOperation creation && creation.Type.IsType(process))
            {
                return root.Descendants().OfType<IInvocationOperation>().Any(call =>
                    call.TargetMethod.Name == "Start" && !call.TargetMethod.IsStatic
                    && call.Instance?.WithoutConversions() is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local));
            }

            return false;
        }
    }
}

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
        public static readonly RuleMetadata SynchronousExternalCall = new RuleMetadata
        {
            Id = RuleIdentifiers.SynchronousExternalCall,
            Title = "Synchronous external call where an async one exists",
            MessageFormat = "'{0}' is a synchronous {1} call in {2}; it holds the thread for the whole round trip: use '{3}' and await it",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "1 of 19 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were small local files read once per process or per rare "
                + "admin action (configuration, plugin manifests, a git HEAD), behind a cache. So it is a note by default: raise it with `rules: { "
                + "PG2007: warning }` where it fits your code.",
            Description = "A synchronous SDK, HTTP or file call blocks its thread for the whole round trip. In an async method or a request handler that "
                + "thread belongs to the pool that serves every request; under load the pool starves. The same type offers an async overload: use it.",
            Flags = new[]
            {
                "Stripe.net service requests (`CustomerService.Create`, `PaymentIntentService.Get`, ...) and OpenAI SDK requests (`ChatClient.CompleteChat`, "
                    + "...) whose type has the `…Async` counterpart",
                "`HttpClient.Send`, `WebClient` `Download*`/`Upload*`/`OpenRead`/`OpenWrite` (the `…TaskAsync` counterparts), "
                    + "`File.ReadAll*`/`WriteAll*`/`AppendAll*`",
                "inside an async method, async lambda or async local function, or a synchronous request handler or a source method a handler reaches",
                "inside a synchronous helper that only async code calls (every call site, followed two synchronous callers up, sits in async code), and "
                    + "inside the getter of a Blazor component's or Razor Page model's property (rendering reads it)",
            },
            Ignores = new[]
            {
                "synchronous code that no request handler reaches and that synchronous code also calls, or whose callers cannot all be seen (console "
                    + "tools, startup, build tasks, interface implementations), and synchronous lambdas",
                "methods with no async counterpart on the same type (`File.Exists`, `Stripe` `*AutoPaging` enumerators)",
            },
            Fix = "Call the async overload and await it (`await customers.CreateAsync(options, requestOptions, ct)`, `await http.SendAsync(request, ct)`, "
                + "`await File.ReadAllTextAsync(path, ct)`); replace `WebClient` with `HttpClient`. A code fix (PerfGate.CodeFixes: IDE, `dotnet format "
                + "analyzers --diagnostics PG2007`) does it when the enclosing function is already `async`: it calls the async twin (`…TaskAsync` for "
                + "`WebClient`), awaits it, and passes the method's `CancellationToken` as `cancellationToken:` when it has exactly one; it is offered only "
                + "when the rewrite compiles to the same result type (not for `CompleteChat(\"text\")`, whose async overload with a token takes a list of "
                + "messages).",
            FlaggedExample = "public async Task<string> RegisterAsync(string email)\n"
                + "{\n"
                + "    var customer = _customers.Create(new CustomerCreateOptions { Email = email });\n"
                + "    await _db.SaveChangesAsync();\n"
                + "    return customer.Id;\n"
                + "}",
            FixedExample = "public async Task<string> RegisterAsync(string email, CancellationToken ct)\n"
                + "{\n"
                + "    var customer = await _customers.CreateAsync(new CustomerCreateOptions { Email = email }, cancellationToken: ct);\n"
                + "    await _db.SaveChangesAsync(ct);\n"
                + "    return customer.Id;\n"
                + "}",
            Tags = new[] { "performance", "async", "http" },
            Reach = ReachScope.FindingAdminIsCold,
        };
    }

    /// <summary>
    /// PG2007: a synchronous Stripe.net, OpenAI, <c>HttpClient.Send</c>, <c>WebClient</c> or
    /// <c>System.IO.File</c> call in an async method or on a request path, where the same type has an
    /// async counterpart (<c>CreateAsync</c>, <c>SendAsync</c>, <c>ReadAllTextAsync</c>).
    /// </summary>
    public sealed class UseAsyncOverloadForExternalCallAnalyzer : PerfGateRule
    {
        private static readonly HashSet<string> FileMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "ReadAllText", "ReadAllBytes", "ReadAllLines", "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines",
        };

        public UseAsyncOverloadForExternalCallAnalyzer()
            : base(ExternalCallRules.SynchronousExternalCall)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? httpClient = rule.Types.HttpClient;
            INamedTypeSymbol? webClient = rule.Types.WebClient;
            INamedTypeSymbol? file = rule.Types.File;
            RequestPaths requestPaths = rule.Services.RequestPaths;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name.EndsWith("Async", StringComparison.Ordinal)) return;

                string? what = null;
                if (ExternalSdkCalls.IsStripeServiceRequest(method)) what = "Stripe";
                else if (ExternalSdkCalls.IsOpenAiRequest(method)) what = "OpenAI";
                else if (method.Name == "Send" && method.ContainingType.InheritsFromOrEquals(httpClient)) what = "HTTP";
                else if (webClient != null && method.ContainingType.InheritsFromOrEquals(webClient)
                    && (method.Name.StartsWith("Download", StringComparison.Ordinal) || method.Name.StartsWith("Upload", StringComparison.Ordinal)
                        || method.Name == "OpenRead" || method.Name == "OpenWrite"))
                    what = "HTTP";
                else if (method.ContainingType.IsType(file) && FileMethods.Contains(method.Name)) what = "file";
                if (what == null) return;

                // Only where an async counterpart exists on the same type (WebClient: the *TaskAsync methods).
                string? asyncName = AsyncCounterparts.Find(method);
                if (asyncName == null) return;

                string? where = AsyncContext.Describe(invocation, operationContext.ContainingSymbol, requestPaths, rule.Services.CallSites, rule.Types);
                if (where == null) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, what, where, asyncName);
            }, OperationKind.Invocation);
        }
    }
}

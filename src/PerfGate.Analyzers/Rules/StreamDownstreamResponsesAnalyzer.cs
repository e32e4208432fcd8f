using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata DownstreamResponseBufferedBeforeStreaming = new RuleMetadata
        {
            Id = RuleIdentifiers.DownstreamResponseBufferedBeforeStreaming,
            Title = "Downstream response buffered whole before it is streamed on",
            MessageFormat = "'{0}' reads the whole response body into memory before it returns (HttpCompletionOption.ResponseContentRead is the default), "
                + "yet the body is only streamed on ('{1}'); pass HttpCompletionOption.ResponseHeadersRead so it flows through as it arrives",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`HttpClient.GetAsync`, `SendAsync` and `Send` without an `HttpCompletionOption` complete only when the whole body has been read into "
                + "a buffer. Code that then takes the body as a stream and passes it on (a proxied video returned as a `FileStreamResult`, a download copied "
                + "to a file or to the response) gains nothing from the stream: a 2 GB download costs 2 GB of memory per concurrent request, and the first "
                + "byte reaches the client only after the last byte has arrived. With `HttpCompletionOption.ResponseHeadersRead` the call returns after the "
                + "headers and the body streams through in small buffers.",
            Flags = new[]
            {
                "`HttpClient.GetAsync(uri[, token])`, `SendAsync(request[, token])` and `Send(request[, token])` (the overloads without "
                    + "`HttpCompletionOption`) whose response, kept in a local, has its `Content` read as a stream (`ReadAsStream`, `ReadAsStreamAsync`) or "
                    + "copied (`Content.CopyTo[Async]`), when that stream is passed on: copied to another stream (`CopyTo[Async]`), handed to a file result "
                    + "(`new FileStreamResult(...)`, `File(stream, ...)`, `Results.Stream`/`Results.File`, `TypedResults.Stream`/`File`), returned, or "
                    + "given to an `Upload*` method",
            },
            Ignores = new[]
            {
                "calls that pass any `HttpCompletionOption` (`ResponseHeadersRead` is the fix; an explicit `ResponseContentRead` is a choice)",
                "responses whose content is also read whole (`ReadAsStringAsync`, `ReadAsByteArrayAsync`, `ReadFromJsonAsync`, `LoadIntoBufferAsync`) or "
                    + "whose stream is parsed in place (`JsonSerializer.DeserializeAsync(stream)`, a `StreamReader`): small documents, and the whole body is "
                    + "needed anyway",
                "responses and contents that leave the method (returned, stored, passed to another method): where their body goes is not seen",
                "`GetByteArrayAsync`/`GetStringAsync` and bodies read into a `byte[]` or `string` and then written on: whether the body is large is not "
                    + "provable from the call (covers and icons are small)",
                "code run rarely: handlers whose action or controller carries `[Authorize(Roles/Policy = ...)]` naming an admin or host role (a package "
                    + "install), private helpers only those call, test methods and `catch` clauses",
            },
            Fix = "Pass `HttpCompletionOption.ResponseHeadersRead`: `using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, "
                + "ct);` (or `SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct)`), then stream the body: `await using var body = await "
                + "response.Content.ReadAsStreamAsync(ct); await body.CopyToAsync(target, ct);`. Dispose the response when the copy is done (for a "
                + "`FileStreamResult`, register it with `HttpContext.Response.RegisterForDispose(response)`).",
            FlaggedExample = "public async Task<IActionResult> Proxy(string id, CancellationToken ct)\n"
                + "{\n"
                + "    var response = await _http.GetAsync($\"videos/{id}\", ct);\n"
                + "    var body = await response.Content.ReadAsStreamAsync(ct);\n"
                + "    return new FileStreamResult(body, \"video/mp4\");\n"
                + "}",
            FixedExample = "public async Task<IActionResult> Proxy(string id, CancellationToken ct)\n"
                + "{\n"
                + "    var response = await _http.GetAsync($\"videos/{id}\", HttpCompletionOption.ResponseHeadersRead, ct);\n"
                + "    HttpContext.Response.RegisterForDispose(response);\n"
                + "    var body = await response.Content.ReadAsStreamAsync(ct);\n"
                + "    return new FileStreamResult(body, \"video/mp4\");\n"
                + "}",
            Tags = new[] { "performance", "memory", "http", "media" },
        };
    }

    /// <summary>
    /// PG4007: <c>HttpClient.GetAsync/SendAsync/Send</c> with the default <c>ResponseContentRead</c> whose body the method only takes as a
    /// stream and passes on (a file result, a copy to another stream): the whole body was buffered for nothing.
    /// </summary>
    public sealed class StreamDownstreamResponsesAnalyzer : PerfGateRule
    {
        private static readonly string[] ResultHelpers = { "File", "Stream" };

        public StreamDownstreamResponsesAnalyzer()
            : base(RequestHandlingRules.DownstreamResponseBufferedBeforeStreaming)
        {
        }

        internal override void Start(RuleContext rule)
        {
            INamedTypeSymbol? httpClient = rule.Types.HttpClient;
            INamedTypeSymbol? completionOption = rule.Types.HttpCompletionOption;
            INamedTypeSymbol? content = rule.Types.HttpContent;
            INamedTypeSymbol? stream = rule.Types.Stream;
            if (httpClient == null || completionOption == null || content == null || stream == null) return;
            var sinks = new Sinks(rule.Types, stream);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name != "GetAsync" && method.Name != "SendAsync" && method.Name != "Send") return;
                if (!method.ContainingType.InheritsFromOrEquals(httpClient)) return;
                if (method.Parameters.Any(p => p.Type.IsType(completionOption))) return;

                ILocalSymbol? response = ResponseLocal(invocation);
                if (response == null) return;
                string? sink = StreamedOnlyTo(invocation.OperationRoot(), response, content, sinks);
                if (sink == null) return;
                if (AdminOnlyCode.IsRarelyRun(invocation, operationContext.ContainingSymbol, rule.Services.CallSites)) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, sink);
            }, OperationKind.Invocation);
        }

        /// <summary>The local the (awaited) response is kept in: <c>var r = await http.GetAsync(...)</c>, <c>r = http.Send(...)</c>.</summary>
        private static ILocalSymbol? ResponseLocal(IInvocationOperation invocation)
        {
            IOperation value = invocation;
            while (value.Parent is IConversionOperation || value.Parent is IAwaitOperation
                || (value.Parent is IInvocationOperation { TargetMethod: { Name: "ConfigureAwait" } } configure && ReferenceEquals(configure.Instance, value)))
                value = value.Parent;
            switch (value.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return declarator.Symbol;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when ReferenceEquals(assignment.Value, value):
                    return target.Local;
                default:
                    return null;
            }
        }

        /// <summary>
        /// Where the response's body goes when every use of the response only reads its status and headers or takes its content as a stream
        /// that is passed on; null when the body is read whole, parsed, or the response leaves the method.
        /// </summary>
        private static string? StreamedOnlyTo(IOperation root, ILocalSymbol response, INamedTypeSymbol content, Sinks sinks)
        {
            string? sink = null;
            foreach (ILocalReferenceOperation reference in root.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Local, response)) continue;
                IOperation use = Outer(reference);
                if (use.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, use)) continue; // the assignment itself
                if (use.Parent is IUsingOperation || use.Parent is IUsingDeclarationOperation) continue;
                switch (use.Parent)
                {
                    case IPropertyReferenceOperation { Property: { Name: "Content" } } contentProperty:
                        IOperation contentUse = Outer(contentProperty);
                        if (contentUse.Parent is IPropertyReferenceOperation { Property: { Name: "Headers" } }) continue;
                        if (!(contentUse.Parent is IInvocationOperation call) || !ReferenceEquals(call.Instance, contentUse)
                            || !call.TargetMethod.ContainingType.InheritsFromOrEquals(content))
                            return null; // the content is passed somewhere
                        string name = call.TargetMethod.Name;
                        if (name == "CopyTo" || name == "CopyToAsync")
                        {
                            sink ??= "Content." + name;
                            continue;
                        }

                        if (name != "ReadAsStream" && name != "ReadAsStreamAsync") return null; // read whole, or buffered on purpose
                        string? passedTo = sinks.PassedOn(call);
                        if (passedTo == null) return null;
                        sink ??= passedTo;
                        continue;
                    case IPropertyReferenceOperation _:
                        continue; // StatusCode, IsSuccessStatusCode, Headers, ReasonPhrase
                    case IInvocationOperation responseCall when ReferenceEquals(responseCall.Instance, use):
                        if (responseCall.TargetMethod.Name == "EnsureSuccessStatusCode" || responseCall.TargetMethod.Name == "Dispose") continue;
                        return null;
                    case IBinaryOperation _:
                    case IIsPatternOperation _:
                        continue; // response == null, response is { }
                    default:
                        return null; // returned, stored, passed on: where the body goes is not seen here
                }
            }

            return sink;
        }

        private static IOperation Outer(IOperation operation)
        {
            while (operation.Parent is IConversionOperation || operation.Parent is IAwaitOperation
                || (operation.Parent is IInvocationOperation { TargetMethod: { Name: "ConfigureAwait" } } configure
                    && ReferenceEquals(configure.Instance, operation)))
                operation = operation.Parent;
            return operation;
        }

        /// <summary>Where a body stream is handed on without being read here: another stream, a file result, the caller, an upload.</summary>
        private sealed class Sinks
        {
            private readonly WellKnownTypes _types;
            private readonly INamedTypeSymbol _stream;

            public Sinks(WellKnownTypes types, INamedTypeSymbol stream)
            {
                _types = types;
                _stream = stream;
            }

            /// <summary>The sink of the stream <paramref name="read"/> returns (directly, or through a local), or null.</summary>
            public string? PassedOn(IInvocationOperation read)
            {
                IOperation value = Outer(read);
                string? direct = Sink(value);
                if (direct != null) return direct;
                ILocalSymbol? local = value.Parent switch
                {
                    IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                    _ => null,
                };
                if (local == null) return null;

                string? sink = null;
                foreach (ILocalReferenceOperation reference in read.OperationRoot().Descendants().OfType<ILocalReferenceOperation>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
                    IOperation use = Outer(reference);
                    if (use.Parent is IUsingOperation || use.Parent is IUsingDeclarationOperation) continue;
                    if (use.Parent is IBinaryOperation || use.Parent is IIsPatternOperation) continue;
                    if (use.Parent is IPropertyReferenceOperation) continue; // Length, CanSeek
                    if (use.Parent is IInvocationOperation { TargetMethod: { Name: "Dispose" or "DisposeAsync" } }) continue;
                    string? found = Sink(use);
                    if (found != null)
                    {
                        sink ??= found;
                        continue;
                    }

                    // Read into bytes in another branch (stream.ToBytes()): that branch needs the whole body anyway; the streaming one does not.
                    IInvocationOperation? other = use.Parent as IInvocationOperation
                        ?? (use.Parent is IArgumentOperation { Parent: IInvocationOperation extension } && extension.TargetMethod.IsExtensionMethod
                            ? extension : null);
                    if (other != null && other.GetReceiver() is { } receiver && ReferenceEquals(Outer(receiver), use)
                        && !other.TargetMethod.Name.StartsWith("Read", StringComparison.Ordinal)
                        && other.TargetMethod.ContainingType.SpecialType == SpecialType.None
                        && !other.TargetMethod.ContainingType.InheritsFromOrEquals(_stream))
                        continue;
                    return null;
                }

                return sink;
            }

            private string? Sink(IOperation value)
            {
                switch (value.Parent)
                {
                    case IReturnOperation _:
                        return "returned";
                    case IInvocationOperation call when ReferenceEquals(call.Instance, value)
                        && (call.TargetMethod.Name == "CopyTo" || call.TargetMethod.Name == "CopyToAsync"):
                        return "Stream." + call.TargetMethod.Name;
                    case IArgumentOperation argument:
                        switch (argument.Parent)
                        {
                            case IObjectCreationOperation creation when creation.Type.InheritsFromOrEquals(_types.MvcFileResult):
                                return "new " + creation.Type!.Name;
                            case IInvocationOperation call:
                                IMethodSymbol method = call.TargetMethod;
                                INamedTypeSymbol type = method.ContainingType;
                                if (Array.IndexOf(ResultHelpers, method.Name) >= 0
                                    && (type.IsType(_types.ControllerBase) || type.IsType(_types.Results) || type.IsType(_types.TypedResults)))
                                    return method.Name;
                                if (method.Name.StartsWith("Upload", StringComparison.Ordinal)) return method.Name;
                                return null;
                            default:
                                return null;
                        }

                    default:
                        return null;
                }
            }
        }
    }
}

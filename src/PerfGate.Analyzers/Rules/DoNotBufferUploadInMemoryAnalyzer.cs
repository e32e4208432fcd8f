using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata UploadBufferedInMemory = new RuleMetadata
        {
            Id = RuleIdentifiers.UploadBufferedInMemory,
            Title = "Whole upload or request body buffered in memory",
            MessageFormat = "'{0}' copies {1} into a MemoryStream: the whole upload sits in memory (and on the large object heap) for the length of the "
                + "request; stream it to its destination instead",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "An upload copied into a `MemoryStream` is held whole in memory: a 200 MB video becomes 200 MB (and, as the stream grows, several "
                + "copies) on the large object heap, per concurrent request. Stream it where it goes (a `FileStream`, blob storage's upload-from-stream, the "
                + "processing step) with `CopyToAsync`, or bound it first.",
            Flags = new[]
            {
                "`IFormFile.CopyTo`/`CopyToAsync(target)` whose target is a `MemoryStream`",
                "`IFormFile.OpenReadStream().CopyTo[Async](target)` and `HttpRequest.Body.CopyTo[Async](target)` whose target is a `MemoryStream`",
            },
            Ignores = new[]
            {
                "methods that compare the file's `Length` (or `HttpRequest.ContentLength`) with anything before copying: the size is bounded on purpose (an "
                    + "avatar, a small CSV)",
                "targets that are not proven to be a `MemoryStream` (a `Stream` parameter or field, a `FileStream`, a blob stream)",
                "`ReadAsByteArrayAsync`/`ReadAsStringAsync`/`File.ReadAllBytes` (whether the size is bounded is not provable from the call; see PG4006 for "
                    + "files served from a byte array)",
            },
            Fix = "Stream to the destination: `await using var target = File.Create(path); await file.CopyToAsync(target, ct);` or `await "
                + "blobClient.UploadAsync(file.OpenReadStream(), ct);`; if the bytes are truly needed, check `file.Length` against a limit first.",
            FlaggedExample = "using var buffer = new MemoryStream();\n"
                + "await file.CopyToAsync(buffer);\n"
                + "await storage.SaveAsync(file.FileName, buffer.ToArray());",
            FixedExample = "await using var source = file.OpenReadStream();\n"
                + "await storage.SaveAsync(file.FileName, source);   // streams end to end",
            Tags = new[] { "performance", "memory", "uploads", "aspnetcore" },
        };
    }

    /// <summary>PG4002: an uploaded file or the request body copied whole into a <c>MemoryStream</c>.</summary>
    public sealed class DoNotBufferUploadInMemoryAnalyzer : PerfGateRule
    {
        public DoNotBufferUploadInMemoryAnalyzer()
            : base(RequestHandlingRules.UploadBufferedInMemory)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? formFile = rule.Types.IFormFile;
            INamedTypeSymbol? httpRequest = rule.Types.HttpRequest;
            INamedTypeSymbol? stream = rule.Types.Stream;
            INamedTypeSymbol? memoryStream = rule.Types.MemoryStream;
            if (formFile == null || memoryStream == null) return;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name != "CopyTo" && method.Name != "CopyToAsync") return;

                string source;
                IOperation? receiver = invocation.Instance?.WithoutConversions();
                if (method.ContainingType.IsType(formFile) || (receiver?.Type).InheritsFromOrEquals(formFile) || (receiver?.Type).IsOrImplements(formFile))
                {
                    source = "the uploaded file";
                }
                else if (method.ContainingType.InheritsFromOrEquals(stream) && receiver != null)
                {
                    if (receiver is IInvocationOperation open && open.TargetMethod.Name == "OpenReadStream"
                        && open.TargetMethod.ContainingType.IsOrImplements(formFile))
                        source = "the uploaded file";
                    else if (receiver is IPropertyReferenceOperation body && body.Property.Name == "Body"
                        && body.Property.ContainingType.InheritsFromOrEquals(httpRequest))
                        source = "the request body";
                    else
                        return;
                }
                else
                {
                    return;
                }

                IArgumentOperation? target = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                if (target == null || !target.Value.WithoutConversions().Type.InheritsFromOrEquals(memoryStream)) return;
                if (IsBounded(invocation, formFile, httpRequest)) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax),
                    MemberName(operationContext.ContainingSymbol), source);
            }, OperationKind.Invocation);
        }

        /// <summary>The method reads <c>IFormFile.Length</c> or <c>HttpRequest.ContentLength</c>: the size is checked on purpose.</summary>
        private static bool IsBounded(IOperation operation, INamedTypeSymbol formFile, INamedTypeSymbol? httpRequest)
        {
            IOperation root = operation.OperationRoot();
            return root.Descendants().OfType<IPropertyReferenceOperation>().Any(property =>
                (property.Property.Name == "Length" && property.Property.ContainingType.IsOrImplements(formFile))
                || (property.Property.Name == "ContentLength" && property.Property.ContainingType.InheritsFromOrEquals(httpRequest)));
        }

        private static string MemberName(ISymbol symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner && inner.ContainingSymbol != null)
            {
                if (inner.MethodKind == MethodKind.LocalFunction) return inner.Name;
                symbol = inner.ContainingSymbol;
            }

            if (symbol is IMethodSymbol { AssociatedSymbol: { } associated }) symbol = associated;
            return symbol.Name == "<Main>$" ? "top-level statements" : symbol.Name;
        }
    }
}

using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata LargeFileServedFromByteArray = new RuleMetadata
        {
            Id = RuleIdentifiers.LargeFileServedFromByteArray,
            Title = "File served from a byte array read whole",
            MessageFormat = "'{0}' serves a file read whole into memory by '{1}': every download allocates the file's size (large object heap) and cannot "
                + "serve ranges; return PhysicalFile(path, type, enableRangeProcessing: true) or a FileStream result",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "`File.ReadAllBytes` + `File(bytes, type)` loads the whole file per request before the first byte is sent: a 500 MB video is 500 MB "
                + "per concurrent download, and byte-range requests (seeking in a video player, resumed downloads) cannot be served. "
                + "`PhysicalFile`/`Results.File(path)` and stream results send the file in chunks and support ranges (`enableRangeProcessing: true`).",
            Flags = new[]
            {
                "`ControllerBase.File(byte[], ...)`, `Results.File(byte[], ...)`, `TypedResults.File(byte[], ...)` whose bytes come from "
                    + "`File.ReadAllBytes`/`ReadAllBytesAsync`, directly or through a local assigned only from that call",
            },
            Ignores = new[]
            {
                "byte arrays from anywhere else (generated content such as a PDF or a thumbnail built in memory, a cache, a database column): they already "
                    + "exist in memory",
                "`File(stream, ...)`, `PhysicalFile`, `Results.File(path)` and `Results.Stream`",
            },
            Fix = "Serve the file from disk: `return PhysicalFile(path, \"video/mp4\", enableRangeProcessing: true);` or `Results.File(path, \"video/mp4\", "
                + "enableRangeProcessing: true)`; for a stream source, `File(stream, type, enableRangeProcessing: true)`.",
            FlaggedExample = "public IActionResult Download(string name)\n"
                + "{\n"
                + "    var bytes = System.IO.File.ReadAllBytes(Path.Combine(_root, name));\n"
                + "    return File(bytes, \"video/mp4\");\n"
                + "}",
            FixedExample = "public IActionResult Download(string name) =>\n"
                + "    PhysicalFile(Path.Combine(_root, name), \"video/mp4\", enableRangeProcessing: true);",
            Tags = new[] { "performance", "memory", "media", "aspnetcore" },
        };
    }

    /// <summary>PG4006: <c>File(bytes, ...)</c> results whose bytes come from <c>File.ReadAllBytes[Async]</c>.</summary>
    public sealed class ServeFilesWithoutReadingThemWholeAnalyzer : PerfGateRule
    {
        public ServeFilesWithoutReadingThemWholeAnalyzer()
            : base(RequestHandlingRules.LargeFileServedFromByteArray)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? controllerBase = rule.Types.ControllerBase;
            INamedTypeSymbol? results = rule.Types.Results;
            INamedTypeSymbol? typedResults = rule.Types.TypedResults;
            INamedTypeSymbol? file = rule.Types.File;
            if (file == null || (controllerBase == null && results == null && typedResults == null)) return;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name != "File" || method.Parameters.Length == 0) return;
                if (!(method.Parameters[0].Type is IArrayTypeSymbol { ElementType: { SpecialType: SpecialType.System_Byte } })) return;
                INamedTypeSymbol type = method.ContainingType;
                if (!type.IsType(controllerBase) && !type.IsType(results) && !type.IsType(typedResults)) return;

                IArgumentOperation? bytes = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition,
                    method.Parameters[0].OriginalDefinition) || a.Parameter?.Ordinal == 0);
                if (bytes == null) return;
                string? reader = ReadWholeFile(bytes.Value, file);
                if (reader == null) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, "File." + reader);
            }, OperationKind.Invocation);
        }

        /// <summary><c>File.ReadAllBytes[Async]</c> directly, awaited, or through a local assigned only from it.</summary>
        private static string? ReadWholeFile(IOperation value, INamedTypeSymbol file)
        {
            value = value.WithoutConversions();
            string? direct = ReaderName(value, file);
            if (direct != null) return direct;
            if (!(value is ILocalReferenceOperation reference)) return null;

            IOperation root = value.OperationRoot();
            string? found = null;
            foreach (IOperation operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        if (declarator.Initializer == null) break;
                        found = ReaderName(declarator.Initializer.Value.WithoutConversions(), file);
                        if (found == null) return null;
                        break;
                    case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                                                            && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                        string? assigned = assignment is ISimpleAssignmentOperation ? ReaderName(assignment.Value.WithoutConversions(), file) : null;
                        if (assigned == null) return null;
                        found = assigned;
                        break;
                    case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref
                                                         && argument.Value is ILocalReferenceOperation byRef
                                                         && SymbolEqualityComparer.Default.Equals(byRef.Local, reference.Local):
                        return null;
                }
            }

            return found;
        }

        private static string? ReaderName(IOperation value, INamedTypeSymbol file)
        {
            if (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
            if (value is IInvocationOperation call && call.TargetMethod.ContainingType.IsType(file)
                && (call.TargetMethod.Name == "ReadAllBytes" || call.TargetMethod.Name == "ReadAllBytesAsync"))
                return call.TargetMethod.Name;
            return null;
        }
    }
}

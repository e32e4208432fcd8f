using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Proves that a value is a lazy sequence that reads the file system each time it is enumerated: the BCL's streaming listings
    /// (<c>Directory.EnumerateFiles</c>, <c>DirectoryInfo.EnumerateFileSystemInfos</c>, <c>File.ReadLines</c>, ...), deferred LINQ to
    /// objects over one (<c>Where</c>, <c>Select</c>, <c>OrderBy</c>, ...), a local every assignment of which is one, or a call of a source
    /// method returning <c>IEnumerable</c> whose every implementation returns one (followed through the arguments it passes on:
    /// <c>ToMetadata(files)</c> returning <c>files.Select(...)</c>). Iterators, collections and anything unseen are no proof.
    /// One instance per compilation: the per-method answers are cached.
    /// </summary>
    internal sealed class LazyIoSequences
    {
        private const int MaxDepth = 5;

        private static readonly ConditionalWeakTable<Compilation, LazyIoSequences> s_instances = new ConditionalWeakTable<Compilation, LazyIoSequences>();

        private static readonly HashSet<string> DirectoryListings = EfApi.Set(
            "EnumerateFiles", "EnumerateDirectories", "EnumerateFileSystemEntries", "EnumerateFileSystemInfos");

        /// <summary>LINQ to objects operators that defer: enumerating their result enumerates the source again.</summary>
        private static readonly HashSet<string> DeferredOperators = EfApi.Set(
            "Where", "Select", "SelectMany", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Skip", "Take", "SkipWhile", "TakeWhile",
            "Distinct", "DistinctBy", "Cast", "OfType", "Reverse", "Concat", "Append", "Prepend", "DefaultIfEmpty", "Order", "OrderDescending");

        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly ConcurrentDictionary<(IMethodSymbol, string), bool> _returns = new ConcurrentDictionary<(IMethodSymbol, string), bool>();

        private LazyIoSequences(Compilation compilation)
        {
            _compilation = compilation;
            _enumerable = WellKnownTypes.For(compilation).Enumerable;
        }

        public static LazyIoSequences For(Compilation compilation) => s_instances.GetValue(compilation, c => new LazyIoSequences(c));

        /// <summary>The value is a lazy sequence that lists a folder or reads a file each time it is enumerated.</summary>
        public bool IsLazyIo(IOperation value) => IsLazyIo(value, null, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

        /// <summary><paramref name="lazyParameters"/>: in a callee, the parameters whose argument is a lazy I/O sequence.</summary>
        private bool IsLazyIo(IOperation value, HashSet<IParameterSymbol>? lazyParameters, int depth, HashSet<ILocalSymbol> visiting)
        {
            value = value.WithoutConversions();
            switch (value)
            {
                case IParameterReferenceOperation parameter:
                    return lazyParameters != null && lazyParameters.Contains(parameter.Parameter.OriginalDefinition);
                case ILocalReferenceOperation local:
                    return LocalIsLazyIo(local, lazyParameters, depth, visiting);
                case IInvocationOperation call:
                    return CallIsLazyIo(call, lazyParameters, depth, visiting);
                default:
                    return false;
            }
        }

        private bool CallIsLazyIo(IInvocationOperation call, HashSet<IParameterSymbol>? lazyParameters, int depth, HashSet<ILocalSymbol> visiting)
        {
            IMethodSymbol method = call.TargetMethod;
            string? ns = method.ContainingNamespace?.ToDisplayString();
            if (ns == "System.IO")
            {
                string type = method.ContainingType.Name;
                return (type == "Directory" || type == "DirectoryInfo") && DirectoryListings.Contains(method.Name)
                    || type == "File" && method.Name == "ReadLines";
            }

            if (method.ContainingType.IsType(_enumerable))
            {
                if (!DeferredOperators.Contains(method.Name)) return false;
                IOperation? source = call.GetReceiver();
                return source != null && IsLazyIo(source, lazyParameters, depth, visiting);
            }

            if (depth >= MaxDepth || !ReturnsInterfaceSequence(method)) return false;
            IoSummaries summaries = IoSummaries.For(_compilation);
            ImmutableArray<IMethodSymbol> targets = summaries.DispatchTargets(IoSummaries.Normalize(method), call.Instance);
            if (targets.IsEmpty) return false;
            // Which arguments are lazy I/O here: the callee may return them (composed) and nothing else.
            var lazyArguments = new HashSet<int>();
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter != null && argument.ArgumentKind == ArgumentKind.Explicit
                    && IsLazyIo(argument.Value, lazyParameters, depth, visiting))
                    lazyArguments.Add(argument.Parameter.Ordinal);
            }

            foreach (IMethodSymbol target in targets)
            {
                if (!Returns(target, lazyArguments, depth + 1)) return false;
            }

            return true;
        }

        private bool LocalIsLazyIo(ILocalReferenceOperation local, HashSet<IParameterSymbol>? lazyParameters, int depth, HashSet<ILocalSymbol> visiting)
        {
            if (local.Local.IsRef) return false;
            if (!visiting.Add(local.Local)) return true; // files = files.Where(...): the other assignments decide
            bool assigned = false;
            foreach (IOperation value in LocalDefinitions.Of(local))
            {
                assigned = true;
                if (!IsLazyIo(value, lazyParameters, depth, visiting)) return false;
            }

            return assigned;
        }

        /// <summary>Every return of the method's body is lazy I/O, given which parameters receive lazy I/O; not an iterator.</summary>
        private bool Returns(IMethodSymbol method, HashSet<int> lazyArguments, int depth)
        {
            var key = (method, string.Join(",", lazyArguments));
            if (_returns.TryGetValue(key, out bool cached)) return cached;
            bool result = ComputeReturns(method, lazyArguments, depth);
            // A false answer may come from the depth limit: keep only answers found with room to spare.
            return result || depth <= 1 ? _returns.GetOrAdd(key, result) : result;
        }

        private bool ComputeReturns(IMethodSymbol method, HashSet<int> lazyArguments, int depth)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty) return false;
            var lazyParameters = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            foreach (int ordinal in lazyArguments)
            {
                if (ordinal < method.Parameters.Length) lazyParameters.Add(method.Parameters[ordinal].OriginalDefinition);
            }

            bool returns = false;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // The callee's body lives outside the analyzed method; inside the compiler the cached model is returned.
                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                IOperation? body = model.GetOperation(syntax);
                if (body == null) return false;
                foreach (IOperation node in body.Descendants())
                {
                    if (!(node is IReturnOperation returned) || InsideFunction(returned, body)) continue;
                    if (returned.Kind == OperationKind.YieldReturn || returned.Kind == OperationKind.YieldBreak) return false;
                    if (returned.ReturnedValue == null
                        || !IsLazyIo(returned.ReturnedValue, lazyParameters, depth, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)))
                        return false;
                    returns = true;
                }
            }

            return returns;
        }

        private static bool InsideFunction(IOperation operation, IOperation body)
        {
            for (IOperation? current = operation.Parent; current != null && !ReferenceEquals(current, body); current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation) return true;
            }

            return false;
        }

        /// <summary>Declared to return <c>IEnumerable&lt;T&gt;</c> itself (a collection type would be materialized).</summary>
        private static bool ReturnsInterfaceSequence(IMethodSymbol method) =>
            method.ReturnType.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Summaries recorded by referenced projects (see <see cref="IoSummaryGenerator"/>): each project
    /// built with PerfGate carries <c>[assembly: AssemblyMetadata("PerfGate.IoSummary", "...")]</c>
    /// entries, one per method and kind, that downstream compilations read from the reference.
    /// Value format: <c>v1|kind|isDispatch|documentationCommentId|hop → hop → ...</c>.
    /// </summary>
    internal sealed class ReferencedIoSummaries
    {
        public const string MetadataKey = "PerfGate.IoSummary";
        public const string Version = "v1";
        public const string Separator = " \u2192 ";

        private static readonly Dictionary<string, MethodIoSummary> None = new Dictionary<string, MethodIoSummary>(StringComparer.Ordinal);

        // Read per assembly on first question: a web app references ~300 assemblies, and decoding every one's
        // attributes up front cost more than all lookups together; a loop body calls into a handful of them.
        private readonly ConcurrentDictionary<IAssemblySymbol, Dictionary<string, MethodIoSummary>> _byAssembly =
            new ConcurrentDictionary<IAssemblySymbol, Dictionary<string, MethodIoSummary>>(SymbolEqualityComparer.Default);

        private readonly Func<IAssemblySymbol, Dictionary<string, MethodIoSummary>> _read = ReadAssembly;
        private readonly IAssemblySymbol _compiled;

        /// <param name="compiled">The assembly being compiled: its own summaries are computed, not read.</param>
        public ReferencedIoSummaries(IAssemblySymbol compiled) => _compiled = compiled;

        private static Dictionary<string, MethodIoSummary> ReadAssembly(IAssemblySymbol assembly)
        {
            Dictionary<string, MethodIoSummary>? byId = null;
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "AssemblyMetadataAttribute" || attribute.ConstructorArguments.Length != 2) continue;
                if (!(attribute.ConstructorArguments[0].Value is string key) || key != MetadataKey) continue;
                if (!(attribute.ConstructorArguments[1].Value is string value)) continue;
                string[] parts = value.Split(new[] { '|' }, 5);
                if (parts.Length != 5 || parts[0] != Version) continue;
                IoKind kind = IoKinds.Parse(parts[1]);
                if (kind == IoKind.None) continue;
                bool isDispatch = parts[2] == "1";
                ImmutableArray<IoHop> chain = parts[4].Split(new[] { Separator }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(hop => new IoHop(hop, null)).ToImmutableArray();

                byId ??= new Dictionary<string, MethodIoSummary>(StringComparer.Ordinal);
                byId.TryGetValue(parts[3], out MethodIoSummary? existing);
                IoKind kinds = (existing?.Kinds ?? IoKind.None) | kind;
                ImmutableDictionary<IoKind, ImmutableArray<IoHop>> chains =
                    (existing?.Chains ?? ImmutableDictionary<IoKind, ImmutableArray<IoHop>>.Empty).SetItem(kind, chain);
                byId[parts[3]] = new MethodIoSummary(kinds, chains, ImmutableArray<IMethodSymbol>.Empty, isDispatch);
            }

            return byId ?? None;
        }

        /// <summary>The summary the method's own assembly recorded for it (the generator records only its own methods).</summary>
        public MethodIoSummary Find(IMethodSymbol method)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            IAssemblySymbol? assembly = definition.ContainingAssembly;
            if (assembly == null || SymbolEqualityComparer.Default.Equals(assembly, _compiled)) return MethodIoSummary.Empty;
            Dictionary<string, MethodIoSummary> byId = _byAssembly.GetOrAdd(assembly, _read);
            if (byId.Count == 0) return MethodIoSummary.Empty;
            string? id = definition.GetDocumentationCommentId();
            return id != null && byId.TryGetValue(id, out MethodIoSummary? summary) ? summary : MethodIoSummary.Empty;
        }

        public static string Format(IoKind kind, bool isDispatch, string documentationId, IEnumerable<string> hops) =>
            Version + "|" + IoKinds.Name(kind) + "|" + (isDispatch ? "1" : "0") + "|" + documentationId + "|" + string.Join(Separator, hops);
    }
}

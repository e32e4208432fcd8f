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
    /// Value format: <c>v1|kind|isDispatch|documentationCommentId|hop → hop → ...</c>, where a kind done only on a cache miss reads
    /// <c>database@miss:0;2</c> (the parameters its cache key is made of; a reader that predates it skips the entry, which only silences).
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
                if (!(attribute.ConstructorArguments[0].ScalarValue() is string key) || key != MetadataKey) continue;
                if (!(attribute.ConstructorArguments[1].ScalarValue() is string value)) continue;
                string[] parts = value.Split(new[] { '|' }, 5);
                if (parts.Length != 5 || parts[0] != Version) continue;
                int miss = parts[1].IndexOf(MissMarker, StringComparison.Ordinal);
                IoKind kind = IoKinds.Parse(miss < 0 ? parts[1] : parts[1].Substring(0, miss));
                if (kind == IoKind.None) continue;
                ImmutableArray<int>? missKeys = miss < 0 ? null : ParseKeys(parts[1].Substring(miss + MissMarker.Length));
                bool isDispatch = parts[2] == "1";
                ImmutableArray<IoHop> chain = parts[4].Split(new[] { Separator }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(hop => new IoHop(hop, null)).ToImmutableArray();

                byId ??= new Dictionary<string, MethodIoSummary>(StringComparer.Ordinal);
                byId.TryGetValue(parts[3], out MethodIoSummary? existing);
                IoKind kinds = (existing?.Kinds ?? IoKind.None) | kind;
                ImmutableDictionary<IoKind, ImmutableArray<IoHop>> chains =
                    (existing?.Chains ?? ImmutableDictionary<IoKind, ImmutableArray<IoHop>>.Empty).SetItem(kind, chain);
                ImmutableDictionary<IoKind, ImmutableArray<int>> misses = existing?.MissKeys ?? ImmutableDictionary<IoKind, ImmutableArray<int>>.Empty;
                misses = missKeys.HasValue ? misses.SetItem(kind, missKeys.Value) : misses.Remove(kind);
                byId[parts[3]] = new MethodIoSummary(kinds, chains, ImmutableArray<IMethodSymbol>.Empty, isDispatch, misses);
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

        public static string Format(IoKind kind, bool isDispatch, string documentationId, IEnumerable<string> hops, ImmutableArray<int>? missKeys = null) =>
            Version + "|" + IoKinds.Name(kind) + (missKeys.HasValue ? MissMarker + string.Join(";", missKeys.Value) : "") + "|" + (isDispatch ? "1" : "0")
            + "|" + documentationId + "|" + string.Join(Separator, hops);

        /// <summary>After the kind: the I/O happens only on a cache miss, keyed by the parameters that follow.</summary>
        public const string MissMarker = "@miss:";

        private static ImmutableArray<int>? ParseKeys(string text)
        {
            var keys = ImmutableArray.CreateBuilder<int>();
            foreach (string part in text.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int key))
                    return ImmutableArray.Create(IoSummaries.UnknownKey); // unreadable: the key may change on every call
                keys.Add(key);
            }

            return keys.ToImmutable();
        }
    }
}

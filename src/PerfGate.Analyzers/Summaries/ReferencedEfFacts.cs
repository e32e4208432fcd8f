using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// EF Core facts recorded by referenced projects built with PerfGate (<see cref="EfFactsRecorder"/>), one
    /// <c>[assembly: AssemblyMetadata("PerfGate.EfFacts", "v1|kind|subject|data")]</c> each:
    /// <list type="bullet">
    /// <item><c>query|M:...Repository`1.Query|whole</c>: what a method of that project returns (<see cref="ReturnedQuery"/>);</item>
    /// <item><c>implements|M:...IRepository`1.Query|whole</c>: what that project's implementation of another assembly's member returns;</item>
    /// <item>model facts of the contexts declared there (entities, indexes, lazy loading, <c>AutoInclude</c>): see <see cref="EfModelFacts"/>.</item>
    /// </list>
    /// Read per assembly on first question; the scan over every referenced project happens only when a question needs it.
    /// </summary>
    internal sealed class ReferencedEfFacts
    {
        public const string MetadataKey = "PerfGate.EfFacts";
        public const string Version = "v1";

        private static readonly Dictionary<string, List<string>> None = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IAssemblySymbol, Dictionary<string, List<string>>> _byAssembly =
            new ConcurrentDictionary<IAssemblySymbol, Dictionary<string, List<string>>>(SymbolEqualityComparer.Default);
        private readonly Func<IAssemblySymbol, Dictionary<string, List<string>>> _read = ReadAssembly;
        private readonly Lazy<List<IAssemblySymbol>> _recording;

        public ReferencedEfFacts(Compilation compilation)
        {
            _compilation = compilation;
            _recording = new Lazy<List<IAssemblySymbol>>(FindRecordingAssemblies, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The value format: <c>v1|kind|subject|data</c> (data may contain '|').</summary>
        public static string Format(string kind, string subject, string data) => Version + "|" + kind + "|" + subject + "|" + data;

        /// <summary>What the method's own (referenced) assembly recorded it returns; unknown when nothing was recorded.</summary>
        public ReturnedQuery Returned(IMethodSymbol method)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            string? id = definition.GetDocumentationCommentId();
            if (id == null || definition.ContainingAssembly == null) return ReturnedQuery.Unknown;
            List<string>? values = Values(definition.ContainingAssembly, "query", id);
            return values == null || values.Count != 1 ? ReturnedQuery.Unknown : ReturnedQuery.Parse(values[0]);
        }

        /// <summary>
        /// A member of a referenced assembly dispatched to implementations elsewhere: what its own assembly recorded (over its
        /// implementations) joined with what every referenced project implementing it recorded; null when nobody recorded anything.
        /// </summary>
        public ReturnedQuery? ReturnedByImplementations(IMethodSymbol method)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            string? id = definition.GetDocumentationCommentId();
            if (id == null) return null;
            ReturnedQuery? result = null;
            if (definition.ContainingAssembly != null && Values(definition.ContainingAssembly, "query", id) is List<string> own)
            {
                foreach (string value in own) result = ReturnedQuery.Join(result, ReturnedQuery.Parse(value));
            }

            foreach (IAssemblySymbol assembly in _recording.Value)
            {
                if (!(Values(assembly, "implements", id) is List<string> implemented)) continue;
                foreach (string value in implemented) result = ReturnedQuery.Join(result, ReturnedQuery.Parse(value));
            }

            return result;
        }

        /// <summary>The referenced assemblies that recorded any EF fact (PerfGate-built projects with EF Core).</summary>
        public IReadOnlyList<IAssemblySymbol> RecordingAssemblies => _recording.Value;

        /// <summary>Every recorded value of <paramref name="kind"/> in <paramref name="assembly"/>, keyed by subject.</summary>
        public IEnumerable<KeyValuePair<string, List<string>>> OfKind(IAssemblySymbol assembly, string kind)
        {
            string prefix = kind + "|";
            foreach (KeyValuePair<string, List<string>> entry in _byAssembly.GetOrAdd(assembly, _read))
            {
                if (entry.Key.StartsWith(prefix, StringComparison.Ordinal))
                    yield return new KeyValuePair<string, List<string>>(entry.Key.Substring(prefix.Length), entry.Value);
            }
        }

        public List<string>? Values(IAssemblySymbol assembly, string kind, string subject)
        {
            if (SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly)) return null;
            Dictionary<string, List<string>> facts = _byAssembly.GetOrAdd(assembly, _read);
            return facts.TryGetValue(kind + "|" + subject, out List<string>? values) ? values : null;
        }

        private List<IAssemblySymbol> FindRecordingAssemblies()
        {
            var found = new List<IAssemblySymbol>();
            foreach (IAssemblySymbol assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
            {
                string name = assembly.Name;
                // Framework and package assemblies are never built with PerfGate: skip decoding their attributes.
                if (name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
                    || name == "mscorlib" || name == "netstandard")
                    continue;
                if (_byAssembly.GetOrAdd(assembly, _read).Count > 0) found.Add(assembly);
            }

            return found;
        }

        private static Dictionary<string, List<string>> ReadAssembly(IAssemblySymbol assembly)
        {
            Dictionary<string, List<string>>? facts = null;
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "AssemblyMetadataAttribute" || attribute.ConstructorArguments.Length != 2) continue;
                if (!(attribute.ConstructorArguments[0].ScalarValue() is string key) || key != MetadataKey) continue;
                if (!(attribute.ConstructorArguments[1].ScalarValue() is string value)) continue;
                string[] parts = value.Split(new[] { '|' }, 4);
                if (parts.Length != 4 || parts[0] != Version) continue;
                facts ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                string factKey = parts[1] + "|" + parts[2];
                if (!facts.TryGetValue(factKey, out List<string>? values)) facts[factKey] = values = new List<string>();
                values.Add(parts[3]);
            }

            return facts ?? None;
        }
    }
}

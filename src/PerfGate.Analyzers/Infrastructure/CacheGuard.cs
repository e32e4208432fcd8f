using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Code that runs only when a value is missing: the factory of a cache lookup (<c>GetOrCreate(key, _ =&gt; Load())</c>), the
    /// miss branch of <c>TryGetValue</c> … <c>Set</c>, or a memo (<c>if (x == null) x = Load();</c>). Found by <see cref="CacheLookups"/>.
    /// </summary>
    internal sealed class CacheGuard
    {
        public CacheGuard(IOperation lookup, ISymbol? storage, ImmutableArray<IOperation> keys, bool isCache, string display)
        {
            Lookup = lookup;
            Storage = storage;
            Keys = keys.IsDefault ? ImmutableArray<IOperation>.Empty : keys;
            IsCache = isCache;
            Display = display;
        }

        /// <summary>The lookup call or test (for its location).</summary>
        public IOperation Lookup { get; }

        /// <summary>What holds the value: the cache, dictionary or set, or the memo variable; null for a library cache behind a call.</summary>
        public ISymbol? Storage { get; }

        /// <summary>What the key is computed from (one expression, or several for an app's <c>GetCache(alias, key, factory)</c>); empty for a
        /// memo of one value and for a lookup whose key is unknown (see <see cref="KeyIsUnknown"/>).</summary>
        public ImmutableArray<IOperation> Keys { get; }

        /// <summary>True when the key could not be found (an app's cache method whose key parameters are not known): treat as varying.</summary>
        public bool KeyIsUnknown { get; private set; }

        /// <summary>A cache (<c>IMemoryCache</c>, <c>IDistributedCache</c>, <c>HybridCache</c>, a type named <c>*Cache*</c>) rather than a plain
        /// dictionary, set or memo variable.</summary>
        public bool IsCache { get; }

        /// <summary><c>IMemoryCache.TryGetValue</c>, <c>ICacheManager.GetCache</c>: how the chain of a finding names the lookup.</summary>
        public string Display { get; }

        public static CacheGuard WithUnknownKey(IOperation lookup, string display) =>
            new CacheGuard(lookup, null, ImmutableArray<IOperation>.Empty, isCache: true, display) { KeyIsUnknown = true };
    }
}

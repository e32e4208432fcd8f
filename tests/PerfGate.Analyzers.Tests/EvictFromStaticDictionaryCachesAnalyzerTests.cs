using System.Threading.Tasks;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.EvictFromStaticDictionaryCachesAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class EvictFromStaticDictionaryCachesAnalyzerTests
    {
        private const string U = @"using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
";

        private const string Fix = "use IMemoryCache with an expiration (or HybridCache), or evict entries";

        private static string Grows(string field, string path) =>
            "adds to the static dictionary '" + field + "' under a computed key in " + path
                + ", and nothing in the compilation removes from it (no Remove, TryRemove or Clear)";

        [Test]
        public Task StaticDictionariesWrittenFromRequestsAndNeverEvicted_AreReported() => Verify.VerifyWebAsync(U + @"
public static class QuoteCache
{
    private static readonly ConcurrentDictionary<string, string> Quotes = new();
    private static readonly Dictionary<int, string> Names = new();

    public static string Quote(string symbol) => {|#0:Quotes.GetOrAdd(symbol, s => s.ToUpperInvariant())|};

    public static void Remember(int id, string name) => {|#1:Names[id] = name|};
}

public sealed class QuotesController : ControllerBase
{
    [HttpGet] public IActionResult Get(string symbol) => Ok(QuoteCache.Quote(symbol));
    [HttpPost] public IActionResult Post(int id, string name) { QuoteCache.Remember(id, name); return Ok(); }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(
                "GetOrAdd", Grows("Quotes", "'QuoteCache.Quote', reached from a request handler"), Fix,
                    " [reached from GET QuotesController.Get via QuoteCache.Quote]"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "this[]", Grows("Names", "'QuoteCache.Remember', reached from a request handler"), Fix,
                    " [reached from POST QuotesController.Post via QuoteCache.Remember]"));

        [Test]
        public Task LockPerEntityMaps_AreNotCaches() => Verify.VerifyWebAsync(U + @"
using System.Threading;
using System.Threading.Tasks;

public static class ChapterFiles
{
    // Kavita's extraction locks: one SemaphoreSlim per chapter being extracted; expiring one while held would let two extractions run.
    private static readonly ConcurrentDictionary<int, SemaphoreSlim> ExtractLocks = new();
    private static readonly ConcurrentDictionary<string, object> Gates = new();

    public static async Task<string> EnsureAsync(int chapterId)
    {
        SemaphoreSlim gate = ExtractLocks.GetOrAdd(chapterId, id => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try { return ""extracted"" + chapterId; }
        finally { gate.Release(); }
    }

    public static string Convert(string file)
    {
        lock (Gates.GetOrAdd(file, _ => new object())) return file.ToUpperInvariant();
    }
}

public sealed class ChaptersController : ControllerBase
{
    [HttpGet] public async Task<IActionResult> Get(int id, string file) => Ok(await ChapterFiles.EnsureAsync(id) + ChapterFiles.Convert(file));
}");

        [Test]
        public Task EvictedBoundedInitializedOrOffPathDictionaries_AreNotReported() => Verify.VerifyWebAsync(U + @"
public enum Kind { A, B }

public sealed class Caches
{
    private static readonly ConcurrentDictionary<string, string> Evicted = new();
    private static readonly Dictionary<string, int> Bounded = new();
    private static readonly Dictionary<string, int> Seeded = new() { [""a""] = 1 };
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Reflection = new();
    private static readonly ConcurrentDictionary<Kind, string> ByKind = new();
    private static readonly ConcurrentDictionary<string, Type?> TypesByName = new();
    private static readonly Dictionary<string, string> OffPath = new();
    private static readonly Dictionary<string, string> Constant = new();
    private readonly Dictionary<string, string> _instance = new();

    static Caches() { Seeded[""b""] = 2; }

    public static string Get(string key) => Evicted.GetOrAdd(key, k => k);
    public static void Forget(string key) => Evicted.TryRemove(key, out _);
    public static void Count(string key) { if (Bounded.Count < 1000) Bounded[key] = 1; }
    public static PropertyInfo[] Props(Type type) => Reflection.GetOrAdd(type, t => t.GetProperties());
    public static string Describe(Kind kind) => ByKind.GetOrAdd(kind, k => k.ToString());
    public static Type? Resolve(string name) => TypesByName.GetOrAdd(name, n => Type.GetType(n));   // Jellyfin's type-name map
    public static void Warm(string key) => OffPath[key] = key;
    public static void Flag() => Constant[""ready""] = ""yes"";
    public void Instance(string key) => _instance[key] = key;
}

public sealed class CachesController : ControllerBase
{
    [HttpGet] public IActionResult Get(string key, Type type, Kind kind)
    {
        Caches.Get(key); Caches.Count(key); Caches.Props(type); Caches.Describe(kind); Caches.Resolve(key); Caches.Flag();
        new Caches().Instance(key); new Caches2().Instance(key);
        return Ok();
    }
}

public sealed class Caches2
{
    private readonly Dictionary<string, string> _instance = new();
    public void Instance(string key) => _instance[key] = key;
}

public sealed class Startup
{
    public void Configure() => Caches.Warm(""x"");
}");
    }
}

using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.SetExpirationOnDistributedCacheEntriesAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class SetExpirationOnDistributedCacheEntriesAnalyzerTests
    {
        /// <summary>What PG3005's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG3005", @"using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

public sealed class ProductCache
{
    private readonly IDistributedCache _cache;

    public ProductCache(IDistributedCache cache) => _cache = cache;

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
";

        private const string NoOptions = "without DistributedCacheEntryOptions";
        private const string Empty = "with DistributedCacheEntryOptions that set no expiration";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task WritesWithoutOrWithEmptyOptions_AreReported() => Verify.VerifyWebAsync(U + @"
public sealed class ProductCache
{
    private readonly IDistributedCache _cache;
    public ProductCache(IDistributedCache cache) => _cache = cache;

    public async Task PutAsync(int id, string json, byte[] bytes)
    {
        await _cache.{|#0:SetStringAsync($""product:{id}"", json)|};
        _cache.{|#1:Set(""raw"", bytes)|};
        await _cache.{|#2:SetAsync(""raw"", bytes, new DistributedCacheEntryOptions())|};
        var options = new DistributedCacheEntryOptions { };
        await _cache.{|#3:SetStringAsync(""k"", json, options)|};
    }

    public static void Map(WebApplication app) =>
        app.MapPost(""/p"", async (IDistributedCache cache, string value) =>
        {
            var entry = new DistributedCacheEntryOptions();
            await cache.{|#4:SetStringAsync(""p"", value, entry)|};
        });
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("SetStringAsync", NoOptions),
            Verify.Diagnostic().WithLocation(1).WithArguments("Set", NoOptions),
            Verify.Diagnostic().WithLocation(2).WithArguments("SetAsync", Empty),
            Verify.Diagnostic().WithLocation(3).WithArguments("SetStringAsync", Empty),
            Verify.Diagnostic().WithLocation(4).WithArguments("SetStringAsync", Empty, " [reached from POST /p]"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task ExpiringOrUnknownOptions_AreNotReported() => Verify.VerifyWebAsync(U + @"
public sealed class ProductCache
{
    private static readonly DistributedCacheEntryOptions Ttl = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };
    private readonly IDistributedCache _cache;
    private readonly IMemoryCache _memory;
    public ProductCache(IDistributedCache cache, IMemoryCache memory) { _cache = cache; _memory = memory; }

    public async Task PutAsync(int id, string json, DistributedCacheEntryOptions fromCaller)
    {
        await _cache.SetStringAsync(""a"", json, Ttl);                                             // a field: unknown, and here set
        await _cache.SetStringAsync(""b"", json, fromCaller);                                      // a parameter: unknown
        await _cache.SetStringAsync(""c"", json, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        await _cache.SetStringAsync(""d"", json, new DistributedCacheEntryOptions().SetAbsoluteExpiration(TimeSpan.FromHours(1)));
        var later = new DistributedCacheEntryOptions();
        later.AbsoluteExpiration = DateTimeOffset.UtcNow.AddHours(1);
        await _cache.SetStringAsync(""e"", json, later);
        var extension = new DistributedCacheEntryOptions();
        extension.SetSlidingExpiration(TimeSpan.FromMinutes(5));
        await _cache.SetStringAsync(""f"", json, extension);
        var made = Make();
        await _cache.SetStringAsync(""g"", json, made);                                            // from a method: unknown
        _memory.Set(""h"", json);                                                                  // IMemoryCache: PG3002's
        string? read = await _cache.GetStringAsync(""a"");                                        // reads are not writes
    }

    private static DistributedCacheEntryOptions Make() => new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };
}");
    }
}

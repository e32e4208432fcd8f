using Microsoft.Extensions.Caching.Distributed;

namespace Media.Services;

public sealed class CatalogCache(IDistributedCache cache)
{
    private static readonly DistributedCacheEntryOptions TenMinutes = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

    public async Task<string> GetOrAddAsync(string id)
    {
        string? cached = await cache.GetStringAsync("catalog:" + id);
        if (cached != null) return cached;
        string built = "item " + id;
        await cache.SetStringAsync("catalog:" + id, built); // PerfGate PG3005: never expires
        return built;
    }

    /// <summary>Clean: the entry expires after ten minutes.</summary>
    public async Task<string> GetOrAddWithTtlAsync(string id)
    {
        string? cached = await cache.GetStringAsync("catalog2:" + id);
        if (cached != null) return cached;
        string built = "item " + id;
        await cache.SetStringAsync("catalog2:" + id, built, TenMinutes);
        return built;
    }
}

using StackExchange.Redis;

namespace Media.Services;

public sealed class ProfileCache(IConnectionMultiplexer redis)
{
    private readonly IDatabase _db = redis.GetDatabase();

    /// <summary>One Redis round trip per id.</summary>
    public async Task<List<string?>> GetManyAsync(string[] ids)
    {
        var profiles = new List<string?>();
        foreach (string id in ids)
        {
            RedisValue value = await _db.StringGetAsync("profile:" + id); // PerfGate PG3004
            profiles.Add(value);
        }

        return profiles;
    }

    /// <summary>Clean: one MGET for all ids.</summary>
    public async Task<List<string?>> GetManyBatchedAsync(string[] ids)
    {
        RedisKey[] keys = ids.Select(id => (RedisKey)("profile:" + id)).ToArray();
        RedisValue[] values = await _db.StringGetAsync(keys);
        return values.Select(value => (string?)value).ToList();
    }
}

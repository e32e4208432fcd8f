using System;
using System.Linq;
using System.Threading.Tasks;
using PerfGate.Tests.Shared;
using StackExchange.Redis;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// PG3004's point, measured on a real redis-server: reading N keys with one awaited command per
    /// iteration costs N commands (N sequential round trips); the batched form PG3004 recommends costs one.
    /// Counted with the server's <c>INFO commandstats</c> (a count, not a timing). The server address comes
    /// from <c>PERFGATE_REDIS</c> (host:port), which <c>.ci/run</c> sets after starting redis-server on
    /// loopback; without it the test is skipped locally and fails in CI (<c>CI=true</c>).
    /// </summary>
    [Category("Redis")]
    public sealed class RedisRoundTripTests
    {
        private const int Keys = 50;

        [Test]
        public async Task PerIterationReadsCostOneCommandPerKey_BatchedReadCostsOne()
        {
            string? address = Environment.GetEnvironmentVariable("PERFGATE_REDIS");
            if (string.IsNullOrEmpty(address))
            {
                RequiredService.Missing("a Redis server (PERFGATE_REDIS)", "start redis-server on loopback and set PERFGATE_REDIS=host:port");
            }

            using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(address + ",allowAdmin=true,abortConnect=false,connectTimeout=5000");
            IServer server = redis.GetServer(redis.GetEndPoints().Single());
            IDatabase db = redis.GetDatabase();
            RedisKey[] keys = Enumerable.Range(0, Keys).Select(i => (RedisKey)("perfgate:pg3004:" + i)).ToArray();
            await db.StringSetAsync(keys.Select(k => new System.Collections.Generic.KeyValuePair<RedisKey, RedisValue>(k, "v")).ToArray());

            // What PG3004 reports: one awaited GET per iteration.
            await server.ConfigResetStatisticsAsync();
            int found = 0;
            foreach (RedisKey key in keys)
            {
                if ((await db.StringGetAsync(key)).HasValue) found++;
            }

            (long perIterationGets, long perIterationMgets) = await CountAsync(server);

            // The fix: one multi-key command.
            await server.ConfigResetStatisticsAsync();
            RedisValue[] values = await db.StringGetAsync(keys);
            (long batchedGets, long batchedMgets) = await CountAsync(server);

            await db.KeyDeleteAsync(keys);
            TestContext.Out.WriteLine($"per iteration: {perIterationGets} GET, {perIterationMgets} MGET; batched: {batchedGets} GET, {batchedMgets} MGET");
            Assert.Multiple(() =>
            {
                Assert.That(found, Is.EqualTo(Keys));
                Assert.That(values.Count(v => v.HasValue), Is.EqualTo(Keys));
                Assert.That(perIterationGets, Is.EqualTo(Keys), "one GET command (round trip) per key");
                Assert.That(perIterationMgets, Is.EqualTo(0));
                Assert.That(batchedGets, Is.EqualTo(0));
                Assert.That(batchedMgets, Is.EqualTo(1), "one MGET command for all keys");
            });
        }

        private static async Task<(long Get, long Mget)> CountAsync(IServer server)
        {
            IGrouping<string, System.Collections.Generic.KeyValuePair<string, string>>[] info = await server.InfoAsync("commandstats");
            long Calls(string command)
            {
                // cmdstat_get:calls=50,usec=...,usec_per_call=...
                foreach (var pair in info.SelectMany(group => group))
                {
                    if (!string.Equals(pair.Key, "cmdstat_" + command, StringComparison.OrdinalIgnoreCase)) continue;
                    string calls = pair.Value.Split(',').First(part => part.StartsWith("calls=", StringComparison.Ordinal));
                    return long.Parse(calls.Substring("calls=".Length), System.Globalization.CultureInfo.InvariantCulture);
                }

                return 0;
            }

            return (Calls("get"), Calls("mget"));
        }
    }
}

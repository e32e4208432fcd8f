using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotWaitForRedisRoundTripPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotWaitForRedisRoundTripPerLoopIterationAnalyzerTests
    {
        /// <summary>What PG3004's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG3004", @"using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

public sealed record User(string Json);

public sealed class Profiles
{
    private static User Parse(RedisValue json) => new User(json.ToString());

    public async Task Run(IDatabase db, int[] ids, List<User> users)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task AwaitedAndSynchronousCommandsInLoops_AreReported() => Verify.VerifyWebAsync(U + @"
public sealed class Users
{
    private readonly IDatabase _db;
    public Users(IConnectionMultiplexer redis) => _db = redis.GetDatabase();

    public async Task<List<string>> NamesAsync(IEnumerable<int> ids)
    {
        var names = new List<string>();
        foreach (var id in ids)
        {
            RedisValue value = await _db.{|#0:StringGetAsync($""user:{id}"")|};
            names.Add(value.ToString());
        }
        return names;
    }

    public void Touch(int[] ids)
    {
        for (int i = 0; i < ids.Length; i++) _db.{|#1:KeyExpire($""user:{ids[i]}"", TimeSpan.FromMinutes(5))|};
    }

    public List<HashEntry[]> Profiles(List<string> keys) => keys.Select(k => _db.{|#2:HashGetAll(k)|}).ToList();

    public async Task ConfigureAwaitAsync(string[] keys)
    {
        foreach (var key in keys) await _db.{|#3:StringSetAsync(key, ""x"")|}.ConfigureAwait(false);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("StringGetAsync", "foreach loop", "IDatabase.StringGetAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("KeyExpire", "for loop", "IDatabase.KeyExpire"),
            Verify.Diagnostic().WithLocation(2).WithArguments("HashGetAll", "Select lambda", "IDatabase.HashGetAll"),
            Verify.Diagnostic().WithLocation(3).WithArguments("StringSetAsync", "foreach loop", "IDatabase.StringSetAsync"));

        [Test]
        public Task SourceMethodThatReachesRedis_IsReportedWithChain() => Verify.VerifyWebAsync(U + @"
public interface IUserCache { Task<string?> GetNameAsync(int id); }

public sealed class RedisUserCache : IUserCache
{
    private readonly IDatabase _db;
    public RedisUserCache(IDatabase db) => _db = db;
    public async Task<string?> GetNameAsync(int id) => await _db.{|#1:StringGetAsync(""user:"" + id)|};
}

public sealed class Report
{
    private readonly IUserCache _cache;
    public Report(IUserCache cache) => _cache = cache;

    public async Task<int> CountAsync(int[] ids)
    {
        int found = 0;
        foreach (var id in ids)
        {
            if (await _cache.{|#0:GetNameAsync(id)|} != null) found++;
        }
        return found;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetNameAsync", "foreach loop",
                "RedisUserCache.GetNameAsync \u2192 IDatabase.StringGetAsync"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task BatchedPipelinedFireAndForgetAndMultiKey_AreNotReported() => Verify.VerifyWebAsync(U + @"
public sealed class Users
{
    private readonly IDatabase _db;
    public Users(IDatabase db) => _db = db;

    public async Task<RedisValue[]> Batched(string[] ids)
    {
        // Multi-key command: one MGET.
        RedisValue[] values = await _db.StringGetAsync(ids.Select(i => (RedisKey)i).ToArray());

        // IBatch: queued, sent on Execute.
        IBatch batch = _db.CreateBatch();
        var pending = new List<Task<RedisValue>>();
        foreach (var id in ids) pending.Add(batch.StringGetAsync(id));
        batch.Execute();
        await Task.WhenAll(pending);

        // Started without waiting: pipelined on the multiplexer.
        var tasks = new List<Task<bool>>();
        foreach (var id in ids) tasks.Add(_db.KeyExistsAsync(id));
        await Task.WhenAll(tasks);
        var gets = ids.Select(id => _db.StringGetAsync(id)).ToArray();
        await Task.WhenAll(gets);

        // Fire and forget: no reply is waited for.
        foreach (var id in ids) _db.StringSet(id, ""x"", flags: CommandFlags.FireAndForget);

        // Outside any loop, and a loop paced by a timer.
        await _db.StringGetAsync(""single"");
        while (!(await _db.KeyExistsAsync(""job:done"")))
        {
            await Task.Delay(1000);
        }
        return values;
    }

    public async Task TransactionAsync(string[] ids)
    {
        ITransaction tx = _db.CreateTransaction();
        foreach (var id in ids) _ = tx.StringSetAsync(id, ""x"");
        await tx.ExecuteAsync();
    }
}");

        [Test]
        public Task SourceMethodNotAlwaysRedisOrNotAwaited_IsNotReported() => Verify.VerifyWebAsync(U + @"
public interface IUserCache { Task<string?> GetNameAsync(int id); }

public sealed class RedisUserCache : IUserCache
{
    private readonly IDatabase _db;
    public RedisUserCache(IDatabase db) => _db = db;
    public async Task<string?> GetNameAsync(int id) => await _db.StringGetAsync(""user:"" + id);
}

public sealed class FakeUserCache : IUserCache
{
    public Task<string?> GetNameAsync(int id) => Task.FromResult<string?>(""n"");
}

public sealed class Report
{
    private readonly IUserCache _cache;
    private readonly RedisUserCache _redis;
    public Report(IUserCache cache, RedisUserCache redis) { _cache = cache; _redis = redis; }

    public async Task CountAsync(int[] ids)
    {
        foreach (var id in ids) await _cache.GetNameAsync(id);   // a fake implementation does no I/O
        await Task.WhenAll(ids.Select(id => _redis.GetNameAsync(id)));   // started together
        System.Linq.Expressions.Expression<Func<int, Task<string?>>> e = id => _redis.GetNameAsync(id);
    }
}");
    }
}

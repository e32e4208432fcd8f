using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class CachingRules
    {
        public static readonly RuleMetadata RedisRoundTripPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.RedisRoundTripPerLoopIteration,
            Title = "Redis round trip per loop iteration",
            MessageFormat = "'{0}' waits for a Redis round trip on every iteration of the enclosing {1} ({2}); batch the keys (StringGet(RedisKey[]), "
                + "HashGet(key, RedisValue[])) or pipeline the calls (IBatch, or start every *Async call and await them together)",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "A StackExchange.Redis command on `IDatabase` is a network round trip. Awaiting (or calling synchronously) one per item of a loop "
                + "serializes N round trips: 100 keys at 0.5 ms each are 50 ms of pure latency. Redis answers many keys in one command "
                + "(`StringGet(RedisKey[])` is `MGET`, `HashGet(key, RedisValue[])` is `HMGET`), and StackExchange.Redis pipelines commands that are started "
                + "without waiting (an `IBatch`, or `*Async` calls collected and awaited with `Task.WhenAll`). The rule also sees the round trip behind a "
                + "source method (a cache service's `GetAsync`) called in the loop, through PerfGate's I/O summaries, and prints the chain.",
            Flags = new[]
            {
                "a single-key command of `IDatabase`/`IDatabaseAsync` (first parameter a `RedisKey`: `StringGet`, `StringSet`, `HashGet`, `HashGetAll`, "
                    + "`KeyExists`, `KeyExpire`, `ListRightPush`, `SortedSetAdd`, ... and their `*Async` forms) in the body of a `foreach`/`for`/`while`/`do` "
                    + "loop or a per-element lambda (`Select`, `ForEach`, `Parallel.ForEach`, ...), when the call is synchronous or its task is awaited right "
                    + "there",
                "a call of a source method in such a loop, awaited or synchronous, whose I/O summary ends in such a Redis command (`await "
                    + "cache.GetUserAsync(id)` → `RedisUserCache.GetUserAsync` → `IDatabase.StringGetAsync`), with the chain in the message",
            },
            Ignores = new[]
            {
                "commands on an `IBatch` or `ITransaction` (that is the fix: queued, sent together on `Execute`)",
                "`*Async` calls whose task is not awaited in the loop (collected in a list and awaited with `Task.WhenAll`, or returned): StackExchange.Redis "
                    + "pipelines them on one connection",
                "commands with `CommandFlags.FireAndForget` (no reply is waited for)",
                "multi-key overloads (`StringGet(RedisKey[])`, `KeyDelete(RedisKey[])`) and commands without a key (`Ping`, `Publish`, `Execute`)",
                "loop conditions, lambdas given to other methods, local functions, and expression trees",
                LoopContext.IgnoresNonItemLoops,
                LoopContext.IgnoresGuardedCalls,
                IoSummaries.IgnoresCachedCallees,
                "`IDistributedCache` and `HybridCache` calls (the store behind them may be in memory)",
                "a source method whose implementations do not all reach Redis (a decorator or fake makes the call silent)",
            },
            Fix = "Collect the keys and issue one multi-key command, or pipeline: `RedisValue[] values = await db.StringGetAsync(keys.Select(k => "
                + "(RedisKey)k).ToArray());`, or `var batch = db.CreateBatch(); var tasks = keys.Select(k => batch.StringGetAsync(k)).ToList(); "
                + "batch.Execute(); await Task.WhenAll(tasks);`.",
            FlaggedExample = "foreach (var id in ids)\n"
                + "{\n"
                + "    RedisValue json = await db.StringGetAsync($\"user:{id}\");\n"
                + "    users.Add(Parse(json));\n"
                + "}",
            FixedExample = "RedisKey[] keys = ids.Select(id => (RedisKey)$\"user:{id}\").ToArray();\n"
                + "RedisValue[] values = await db.StringGetAsync(keys);   // one MGET\n"
                + "users.AddRange(values.Select(Parse));",
            Tags = new[] { "performance", "redis", "n+1", "caching" },
        };
    }

    /// <summary>
    /// PG3004: a single-key StackExchange.Redis command (or a source method whose I/O summary ends in
    /// one) waited for on every iteration of a loop.
    /// </summary>
    public sealed class DoNotWaitForRedisRoundTripPerLoopIterationAnalyzer : PerfGateRule
    {
        public DoNotWaitForRedisRoundTripPerLoopIterationAnalyzer()
            : base(CachingRules.RedisRoundTripPerLoopIteration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            var redis = RedisTypes.TryCreate(rule.Types);
            if (redis == null) return; // no StackExchange.Redis in this compilation
            IoSummaries summaries = rule.Services.Summaries;
            LoopContext loops = rule.Services.Loops;
            INamedTypeSymbol? task = rule.Types.Task;
            INamedTypeSymbol? valueTask = rule.Types.ValueTask;
            INamedTypeSymbol? valueTaskOfT = rule.Types.ValueTaskOfT;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                bool returnsTask = method.ReturnType.InheritsFromOrEquals(task)
                    || method.ReturnType.OriginalDefinition.IsType(valueTask)
                    || method.ReturnType.OriginalDefinition.IsType(valueTaskOfT);
                if (returnsTask && !IsAwaitedHere(invocation)) return; // started, not waited for: pipelined

                LoopIteration? iteration = loops.FindIteration(invocation);
                if (iteration == null) return;
                bool onCacheMiss = false;
                if (rule.IsExcluded(invocation.Syntax.SyntaxTree)) return; // spare excluded files the summaries

                string chain;
                var related = new List<Location>();
                if (redis.IsDatabaseType(method.ContainingType))
                {
                    if (!redis.IsSingleKeyCommand(method)) return;
                    ITypeSymbol? receiverType = invocation.GetReceiver()?.WithoutConversions().Type;
                    if (redis.IsBatch(receiverType)) return;
                    if (redis.IsFireAndForget(invocation)) return;
                    chain = IoCallClassifier.Display(invocation);
                }
                else
                {
                    MethodIoSummary summary = summaries.SummarizeCall(invocation, out IoKind direct, out _);
                    if (direct != IoKind.None || !summary.Has(IoKind.Cache)) return;
                    if (summary.IsOnMiss(IoKind.Cache, out ImmutableArray<int> keys))
                    {
                        if (!iteration.VariesPerPass(invocation, keys)) return; // a local cache in front of Redis, same key every pass
                        onCacheMiss = true;
                    }

                    ImmutableArray<IoHop> hops = summary.Chain(IoKind.Cache);
                    if (hops.IsEmpty || !RedisTypes.IsDatabaseDisplay(hops[hops.Length - 1].Display)) return;
                    IEnumerable<string> names = hops.Select(hop => hop.Display);
                    if (!summary.IsDispatch) names = new[] { method.Name }.Concat(names);
                    chain = string.Join(ReferencedIoSummaries.Separator, names);
                    foreach (IoHop hop in hops)
                    {
                        if (hop.CallSite != null && hop.CallSite.IsInSource) related.Add(hop.CallSite);
                    }
                }

                rule.ReportWithNote(onCacheMiss ? LoopIteration.OnCacheMissNote : null, operationContext.ReportDiagnostic,
                    DiagnosticLocations.ForInvocation(invocation.Syntax), related, method.Name,
                    iteration.Describe(onCacheMiss), chain);
            }, OperationKind.Invocation);
        }

        /// <summary><c>await x.FooAsync()</c> or <c>await x.FooAsync().ConfigureAwait(false)</c>.</summary>
        private static bool IsAwaitedHere(IInvocationOperation invocation)
        {
            IOperation? parent = invocation.Parent;
            while (parent is IConversionOperation) parent = parent.Parent;
            if (parent is IInvocationOperation configure && configure.TargetMethod.Name == "ConfigureAwait"
                && ReferenceEquals(configure.Instance?.WithoutConversions(), invocation))
            {
                parent = configure.Parent;
                while (parent is IConversionOperation) parent = parent.Parent;
            }

            return parent is IAwaitOperation;
        }

        /// <summary>The StackExchange.Redis types the rule needs, resolved once per compilation.</summary>
        internal sealed class RedisTypes
        {
            private readonly INamedTypeSymbol _database;
            private readonly INamedTypeSymbol? _databaseAsync;
            private readonly INamedTypeSymbol? _batch;
            private readonly INamedTypeSymbol? _redisKey;
            private readonly INamedTypeSymbol? _commandFlags;

            private RedisTypes(WellKnownTypes types, INamedTypeSymbol database)
            {
                _database = database;
                _databaseAsync = types.RedisDatabaseAsync;
                _batch = types.RedisBatch;
                _redisKey = types.RedisKey;
                _commandFlags = types.RedisCommandFlags;
            }

            public static RedisTypes? TryCreate(WellKnownTypes types)
            {
                INamedTypeSymbol? database = types.RedisDatabase;
                return database == null ? null : new RedisTypes(types, database);
            }

            /// <summary>How <see cref="IoCallClassifier.Display"/> shows a command on a database (not on a batch).</summary>
            public static bool IsDatabaseDisplay(string display) =>
                display.StartsWith("IDatabase.", StringComparison.Ordinal) || display.StartsWith("IDatabaseAsync.", StringComparison.Ordinal);

            public bool IsDatabaseType(INamedTypeSymbol type) => type.IsType(_database) || type.IsType(_databaseAsync);

            public bool IsSingleKeyCommand(IMethodSymbol method) =>
                method.Parameters.Length > 0 && method.Parameters[0].Type.IsType(_redisKey);

            public bool IsBatch(ITypeSymbol? type)
            {
                if (type == null || _batch == null) return false;
                if (type.IsType(_batch)) return true;
                foreach (INamedTypeSymbol implemented in type.AllInterfaces)
                {
                    if (implemented.IsType(_batch)) return true;
                }

                return false;
            }

            public bool IsFireAndForget(IInvocationOperation invocation)
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter == null || !argument.Parameter.Type.IsType(_commandFlags)) continue;
                    Optional<object?> value = argument.Value.ConstantValue;
                    if (value.HasValue && value.Value is int flags && (flags & 2) != 0) return true; // CommandFlags.FireAndForget = 2
                }

                return false;
            }
        }
    }
}

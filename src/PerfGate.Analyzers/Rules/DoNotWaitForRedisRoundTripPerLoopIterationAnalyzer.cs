using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG3004: a single-key StackExchange.Redis command (or a source method whose I/O summary ends in
    /// one) waited for on every iteration of a loop.
    /// </summary>
    public sealed class DoNotWaitForRedisRoundTripPerLoopIterationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(CachingRules.RedisRoundTripPerLoopIteration);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var redis = RedisTypes.TryCreate(start.Compilation);
                if (redis == null) return; // no StackExchange.Redis in this compilation
                IoSummaries summaries = IoSummaries.For(start.Compilation);
                LoopContext loops = LoopContext.Create(start.Compilation);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                INamedTypeSymbol? task = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
                INamedTypeSymbol? valueTask = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
                INamedTypeSymbol? valueTaskOfT = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");

                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    bool returnsTask = method.ReturnType.InheritsFromOrEquals(task)
                        || method.ReturnType.OriginalDefinition.IsType(valueTask)
                        || method.ReturnType.OriginalDefinition.IsType(valueTaskOfT);
                    if (returnsTask && !IsAwaitedHere(invocation)) return; // started, not waited for: pipelined

                    string? iteration = loops.FindEnclosingIteration(invocation);
                    if (iteration == null) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;

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

                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), related, method.Name, iteration, chain));
                }, OperationKind.Invocation);
            });
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

            private RedisTypes(Compilation compilation, INamedTypeSymbol database)
            {
                _database = database;
                _databaseAsync = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabaseAsync");
                _batch = compilation.GetTypeByMetadataName("StackExchange.Redis.IBatch");
                _redisKey = compilation.GetTypeByMetadataName("StackExchange.Redis.RedisKey");
                _commandFlags = compilation.GetTypeByMetadataName("StackExchange.Redis.CommandFlags");
            }

            public static RedisTypes? TryCreate(Compilation compilation)
            {
                INamedTypeSymbol? database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
                return database == null ? null : new RedisTypes(compilation, database);
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

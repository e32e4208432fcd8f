using System;
using System.Collections.Generic;
using System.Linq;

namespace PerfGate.Analyzers
{
    /// <summary>The metadata of every PerfGate rule. Docs, SARIF and policy checks read it from here.</summary>
    public static class RuleCatalog
    {
        public const string ToolName = "PerfGate";

        /// <summary>
        /// The repository PerfGate was packed from (the packages' <c>RepositoryUrl</c>, baked into this assembly), where
        /// the rule pages live: the default of <c>PerfGateHelpUriBase</c>. Null when the build named none: then no help
        /// link is made up, and <c>perfgate explain</c> shows the page offline.
        /// </summary>
        public static string? InformationUri { get; } = typeof(RuleCatalog).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .Where(a => a.Key == "PerfGate.RepositoryUrl" && !string.IsNullOrWhiteSpace(a.Value))
            .Select(a => a.Value!.TrimEnd('/'))
            .FirstOrDefault();

        /// <summary>A rule's page under <paramref name="baseUri"/> (a repository URL: GitHub's layout), or null without a base.</summary>
        public static string? HelpUri(RuleMetadata rule, string? baseUri = null)
        {
            string? root = string.IsNullOrWhiteSpace(baseUri) ? InformationUri : baseUri!.TrimEnd('/');
            return root == null ? null : root + "/blob/main/" + rule.DocumentationPath;
        }

        public static IReadOnlyList<RuleMetadata> All { get; } = new[]
        {
            GateRules.InvalidPolicy,
            GateRules.PolicyFileNotFound,
            GateRules.UnreadableEvidence,
            GateRules.InvalidCommandLine,
            GateRules.InvalidBaseline,
            GateRules.ChangedLinesUnavailable,
            GateRules.NothingToScan,
            DataAccessRules.QueryExecutedPerLoopIteration,
            DataAccessRules.DatabaseCallPerLoopIteration,
            DataAccessRules.LazyLoadingPerLoopIteration,
            DataAccessRules.OverFetchingEntities,
            DataAccessRules.UnindexedFilterOrSort,
            DataAccessRules.SaveChangesPerLoopIteration,
            DataAccessRules.MissingAsNoTracking,
            DataAccessRules.RowByRowUpdate,
            DataAccessRules.UnboundedQueryInRequestPath,
            DataAccessRules.PagingWithoutOrderBy,
            DataAccessRules.ClientSideEvaluation,
            DataAccessRules.QueryExecutedTwice,
            DataAccessRules.CartesianExplosion,
            DataAccessRules.SynchronousQueryInAsyncMethod,
            ExternalCallRules.ExternalCallAwaitedPerLoopIteration,
            ExternalCallRules.HttpClientCreatedPerCall,
            CachingRules.ExpensiveObjectCreatedPerCall,
            CachingRules.UnboundedCache,
            CachingRules.CacheableHotRead,
            CachingRules.RedisRoundTripPerLoopIteration,
            CachingRules.DistributedCacheEntryWithoutExpiration,
            RequestHandlingRules.UploadEndpointWithoutRateLimiting,
            RequestHandlingRules.UploadBufferedInMemory,
            RequestHandlingRules.EntitiesSerializedFromEndpoint,
            RequestHandlingRules.JsonApiWithoutResponseCompression,
            RequestHandlingRules.LongRunningWorkInRequestPath,
            RequestHandlingRules.LargeFileServedFromByteArray,
            ExternalCallRules.IndependentCallsAwaitedInSequence,
            ExternalCallRules.ClientCreatedPerCall,
            ExternalCallRules.HttpClientWithoutTimeout,
            ExternalCallRules.BlockingOnAsync,
            ExternalCallRules.SynchronousExternalCall,
            ExternalCallRules.StripeWriteWithoutIdempotencyKey,
            BudgetRules.BenchmarkRegression,
            BudgetRules.LoadTestThreshold,
            BudgetRules.FindingBudgetExceeded,
            BudgetRules.RequestBudgetExceeded,
            RuntimeEvidenceRules.NPlusOneQueries,
            RuntimeEvidenceRules.NPlusOneApiCalls,
            RuntimeEvidenceRules.RepeatedIdenticalCall,
            RuntimeEvidenceRules.SlowQuery,
            RuntimeEvidenceRules.SerialHttpCalls,
            RuntimeEvidenceRules.LargeResponse,
        }.OrderBy(rule => rule.Id, StringComparer.Ordinal).ToArray();

        public static RuleMetadata? Find(string id) =>
            All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.OrdinalIgnoreCase));

        public static bool IsPerfGateId(string id) =>
            id.StartsWith("PG", StringComparison.OrdinalIgnoreCase);
    }
}

namespace PerfGate.Analyzers
{
    /// <summary>Every PerfGate rule ID, in one place. IDs are permanent: never reuse a retired one.</summary>
    public static class RuleIdentifiers
    {
        // PG0xxx: the gate itself (policy, inputs). Reported by hosts, not by analyzers.
        public const string InvalidPolicy = "PG0001";
        public const string PolicyFileNotFound = "PG0002";
        public const string UnreadableEvidence = "PG0003";
        public const string InvalidCommandLine = "PG0004";
        public const string InvalidBaseline = "PG0005";
        public const string ChangedLinesUnavailable = "PG0006";
        public const string NothingToScan = "PG0007";
        public const string InternalError = "PG0008";
        public const string AnalysisIncomplete = "PG0009";

        // PG1xxx: data access.
        public const string QueryExecutedPerLoopIteration = "PG1001";
        public const string DatabaseCallPerLoopIteration = "PG1002";
        public const string LazyLoadingPerLoopIteration = "PG1003";
        public const string OverFetchingEntities = "PG1004";
        public const string SaveChangesPerLoopIteration = "PG1005";
        public const string RowByRowUpdate = "PG1006";
        public const string UnboundedQueryInRequestPath = "PG1007";
        public const string PagingWithoutOrderBy = "PG1008";
        public const string MissingAsNoTracking = "PG1009";
        public const string ClientSideEvaluation = "PG1010";
        public const string QueryExecutedTwice = "PG1011";
        public const string UnindexedFilterOrSort = "PG1012";
        public const string CartesianExplosion = "PG1013";
        public const string SynchronousQueryInAsyncMethod = "PG1014";
        public const string CountToTestForAny = "PG1015";
        public const string UntranslatablePredicate = "PG1016";

        // PG2xxx: external calls and async.
        public const string ExternalCallAwaitedPerLoopIteration = "PG2001";
        public const string HttpClientCreatedPerCall = "PG2002";
        public const string IndependentCallsAwaitedInSequence = "PG2003";
        public const string ClientCreatedPerCall = "PG2004";
        public const string HttpClientWithoutTimeout = "PG2005";
        public const string BlockingOnAsync = "PG2006";
        public const string SynchronousExternalCall = "PG2007";
        public const string StripeWriteWithoutIdempotencyKey = "PG2008";

        // PG3xxx: caching and memoization.
        public const string ExpensiveObjectCreatedPerCall = "PG3001";
        public const string UnboundedCache = "PG3002";
        public const string CacheableHotRead = "PG3003";
        public const string RedisRoundTripPerLoopIteration = "PG3004";
        public const string DistributedCacheEntryWithoutExpiration = "PG3005";

        // PG4xxx: request handling, uploads and media.
        public const string UploadEndpointWithoutRateLimiting = "PG4001";
        public const string UploadBufferedInMemory = "PG4002";
        public const string EntitiesSerializedFromEndpoint = "PG4003";
        public const string JsonApiWithoutResponseCompression = "PG4004";
        public const string LongRunningWorkInRequestPath = "PG4005";
        public const string LargeFileServedFromByteArray = "PG4006";
        public const string DownstreamResponseBufferedBeforeStreaming = "PG4007";

        // PG5xxx: runtime evidence. Reported by PerfGate.Core from OTLP trace files.
        public const string NPlusOneQueriesAtRuntime = "PG5001";
        public const string NPlusOneApiCallsAtRuntime = "PG5002";
        public const string RepeatedIdenticalCallAtRuntime = "PG5003";
        public const string SlowQueryAtRuntime = "PG5004";
        public const string SerialHttpCallsAtRuntime = "PG5005";
        public const string LargeResponseAtRuntime = "PG5006";

        // PG6xxx: budgets. Reported by PerfGate.Core from benchmark, load-test and finding evidence.
        public const string BenchmarkRegression = "PG6001";
        public const string LoadTestThreshold = "PG6002";
        public const string FindingBudgetExceeded = "PG6003";
        public const string RequestBudgetExceeded = "PG6004";
    }
}

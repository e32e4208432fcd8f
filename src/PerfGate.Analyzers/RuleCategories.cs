namespace PerfGate.Analyzers
{
    /// <summary>Rule families as the policy names them (<c>category/data-access</c>).</summary>
    public static class RuleCategories
    {
        public const string Gate = "gate";
        public const string DataAccess = "data-access";
        public const string ExternalCalls = "external-calls";
        public const string Caching = "caching";
        public const string RequestHandling = "request-handling";
        public const string RuntimeEvidence = "runtime-evidence";
        public const string Budgets = "budgets";

        public static readonly string[] All =
        {
            Gate, DataAccess, ExternalCalls, Caching, RequestHandling, RuntimeEvidence, Budgets,
        };
    }
}

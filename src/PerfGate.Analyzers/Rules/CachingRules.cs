namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG3xxx: caching and memoization. Each rule's metadata is declared beside its analyzer, in a part of this class in
    /// <c>Rules/*Analyzer.cs</c>; <see cref="RuleCatalog"/> collects every field.
    /// </summary>
    public static partial class CachingRules
    {
    }
}

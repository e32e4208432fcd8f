namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG1xxx: data access (EF Core). Each rule's metadata is declared beside its analyzer, in a part of this class in
    /// <c>Rules/*Analyzer.cs</c>; <see cref="RuleCatalog"/> collects every field.
    /// </summary>
    public static partial class DataAccessRules
    {
    }
}

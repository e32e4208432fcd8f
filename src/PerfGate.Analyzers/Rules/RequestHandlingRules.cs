namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG4xxx: request handling, uploads and media. Each rule's metadata is declared beside its analyzer, in a part of this class in
    /// <c>Rules/*Analyzer.cs</c>; <see cref="RuleCatalog"/> collects every field.
    /// </summary>
    public static partial class RequestHandlingRules
    {
    }
}

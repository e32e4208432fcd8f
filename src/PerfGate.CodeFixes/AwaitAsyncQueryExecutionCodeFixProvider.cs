using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using PerfGate.Analyzers;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// PG1014: <c>q.ToList()</c> → <c>await q.ToListAsync(ct)</c>, <c>db.SaveChanges()</c> → <c>await db.SaveChangesAsync(ct)</c>,
    /// <c>set.Find(1)</c> → <c>await set.FindAsync(new object[] { 1 }, ct)</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitAsyncQueryExecutionCodeFixProvider)), Shared]
    public sealed class AwaitAsyncQueryExecutionCodeFixProvider : AwaitAsyncOverloadCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SynchronousQueryInAsyncMethod);

        private protected override bool PassTokenByName => false;

        // The overload of FindAsync that takes a token takes the keys as one array.
        private protected override bool TakesArgumentsAsArray(IMethodSymbol sync) => sync.Name == "Find";
    }
}

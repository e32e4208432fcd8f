using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using PerfGate.Analyzers;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// PG2007: <c>customers.Create(o)</c> → <c>await customers.CreateAsync(o, cancellationToken: ct)</c>,
    /// <c>http.Send(request)</c> → <c>await http.SendAsync(request, cancellationToken: ct)</c>,
    /// <c>File.ReadAllText(path)</c> → <c>await File.ReadAllTextAsync(path, cancellationToken: ct)</c>,
    /// <c>web.DownloadString(url)</c> → <c>await web.DownloadStringTaskAsync(url)</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitAsyncExternalCallCodeFixProvider)), Shared]
    public sealed class AwaitAsyncExternalCallCodeFixProvider : AwaitAsyncOverloadCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SynchronousExternalCall);

        // Stripe's and OpenAI's async methods take optional request options before the token.
        private protected override bool PassTokenByName => true;
    }
}

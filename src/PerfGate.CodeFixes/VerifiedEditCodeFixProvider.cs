using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// The shape every query fix shares: find the reported invocation, plan one <see cref="VerifiedEdit"/> for it,
    /// apply all planned edits of a document at once (FixAll included) and keep only edits that still compile.
    /// A fix says only how to plan an edit for one reported call.
    /// </summary>
    public abstract class VerifiedEditCodeFixProvider : CodeFixProvider
    {
        protected abstract string Title { get; }

        /// <summary>The edit for the invocation a diagnostic reports, or null when no safe fix exists.</summary>
        private protected abstract VerifiedEdit? Plan(InvocationExpressionSyntax reported, SemanticModel model, CancellationToken cancellationToken);

        public sealed override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((fixAll, document, diagnostics) => FixAsync(document, diagnostics, fixAll.CancellationToken));

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                Document? fixedDocument = await FixAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
                if (fixedDocument == null) continue;
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedDocument), GetType().Name), diagnostic);
            }
        }

        private async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return null;
            var edits = new List<VerifiedEdit>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                InvocationExpressionSyntax? reported = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                    .FirstAncestorOrSelf<InvocationExpressionSyntax>();
                VerifiedEdit? edit = reported == null ? null : Plan(reported, model, cancellationToken);
                if (edit != null) edits.Add(edit);
            }

            return await VerifiedEdits.ApplyAsync(document, edits, cancellationToken).ConfigureAwait(false);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// One planned rewrite of one node: <see cref="Rewrite"/> builds the replacement and marks the call it
    /// introduces with the annotation it is given; <see cref="Accept"/> says whether that call, bound in the
    /// rewritten document, is the method the fix meant (the right overload of the right type).
    /// </summary>
    internal sealed class VerifiedEdit
    {
        public VerifiedEdit(SyntaxNode target, Func<SyntaxNode, SyntaxAnnotation, SyntaxNode> rewrite, Func<IMethodSymbol, bool> accept)
        {
            Target = target;
            Rewrite = rewrite;
            Accept = accept;
        }

        public SyntaxNode Target { get; }
        public Func<SyntaxNode, SyntaxAnnotation, SyntaxNode> Rewrite { get; }
        public Func<IMethodSymbol, bool> Accept { get; }
    }

    /// <summary>
    /// Applies <see cref="VerifiedEdit"/>s and keeps only those that compile: each introduced call must bind to a
    /// method the edit accepts, with no compiler error in the statement (or member) around it. An edit that only
    /// binds once <c>using Microsoft.EntityFrameworkCore;</c> is in the file gets that using added.
    /// </summary>
    internal static class VerifiedEdits
    {
        public const string EfNamespace = "Microsoft.EntityFrameworkCore";

        /// <summary>The document with every edit that verifies applied, or null when none does.</summary>
        public static async Task<Document?> ApplyAsync(Document document, IReadOnlyList<VerifiedEdit> planned, CancellationToken cancellationToken)
        {
            // Two diagnostics can ask for the same edit (one query executed twice): keep the first.
            List<VerifiedEdit> edits = planned.GroupBy(e => e.Target).Select(g => g.First()).ToList();
            if (edits.Count == 0) return null;
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (!(root is CompilationUnitSyntax unit)) return null;

            List<VerifiedEdit> passing = await PassingAsync(document, unit, edits, addUsing: false, cancellationToken).ConfigureAwait(false);
            bool addUsing = false;
            if (passing.Count < edits.Count && !HasUsing(unit, EfNamespace))
            {
                List<VerifiedEdit> withUsing = await PassingAsync(document, unit, edits, addUsing: true, cancellationToken).ConfigureAwait(false);
                if (withUsing.Count > passing.Count)
                {
                    passing = withUsing;
                    addUsing = true;
                }
            }

            if (passing.Count == 0) return null;
            return document.WithSyntaxRoot(Apply(unit, passing, addUsing, out _));
        }

        private static async Task<List<VerifiedEdit>> PassingAsync(Document document, CompilationUnitSyntax unit, List<VerifiedEdit> edits, bool addUsing,
            CancellationToken cancellationToken)
        {
            CompilationUnitSyntax rewritten = Apply(unit, edits, addUsing, out Dictionary<VerifiedEdit, SyntaxAnnotation> annotations);
            Document candidate = document.WithSyntaxRoot(rewritten);
            SyntaxNode? root = await candidate.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var passing = new List<VerifiedEdit>();
            if (root == null || model == null) return passing;
            foreach (VerifiedEdit edit in edits)
            {
                SyntaxNode? call = root.GetAnnotatedNodes(annotations[edit]).FirstOrDefault();
                if (call == null) continue;
                if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method) || !edit.Accept(method)) continue;
                SyntaxNode scope = (SyntaxNode?)call.FirstAncestorOrSelf<StatementSyntax>()
                                   ?? (SyntaxNode?)call.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? call;
                if (model.GetDiagnostics(scope.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error)) continue;
                passing.Add(edit);
            }

            return passing;
        }

        private static CompilationUnitSyntax Apply(CompilationUnitSyntax unit, List<VerifiedEdit> edits, bool addUsing,
            out Dictionary<VerifiedEdit, SyntaxAnnotation> annotations)
        {
            var byTarget = new Dictionary<SyntaxNode, VerifiedEdit>();
            var made = new Dictionary<VerifiedEdit, SyntaxAnnotation>();
            foreach (VerifiedEdit edit in edits)
            {
                byTarget[edit.Target] = edit;
                made[edit] = new SyntaxAnnotation("PerfGate.VerifiedEdit");
            }

            // ReplaceNodes hands each rewrite its node with the nested replacements already made.
            var result = unit.ReplaceNodes(byTarget.Keys, (original, current) => byTarget[original].Rewrite(current, made[byTarget[original]]));
            annotations = made;
            return addUsing ? AddUsing(result, EfNamespace) : result;
        }

        public static bool HasUsing(CompilationUnitSyntax unit, string name) =>
            unit.Usings.Concat(unit.Members.OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings))
                .Any(u => u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == name);

        /// <summary>Adds <c>using <paramref name="name"/>;</c> among the file's usings (System first, then ordinal order).</summary>
        public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string name)
        {
            UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name))
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            SyntaxList<UsingDirectiveSyntax> usings = unit.Usings;
            if (usings.Count > 0)
            {
                directive = directive.WithTrailingTrivia(usings[0].GetTrailingTrivia());
            }

            // Before the first plain using that sorts after it, else after the last plain using.
            int index = -1, lastPlain = -1;
            for (int i = 0; i < usings.Count && index < 0; i++)
            {
                if (usings[i].Alias != null || !usings[i].StaticKeyword.IsKind(SyntaxKind.None)) continue;
                lastPlain = i;
                if (Compare(usings[i].Name?.ToString() ?? "", name) > 0) index = i;
            }

            if (index < 0) index = lastPlain + 1;

            if (index == 0 && usings.Count > 0)
            {
                // Becoming the first directive: take over the file's leading trivia (header comments stay on top).
                directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
                usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia());
            }

            return unit.WithUsings(usings.Insert(index, directive));
        }

        private static int Compare(string left, string right)
        {
            bool leftSystem = left == "System" || left.StartsWith("System.", StringComparison.Ordinal);
            bool rightSystem = right == "System" || right.StartsWith("System.", StringComparison.Ordinal);
            if (leftSystem != rightSystem) return leftSystem ? -1 : 1;
            return string.CompareOrdinal(left, right);
        }

        /// <summary><c>receiver.Name()</c> appended after <paramref name="receiver"/>, keeping a multi-line chain's layout.</summary>
        public static ExpressionSyntax AppendCall(ExpressionSyntax receiver, string name, SyntaxAnnotation annotation, SyntaxToken? nextDot)
        {
            SyntaxTriviaList trailing = receiver.GetTrailingTrivia();
            bool multiLine = nextDot is SyntaxToken dot && dot.LeadingTrivia.Count > 0 && dot.LeadingTrivia.All(t => t.IsKind(SyntaxKind.WhitespaceTrivia))
                             && trailing.Count > 0 && trailing.All(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia));
            SyntaxToken operatorToken = SyntaxFactory.Token(SyntaxKind.DotToken);
            ExpressionSyntax inner = receiver.WithoutTrailingTrivia();
            if (multiLine)
            {
                // .Include(o => o.Payments)\n    .AsSplitQuery()\n    .FirstAsync(...)
                inner = receiver;
                operatorToken = operatorToken.WithLeadingTrivia(nextDot!.Value.LeadingTrivia);
            }

            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, inner, operatorToken, SyntaxFactory.IdentifierName(name)),
                    SyntaxFactory.ArgumentList())
                .WithAdditionalAnnotations(annotation)
                .WithTrailingTrivia(trailing);
        }

        /// <summary>The dot of the member access this expression is the receiver of, if any.</summary>
        public static SyntaxToken? NextDot(ExpressionSyntax expression) =>
            expression.Parent is MemberAccessExpressionSyntax access && access.Expression == expression ? access.OperatorToken : (SyntaxToken?)null;

        public static bool IsEfMethod(IMethodSymbol method, string name) =>
            method.Name == name && method.ContainingNamespace?.ToDisplayString() == EfNamespace;
    }
}

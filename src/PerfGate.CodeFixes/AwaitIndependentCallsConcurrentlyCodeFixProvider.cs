using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerfGate.Analyzers;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// PG2003, the simple case: consecutive <c>var x = await Call(...);</c> / <c>await Call(...);</c> statements
    /// in one block (no <c>ConfigureAwait</c>) become "start every call, <c>await Task.WhenAll</c>, then read
    /// each result". Anything else (explicit types, assignments, ConfigureAwait, a name clash) gets no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitIndependentCallsConcurrentlyCodeFixProvider)), Shared]
    public sealed class AwaitIndependentCallsConcurrentlyCodeFixProvider : CodeFixProvider
    {
        public const string Title = "Start the calls together and await Task.WhenAll";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.IndependentCallsAwaitedInSequence);

        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                var statements = new List<StatementSyntax>();
                foreach (Location location in new[] { diagnostic.Location }.Concat(diagnostic.AdditionalLocations))
                {
                    StatementSyntax? statement = root.FindNode(location.SourceSpan).FirstAncestorOrSelf<StatementSyntax>();
                    if (statement == null) return;
                    statements.Add(statement);
                }

                if (!(statements[0].Parent is BlockSyntax block) || statements.Any(s => s.Parent != block)) continue;
                List<Rewrite>? rewrites = Plan(statements, model, context.CancellationToken);
                if (rewrites == null) continue;
                string task = TaskTypeName(model, statements[0].SpanStart);

                context.RegisterCodeFix(
                    CodeAction.Create(Title, token => ApplyAsync(context.Document, root, block, statements, rewrites, task),
                        nameof(AwaitIndependentCallsConcurrentlyCodeFixProvider)),
                    diagnostic);
            }
        }

        private sealed class Rewrite
        {
            public Rewrite(ExpressionSyntax call, string? result, string task)
            {
                Call = call;
                Result = result;
                Task = task;
            }

            public ExpressionSyntax Call { get; }
            public string? Result { get; }
            public string Task { get; }
        }

        private static List<Rewrite>? Plan(List<StatementSyntax> statements, SemanticModel model, CancellationToken cancellationToken)
        {
            var rewrites = new List<Rewrite>();
            var taken = new HashSet<string>();
            int index = 0;
            foreach (StatementSyntax statement in statements)
            {
                index++;
                ExpressionSyntax? awaited;
                string? result = null;
                switch (statement)
                {
                    case LocalDeclarationStatementSyntax declaration
                        when declaration.UsingKeyword.IsKind(SyntaxKind.None) && declaration.Declaration.Type.IsVar
                             && declaration.Declaration.Variables.Count == 1 && declaration.Declaration.Variables[0].Initializer != null:
                        result = declaration.Declaration.Variables[0].Identifier.ValueText;
                        awaited = declaration.Declaration.Variables[0].Initializer!.Value;
                        break;
                    case ExpressionStatementSyntax expression:
                        awaited = expression.Expression;
                        break;
                    default:
                        return null;
                }

                if (!(awaited is AwaitExpressionSyntax { Expression: InvocationExpressionSyntax call })) return null;
                if (call.Expression is MemberAccessExpressionSyntax { Name: { Identifier: { ValueText: "ConfigureAwait" } } }) return null;

                string task = (result ?? "task" + index) + "Task";
                if (!taken.Add(task) || model.LookupSymbols(statements[0].SpanStart, name: task).Length > 0) return null;
                rewrites.Add(new Rewrite(call, result, task));
            }

            return rewrites;
        }

        /// <summary><c>Task</c> when that name means System.Threading.Tasks.Task here, else the qualified name.</summary>
        private static string TaskTypeName(SemanticModel model, int position)
        {
            // Task<T> answers to the same name; only the non-generic symbols matter for Task.WhenAll.
            List<ISymbol> found = model.LookupNamespacesAndTypes(position, name: "Task")
                .Where(symbol => !(symbol is INamedTypeSymbol { Arity: > 0 }))
                .ToList();
            return found.Count == 1 && found[0] is INamedTypeSymbol type
                   && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
                ? "Task"
                : "global::System.Threading.Tasks.Task";
        }

        private static Task<Document> ApplyAsync(Document document, SyntaxNode root, BlockSyntax block, List<StatementSyntax> statements,
            List<Rewrite> rewrites, string taskType)
        {
            SyntaxTriviaList indentation = statements[0].GetLeadingTrivia();
            SyntaxTriviaList trailing = statements[statements.Count - 1].GetTrailingTrivia();
            SyntaxTriviaList newLine = statements[0].GetTrailingTrivia();
            var replacement = new List<StatementSyntax>();
            foreach (Rewrite rewrite in rewrites)
            {
                replacement.Add(Statement("var " + rewrite.Task + " = " + rewrite.Call.WithoutTrivia().ToFullString() + ";", indentation, newLine));
            }

            ExpressionSyntax whenAll = SyntaxFactory.ParseExpression(
                taskType + ".WhenAll(" + string.Join(", ", rewrites.Select(r => r.Task)) + ")");
            replacement.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(whenAll))
                .WithLeadingTrivia(indentation).WithTrailingTrivia(newLine));
            foreach (Rewrite rewrite in rewrites.Where(r => r.Result != null))
            {
                replacement.Add(Statement("var " + rewrite.Result + " = await " + rewrite.Task + ";", indentation, newLine));
            }

            replacement[replacement.Count - 1] = replacement[replacement.Count - 1].WithTrailingTrivia(trailing);

            int first = block.Statements.IndexOf(statements[0]);
            SyntaxList<StatementSyntax> kept = block.Statements;
            for (int i = statements.Count - 1; i >= 0; i--) kept = kept.RemoveAt(first + i);
            kept = kept.InsertRange(first, replacement);
            SyntaxNode newRoot = root.ReplaceNode(block, block.WithStatements(kept));
            return Task.FromResult(document.WithSyntaxRoot(newRoot));
        }

        private static StatementSyntax Statement(string text, SyntaxTriviaList indentation, SyntaxTriviaList newLine) =>
            SyntaxFactory.ParseStatement(text).WithLeadingTrivia(indentation).WithTrailingTrivia(newLine);
    }
}

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
using Microsoft.CodeAnalysis.Operations;
using PerfGate.Analyzers;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// PG3001 for <c>new Regex(constant pattern[, constant options])</c>: moves the construction into a
    /// <c>private static readonly Regex</c> field of the enclosing type and uses the field. Behaviour is kept: a
    /// Regex is immutable and safe to share between threads, and the arguments are compile-time constants, so the
    /// one instance is the one every call would have built. Not offered when an argument is not a constant (a
    /// <c>TimeSpan</c> timeout, a variable) or the enclosing type cannot hold a static field; the new document must
    /// compile without new errors. The leaking XmlSerializer and JsonSerializerOptions cases get no fix: their
    /// instances can be configured after construction.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoistConstantRegexCodeFixProvider)), Shared]
    public sealed class HoistConstantRegexCodeFixProvider : CodeFixProvider
    {
        public const string FixTitle = "Move the Regex to a static readonly field";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ExpensiveObjectCreatedPerCall);

        // Each fix adds a field beside the others; one at a time keeps the names distinct and each edit verified.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as BaseObjectCreationExpressionSyntax;
                if (creation == null || !IsConstantRegex(creation, model, context.CancellationToken)) continue;
                Document? fixedDocument = await HoistAsync(context.Document, root, model, creation, context.CancellationToken).ConfigureAwait(false);
                if (fixedDocument == null) continue;
                context.RegisterCodeFix(CodeAction.Create(FixTitle, _ => Task.FromResult(fixedDocument), nameof(HoistConstantRegexCodeFixProvider)),
                    diagnostic);
            }
        }

        private static bool IsConstantRegex(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetOperation(creation, cancellationToken) is IObjectCreationOperation operation
            && operation.Type?.ToDisplayString() == "System.Text.RegularExpressions.Regex"
            && operation.Arguments.Length > 0
            && operation.Arguments.All(argument => argument.ArgumentKind == ArgumentKind.Explicit && argument.Value.ConstantValue.HasValue);

        private static async Task<Document?> HoistAsync(Document document, SyntaxNode root, SemanticModel model, BaseObjectCreationExpressionSyntax creation,
            CancellationToken cancellationToken)
        {
            TypeDeclarationSyntax? type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type == null || type is InterfaceDeclarationSyntax) return null;
            INamedTypeSymbol? typeSymbol = model.GetDeclaredSymbol(type, cancellationToken);
            if (typeSymbol == null) return null;

            string fieldName = UniqueName(typeSymbol, MemberName(creation) + "Regex");
            TypeSyntax regexType = SyntaxFactory.ParseTypeName(
                WellKnownTypes.For(model.Compilation).Regex!.ToMinimalDisplayString(model, type.SpanStart));
            ExpressionSyntax initializer = SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space), regexType,
                creation.ArgumentList?.WithoutTrivia() ?? SyntaxFactory.ArgumentList(), null);
            FieldDeclarationSyntax field = SyntaxFactory.FieldDeclaration(
                    SyntaxFactory.VariableDeclaration(regexType, SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(fieldName))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(initializer)))))
                .WithModifiers(SyntaxFactory.TokenList(
                    SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                        SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .NormalizeWhitespace()
                .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);

            TypeDeclarationSyntax edited = type.ReplaceNode(creation, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(creation));
            // A blank line between the new field and what follows, in the file's own line endings.
            SyntaxTrivia newLine = SyntaxFactory.EndOfLine(root.ToFullString().Contains("\r\n") ? "\r\n" : "\n");
            SyntaxList<MemberDeclarationSyntax> members = edited.Members;
            if (members.Count > 0) members = members.Replace(members[0], members[0].WithLeadingTrivia(members[0].GetLeadingTrivia().Insert(0, newLine)));
            edited = edited.WithMembers(members.Insert(0, field.WithTrailingTrivia(newLine)));
            Document fixedDocument = document.WithSyntaxRoot(root.ReplaceNode(type, edited));
            fixedDocument = await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(fixedDocument,
                Microsoft.CodeAnalysis.Formatting.Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await CompilesAsWellAsync(document, fixedDocument, cancellationToken).ConfigureAwait(false) ? fixedDocument : null;
        }

        /// <summary>The member the creation is in, for the field's name (<c>Slugify</c> → <c>SlugifyRegex</c>).</summary>
        private static string MemberName(SyntaxNode node)
        {
            foreach (SyntaxNode ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case MethodDeclarationSyntax method: return method.Identifier.ValueText;
                    case PropertyDeclarationSyntax property: return property.Identifier.ValueText;
                    case LocalFunctionStatementSyntax local:
                        return char.ToUpperInvariant(local.Identifier.ValueText[0]) + local.Identifier.ValueText.Substring(1);
                    case TypeDeclarationSyntax _: return "Cached";
                }
            }

            return "Cached";
        }

        private static string UniqueName(INamedTypeSymbol type, string name)
        {
            string candidate = name;
            for (int i = 2; type.GetMembers(candidate).Length > 0 || type.Name == candidate; i++) candidate = name + i;
            return candidate;
        }

        private static async Task<bool> CompilesAsWellAsync(Document before, Document after, CancellationToken cancellationToken)
        {
            SemanticModel? oldModel = await before.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? newModel = await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (oldModel == null || newModel == null) return false;
            int errorsBefore = oldModel.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
            int errorsAfter = newModel.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
            return errorsAfter <= errorsBefore;
        }
    }
}

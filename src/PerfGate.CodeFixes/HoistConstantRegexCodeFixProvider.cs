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
    /// PG3001 for <c>new Regex(constant pattern[, constant options])</c>: one shared regex per pattern and options in the
    /// enclosing type, as a maintainer would write it. In order:
    /// <list type="number">
    /// <item>the type already has one for the same pattern and options (a <c>static readonly Regex</c> field or a
    /// <c>[GeneratedRegex]</c> method, e.g. from fixing another call site): use it;</item>
    /// <item>the target framework has <c>[GeneratedRegex]</c> (.NET 7+), the language version is C# 11 or later, and the type
    /// and its containing types can be made <c>partial</c> (every declaration in this file, or already partial): add
    /// <c>[GeneratedRegex(...)] private static partial Regex NameRegex();</c>, mark the types partial, and call it;</item>
    /// <item>otherwise a <c>private static readonly Regex</c> field named after the member (<c>SlugifyRegex</c>).</item>
    /// </list>
    /// Behaviour is kept: a Regex is immutable and safe to share between threads, the arguments are compile-time constants,
    /// and the source generator emits a matcher with the same semantics. Every edit must compile without new errors (the
    /// generated method compiles only where the regex generator runs: the IDE, <c>perfgate fix</c> and <c>dotnet format</c>
    /// load it from the SDK; elsewhere the field is offered). Not offered when an argument is not a constant (a
    /// <c>TimeSpan</c> timeout, a variable) or the enclosing type cannot hold a static member. The leaking XmlSerializer and
    /// JsonSerializerOptions cases get no fix: their instances can be configured after construction.
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
                Document? fixedDocument = await ShareExistingAsync(context.Document, root, model, creation, context.CancellationToken).ConfigureAwait(false)
                    ?? await GenerateAsync(context.Document, root, model, creation, context.CancellationToken).ConfigureAwait(false)
                    ?? await HoistAsync(context.Document, root, model, creation, context.CancellationToken).ConfigureAwait(false);
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

        /// <summary>The constant pattern and options of <c>new Regex(...)</c> (options <c>None</c> when not given).</summary>
        private static (string Pattern, long Options)? Constants(IObjectCreationOperation creation)
        {
            string? pattern = null;
            long options = 0;
            foreach (IArgumentOperation argument in creation.Arguments)
            {
                object? value = argument.Value.ConstantValue.Value;
                switch (argument.Parameter?.Name)
                {
                    case "pattern":
                        pattern = value as string;
                        break;
                    case "options":
                        options = System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    default:
                        return null; // a timeout: not shared with anything
                }
            }

            return pattern == null ? null : (pattern, options);
        }

        /// <summary>Use a static member of the type that already holds this regex: a <c>static readonly</c> field or a <c>[GeneratedRegex]</c>
        /// method.</summary>
        private static async Task<Document?> ShareExistingAsync(Document document, SyntaxNode root, SemanticModel model,
            BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
        {
            if (!(model.GetOperation(creation, cancellationToken) is IObjectCreationOperation operation) || !(Constants(operation) is { } wanted)) return null;
            TypeDeclarationSyntax? type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type == null || !(model.GetDeclaredSymbol(type, cancellationToken) is INamedTypeSymbol typeSymbol)) return null;
            foreach (ISymbol member in typeSymbol.GetMembers().OrderBy(m => m.Name, System.StringComparer.Ordinal))
            {
                ExpressionSyntax? use = member switch
                {
                    IFieldSymbol { IsStatic: true, IsReadOnly: true } field when SameRegexField(field, wanted, model.Compilation, cancellationToken) =>
                        SyntaxFactory.IdentifierName(field.Name),
                    IMethodSymbol { IsStatic: true, Parameters.Length: 0 } method when SameGeneratedRegex(method, wanted) =>
                        SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(method.Name)),
                    _ => null,
                };
                if (use == null) continue;
                Document shared = document.WithSyntaxRoot(root.ReplaceNode(creation, use.WithTriviaFrom(creation)));
                return await CompilesAsWellAsync(document, shared, cancellationToken).ConfigureAwait(false) ? shared : null;
            }

            return null;
        }

        private static bool SameRegexField(IFieldSymbol field, (string Pattern, long Options) wanted, Compilation compilation,
            CancellationToken cancellationToken)
        {
            if (field.Type.ToDisplayString() != "System.Text.RegularExpressions.Regex") return false;
            foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
            {
                if (!(reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer })) continue;
                SemanticModel model = compilation.GetSemanticModel(reference.SyntaxTree);
                if (model.GetOperation(initializer.Value, cancellationToken) is IObjectCreationOperation existing && Constants(existing) == wanted) return true;
            }

            return false;
        }

        private static bool SameGeneratedRegex(IMethodSymbol method, (string Pattern, long Options) wanted)
        {
            if (method.ReturnType.ToDisplayString() != "System.Text.RegularExpressions.Regex") return false;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != "System.Text.RegularExpressions.GeneratedRegexAttribute") continue;
                ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
                if (arguments.IsEmpty || !(arguments[0].Value is string pattern) || pattern != wanted.Pattern) return false;
                long options = arguments.Length > 1 && arguments[1].Value != null
                    ? System.Convert.ToInt64(arguments[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
                return options == wanted.Options && arguments.Length <= 2;
            }

            return false;
        }

        /// <summary>
        /// <c>[GeneratedRegex(pattern, options)] private static partial Regex NameRegex();</c> when the framework has the attribute, the
        /// language is C# 11 or later and the type chain can be made partial here; null when not possible or it does not compile (no generator).
        /// </summary>
        private static async Task<Document?> GenerateAsync(Document document, SyntaxNode root, SemanticModel model, BaseObjectCreationExpressionSyntax creation,
            CancellationToken cancellationToken)
        {
            INamedTypeSymbol? attribute = model.Compilation.GetTypeByMetadataName("System.Text.RegularExpressions.GeneratedRegexAttribute");
            if (attribute == null || !(creation.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 })) return null;
            if (creation.ArgumentList == null || creation.ArgumentList.Arguments.Count == 0) return null;
            TypeDeclarationSyntax? type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type == null || !CanBePartial(type, model, cancellationToken)) return null;
            if (!(model.GetDeclaredSymbol(type, cancellationToken) is INamedTypeSymbol typeSymbol)) return null;

            string methodName = UniqueName(typeSymbol, MemberName(creation) + "Regex");
            TypeSyntax regexType = SyntaxFactory.ParseTypeName(WellKnownTypes.For(model.Compilation).Regex!.ToMinimalDisplayString(model, type.SpanStart));
            string attributeName = attribute.ToMinimalDisplayString(model, type.SpanStart);
            if (attributeName.EndsWith("Attribute", System.StringComparison.Ordinal)) attributeName = attributeName.Substring(0, attributeName.Length - 9);
            AttributeArgumentListSyntax arguments = SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(
                creation.ArgumentList.Arguments.Select(argument => SyntaxFactory.AttributeArgument(argument.Expression.WithoutTrivia())
                    .WithNameColon(argument.NameColon?.WithoutTrivia()))));
            MethodDeclarationSyntax method = SyntaxFactory.MethodDeclaration(regexType, SyntaxFactory.Identifier(methodName))
                .WithAttributeLists(SyntaxFactory.SingletonList(SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Attribute(SyntaxFactory.ParseName(attributeName), arguments)))))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                    SyntaxFactory.Token(SyntaxKind.PartialKeyword)))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                .NormalizeWhitespace()
                .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);

            var use = SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(methodName)).WithTriviaFrom(creation);
            var marker = new SyntaxAnnotation();
            TypeDeclarationSyntax edited = AddFirstMember(type.ReplaceNode(creation, use), method, root).WithAdditionalAnnotations(marker);
            SyntaxNode newRoot = MakePartial(root.ReplaceNode(type, edited), marker);
            Document fixedDocument = document.WithSyntaxRoot(newRoot);
            fixedDocument = await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(fixedDocument,
                Microsoft.CodeAnalysis.Formatting.Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await CompilesAsWellAsync(document, fixedDocument, cancellationToken).ConfigureAwait(false) ? fixedDocument : null;
        }

        /// <summary>The type and every type around it is a class, struct or record whose declarations are all in this file or already partial.</summary>
        private static bool CanBePartial(TypeDeclarationSyntax innermost, SemanticModel model, CancellationToken cancellationToken)
        {
            for (SyntaxNode? node = innermost; node != null; node = node.Parent)
            {
                if (!(node is TypeDeclarationSyntax type)) continue;
                if (type is InterfaceDeclarationSyntax) return false;
                if (type.Modifiers.Any(SyntaxKind.PartialKeyword)) continue;
                if (!(model.GetDeclaredSymbol(type, cancellationToken) is INamedTypeSymbol symbol) || symbol.DeclaringSyntaxReferences.Length != 1)
                    return false;
            }

            return true;
        }

        /// <summary>Adds <c>partial</c> to the marked type declaration and every type around it that lacks it.</summary>
        private static SyntaxNode MakePartial(SyntaxNode root, SyntaxAnnotation marker)
        {
            TypeDeclarationSyntax[] chain = root.GetAnnotatedNodes(marker).Single().AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
                .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToArray();
            return root.ReplaceNodes(chain, (original, rewritten) => rewritten.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword)
                .WithTrailingTrivia(SyntaxFactory.Space)));
        }

        /// <summary>The member as the type's first, with a blank line after it, in the file's own line endings.</summary>
        private static TypeDeclarationSyntax AddFirstMember(TypeDeclarationSyntax type, MemberDeclarationSyntax member, SyntaxNode root)
        {
            SyntaxTrivia newLine = SyntaxFactory.EndOfLine(root.ToFullString().Contains("\r\n") ? "\r\n" : "\n");
            SyntaxList<MemberDeclarationSyntax> members = type.Members;
            if (members.Count > 0) members = members.Replace(members[0], members[0].WithLeadingTrivia(members[0].GetLeadingTrivia().Insert(0, newLine)));
            return type.WithMembers(members.Insert(0, member.WithTrailingTrivia(newLine)));
        }

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

            TypeDeclarationSyntax edited = AddFirstMember(type.ReplaceNode(creation, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(creation)), field,
                root);
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

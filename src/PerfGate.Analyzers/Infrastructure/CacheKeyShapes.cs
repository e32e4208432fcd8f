using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The shape of a cache key as written: the text it starts with (<c>$"product:{id}"</c>, <c>"product:" + id</c>,
    /// <c>string.Format("product:{0}", id)</c> all read <c>text:product:</c>) or the method that builds it (<c>call:ProductKey</c>). Two
    /// keys of one shape name entries of the same kind; a cache whose entries are removed by that shape somewhere (on save or delete) holds
    /// what the data holds, not what requests bring.
    /// </summary>
    internal static class CacheKeyShapes
    {
        /// <summary>The shape of a key operation (through a local assigned once), or null when it has none (a bare parameter, a variable).</summary>
        public static string? Of(IOperation key)
        {
            key = key.WithoutConversions();
            if (key is ILocalReferenceOperation local && local.SingleAssignment() is { } assigned) key = assigned.WithoutConversions();
            return key.Syntax is ExpressionSyntax expression ? Of(expression) : null;
        }

        private static string? Of(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Of(parenthesized.Expression);
                case InterpolatedStringExpressionSyntax interpolated:
                    return interpolated.Contents.Count > 0 && interpolated.Contents[0] is InterpolatedStringTextSyntax text
                        && text.TextToken.ValueText.Length > 0
                        ? "text:" + text.TextToken.ValueText
                        : null;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } concatenation:
                    return Of(concatenation.Left);
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal:
                    return "text:" + literal.Token.ValueText;
                case InvocationExpressionSyntax invocation:
                    string? name = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => null,
                    };
                    if (name == null) return null;
                    if (name == "Format" && invocation.ArgumentList.Arguments.Count > 0
                        && invocation.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax format)
                    {
                        string value = format.Token.ValueText;
                        int hole = value.IndexOf('{');
                        return hole > 0 ? "text:" + value.Substring(0, hole) : null;
                    }

                    return "call:" + name;
                default:
                    return null;
            }
        }

        /// <summary><c>var key = $"product:{id}"; cache.Remove(key);</c>: the shape of the local's initializer in the same member.</summary>
        private static string? OfLocal(IdentifierNameSyntax variable, SyntaxNode use)
        {
            SyntaxNode? member = use.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member == null) return null;
            foreach (SyntaxNode node in member.DescendantNodes())
            {
                if (node is VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                    && declarator.Identifier.ValueText == variable.Identifier.ValueText)
                    return Of(initializer.Value);
            }

            return null;
        }

        private static readonly string[] RemoveMethods = { "Remove", "RemoveAsync" };

        /// <summary>The shapes of the keys the compilation removes from something (<c>cache.Remove(key)</c>, <c>RemoveAsync</c>): one syntax pass.</summary>
        public static ImmutableHashSet<string> Removed(Compilation compilation)
        {
            ImmutableHashSet<string>.Builder shapes = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (!TreeText.MayNameAny(tree, RemoveMethods)) continue;
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)) continue;
                    string name = access.Name.Identifier.ValueText;
                    if ((name != "Remove" && name != "RemoveAsync") || invocation.ArgumentList.Arguments.Count == 0) continue;
                    ExpressionSyntax key = invocation.ArgumentList.Arguments[0].Expression;
                    string? shape = key is IdentifierNameSyntax variable ? OfLocal(variable, invocation) : Of(key);
                    if (shape != null) shapes.Add(shape);
                }
            }

            return shapes.ToImmutable();
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerfGate.Analyzers;

namespace PerfGate.CodeFixes
{
    /// <summary>
    /// PG1009: inserts <c>.AsNoTracking()</c> right after the query's DbSet root (<c>db.Orders</c>, <c>db.Set&lt;Order&gt;()</c>),
    /// adding <c>using Microsoft.EntityFrameworkCore;</c> when the file lacks it. The rule reports only queries whose
    /// entities the method only reads, so not tracking them changes nothing the method observes. Roots reached
    /// through locals or query syntax get no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAsNoTrackingCodeFixProvider)), Shared]
    public sealed class AddAsNoTrackingCodeFixProvider : VerifiedEditCodeFixProvider
    {
        public const string FixTitle = "Add AsNoTracking()";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MissingAsNoTracking);

        protected override string Title => FixTitle;

        private protected override VerifiedEdit? Plan(InvocationExpressionSyntax load, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!(load.Expression is MemberAccessExpressionSyntax access)) return null;
            ExpressionSyntax? dbSet = DbSetRoot(access.Expression, model, cancellationToken);
            if (dbSet == null) return null;
            SyntaxToken? nextDot = VerifiedEdits.NextDot(dbSet);
            return new VerifiedEdit(
                dbSet,
                (current, annotation) => VerifiedEdits.AppendCall((ExpressionSyntax)current, "AsNoTracking", annotation, nextDot),
                method => VerifiedEdits.IsEfMethod(method, "AsNoTracking"));
        }

        /// <summary>Down the receivers of the chain to the first expression typed <c>DbSet&lt;T&gt;</c>; null when the chain leaves syntax first.</summary>
        private static ExpressionSyntax? DbSetRoot(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken)
        {
            ExpressionSyntax current = receiver;
            while (true)
            {
                if (IsDbSet(model.GetTypeInfo(current, cancellationToken).Type)) return current;
                switch (current)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        current = parenthesized.Expression;
                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                        current = access.Expression;
                        break;
                    default:
                        return null;
                }
            }
        }

        private static bool IsDbSet(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current is INamedTypeSymbol { Name: "DbSet", Arity: 1 } named
                    && named.ContainingNamespace?.ToDisplayString() == VerifiedEdits.EfNamespace)
                    return true;
            }

            return false;
        }
    }
}

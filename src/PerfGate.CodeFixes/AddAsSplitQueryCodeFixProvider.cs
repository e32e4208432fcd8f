using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
    /// PG1013: inserts <c>.AsSplitQuery()</c> into the query chain right after its last <c>Include</c>/<c>ThenInclude</c>
    /// (so before the executing call), adding <c>using Microsoft.EntityFrameworkCore;</c> when the file lacks it.
    /// Offered only when the inserted call binds to EF Core's <c>AsSplitQuery</c> (a relational provider is referenced).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAsSplitQueryCodeFixProvider)), Shared]
    public sealed class AddAsSplitQueryCodeFixProvider : VerifiedEditCodeFixProvider
    {
        public const string FixTitle = "Add AsSplitQuery()";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.CartesianExplosion);

        protected override string Title => FixTitle;

        private protected override VerifiedEdit? Plan(InvocationExpressionSyntax include, SemanticModel model, CancellationToken cancellationToken)
        {
            InvocationExpressionSyntax? last = LastInclude(include);
            if (last == null) return null;
            SyntaxToken? nextDot = VerifiedEdits.NextDot(last);
            return new VerifiedEdit(
                last,
                (current, annotation) => VerifiedEdits.AppendCall((ExpressionSyntax)current, "AsSplitQuery", annotation, nextDot),
                method => VerifiedEdits.IsEfMethod(method, "AsSplitQuery"));
        }

        /// <summary>Walks outward along the chain from the reported <c>Include</c>/<c>ThenInclude</c>; the last <c>Include</c>/<c>ThenInclude</c>
        /// seen.</summary>
        private static InvocationExpressionSyntax? LastInclude(InvocationExpressionSyntax include)
        {
            if (Name(include) != "Include" && Name(include) != "ThenInclude") return null;
            InvocationExpressionSyntax last = include;
            InvocationExpressionSyntax current = include;
            while (current.Parent is MemberAccessExpressionSyntax access && access.Expression == current
                   && access.Parent is InvocationExpressionSyntax next && next.Expression == access)
            {
                string? name = Name(next);
                if (name == "Include" || name == "ThenInclude") last = next;
                current = next;
            }

            return last;
        }

        private static string? Name(InvocationExpressionSyntax invocation) =>
            invocation.Expression is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : null;
    }
}

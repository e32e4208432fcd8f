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
    /// Replaces a synchronous call with its async twin and awaits it (<c>q.ToList()</c> → <c>await q.ToListAsync()</c>,
    /// <c>customers.Create(o)</c> → <c>await customers.CreateAsync(o, cancellationToken: ct)</c>), passing the
    /// enclosing method's <c>CancellationToken</c> when it has exactly one; parenthesized when the call is the
    /// receiver of something else (<c>(await q.ToListAsync()).Count</c>). Offered only inside a function that is
    /// already <c>async</c>, and only when the rewritten call binds to an async method whose awaited result has the
    /// synchronous call's type and the statement still compiles (no <c>await</c> in a <c>lock</c>, a query clause or
    /// a catch filter). The rules that use it say only how the token is passed and which calls need more.
    /// </summary>
    public abstract class AwaitAsyncOverloadCodeFixProvider : VerifiedEditCodeFixProvider
    {
        public const string FixTitle = "Await the async overload";

        protected override string Title => FixTitle;

        /// <summary>
        /// True: <c>cancellationToken: ct</c> (SDKs put optional parameters such as Stripe's <c>RequestOptions</c>
        /// before the token); false: the token as the next positional argument (EF's overloads take it right after).
        /// </summary>
        private protected abstract bool PassTokenByName { get; }

        /// <summary>True when the async twin takes the synchronous call's arguments as one array (EF's <c>Find</c>).</summary>
        private protected virtual bool TakesArgumentsAsArray(IMethodSymbol sync) => false;

        private protected override VerifiedEdit? Plan(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
        {
            SimpleNameSyntax? name = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                SimpleNameSyntax simple => simple, // SaveChanges() inside the context itself
                _ => null,
            };
            if (name == null) return null;
            if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol sync)) return null;
            if (name.Identifier.ValueText != sync.Name) return null;
            // EF's twins live on another type (ToList → EntityFrameworkQueryableExtensions.ToListAsync): the plain name then.
            string asyncName = AsyncCounterparts.Find(sync) ?? sync.Name + "Async";

            if (!IsInsideAsyncFunction(call, out SyntaxNode? function)) return null;
            string? token = CancellationTokenParameter(function!, model, cancellationToken);

            var arguments = call.ArgumentList.Arguments.ToList();
            bool wrapKeys = token != null && TakesArgumentsAsArray(sync)
                            && !(arguments.Count == 1 && model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type is IArrayTypeSymbol);
            string? syncResult = sync.ReturnsVoid ? null : sync.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            bool parenthesize = NeedsParentheses(call);
            bool byName = PassTokenByName;

            return new VerifiedEdit(
                call,
                (current, annotation) => Rewrite((InvocationExpressionSyntax)current, asyncName, token, byName, wrapKeys, parenthesize, annotation),
                method => method.Name == asyncName && AwaitsTo(method.ReturnType, syncResult));
        }

        private static SyntaxNode Rewrite(InvocationExpressionSyntax current, string asyncName, string? token, bool byName, bool wrapKeys, bool parenthesize,
            SyntaxAnnotation annotation)
        {
            SyntaxTriviaList leading = current.GetLeadingTrivia();
            SyntaxTriviaList trailing = current.GetTrailingTrivia();
            InvocationExpressionSyntax call = current.WithoutTrivia();
            ExpressionSyntax expression = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name, asyncName)),
                SimpleNameSyntax simple => Renamed(simple, asyncName),
                _ => call.Expression,
            };

            ArgumentListSyntax arguments = call.ArgumentList;
            if (wrapKeys)
            {
                // Find(1, 2) → FindAsync(new object[] { 1, 2 }, ct): the overload with a token takes the keys as an array.
                ExpressionSyntax keys = SyntaxFactory.ParseExpression(
                    "new object[] { " + string.Join(", ", arguments.Arguments.Select(a => a.Expression.ToString())) + " }");
                arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(keys)));
            }

            if (token != null)
            {
                ArgumentSyntax argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token));
                if (byName) argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName("cancellationToken")));
                arguments = arguments.AddArguments(argument);
            }

            ExpressionSyntax awaited = SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                call.WithExpression(expression).WithArgumentList(arguments).WithAdditionalAnnotations(annotation));
            if (parenthesize) awaited = SyntaxFactory.ParenthesizedExpression(awaited);
            return awaited.WithLeadingTrivia(leading).WithTrailingTrivia(trailing);
        }

        private static SimpleNameSyntax Renamed(SimpleNameSyntax name, string newName) =>
            name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, newName, name.Identifier.TrailingTrivia));

        /// <summary><c>await x</c> binds looser than member access, invocation, indexing and postfix operators.</summary>
        private static bool NeedsParentheses(ExpressionSyntax call) =>
            call.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Expression == call,
                ConditionalAccessExpressionSyntax conditional => conditional.Expression == call,
                ElementAccessExpressionSyntax element => element.Expression == call,
                InvocationExpressionSyntax invocation => invocation.Expression == call,
                PostfixUnaryExpressionSyntax _ => true,
                _ => false,
            };

        /// <summary>The innermost lambda, anonymous method, local function or method around the call is <c>async</c>.</summary>
        private static bool IsInsideAsyncFunction(SyntaxNode node, out SyntaxNode? function)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        function = lambda;
                        return !lambda.AsyncKeyword.IsKind(SyntaxKind.None);
                    case LocalFunctionStatementSyntax local:
                        function = local;
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case BaseMethodDeclarationSyntax method:
                        function = method;
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case AccessorDeclarationSyntax _:
                    case BaseTypeDeclarationSyntax _:
                        function = null;
                        return false;
                }
            }

            function = null;
            return false;
        }

        /// <summary>
        /// The name of the one <c>CancellationToken</c> parameter of the innermost enclosing function that has any
        /// (a lambda without one uses its method's); null when none, or when that function has several.
        /// </summary>
        private static string? CancellationTokenParameter(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            for (SyntaxNode? current = function; current != null; current = current.Parent)
            {
                IMethodSymbol? symbol = current switch
                {
                    AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
                    LocalFunctionStatementSyntax local => model.GetDeclaredSymbol(local, cancellationToken) as IMethodSymbol,
                    BaseMethodDeclarationSyntax method => model.GetDeclaredSymbol(method, cancellationToken) as IMethodSymbol,
                    _ => null,
                };
                if (symbol != null)
                {
                    List<IParameterSymbol> tokens = symbol.Parameters.Where(p => IsCancellationToken(p.Type) && p.RefKind == RefKind.None).ToList();
                    if (tokens.Count > 1) return null;
                    if (tokens.Count == 1) return tokens[0].Name;
                }

                if (current is BaseMethodDeclarationSyntax || current is BaseTypeDeclarationSyntax) return null;
            }

            return null;
        }

        private static bool IsCancellationToken(ITypeSymbol type) =>
            type.Name == "CancellationToken" && type.ContainingNamespace?.ToDisplayString() == "System.Threading";

        /// <summary><c>Task</c>/<c>ValueTask</c> for a void call, <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> with the synchronous result type
        /// otherwise.</summary>
        private static bool AwaitsTo(ITypeSymbol returnType, string? syncResult)
        {
            if (!(returnType is INamedTypeSymbol task) || (task.Name != "Task" && task.Name != "ValueTask")
                || task.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
                return false;
            return syncResult == null
                ? task.Arity == 0
                : task.Arity == 1 && task.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == syncResult;
        }
    }
}

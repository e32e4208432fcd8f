using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PerfGate.Analyzers
{
    /// <summary>Where PerfGate puts a diagnostic: tight, stable spans that survive edits around them.</summary>
    internal static class DiagnosticLocations
    {
        /// <summary>
        /// From the called method's name to the end of the argument list: <c>FirstAsync(c =&gt; c.Id == id)</c>
        /// in <c>await db.Customers.FirstAsync(c =&gt; c.Id == id)</c>. A call without a receiver spans the whole call.
        /// </summary>
        public static Location ForInvocation(SyntaxNode syntax)
        {
            if (syntax is InvocationExpressionSyntax invocation)
            {
                SyntaxNode? name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
                    MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
                    _ => null,
                };
                if (name != null)
                {
                    return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(name.SpanStart, invocation.Span.End));
                }
            }

            return syntax.GetLocation();
        }
    }
}

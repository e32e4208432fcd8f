using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Where a blocking or synchronous call runs, for PG2006/PG2007: an async method, lambda or local
    /// function, or a synchronous method on a request path. Null when it is none of these (synchronous
    /// code no request reaches, synchronous lambdas, expression trees, <c>Main</c>).
    /// </summary>
    internal static class AsyncContext
    {
        public static string? Describe(IOperation operation, ISymbol containingSymbol, RequestPaths requestPaths)
        {
            // The innermost function the operation runs in: a lambda or local function is its own context.
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol.IsAsync ? "async lambda in '" + OwnerName(containingSymbol) + "'" : null;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol.IsAsync ? "async local function '" + localFunction.Symbol.Name + "'" : null;
                }
            }

            if (!(containingSymbol is IMethodSymbol method)) return null;
            if (method.IsAsync) return "async method '" + OwnerName(method) + "'";
            if (method.Name == "Main" || method.Name == "<Main>$") return null;
            if (requestPaths.IsHandler(method)) return "request handler '" + OwnerName(method) + "'";
            if (requestPaths.IsInRequestPath(method)) return "'" + OwnerName(method) + "', which a request handler calls";
            return null;
        }

        public static string OwnerName(ISymbol symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda) symbol = lambda.ContainingSymbol;
            if (symbol is IMethodSymbol { AssociatedSymbol: { } associated }) symbol = associated;
            return symbol.Name == "<Main>$" ? "top-level statements" : symbol.Name;
        }
    }
}

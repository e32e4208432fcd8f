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
        /// <summary>How many callers up a synchronous helper is followed to learn that only async code calls it.</summary>
        private const int AsyncCallerDepth = 2;

        public static string? Describe(IOperation operation, ISymbol containingSymbol, RequestPaths requestPaths) =>
            Describe(operation, containingSymbol, requestPaths, callSites: null, types: null);

        /// <summary>
        /// As <see cref="Describe(IOperation, ISymbol, RequestPaths)"/>, and also: a synchronous method that only async code calls (every
        /// call site, followed <see cref="AsyncCallerDepth"/> synchronous callers up, sits in an async method, lambda or local function: it
        /// runs on the async caller's pool thread), and a property getter of a Blazor component or Razor Page model (read while rendering).
        /// </summary>
        public static string? Describe(IOperation operation, ISymbol containingSymbol, RequestPaths requestPaths, MethodCallSites? callSites,
            WellKnownTypes? types)
        {
            // The innermost function the operation runs in: a lambda or local function is its own context.
            if (InnerFunction(operation) != null) return AsyncFunctionAround(operation, containingSymbol);
            if (!(containingSymbol is IMethodSymbol method)) return null;
            if (method.IsAsync) return "async method '" + OwnerName(method) + "'";
            if (method.Name == "Main" || method.Name == "<Main>$") return null;
            if (requestPaths.IsHandler(method)) return "request handler '" + OwnerName(method) + "'";
            if (requestPaths.IsInRequestPath(method)) return "'" + OwnerName(method) + "', which a request handler calls";
            if (types != null && method.MethodKind == MethodKind.PropertyGet
                && (method.ContainingType.InheritsFromOrEquals(types.ComponentBase) || method.ContainingType.InheritsFromOrEquals(types.PageModel)))
                return "the getter of '" + OwnerName(method) + "', which rendering reads";
            string? asyncCaller = callSites == null ? null : OnlyAsyncCaller(method, callSites, AsyncCallerDepth);
            if (asyncCaller != null) return "'" + OwnerName(method) + "', which only async code calls (" + asyncCaller + ")";
            return null;
        }

        /// <summary>
        /// The first async caller of <paramref name="method"/> when every call of it sits in async code (directly, or through synchronous
        /// methods whose own calls do, <paramref name="depth"/> levels up); null when a caller is synchronous or the callers cannot all be seen.
        /// </summary>
        private static string? OnlyAsyncCaller(IMethodSymbol method, MethodCallSites callSites, int depth)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.Name == "Main") return null;
            string? first = null;
            foreach ((IInvocationOperation call, ISymbol container) in callSites.Find(method))
            {
                ISymbol owner = container;
                while (owner is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda) owner = lambda.ContainingSymbol;
                if (owner is IMethodSymbol ownerMethod && AdminOnlyCode.IsTest(ownerMethod)) return null; // a test's thread is not a server's
                string? here = AsyncFunctionAround(call, container);
                if (here == null && depth > 0 && container is IMethodSymbol { IsAsync: false } outer && InnerFunction(call) == null
                    && OnlyAsyncCaller(outer, callSites, depth - 1) is { } further)
                    here = further;
                if (here == null) return null;
                first ??= here;
            }

            return first;
        }

        /// <summary>The async function a call runs in (its innermost lambda, local function or method), or null when that one is synchronous.</summary>
        private static string? AsyncFunctionAround(IOperation call, ISymbol container)
        {
            IMethodSymbol? inner = InnerFunction(call);
            if (inner == null) return container is IMethodSymbol { IsAsync: true } ? "async method '" + OwnerName(container) + "'" : null;
            if (!inner.IsAsync) return null;
            return inner.MethodKind == MethodKind.LocalFunction
                ? "async local function '" + inner.Name + "'"
                : "async lambda in '" + OwnerName(container) + "'";
        }

        /// <summary>The innermost lambda or local function around <paramref name="operation"/>, or null when it runs in the method itself.</summary>
        private static IMethodSymbol? InnerFunction(IOperation operation)
        {
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                }
            }

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

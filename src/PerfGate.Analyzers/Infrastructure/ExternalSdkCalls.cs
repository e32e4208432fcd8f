using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Recognises calls into SDKs that talk HTTP to a third party: Stripe.net service methods
    /// (<c>CustomerService.CreateAsync</c>, on any <c>Stripe.Service</c> subclass) and OpenAI SDK client
    /// methods that return a <c>System.ClientModel.ClientResult</c> (<c>ChatClient.CompleteChatAsync</c>).
    /// Matching is by the real SDK types: a compilation without the SDK never matches.
    /// </summary>
    internal static class ExternalSdkCalls
    {
        /// <summary>True when <paramref name="method"/> sends a request to Stripe or OpenAI when called (not lazily).</summary>
        public static bool IsSdkRequest(IMethodSymbol method) => IsStripeServiceRequest(method) || IsOpenAiRequest(method);

        /// <summary>A request method of a Stripe service (<c>Create</c>, <c>GetAsync</c>, ...); the lazy <c>*AutoPaging*</c> enumerators are not.</summary>
        public static bool IsStripeServiceRequest(IMethodSymbol method)
        {
            if (method.IsStatic || method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public) return false;
            if (method.Name.IndexOf("AutoPaging", StringComparison.Ordinal) >= 0) return false;
            if (method.ReturnsVoid) return false;
            return IsStripeService(method.ContainingType);
        }

        public static bool IsStripeService(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current.Name == "Service" && IsNamespace(current.ContainingNamespace, "Stripe")) return true;
            }

            return false;
        }

        /// <summary>A method of an OpenAI SDK type that returns a service response (<c>ClientResult</c>, <c>Task&lt;ClientResult&lt;T&gt;&gt;</c>).</summary>
        public static bool IsOpenAiRequest(IMethodSymbol method)
        {
            if (method.IsStatic || method.MethodKind != MethodKind.Ordinary) return false;
            if (!IsInOpenAiNamespace(method.ContainingType)) return false;
            ITypeSymbol result = method.ReturnType;
            if (result is INamedTypeSymbol { IsGenericType: true } generic && generic.Name == "Task"
                && IsNamespace(generic.ContainingNamespace, "System.Threading.Tasks"))
                result = generic.TypeArguments[0];
            for (ITypeSymbol? current = result; current != null; current = current.BaseType)
            {
                if (current.Name == "ClientResult" && IsNamespace(current.ContainingNamespace, "System.ClientModel")) return true;
            }

            return false;
        }

        private static bool IsInOpenAiNamespace(INamedTypeSymbol type)
        {
            string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            return ns == "OpenAI" || ns.StartsWith("OpenAI.", StringComparison.Ordinal);
        }

        private static bool IsNamespace(INamespaceSymbol? ns, string name) =>
            ns != null && ns.ToDisplayString() == name;

        /// <summary>
        /// The call whose result is awaited by <paramref name="await"/>: <c>await Call()</c>,
        /// <c>await Call().ConfigureAwait(false)</c>; null when something else is awaited (a task variable, Task.WhenAll).
        /// </summary>
        public static IInvocationOperation? AwaitedCall(IAwaitOperation await)
        {
            IOperation operation = await.Operation.WithoutConversions();
            if (operation is IInvocationOperation { TargetMethod: { Name: "ConfigureAwait" } } configure
                && configure.Instance?.WithoutConversions() is IInvocationOperation inner)
                return inner;
            return operation as IInvocationOperation;
        }
    }
}

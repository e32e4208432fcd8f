using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The source methods a request reaches with no cache around them (PG3003). "Cached" means any of:
    /// <list type="bullet">
    /// <item>the handler has <c>[OutputCache]</c> or <c>[ResponseCache]</c> (on the action or its controller), or its
    /// minimal API registration is chained with <c>.CacheOutput()</c>; when the compilation registers an output-cache
    /// base policy (<c>AddBasePolicy</c>) or calls <c>CacheOutput</c> on a route group, no minimal API handler is a root;</item>
    /// <item>a method on the way touches a cache: it calls a member of a type whose name contains <c>Cache</c>
    /// (<c>IMemoryCache</c>, <c>IDistributedCache</c>, <c>HybridCache</c>, FusionCache, the app's own <c>ICacheService</c>, ...);
    /// its callees are then treated as cached (the read-through pattern), whatever the cache key;</item>
    /// <item>the call sits in a lambda given to such a cache member (<c>GetOrCreateAsync(key, _ =&gt; Load())</c>) or to a
    /// <c>GetOrAdd</c>/<c>GetOrCreate</c>/<c>GetOrSet</c> method of any type.</item>
    /// </list>
    /// Computed once per compilation, on first question (only when a candidate read exists).
    /// </summary>
    internal sealed class UncachedRequestPaths
    {
        private readonly IoSummaries _summaries;
        private readonly RequestPaths _requestPaths;
        private readonly Lazy<OutputCacheRegistrations> _outputCaching;
        private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _reachable;

        public UncachedRequestPaths(Compilation compilation)
        {
            _summaries = IoSummaries.For(compilation);
            _requestPaths = RequestPaths.For(compilation);
            _outputCaching = new Lazy<OutputCacheRegistrations>(() => OutputCacheRegistrations.Find(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            _reachable = new Lazy<ImmutableHashSet<IMethodSymbol>>(Compute, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public RequestPaths RequestPaths => _requestPaths;

        /// <summary>True when a request reaches <paramref name="method"/> through handlers and methods none of which caches.</summary>
        public bool IsReachedUncached(IMethodSymbol method) => _reachable.Value.Contains(IoSummaries.Normalize(method));

        /// <summary>A handler whose response is cached by ASP.NET Core (attributes, <c>.CacheOutput()</c>).</summary>
        public bool IsCachedHandler(IMethodSymbol handler)
        {
            if (HasCacheAttribute(handler) || (handler.ContainingType != null && HasCacheAttribute(handler.ContainingType))) return true;
            if (!IsMinimalApi(handler)) return false;
            OutputCacheRegistrations outputCaching = _outputCaching.Value;
            if (outputCaching.Global) return true;
            foreach (SyntaxReference reference in handler.DeclaringSyntaxReferences)
            {
                if (IsRegisteredWithCacheOutput(reference.GetSyntax())) return true;
            }

            // A method group handler: its registration is elsewhere.
            return handler.MethodKind != MethodKind.AnonymousFunction && outputCaching.MethodGroups.Contains(handler.Name);
        }

        /// <summary>A type whose members read or write a cache, by name (<c>IMemoryCache</c>, <c>HybridCache</c>, <c>ProductCache</c>, ...).</summary>
        private static bool IsCacheType(ITypeSymbol? type) =>
            type != null && type.Name.IndexOf("Cache", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The body calls a cache member (outside expression trees): it caches something around its calls.</summary>
        public static bool UsesCache(IOperation body)
        {
            foreach (IOperation operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation call when IsCacheType(call.TargetMethod.ContainingType)
                        || IsCacheType(call.GetReceiver()?.WithoutConversions().Type):
                        return true;
                    case IPropertyReferenceOperation property when IsCacheType(property.Property.ContainingType):
                        return true;
                }
            }

            return false;
        }

        private static bool IsCacheFactory(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            if (!(parent is IArgumentOperation { Parent: IInvocationOperation call })) return false;
            string name = call.TargetMethod.Name;
            return IsCacheType(call.TargetMethod.ContainingType) || IsCacheType(call.GetReceiver()?.WithoutConversions().Type)
                || name.StartsWith("GetOrAdd", StringComparison.Ordinal) || name.StartsWith("GetOrCreate", StringComparison.Ordinal)
                || name.StartsWith("GetOrSet", StringComparison.Ordinal);
        }

        private bool IsMinimalApi(IMethodSymbol handler) =>
            handler.MethodKind == MethodKind.AnonymousFunction || _requestPaths.MinimalApiHandlers.Contains(IoSummaries.Normalize(handler));

        private static bool HasCacheAttribute(ISymbol symbol)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                string? name = attribute.AttributeClass?.Name;
                if (name == "OutputCacheAttribute" || name == "ResponseCacheAttribute") return true;
            }

            return false;
        }

        /// <summary><c>app.MapGet("/x", handler).CacheOutput()</c>: the handler's registration call is chained with <c>CacheOutput</c>.</summary>
        private static bool IsRegisteredWithCacheOutput(SyntaxNode handlerSyntax)
        {
            InvocationExpressionSyntax? registration = handlerSyntax.FirstAncestorOrSelf<InvocationExpressionSyntax>(
                node => node.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText.StartsWith("Map", StringComparison.Ordinal));
            return registration != null && ChainCalls(registration, "CacheOutput");
        }

        private static bool ChainCalls(ExpressionSyntax start, string name)
        {
            SyntaxNode current = start;
            while (current.Parent is MemberAccessExpressionSyntax access && access.Parent is InvocationExpressionSyntax next)
            {
                if (access.Name.Identifier.ValueText == name) return true;
                current = next;
            }

            return false;
        }

        /// <summary>
        /// One syntactic pass: is output caching applied to every endpoint (an <c>AddBasePolicy</c>, or <c>CacheOutput</c> on
        /// anything but a <c>Map*</c> registration: a route group), and which method-group handlers are registered with
        /// <c>.CacheOutput()</c> (by name).
        /// </summary>
        private sealed class OutputCacheRegistrations
        {
            private OutputCacheRegistrations(bool global, HashSet<string> methodGroups)
            {
                Global = global;
                MethodGroups = methodGroups;
            }

            public bool Global { get; }

            public HashSet<string> MethodGroups { get; }

            private static readonly string[] OutputCacheMethods = { "AddBasePolicy", "CacheOutput" };

            public static OutputCacheRegistrations Find(Compilation compilation)
            {
                var methodGroups = new HashSet<string>(StringComparer.Ordinal);
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    if (!TreeText.MayNameAny(tree, OutputCacheMethods)) continue;
                    foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                    {
                        if (!(node is MemberAccessExpressionSyntax access)) continue;
                        string name = access.Name.Identifier.ValueText;
                        if (name == "AddBasePolicy") return new OutputCacheRegistrations(true, methodGroups);
                        if (name != "CacheOutput") continue;
                        InvocationExpressionSyntax? registration = MapRegistrationUnder(access.Expression);
                        if (registration == null) return new OutputCacheRegistrations(true, methodGroups); // a route group or a variable
                        if (registration.ArgumentList.Arguments.Count > 0
                            && registration.ArgumentList.Arguments[registration.ArgumentList.Arguments.Count - 1].Expression is SimpleNameSyntax handler)
                            methodGroups.Add(handler.Identifier.ValueText);
                    }
                }

                return new OutputCacheRegistrations(false, methodGroups);
            }

            /// <summary>The <c>Map*</c> call at the start of a fluent chain (<c>app.MapGet(...).WithName(...)</c>), or null.</summary>
            private static InvocationExpressionSyntax? MapRegistrationUnder(ExpressionSyntax expression)
            {
                while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call)
                {
                    string name = member.Name.Identifier.ValueText;
                    if (name == "MapGroup") return null;
                    if (name.StartsWith("Map", StringComparison.Ordinal)) return call;
                    expression = member.Expression;
                }

                return null;
            }
        }

        private ImmutableHashSet<IMethodSymbol> Compute()
        {
            var roots = new List<IMethodSymbol>();
            foreach (IMethodSymbol handler in _requestPaths.Handlers())
            {
                if (!IsCachedHandler(handler)) roots.Add(handler);
            }

            return _requestPaths.Walk(roots, (body, work) =>
            {
                if (!UsesCache(body)) Visit(body, work); // the read-through pattern: what a caching method calls is cached
            });
        }

        private void Visit(IOperation operation, Stack<IMethodSymbol> work)
        {
            if (operation is IAnonymousFunctionOperation lambda && IsCacheFactory(lambda)) return;
            if (operation is IInvocationOperation invocation)
            {
                foreach (IMethodSymbol target in _summaries.DispatchTargets(invocation.TargetMethod, invocation.Instance)) work.Push(target);
            }

            foreach (IOperation child in operation.ChildOperations) Visit(child, work);
        }
    }
}

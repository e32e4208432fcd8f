using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Request-path discovery: which methods handle an HTTP request (MVC/API controller actions,
    /// minimal API <c>Map*</c> handlers, Razor Pages <c>On{Verb}</c> handlers, SignalR hub methods,
    /// gRPC service methods) and which source methods they reach through the call graph of
    /// <see cref="IoSummaries"/>. Handler checks are symbol-only; the minimal API scan and the
    /// reachability set are computed once per compilation, on first question.
    /// </summary>
    internal sealed class RequestPaths
    {
        private static readonly ConditionalWeakTable<Compilation, RequestPaths> s_instances = new ConditionalWeakTable<Compilation, RequestPaths>();

        private static readonly string[] MapMethods =
        {
            "Map", "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "MapFallback",
        };

        private readonly IoSummaries _summaries;
        private readonly INamedTypeSymbol? _controllerBase;
        private readonly INamedTypeSymbol? _controllerAttribute;
        private readonly INamedTypeSymbol? _nonActionAttribute;
        private readonly INamedTypeSymbol? _pageModel;
        private readonly INamedTypeSymbol? _hub;
        private readonly INamedTypeSymbol? _bindServiceMethod;
        private readonly INamedTypeSymbol? _endpointRouteBuilderExtensions;
        private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _minimalApiHandlers;
        private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _reachable;
        private readonly Lazy<bool> _hasHandlers;

        private RequestPaths(Compilation compilation)
        {
            _summaries = IoSummaries.For(compilation);
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _controllerBase = types.ControllerBase;
            _controllerAttribute = types.ControllerAttribute;
            _nonActionAttribute = types.NonActionAttribute;
            _pageModel = types.PageModel;
            _hub = types.Hub;
            _bindServiceMethod = types.BindServiceMethodAttribute;
            _endpointRouteBuilderExtensions = types.EndpointRouteBuilderExtensions;
            _minimalApiHandlers = new Lazy<ImmutableHashSet<IMethodSymbol>>(() => FindMinimalApiHandlers(compilation),
                LazyThreadSafetyMode.ExecutionAndPublication);
            _reachable = new Lazy<ImmutableHashSet<IMethodSymbol>>(ComputeReachable, LazyThreadSafetyMode.ExecutionAndPublication);
            _hasHandlers = new Lazy<bool>(AnyHandler, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public static RequestPaths For(Compilation compilation) => s_instances.GetValue(compilation, c => new RequestPaths(c));

        /// <summary>
        /// False when the compilation handles no request at all (a library, a worker): then <see cref="IsHandler"/> is false for every
        /// method and lambda of it, and a rule about handlers can stop before its first costly question.
        /// </summary>
        public bool HasHandlers => _hasHandlers.Value;

        /// <summary>True when <paramref name="method"/> itself is invoked by the framework for a request.</summary>
        public bool IsHandler(IMethodSymbol method) => IsMinimalApiHandler(method) || IsTypeHandler(method);

        /// <summary>
        /// True when <paramref name="method"/> handles requests because of the type it is declared in: a controller action,
        /// a Razor Pages handler, a hub method or a gRPC service method (not a minimal API handler, which its <c>Map*</c> call makes one).
        /// </summary>
        public bool IsTypeHandler(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic) return false;
            if (method.DeclaredAccessibility != Accessibility.Public) return false;
            INamedTypeSymbol type = method.ContainingType;
            if (type.IsAbstract) return false;

            if (IsController(type)) return !HasAttribute(method, _nonActionAttribute);
            if (type.InheritsFromOrEquals(_pageModel))
                return method.Name.StartsWith("On", StringComparison.Ordinal) && method.Name.Length > 2 && char.IsUpper(method.Name[2]);
            if (type.InheritsFromOrEquals(_hub))
                return !method.IsOverride; // OnConnectedAsync etc. are lifecycle, still per connection: keep hub methods only
            if (_bindServiceMethod != null && method.IsOverride)
            {
                for (INamedTypeSymbol? current = type.BaseType; current != null; current = current.BaseType)
                {
                    if (HasAttribute(current, _bindServiceMethod)) return true;
                }
            }

            return false;
        }

        private bool IsMinimalApiHandler(IMethodSymbol method)
        {
            if (_minimalApiHandlers.Value.Contains(IoSummaries.Normalize(method))) return true;
            if (method.MethodKind != MethodKind.AnonymousFunction) return false;
            // Lambda symbols from different semantic models are not equal: compare declarations.
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                foreach (IMethodSymbol handler in _minimalApiHandlers.Value)
                {
                    foreach (SyntaxReference other in handler.DeclaringSyntaxReferences)
                    {
                        if (other.SyntaxTree == reference.SyntaxTree && other.Span == reference.Span) return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The lambdas and methods passed as minimal API handlers (<c>Map*</c> delegates).</summary>
        public ImmutableHashSet<IMethodSymbol> MinimalApiHandlers => _minimalApiHandlers.Value;

        /// <summary>True when <paramref name="method"/> is a handler or reachable from one through source calls.</summary>
        public bool IsInRequestPath(IMethodSymbol method) =>
            IsHandler(method) || _reachable.Value.Contains(IoSummaries.Normalize(method));

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
        {
            if (attributeType == null) return false;
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass.InheritsFromOrEquals(attributeType)) return true;
            }

            return false;
        }

        private ImmutableHashSet<IMethodSymbol> FindMinimalApiHandlers(Compilation compilation)
        {
            var handlers = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (_endpointRouteBuilderExtensions == null) return handlers.ToImmutable();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (!MayNameMapMethod(tree)) continue;
                SyntaxNode root = tree.GetRoot();
                SemanticModel? model = null;
                foreach (SyntaxNode node in root.DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax invocation)) continue;
                    string? name = (invocation.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText;
                    if (name == null || Array.IndexOf(MapMethods, name) < 0) continue;
#pragma warning disable RS1030 // Request-path discovery reads the endpoint registrations once per compilation.
                    model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    if (!(model.GetOperation(invocation) is IInvocationOperation operation)) continue;
                    if (!operation.TargetMethod.ContainingType.IsType(_endpointRouteBuilderExtensions)) continue;
                    foreach (IArgumentOperation argument in operation.Arguments)
                    {
                        if (argument.Parameter?.Type.Name != "Delegate") continue;
                        switch (argument.Value.WithoutConversions())
                        {
                            case IDelegateCreationOperation creation when creation.Target is IAnonymousFunctionOperation lambda:
                                handlers.Add(lambda.Symbol);
                                break;
                            case IDelegateCreationOperation creation when creation.Target is IMethodReferenceOperation reference:
                                handlers.Add(IoSummaries.Normalize(reference.Method));
                                break;
                            case IAnonymousFunctionOperation lambda:
                                handlers.Add(lambda.Symbol);
                                break;
                            case IMethodReferenceOperation reference:
                                handlers.Add(IoSummaries.Normalize(reference.Method));
                                break;
                        }
                    }
                }
            }

            return handlers.ToImmutable();
        }

        /// <summary>
        /// False when no <c>Map*</c> identifier can occur in the tree: a scan of its text is far cheaper than
        /// walking its nodes, and in most files of a web app no endpoint is registered.
        /// </summary>
        private static bool MayNameMapMethod(SyntaxTree tree) => TreeText.MayNameAny(tree, MapMethods);

        /// <summary>Every request handler of the compilation: the minimal API handlers, then the handler methods of its types.</summary>
        public IEnumerable<IMethodSymbol> Handlers()
        {
            foreach (IMethodSymbol handler in _minimalApiHandlers.Value) yield return handler;
            var types = new Stack<INamespaceOrTypeSymbol>();
            types.Push(_summaries.Compilation.Assembly.GlobalNamespace);
            while (types.Count > 0)
            {
                INamespaceOrTypeSymbol current = types.Pop();
                foreach (ISymbol member in current.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol nested) types.Push(nested);
                    else if (member is IMethodSymbol method && current is INamedTypeSymbol && IsHandler(method)) yield return method;
                }
            }
        }

        private bool AnyHandler()
        {
            foreach (IMethodSymbol _ in Handlers()) return true;
            return false;
        }

        /// <summary>
        /// A reachability walk from <paramref name="roots"/> over source bodies: <paramref name="visitBody"/> reads each
        /// method's (or lambda's) body and pushes the methods it decides are reached. Lambdas keep their own symbol (two
        /// models give the same lambda two symbols; callers compare what they get back with care). Bodies are read from
        /// the compiler's cached semantic models.
        /// </summary>
        public ImmutableHashSet<IMethodSymbol> Walk(IEnumerable<IMethodSymbol> roots, Action<IOperation, Stack<IMethodSymbol>> visitBody)
        {
            Compilation compilation = _summaries.Compilation;
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>(roots);
            while (work.Count > 0)
            {
                IMethodSymbol method = work.Pop();
                if (method.MethodKind != MethodKind.AnonymousFunction) method = IoSummaries.Normalize(method);
                if (!seen.Add(method)) continue;
                foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
                {
                    SyntaxNode node = reference.GetSyntax();
                    if (!compilation.ContainsSyntaxTree(node.SyntaxTree)) continue;
#pragma warning disable RS1030 // Whole-program reachability reads other methods' bodies (the compiler's cached model).
                    IOperation? body = compilation.GetSemanticModel(node.SyntaxTree).GetOperation(node);
#pragma warning restore RS1030
                    if (body != null) visitBody(body, work);
                }
            }

            return ImmutableHashSet.CreateRange<IMethodSymbol>(SymbolEqualityComparer.Default, seen);
        }

        /// <summary>MVC/API controllers: <c>ControllerBase</c> subclasses and <c>[Controller]</c> types.</summary>
        public bool IsController(INamedTypeSymbol type)
        {
            if (type.InheritsFromOrEquals(_controllerBase)) return true;
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (HasAttribute(current, _controllerAttribute)) return true;
            }

            return false;
        }

        private ImmutableHashSet<IMethodSymbol> ComputeReachable()
        {
            // Roots: every handler the symbol checks accept, plus the minimal API handlers.
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>(Handlers());
            while (work.Count > 0)
            {
                IMethodSymbol method = IoSummaries.Normalize(work.Pop());
                if (!seen.Add(method)) continue;
                foreach (IMethodSymbol callee in _summaries.Summarize(method).Callees) work.Push(callee);
            }

            return ImmutableHashSet.CreateRange<IMethodSymbol>(SymbolEqualityComparer.Default, seen);
        }
    }
}

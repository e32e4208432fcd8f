using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Does a creation (<c>new HttpClient()</c>, <c>new StripeClient(key)</c>, <c>ConnectionMultiplexer.Connect(...)</c>) run
    /// on every call of its member, or once (static/instance initializers, constructors, lazy statics, singleton
    /// factories, <c>Main</c>, startup code, helpers only these call)? Shared by PG2002, PG2004 and PG3001.
    /// </summary>
    internal sealed class PerCallCreation
    {
        private readonly INamedTypeSymbol? _lazy;
        private readonly INamedTypeSymbol? _lazyInitializer;
        private readonly bool _isWebAssembly;
        private readonly Compilation _compilation;

        /// <param name="isWebAssembly">Blazor WebAssembly: scoped/transient DI factories are silent (HttpClient over fetch).</param>
        public PerCallCreation(Compilation compilation, bool isWebAssembly)
        {
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _lazy = types.LazyOfT;
            _lazyInitializer = types.LazyInitializer;
            _isWebAssembly = isWebAssembly;
            _compilation = compilation;
            foreach (INamedTypeSymbol? type in new[] { types.ControllerBase, types.PageModel, types.Hub, types.ComponentBase })
            {
                if (type != null) _perRequestTypes.Add(type);
            }
        }

        private readonly List<INamedTypeSymbol> _perRequestTypes = new List<INamedTypeSymbol>();

        /// <summary>How many callers up a helper is followed to learn that it runs only once (startup code, a constructor).</summary>
        private const int CallerDepth = 3;

        /// <summary>The name of the member that creates a client per call, or null when the creation runs once.</summary>
        public string? FindPerCallMember(IOperation creation, ISymbol containingSymbol) => FindPerCallMember(creation, containingSymbol, CallerDepth);

        private string? FindPerCallMember(IOperation creation, ISymbol containingSymbol, int callerDepth)
        {
            IOperation current = creation;
            bool isValue = true; // still the value flowing out of the creation (through ?:, ??, conversions)
            for (IOperation? parent = current.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConversionOperation _:
                    case ICoalesceOperation _:
                    case IAwaitOperation _: // _redis ??= await ConnectionMultiplexer.ConnectAsync(...)
                        break;

                    case IConditionalOperation conditional:
                        if (ReferenceEquals(conditional.Condition, current)) isValue = false;
                        break;

                    case IAssignmentOperation assignment:
                        if (isValue && ReferenceEquals(assignment.Value, current) && IsOneTimeTarget(assignment))
                            return null;
                        isValue = false;
                        break;

                    case IFieldInitializerOperation _:
                    case IPropertyInitializerOperation _:
                        return null;

                    case IAnonymousFunctionOperation lambda when IsLinqQueryLambda(lambda):
                        isValue = false; // runs inside the method that builds the query, once per item
                        break;

                    case IAnonymousFunctionOperation lambda:
                        if (IsOneTimeFactory(lambda)) return null;
                        string? registration = DescribeRegistrationFactory(lambda);
                        if (registration != null) return _isWebAssembly ? null : registration;
                        return MemberName(containingSymbol);

                    case ILocalFunctionOperation localFunction:
                        return "'" + localFunction.Symbol.Name + "'";

                    default:
                        isValue = false;
                        break;
                }
            }

            while (containingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } inlineLambda)
                containingSymbol = inlineLambda.ContainingSymbol;
            if (containingSymbol is IMethodSymbol method)
            {
                if (method.MethodKind == MethodKind.Constructor || method.MethodKind == MethodKind.StaticConstructor) return null;
                if (StartupCode.IsEntryPoint(method) || StartupCode.ConfiguresStartup(method)) return null; // runs once per process
                if (callerDepth > 0 && RunsOnlyOnce(method, callerDepth - 1)) return null;
            }

            return MemberName(containingSymbol);
        }

        /// <summary>
        /// For a creation stored once per instance (an instance field or property initializer, or an assignment to one
        /// in a constructor): the per-call owner, when the instance itself is made per request or per call. That is a
        /// type the framework creates per request (controller, page, hub, component), or a type some member of the
        /// compilation news up on every call (<c>new WebhookClient(url)</c> in a method that sends one message).
        /// </summary>
        public string? FindPerInstanceOwner(IOperation creation, ISymbol containingSymbol) => FindPerInstanceOwner(creation, containingSymbol, OwnerDepth);

        /// <summary>How many owners up (a client in a helper kept in a controller) a per-instance creation is followed.</summary>
        private const int OwnerDepth = 2;

        private string? FindPerInstanceOwner(IOperation creation, ISymbol containingSymbol, int ownerDepth)
        {
            if (_isWebAssembly || !IsStoredPerInstance(creation, containingSymbol)) return null;
            INamedTypeSymbol type = containingSymbol.ContainingType;
            if (_perRequestTypes.Exists(perRequest => type.InheritsFromOrEquals(perRequest))) return "'" + type.Name + "' (created per request)";
            foreach ((IObjectCreationOperation ownerCreation, ISymbol container) in MethodCallSites.For(_compilation).FindCreations(type))
            {
                string? member = FindPerCallMember(ownerCreation, container)
                    ?? (ownerDepth > 1 ? FindPerInstanceOwner(ownerCreation, container, ownerDepth - 1) : null);
                if (member != null) return member + " (through new " + type.Name + "(...), which builds its own)";
            }

            return null;
        }

        private static bool IsStoredPerInstance(IOperation creation, ISymbol containingSymbol)
        {
            IOperation? parent = creation.Parent;
            while (parent is IConversionOperation || parent is ICoalesceOperation) parent = parent.Parent;
            switch (parent)
            {
                case IFieldInitializerOperation field:
                    return !field.InitializedFields.IsEmpty && !field.InitializedFields[0].IsStatic;
                case IPropertyInitializerOperation property:
                    return !property.InitializedProperties.IsEmpty && !property.InitializedProperties[0].IsStatic;
                case IAssignmentOperation assignment when containingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor }:
                    return assignment.Target switch
                    {
                        IFieldReferenceOperation field => !field.Field.IsStatic,
                        IPropertyReferenceOperation property => !property.Property.IsStatic,
                        _ => false,
                    };
                default:
                    return false;
            }
        }

        /// <summary>
        /// A helper whose every call (all seen in this compilation) runs once: from a constructor, startup code, a
        /// singleton factory or another such helper. Seen in an open-source trial: <c>CreateConnectionMultiplexer</c>
        /// called from <c>TryAddSingleton</c> factories, a certificate download called from <c>AddDataProtection</c> code.
        /// </summary>
        private bool RunsOnlyOnce(IMethodSymbol method, int callerDepth)
        {
            ImmutableArray<(IInvocationOperation Call, ISymbol Container)> calls = MethodCallSites.For(_compilation).Find(method);
            if (calls.IsEmpty) return false;
            foreach ((IInvocationOperation call, ISymbol container) in calls)
            {
                if (_perRequestTypes.Exists(type => container.ContainingType.InheritsFromOrEquals(type))) return false; // its constructor runs per request
                if (FindPerCallMember(call, container, callerDepth) != null) return false;
            }

            return true;
        }

        /// <summary><c>s_client = new()</c>, <c>s_client ??= new()</c> (static), or <c>_client ??= new()</c> (once per instance).</summary>
        private static bool IsOneTimeTarget(IAssignmentOperation assignment)
        {
            ISymbol? target = assignment.Target switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => property.Property,
                _ => null,
            };
            if (target == null) return false;
            return target.IsStatic || assignment is ICoalesceAssignmentOperation;
        }

        /// <summary>A lambda that builds the client once: <c>new Lazy&lt;HttpClient&gt;(() =&gt; ...)</c>, <c>LazyInitializer.EnsureInitialized</c>,
        /// <c>services.AddSingleton(_ =&gt; ...)</c>.</summary>
        private bool IsOneTimeFactory(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            if (!(parent is IArgumentOperation argument)) return false;
            switch (argument.Parent)
            {
                case IObjectCreationOperation creation:
                    return creation.Type.IsType(_lazy);
                case IInvocationOperation invocation:
                    IMethodSymbol method = invocation.TargetMethod;
                    if (method.ContainingType.IsType(_lazyInitializer)) return true;
                    return (method.Name == "AddSingleton" || method.Name == "TryAddSingleton"
                            || method.Name == "AddKeyedSingleton" || method.Name == "TryAddKeyedSingleton")
                        && method.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Extensions.DependencyInjection",
                            System.StringComparison.Ordinal) == true;
                default:
                    return false;
            }
        }

        /// <summary>A lambda given to a LINQ to Objects operator (<c>items.Select(i => Download(i)).ToArray()</c>).</summary>
        private static bool IsLinqQueryLambda(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            return parent is IArgumentOperation { Parent: IInvocationOperation invocation }
                && invocation.TargetMethod.ContainingType.ToDisplayString() == "System.Linq.Enumerable";
        }

        /// <summary>"the AddScoped factory (once per request scope)" for a lambda given to a scoped or transient DI registration, else null.</summary>
        private static string? DescribeRegistrationFactory(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            if (!(parent is IArgumentOperation { Parent: IInvocationOperation invocation })) return null;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Extensions.DependencyInjection", System.StringComparison.Ordinal) != true)
                return null;
            if (method.Name.EndsWith("Scoped", System.StringComparison.Ordinal)) return "the " + method.Name + " factory (once per request scope)";
            if (method.Name.EndsWith("Transient", System.StringComparison.Ordinal)) return "the " + method.Name + " factory (once per resolution)";
            return null;
        }

        public static string MemberName(ISymbol symbol) => "'" + BareMemberName(symbol) + "'";

        private static string BareMemberName(ISymbol symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda) symbol = lambda.ContainingSymbol;
            if (symbol is IMethodSymbol { AssociatedSymbol: { } associated }) symbol = associated;
            if (symbol.Name == "<Main>$") return "top-level statements";
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ctor) return ctor.ContainingType.Name;
            return symbol.Name;
        }
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Answers "does this object creation run on every call, or once?" for rules about objects that should be
    /// built once (PG3001). Once: static/instance field and property initializers, constructors, assignment
    /// into a static member (or <c>??=</c> into any member), <c>Lazy&lt;T&gt;</c>/<c>LazyInitializer</c>/
    /// <c>AddSingleton</c> factories, <c>Main</c> and top-level statements. The same decisions as PG2002's.
    /// </summary>
    internal sealed class PerCallConstruction
    {
        private readonly INamedTypeSymbol? _lazy;
        private readonly INamedTypeSymbol? _lazyInitializer;

        public PerCallConstruction(Compilation compilation)
        {
            _lazy = compilation.GetTypeByMetadataName("System.Lazy`1");
            _lazyInitializer = compilation.GetTypeByMetadataName("System.Threading.LazyInitializer");
        }

        /// <summary>The name of the member that creates the object per call, or null when the creation runs once.</summary>
        public string? FindPerCallMember(IOperation creation, ISymbol containingSymbol)
        {
            IOperation current = creation;
            bool isValue = true; // still the value flowing out of the creation (through ?:, ??, conversions)
            for (IOperation? parent = current.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConversionOperation _:
                    case ICoalesceOperation _:
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

                    case IAnonymousFunctionOperation lambda:
                        return IsOneTimeFactory(lambda) ? null : MemberName(containingSymbol);

                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol.Name;

                    default:
                        isValue = false;
                        break;
                }
            }

            if (containingSymbol is IMethodSymbol method)
            {
                if (method.MethodKind == MethodKind.Constructor || method.MethodKind == MethodKind.StaticConstructor) return null;
                if (IsEntryPoint(method)) return null; // runs once per process
            }

            return MemberName(containingSymbol);
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

        /// <summary>A lambda that builds the client once: <c>new Lazy&lt;HttpClient&gt;(() =&gt; ...)</c>, <c>LazyInitializer.EnsureInitialized</c>, <c>services.AddSingleton(_ =&gt; ...)</c>.</summary>
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
                        && method.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Extensions.DependencyInjection", System.StringComparison.Ordinal) == true;
                default:
                    return false;
            }
        }

        private static bool IsEntryPoint(IMethodSymbol method) =>
            method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");

        private static string MemberName(ISymbol symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda) symbol = lambda.ContainingSymbol;
            if (symbol is IMethodSymbol { AssociatedSymbol: { } associated }) symbol = associated;
            if (symbol.Name == "<Main>$") return "top-level statements";
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ctor) return ctor.ContainingType.Name;
            return symbol.Name;
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Interface members and virtual/abstract methods → their implementations and overrides declared in
    /// this compilation. Built once per compilation from symbols only (no method body is read).
    /// </summary>
    internal sealed class ImplementationIndex
    {
        private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _implementations =
            new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);

        // Interfaces declared in this compilation → the classes and structs here that implement them (directly or through a base).
        private readonly Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> _implementers =
            new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);

        private readonly IAssemblySymbol _assembly;

        public ImplementationIndex(Compilation compilation)
        {
            _assembly = compilation.Assembly;
            var types = new Stack<INamespaceOrTypeSymbol>();
            types.Push(compilation.Assembly.GlobalNamespace);
            while (types.Count > 0)
            {
                INamespaceOrTypeSymbol current = types.Pop();
                foreach (ISymbol member in current.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol nested) types.Push(nested);
                }

                if (current is INamedTypeSymbol type && (type.TypeKind == TypeKind.Class || type.TypeKind == TypeKind.Struct))
                    IndexType(type);
            }
        }

        private void IndexType(INamedTypeSymbol type)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (!(member is IMethodSymbol method) || method.IsAbstract) continue;
                for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                    Add(overridden.OriginalDefinition, method);
            }

            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.ContainingAssembly, _assembly)) // classes and structs
                {
                    INamedTypeSymbol key = implemented.OriginalDefinition;
                    if (!_implementers.TryGetValue(key, out List<INamedTypeSymbol>? classes)) _implementers.Add(key, classes = new List<INamedTypeSymbol>());
                    classes.Add(type);
                }

                foreach (ISymbol interfaceMember in implemented.GetMembers())
                {
                    if (!(interfaceMember is IMethodSymbol interfaceMethod)) continue;
                    if (!(type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation)) continue;
                    if (implementation.IsAbstract
                        || !SymbolEqualityComparer.Default.Equals(implementation.ContainingType.OriginalDefinition, type.OriginalDefinition)) continue;
                    Add(interfaceMethod.OriginalDefinition, implementation.OriginalDefinition);
                }
            }
        }

        private void Add(IMethodSymbol key, IMethodSymbol implementation)
        {
            if (!_implementations.TryGetValue(key, out List<IMethodSymbol>? list))
            {
                list = new List<IMethodSymbol>();
                _implementations.Add(key, list);
            }

            foreach (IMethodSymbol existing in list)
            {
                if (SymbolEqualityComparer.Default.Equals(existing, implementation)) return;
            }

            list.Add(implementation);
        }

        /// <summary>The classes and structs of this compilation that implement <paramref name="type"/>, an interface declared here (empty for
        /// others).</summary>
        public IReadOnlyList<INamedTypeSymbol> ImplementingClasses(INamedTypeSymbol type) =>
            _implementers.TryGetValue(type.OriginalDefinition, out List<INamedTypeSymbol>? classes)
                ? classes
                : (IReadOnlyList<INamedTypeSymbol>)new INamedTypeSymbol[0];

        /// <summary>
        /// The implementations of <paramref name="method"/> in this compilation; when the receiver's static
        /// type is a class, only those in that class, its bases or its subclasses.
        /// </summary>
        public ImmutableArray<IMethodSymbol> Find(IMethodSymbol method, INamedTypeSymbol? receiverType)
        {
            if (!_implementations.TryGetValue(method.OriginalDefinition, out List<IMethodSymbol>? list)) return ImmutableArray<IMethodSymbol>.Empty;
            if (receiverType == null || receiverType.TypeKind != TypeKind.Class) return list.ToImmutableArray();

            var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (IMethodSymbol implementation in list)
            {
                INamedTypeSymbol owner = implementation.ContainingType;
                if (receiverType.InheritsFromOrEquals(owner.OriginalDefinition) || owner.InheritsFromOrEquals(receiverType.OriginalDefinition))
                    builder.Add(implementation);
            }

            return builder.ToImmutable();
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The entity types the compilation's <c>DbContext</c> subclasses (declared here, or injected here from another project) map: the element types of their
    /// <c>DbSet&lt;T&gt;</c> properties, and the classes (of the entity's assembly) reachable from those through navigation
    /// properties (a reference or a collection of a class of the entity's assembly). Built once, on first question.
    /// </summary>
    internal sealed class EfEntityModel
    {
        private readonly ImmutableHashSet<INamedTypeSymbol> _entities;

        private EfEntityModel(ImmutableHashSet<INamedTypeSymbol> entities) => _entities = entities;

        public bool IsEntity(ITypeSymbol? type) => type is INamedTypeSymbol named && _entities.Contains(named.OriginalDefinition);

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, EfEntityModel> s_instances =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, EfEntityModel>();

        /// <summary>The compilation's model, built once on first question.</summary>
        public static EfEntityModel For(Compilation compilation, EfQueryProvenance provenance) => s_instances.GetValue(compilation, c => Build(c, provenance));

        public static EfEntityModel Build(Compilation compilation, EfQueryProvenance provenance)
        {
            // The contexts: declared here, or injected here from another project (a field, property or constructor parameter).
            var contexts = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var scopes = new Stack<INamespaceOrTypeSymbol>();
            scopes.Push(compilation.Assembly.GlobalNamespace);
            while (scopes.Count > 0)
            {
                foreach (ISymbol member in scopes.Pop().GetMembers())
                {
                    if (!(member is INamespaceOrTypeSymbol scope)) continue;
                    scopes.Push(scope);
                    if (!(scope is INamedTypeSymbol type)) continue;
                    if (provenance.IsDbContext(type)) contexts.Add(type);
                    foreach (ISymbol typeMember in type.GetMembers())
                    {
                        ITypeSymbol? used = typeMember switch
                        {
                            IFieldSymbol field => field.Type,
                            IPropertySymbol property => property.Type,
                            _ => null,
                        };
                        if (used is INamedTypeSymbol usedType && provenance.IsDbContext(usedType)) contexts.Add(usedType);
                        if (typeMember is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                        {
                            foreach (IParameterSymbol parameter in constructor.Parameters)
                            {
                                if (parameter.Type is INamedTypeSymbol parameterType && provenance.IsDbContext(parameterType)) contexts.Add(parameterType);
                            }
                        }
                    }
                }
            }

            var entities = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<INamedTypeSymbol>();
            foreach (INamedTypeSymbol context in contexts)
            {
                for (INamedTypeSymbol? type = context; type != null && !type.IsType(provenance.DbContext); type = type.BaseType)
                {
                    foreach (ISymbol contextMember in type.GetMembers())
                    {
                        if (contextMember is IPropertySymbol { Type: INamedTypeSymbol { Name: "DbSet", TypeArguments.Length: 1 } set }
                            && set.TypeArguments[0] is INamedTypeSymbol entity && entity.TypeKind == TypeKind.Class)
                            work.Push(entity.OriginalDefinition);
                    }
                }
            }

            while (work.Count > 0)
            {
                INamedTypeSymbol entity = work.Pop();
                if (!entities.Add(entity)) continue;
                for (INamedTypeSymbol? type = entity; type != null && SameAssembly(type, entity); type = type.BaseType)
                {
                    foreach (ISymbol member in type.GetMembers())
                    {
                        if (!(member is IPropertySymbol { IsStatic: false } property)) continue;
                        if (ElementTypeOrSelf(property.Type) is INamedTypeSymbol { TypeKind: TypeKind.Class } navigation && SameAssembly(navigation, entity))
                            work.Push(navigation.OriginalDefinition);
                    }
                }
            }

            return new EfEntityModel(ImmutableHashSet.CreateRange<INamedTypeSymbol>(SymbolEqualityComparer.Default, entities));
        }

        /// <summary>The element type of an array or a generic sequence (<c>List&lt;T&gt;</c>, <c>IEnumerable&lt;T&gt;</c>), or the type itself.</summary>
        public static ITypeSymbol ElementTypeOrSelf(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array) return array.ElementType;
            // Asked for every returned value: AllInterfaces copies its array on each read, so the answer is kept per symbol object.
            return s_elementTypes.GetValue(type, s_computeElementType);
        }

        private static readonly ConditionalWeakTable<ITypeSymbol, ITypeSymbol> s_elementTypes = new ConditionalWeakTable<ITypeSymbol, ITypeSymbol>();
        private static readonly ConditionalWeakTable<ITypeSymbol, ITypeSymbol>.CreateValueCallback s_computeElementType = ComputeElementTypeOrSelf;

        private static ITypeSymbol ComputeElementTypeOrSelf(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_String) return type;
            if (type is INamedTypeSymbol { IsGenericType: true } named
                && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                return named.TypeArguments[0];
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return implemented.TypeArguments[0];
            }

            return type;
        }

        private static bool SameAssembly(INamedTypeSymbol type, INamedTypeSymbol entity) =>
            SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, entity.ContainingAssembly);
    }
}

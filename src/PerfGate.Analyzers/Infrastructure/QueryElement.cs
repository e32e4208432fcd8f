using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    internal static class QueryElement
    {
        /// <summary>
        /// The element type of a sequence type: <c>T</c> of <c>IQueryable&lt;T&gt;</c>, <c>DbSet&lt;T&gt;</c>,
        /// <c>IIncludableQueryable&lt;T, TProperty&gt;</c>, <c>List&lt;T&gt;</c> (through <c>IEnumerable&lt;T&gt;</c>); null otherwise.
        /// </summary>
        public static INamedTypeSymbol? Of(ITypeSymbol? type) => TypeOf(type) as INamedTypeSymbol;

        /// <summary>As <see cref="Of"/>, also when the element is a type parameter (<c>IEnumerable&lt;TModel&gt;</c> of a generic repository).</summary>
        public static ITypeSymbol? TypeOf(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                return named.TypeArguments[0];
            if (type == null) return null;
            ITypeSymbol? found = null;
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (implemented.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T) continue;
                if (found != null && !SymbolEqualityComparer.Default.Equals(found, implemented.TypeArguments[0])) return null; // ambiguous
                found = implemented.TypeArguments[0];
            }

            return found;
        }
    }
}

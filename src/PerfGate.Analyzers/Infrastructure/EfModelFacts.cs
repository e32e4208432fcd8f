using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The EF Core model facts a data project records for the projects that reference it (<see cref="ReferencedEfFacts"/>):
    /// the model is visible only where the context and its configuration are compiled, while the queries often sit in an API
    /// project. Recorded per context declared here:
    /// <list type="bullet">
    /// <item><c>context|Shop.Data.ShopDbContext|visible</c> (or <c>hidden</c>): the whole model configuration is readable (PG1012);</item>
    /// <item><c>indexed|Shop.Data.Order|Id,CustomerId,PlacedAtUtc</c>: the scalar properties some index or key may start with, as
    /// <see cref="EfIndexModel"/> decides here (conventions included), or <c>unreadable|Shop.Data.Order|</c>;</item>
    /// <item><c>lazyloader|Shop.Data.Shipment|</c>: the entity takes an <c>ILazyLoader</c> (a private constructor is not in reference
    /// assemblies);</item>
    /// </list>
    /// and for the project as a whole <c>lazy|proxies|</c>, <c>lazy|disabled|</c>, <c>autoinclude|Customer|</c> (PG1003).
    /// </summary>
    internal static class EfModelFacts
    {
        public static IEnumerable<string> Record(Compilation compilation, EfQueryProvenance ef, CancellationToken cancellationToken)
        {
            var values = new List<string>();
            List<INamedTypeSymbol> contexts = SourceContexts(compilation, ef);
            EfLazyLoadingModel lazy = EfLazyLoadingModel.For(compilation, ef);
            if (contexts.Count > 0)
            {
                EfIndexModel index = EfIndexModel.For(compilation, ef);
                var recordedEntities = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (INamedTypeSymbol context in contexts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    values.Add(ReferencedEfFacts.Format("context", context.ToDisplayString(), index.IsVisible(context) ? "visible" : "hidden"));
                    foreach (ITypeSymbol entityType in EntitiesOf(context, ef))
                    {
                        if (!(entityType is INamedTypeSymbol entity)) continue;
                        string name = entity.OriginalDefinition.ToDisplayString();
                        if (!recordedEntities.Add(name)) continue;
                        if (lazy.HasLazyLoaderConstructor(entity)) values.Add(ReferencedEfFacts.Format("lazyloader", name, ""));
                        if (!index.IsReadable(entity))
                        {
                            values.Add(ReferencedEfFacts.Format("unreadable", name, ""));
                            continue;
                        }

                        var indexed = new List<string>();
                        foreach (string column in ScalarProperties(entity))
                        {
                            if (index.IsIndexed(entity, column)) indexed.Add(column);
                        }

                        values.Add(ReferencedEfFacts.Format("indexed", name, string.Join(",", indexed)));
                    }
                }
            }

            if (lazy.LocalProxies) values.Add(ReferencedEfFacts.Format("lazy", "proxies", ""));
            if (lazy.LocalDisabled) values.Add(ReferencedEfFacts.Format("lazy", "disabled", ""));
            foreach (string navigation in lazy.LocalAutoIncluded) values.Add(ReferencedEfFacts.Format("autoinclude", navigation, ""));
            return values;
        }

        /// <summary>The element types of a context's <c>DbSet&lt;T&gt;</c> properties, its base contexts' included.</summary>
        public static IEnumerable<ITypeSymbol> EntitiesOf(INamedTypeSymbol context, EfQueryProvenance ef)
        {
            for (INamedTypeSymbol? current = context; current != null && !current.IsType(ef.DbContext); current = current.BaseType)
            {
                foreach (ISymbol member in current.GetMembers())
                {
                    if (member is IPropertySymbol property && property.Type is INamedTypeSymbol set
                        && set.Name == "DbSet" && set.TypeArguments.Length == 1)
                        yield return set.TypeArguments[0];
                }
            }
        }

        /// <summary>
        /// Context types of referenced assemblies this compilation works with: the type of a field, property or constructor
        /// parameter of a source type (an injected <c>ShopDbContext</c>).
        /// </summary>
        public static List<INamedTypeSymbol> ContextsUsedFromReferences(Compilation compilation, EfQueryProvenance ef)
        {
            var found = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var scopes = new Stack<INamespaceOrTypeSymbol>();
            scopes.Push(compilation.Assembly.GlobalNamespace);
            while (scopes.Count > 0)
            {
                foreach (ISymbol member in scopes.Pop().GetMembers())
                {
                    if (!(member is INamespaceOrTypeSymbol scope)) continue;
                    scopes.Push(scope);
                    if (!(scope is INamedTypeSymbol type)) continue;
                    foreach (ISymbol typeMember in type.GetMembers())
                    {
                        switch (typeMember)
                        {
                            case IFieldSymbol field:
                                AddReferencedContext(field.Type, compilation, ef, found);
                                break;
                            case IPropertySymbol property:
                                AddReferencedContext(property.Type, compilation, ef, found);
                                break;
                            case IMethodSymbol method:
                                foreach (IParameterSymbol parameter in method.Parameters) AddReferencedContext(parameter.Type, compilation, ef, found);
                                break;
                        }
                    }
                }
            }

            return new List<INamedTypeSymbol>(found);
        }

        private static void AddReferencedContext(ITypeSymbol type, Compilation compilation, EfQueryProvenance ef, HashSet<INamedTypeSymbol> found)
        {
            if (type is INamedTypeSymbol named && !named.IsType(ef.DbContext) && ef.IsDbContext(named)
                && !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly))
                found.Add(named.OriginalDefinition);
        }

        private static List<INamedTypeSymbol> SourceContexts(Compilation compilation, EfQueryProvenance ef)
        {
            var contexts = new List<INamedTypeSymbol>();
            var scopes = new Stack<INamespaceOrTypeSymbol>();
            scopes.Push(compilation.Assembly.GlobalNamespace);
            while (scopes.Count > 0)
            {
                foreach (ISymbol member in scopes.Pop().GetMembers())
                {
                    if (!(member is INamespaceOrTypeSymbol scope)) continue;
                    scopes.Push(scope);
                    if (scope is INamedTypeSymbol type && type.TypeKind == TypeKind.Class && !type.IsType(ef.DbContext) && ef.IsDbContext(type))
                        contexts.Add(type);
                }
            }

            contexts.Sort((a, b) => string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
            return contexts;
        }

        /// <summary>Public instance properties of value type or <c>string</c>, inherited ones included (the columns a filter may name).</summary>
        private static IEnumerable<string> ScalarProperties(INamedTypeSymbol entity)
        {
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            for (INamedTypeSymbol? type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } property
                        && (property.Type.IsValueType || property.Type.SpecialType == SpecialType.System_String) && seen.Add(property.Name))
                        yield return property.Name;
                }
            }
        }
    }
}

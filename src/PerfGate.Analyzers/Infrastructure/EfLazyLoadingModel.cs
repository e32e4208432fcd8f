using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Whether EF Core lazy loading is provably on, and for which entities and navigations, as far as this compilation and
    /// the facts its referenced projects recorded show: <c>UseLazyLoadingProxies()</c> (often in the API project), entities
    /// with an <c>ILazyLoader</c> constructor, <c>AutoInclude()</c> and <c>LazyLoadingEnabled</c> (often in the data project).
    /// Entities of a context declared in a referenced project count only when that project recorded its model facts
    /// (it was built with PerfGate); otherwise its <c>AutoInclude</c> configuration would be invisible. One per compilation.
    /// </summary>
    internal sealed class EfLazyLoadingModel
    {
        private static readonly ConditionalWeakTable<Compilation, EfLazyLoadingModel> s_instances = new ConditionalWeakTable<Compilation, EfLazyLoadingModel>();

        private readonly HashSet<ITypeSymbol> _entities;
        private readonly bool _proxies;
        private readonly HashSet<string> _autoIncluded;
        private readonly bool _disabled;
        private readonly HashSet<string> _recordedLazyLoaders;
        private readonly INamedTypeSymbol? _lazyLoader;
        private readonly INamedTypeSymbol? _action2;

        private EfLazyLoadingModel(HashSet<ITypeSymbol> entities, bool proxies, HashSet<string> autoIncluded, bool disabled,
            HashSet<string> recordedLazyLoaders, INamedTypeSymbol? lazyLoader, INamedTypeSymbol? action2)
        {
            _entities = entities;
            _proxies = proxies;
            _autoIncluded = autoIncluded;
            _disabled = disabled;
            _recordedLazyLoaders = recordedLazyLoaders;
            _lazyLoader = lazyLoader;
            _action2 = action2;
        }

        public static EfLazyLoadingModel For(Compilation compilation, EfQueryProvenance provenance) =>
            s_instances.GetValue(compilation, c => Build(c, provenance));

        /// <summary>False when lazy loading cannot be on for any entity (nothing to report).</summary>
        public bool MayBeOn => !_disabled && _entities.Count > 0;

        /// <summary>Proxies are turned on here or in a recording referenced project, or a recorded entity takes a lazy loader (even if turned off).</summary>
        public bool MayHaveProxiesOrLoaders => _proxies || _recordedLazyLoaders.Count > 0;

        /// <summary><c>UseLazyLoadingProxies()</c> (or <c>(true)</c>) is called in this compilation (for the recorder).</summary>
        internal bool LocalProxies { get; private set; }

        internal bool LocalDisabled { get; private set; }

        internal IEnumerable<string> LocalAutoIncluded { get; private set; } = Enumerable.Empty<string>();

        private static EfLazyLoadingModel Build(Compilation compilation, EfQueryProvenance provenance)
        {
            var entities = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            CollectEntities(compilation.Assembly.GlobalNamespace, provenance, entities);

            bool proxies = false, disabled = false;
            var autoIncluded = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                string text = TreeText.Of(tree);
                if (text.Contains("LazyLoadingEnabled")) disabled = true;
                bool mentionsProxies = text.Contains("UseLazyLoadingProxies");
                bool mentionsAutoInclude = text.Contains("AutoInclude");
                if (!mentionsProxies && !mentionsAutoInclude) continue;
                foreach (InvocationExpressionSyntax call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (!(call.Expression is MemberAccessExpressionSyntax access)) continue;
                    string name = access.Name.Identifier.ValueText;
                    if (name == "UseLazyLoadingProxies" && mentionsProxies)
                    {
#pragma warning disable RS1030 // One bind per UseLazyLoadingProxies call, found by a syntactic scan; the compiler's cached model is returned.
                        SemanticModel model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                        if (model.GetSymbolInfo(call).Symbol is IMethodSymbol method
                            && method.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
                        {
                            bool on = true;
                            foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                            {
                                Optional<object?> constant = model.GetConstantValue(argument.Expression);
                                if (!(constant.HasValue && constant.Value is bool b && b) || argument.NameColon != null
                                    && argument.NameColon.Name.Identifier.ValueText != "useLazyLoadingProxies")
                                    on = false;
                            }

                            if (on) proxies = true;
                            else disabled = true; // configured by a value we cannot see: do not guess
                        }
                    }
                    else if (name == "AutoInclude" && mentionsAutoInclude)
                    {
                        // Navigation(x => x.Customer).AutoInclude()
                        if (access.Expression is InvocationExpressionSyntax navigation && navigation.ArgumentList.Arguments.Count == 1
                            && navigation.ArgumentList.Arguments[0].Expression is SimpleLambdaExpressionSyntax lambda
                            && lambda.Body is MemberAccessExpressionSyntax member)
                            autoIncluded.Add(member.Name.Identifier.ValueText);
                        else
                            disabled = true; // an AutoInclude we cannot read: stay silent
                    }
                }
            }

            bool localProxies = proxies, localDisabled = disabled;
            var localAutoIncluded = new List<string>(autoIncluded);

            // What referenced projects recorded: their contexts' entities, their configuration.
            var recordedLazyLoaders = new HashSet<string>(System.StringComparer.Ordinal);
            ReferencedEfFacts facts = provenance.ReferencedFacts;
            if (facts.RecordingAssemblies.Count > 0)
            {
                foreach (INamedTypeSymbol context in EfModelFacts.ContextsUsedFromReferences(compilation, provenance))
                {
                    if (facts.Values(context.ContainingAssembly, "context", context.ToDisplayString()) == null) continue;
                    foreach (ITypeSymbol entity in EfModelFacts.EntitiesOf(context, provenance)) entities.Add(entity);
                }

                foreach (IAssemblySymbol assembly in facts.RecordingAssemblies)
                {
                    foreach (KeyValuePair<string, List<string>> fact in facts.OfKind(assembly, "lazy"))
                    {
                        if (fact.Key == "proxies") proxies = true;
                        else if (fact.Key == "disabled") disabled = true;
                    }

                    foreach (KeyValuePair<string, List<string>> fact in facts.OfKind(assembly, "autoinclude")) autoIncluded.Add(fact.Key);
                    foreach (KeyValuePair<string, List<string>> fact in facts.OfKind(assembly, "lazyloader")) recordedLazyLoaders.Add(fact.Key);
                }
            }

            WellKnownTypes types = WellKnownTypes.For(compilation);
            return new EfLazyLoadingModel(entities, proxies, autoIncluded, disabled, recordedLazyLoaders, types.ILazyLoader, types.ActionOfT1T2)
            {
                LocalProxies = localProxies,
                LocalDisabled = localDisabled,
                LocalAutoIncluded = localAutoIncluded,
            };
        }

        private static void CollectEntities(INamespaceSymbol ns, EfQueryProvenance provenance, HashSet<ITypeSymbol> entities)
        {
            foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child) CollectEntities(child, provenance, entities);
                else if (member is INamedTypeSymbol type && provenance.IsDbContext(type))
                {
                    foreach (ITypeSymbol entity in EfModelFacts.EntitiesOf(type, provenance)) entities.Add(entity);
                }
            }
        }

        /// <summary>The entity a navigation of this type points to (reference or collection), or null.</summary>
        public ITypeSymbol? NavigationTarget(ITypeSymbol type)
        {
            if (_entities.Contains(type)) return type;
            if (type is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1
                && _entities.Contains(named.TypeArguments[0]))
            {
                foreach (INamedTypeSymbol implemented in named.AllInterfaces)
                {
                    if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return named.TypeArguments[0];
                }

                if (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return named.TypeArguments[0];
            }

            return null;
        }

        /// <summary>Proxies (virtual navigation on a non-sealed entity) or an entity constructor taking a lazy loader.</summary>
        public bool IsLazy(INamedTypeSymbol entity, IPropertySymbol navigation)
        {
            if (_disabled || _autoIncluded.Contains(navigation.Name)) return false;
            if (HasLazyLoaderConstructor(navigation.ContainingType)) return true;
            return _proxies && !entity.IsSealed && (navigation.IsVirtual || navigation.IsOverride) && !navigation.IsSealed;
        }

        /// <summary>A constructor taking <c>ILazyLoader</c> or <c>Action&lt;object, string&gt;</c> (visible, or recorded by the entity's project).</summary>
        public bool HasLazyLoaderConstructor(INamedTypeSymbol type)
        {
            if (_recordedLazyLoaders.Contains(type.OriginalDefinition.ToDisplayString())) return true;
            foreach (IMethodSymbol constructor in type.InstanceConstructors)
            {
                foreach (IParameterSymbol parameter in constructor.Parameters)
                {
                    if (parameter.Type.IsType(_lazyLoader)) return true;
                    if (parameter.Type is INamedTypeSymbol action && action.IsType(_action2)
                        && action.TypeArguments[0].SpecialType == SpecialType.System_Object
                        && action.TypeArguments[1].SpecialType == SpecialType.System_String)
                        return true;
                }
            }

            return false;
        }
    }
}

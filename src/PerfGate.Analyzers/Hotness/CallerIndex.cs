using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Where the compilation names its own methods, properties and types: one pass over the syntax of every file, made
    /// when the hotness model is first asked (so a build without findings never pays for it). Only names that some source
    /// member declares are kept, with every <c>new T(...)</c>, target-typed <c>new(...)</c> and <c>base(...)</c>/<c>this(...)</c>.
    /// Nothing is bound here: <see cref="HotnessModel"/> binds only the names of the methods it walks through.
    /// </summary>
    internal sealed class CallerIndex
    {
        private static readonly List<SimpleNameSyntax> NoNames = new List<SimpleNameSyntax>();
        private static readonly List<ObjectCreationExpressionSyntax> NoCreations = new List<ObjectCreationExpressionSyntax>();

        private readonly Dictionary<string, List<SimpleNameSyntax>> _names = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ObjectCreationExpressionSyntax>> _creations =
            new Dictionary<string, List<ObjectCreationExpressionSyntax>>(StringComparer.Ordinal);
        private readonly Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> _derived =
            new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);

        public CallerIndex(Compilation compilation)
        {
            var declared = new HashSet<string>(StringComparer.Ordinal);
            var types = new Stack<INamespaceOrTypeSymbol>();
            types.Push(compilation.Assembly.GlobalNamespace);
            while (types.Count > 0)
            {
                foreach (ISymbol member in types.Pop().GetMembers())
                {
                    switch (member)
                    {
                        case INamespaceOrTypeSymbol nested:
                            types.Push(nested);
                            if (nested is INamedTypeSymbol { BaseType: { } baseType } type) Derived(baseType.OriginalDefinition).Add(type);
                            break;
                        case IMethodSymbol method when method.MethodKind == MethodKind.Ordinary:
                            declared.Add(method.Name);
                            break;
                        case IMethodSymbol method when method.MethodKind == MethodKind.ExplicitInterfaceImplementation:
                            declared.Add(method.Name.Substring(method.Name.LastIndexOf('.') + 1));
                            break;
                        case IPropertySymbol property when !property.IsIndexer:
                            declared.Add(property.ExplicitInterfaceImplementations.Length > 0
                                ? property.Name.Substring(property.Name.LastIndexOf('.') + 1) : property.Name);
                            break;
                    }
                }
            }

            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case SimpleNameSyntax name when declared.Contains(name.Identifier.ValueText):
                            List(_names, name.Identifier.ValueText).Add(name);
                            break;
                        case ObjectCreationExpressionSyntax creation:
                            List(_creations, RightmostName(creation.Type)).Add(creation);
                            break;
                        case ImplicitObjectCreationExpressionSyntax implicitCreation:
                            ImplicitCreations.Add(implicitCreation);
                            break;
                        case ConstructorInitializerSyntax initializer:
                            ConstructorInitializers.Add(initializer);
                            break;
                    }
                }
            }
        }

        /// <summary>Target-typed <c>new(...)</c> expressions, in file order: their type needs binding.</summary>
        public List<ImplicitObjectCreationExpressionSyntax> ImplicitCreations { get; } = new List<ImplicitObjectCreationExpressionSyntax>();

        /// <summary><c>: base(...)</c> and <c>: this(...)</c>, in file order.</summary>
        public List<ConstructorInitializerSyntax> ConstructorInitializers { get; } = new List<ConstructorInitializerSyntax>();

        /// <summary>Every simple name spelled <paramref name="name"/>, in file order.</summary>
        public List<SimpleNameSyntax> Names(string name) => _names.TryGetValue(name, out List<SimpleNameSyntax>? names) ? names : NoNames;

        /// <summary>Every <c>new T(...)</c> whose type is spelled <paramref name="typeName"/>, in file order.</summary>
        public List<ObjectCreationExpressionSyntax> Creations(string typeName) =>
            _creations.TryGetValue(typeName, out List<ObjectCreationExpressionSyntax>? creations) ? creations : NoCreations;

        /// <summary>The source types whose base type is <paramref name="type"/>.</summary>
        public IReadOnlyList<INamedTypeSymbol> DerivedFrom(INamedTypeSymbol type) =>
            _derived.TryGetValue(type.OriginalDefinition, out List<INamedTypeSymbol>? derived) ? derived : (IReadOnlyList<INamedTypeSymbol>)ImmutableArray<INamedTypeSymbol>.Empty;

        private List<INamedTypeSymbol> Derived(INamedTypeSymbol type)
        {
            if (!_derived.TryGetValue(type, out List<INamedTypeSymbol>? list)) _derived[type] = list = new List<INamedTypeSymbol>();
            return list;
        }

        private static List<T> List<T>(Dictionary<string, List<T>> map, string key)
        {
            if (!map.TryGetValue(key, out List<T>? list)) map[key] = list = new List<T>();
            return list;
        }

        private static string RightmostName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => "",
        };
    }
}

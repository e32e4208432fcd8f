using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Where the compilation names its own methods, properties and types, found in two steps so that a build without
    /// findings pays nothing and one with findings pays little. First, when the hotness model is first asked, one scan of
    /// each file's text (no syntax nodes) records which files mention which names that some source member or type declares.
    /// Then the syntax of a file is walked only when a question needs a name it mentions, once per file: its simple names
    /// spelled like a declared member, its <c>new T(...)</c>, target-typed <c>new(...)</c> and <c>base(...)</c>/<c>this(...)</c>.
    /// Nothing is bound here: <see cref="HotnessModel"/> binds only the names of the methods it walks through.
    /// </summary>
    internal sealed class CallerIndex
    {
        private readonly HashSet<string> _declared = new HashSet<string>(StringComparer.Ordinal);
        // The declared names by WordHash: a word of a file is looked up without copying it out of the text.
        private readonly Dictionary<int, List<string>> _declaredByHash = new Dictionary<int, List<string>>();
        private readonly Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> _derived =
            new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<string, List<SyntaxTree>> _treesByName = new Dictionary<string, List<SyntaxTree>>(StringComparer.Ordinal);
        private readonly List<SyntaxTree> _everywhere = new List<SyntaxTree>();
        private readonly Dictionary<SyntaxTree, int> _order = new Dictionary<SyntaxTree, int>();
        private readonly ConcurrentDictionary<SyntaxTree, TreeIndex> _trees = new ConcurrentDictionary<SyntaxTree, TreeIndex>();

        public CallerIndex(Compilation compilation)
        {
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
                            if (!(nested is INamedTypeSymbol type)) break;
                            _declared.Add(type.Name);
                            if (type.BaseType != null) Derived(type.BaseType.OriginalDefinition).Add(type);
                            break;
                        case IMethodSymbol method when method.MethodKind == MethodKind.Ordinary:
                            _declared.Add(method.Name);
                            break;
                        case IMethodSymbol method when method.MethodKind == MethodKind.ExplicitInterfaceImplementation:
                            _declared.Add(SimpleName(method.Name));
                            break;
                        case IPropertySymbol property when !property.IsIndexer:
                            _declared.Add(SimpleName(property.Name));
                            break;
                    }
                }
            }

            foreach (string name in _declared)
            {
                int hash = WordHash(name, 0, name.Length);
                if (!_declaredByHash.TryGetValue(hash, out List<string>? names)) _declaredByHash[hash] = names = new List<string>(1);
                names.Add(name);
            }

            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                _order[tree] = _order.Count;
                ScanText(tree);
            }
        }

        /// <summary>Every simple name spelled <paramref name="name"/>, in file order.</summary>
        public IEnumerable<SimpleNameSyntax> Names(string name)
        {
            foreach (SyntaxTree tree in TreesMentioning(name))
            {
                if (Index(tree).Names.TryGetValue(name, out List<SimpleNameSyntax>? names))
                {
                    foreach (SimpleNameSyntax simpleName in names) yield return simpleName;
                }
            }
        }

        /// <summary>
        /// Where a constructor of <paramref name="type"/> may be called: <c>new T(...)</c>, target-typed <c>new(...)</c> and
        /// constructor initializers, in the files that mention the type's name (its own files and its derived types' included).
        /// </summary>
        public IEnumerable<SyntaxNode> ConstructorUses(INamedTypeSymbol type)
        {
            foreach (SyntaxTree tree in TreesMentioning(type.Name))
            {
                TreeIndex index = Index(tree);
                if (index.Creations.TryGetValue(type.Name, out List<ObjectCreationExpressionSyntax>? creations))
                {
                    foreach (ObjectCreationExpressionSyntax creation in creations) yield return creation;
                }

                foreach (SyntaxNode node in index.ImplicitCreationsAndInitializers) yield return node;
            }
        }

        /// <summary>The source types whose base type is <paramref name="type"/>.</summary>
        public IReadOnlyList<INamedTypeSymbol> DerivedFrom(INamedTypeSymbol type) =>
            _derived.TryGetValue(type.OriginalDefinition, out List<INamedTypeSymbol>? derived) ? derived
                : (IReadOnlyList<INamedTypeSymbol>)ImmutableArray<INamedTypeSymbol>.Empty;

        private IEnumerable<SyntaxTree> TreesMentioning(string name)
        {
            _treesByName.TryGetValue(name, out List<SyntaxTree>? trees);
            if (_everywhere.Count == 0) return (IEnumerable<SyntaxTree>?)trees ?? Array.Empty<SyntaxTree>();
            var all = new List<SyntaxTree>(_everywhere);
            if (trees != null) all.AddRange(trees);
            all.Sort((a, b) => _order[a].CompareTo(_order[b]));
            return all;
        }

        /// <summary>Records the declared names a file's text mentions (identifier characters, so comments and strings count too).</summary>
        private void ScanText(SyntaxTree tree)
        {
            // An identifier may be spelled with Unicode escapes or hold formatting characters the compiler ignores: then the text does
            // not say, and the file is searched for every name.
            if (TreeText.IsOpaque(tree))
            {
                _everywhere.Add(tree);
                return;
            }

            string text = TreeText.Of(tree);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < text.Length;)
            {
                if (!IsIdentifierStart(text[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < text.Length && TreeText.IsIdentifierPart(text[i])) i++;
                string? word = Declared(text, start, i - start);
                if (word == null || !seen.Add(word)) continue;
                if (!_treesByName.TryGetValue(word, out List<SyntaxTree>? trees)) _treesByName[word] = trees = new List<SyntaxTree>();
                trees.Add(tree);
            }
        }

        /// <summary>The declared name spelled by <paramref name="text"/> at <paramref name="start"/>, or null.</summary>
        private string? Declared(string text, int start, int length)
        {
            if (!_declaredByHash.TryGetValue(WordHash(text, start, length), out List<string>? names)) return null;
            foreach (string name in names)
            {
                if (name.Length == length && string.CompareOrdinal(text, start, name, 0, length) == 0) return name;
            }

            return null;
        }

        private static int WordHash(string text, int start, int length)
        {
            unchecked
            {
                int hash = length;
                for (int i = start; i < start + length; i++) hash = (hash * 31) + text[i];
                return hash;
            }
        }

        private TreeIndex Index(SyntaxTree tree) => _trees.GetOrAdd(tree, t => new TreeIndex(t, _declared));

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';


        private static string SimpleName(string name) => name.Substring(name.LastIndexOf('.') + 1);

        private List<INamedTypeSymbol> Derived(INamedTypeSymbol type)
        {
            if (!_derived.TryGetValue(type, out List<INamedTypeSymbol>? list)) _derived[type] = list = new List<INamedTypeSymbol>();
            return list;
        }

        /// <summary>The uses of declared names in one file, in file order.</summary>
        private sealed class TreeIndex
        {
            public TreeIndex(SyntaxTree tree, HashSet<string> declared)
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case SimpleNameSyntax name when declared.Contains(name.Identifier.ValueText):
                            Add(Names, name.Identifier.ValueText, name);
                            break;
                        case ObjectCreationExpressionSyntax creation:
                            Add(Creations, RightmostName(creation.Type), creation);
                            break;
                        case ImplicitObjectCreationExpressionSyntax _:
                        case ConstructorInitializerSyntax _:
                            ImplicitCreationsAndInitializers.Add(node);
                            break;
                    }
                }
            }

            public Dictionary<string, List<SimpleNameSyntax>> Names { get; } = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);

            public Dictionary<string, List<ObjectCreationExpressionSyntax>> Creations { get; } =
                new Dictionary<string, List<ObjectCreationExpressionSyntax>>(StringComparer.Ordinal);

            public List<SyntaxNode> ImplicitCreationsAndInitializers { get; } = new List<SyntaxNode>();

            private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
            {
                if (!map.TryGetValue(key, out List<T>? list)) map[key] = list = new List<T>();
                list.Add(value);
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
}

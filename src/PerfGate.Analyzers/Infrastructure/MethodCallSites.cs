using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Every place in the compilation that calls a source method, found through a syntactic index of names per file
    /// (built when first searched; a private method's search stays in its type's files) and bound only for the method
    /// asked about. "Unknown" (the method is used as a delegate, overridden,
    /// dispatched through an interface, or never called here) is reported as no call sites.
    /// </summary>
    internal sealed class MethodCallSites
    {
        private static readonly ConditionalWeakTable<Compilation, MethodCallSites> s_instances = new ConditionalWeakTable<Compilation, MethodCallSites>();

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxTree, Dictionary<string, List<SimpleNameSyntax>>> _namesByTree =
            new ConcurrentDictionary<SyntaxTree, Dictionary<string, List<SimpleNameSyntax>>>();

        // What each searched name binds to, kept: the methods of one name (36 services' ImportAsync) are searched one by one through
        // the same files, and a file's semantic model may be gone by then (the driver drops it once the file is analyzed).
        private readonly ConcurrentDictionary<SimpleNameSyntax, ISymbol?> _boundNames = new ConcurrentDictionary<SimpleNameSyntax, ISymbol?>();

        private readonly ConcurrentDictionary<string, ImmutableArray<SyntaxTree>> _treesNaming =
            new ConcurrentDictionary<string, ImmutableArray<SyntaxTree>>(StringComparer.Ordinal);

        private MethodCallSites(Compilation compilation) => _compilation = compilation;

        public static MethodCallSites For(Compilation compilation) => s_instances.GetValue(compilation, c => new MethodCallSites(c));

        /// <summary>The calls of <paramref name="method"/> with the symbol each sits in, or empty when its callers cannot all be seen.</summary>
        public ImmutableArray<(IInvocationOperation Call, ISymbol Container)> Find(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.MethodKind != MethodKind.Ordinary || ImplementsInterface(method))
                return ImmutableArray<(IInvocationOperation, ISymbol)>.Empty;
            var calls = ImmutableArray.CreateBuilder<(IInvocationOperation, ISymbol)>();
            return AddCalls(method, calls) ? calls.ToImmutable() : ImmutableArray<(IInvocationOperation, ISymbol)>.Empty;
        }

        /// <summary>
        /// The calls that may run <paramref name="method"/>, a non-virtual method that implements interfaces declared in this compilation
        /// (<c>SettingsRepository.GetAsync</c> behind <c>ISettingsRepository</c>): its own calls and the calls of the interface members it
        /// implements (those may run other implementations too: a superset). Empty when callers cannot all be seen: an interface from
        /// another assembly, a virtual method, a method group.
        /// </summary>
        public ImmutableArray<(IInvocationOperation Call, ISymbol Container)> FindThroughInterfaces(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (!ImplementsInterface(method)) return Find(method);
            if (method.IsVirtual || method.IsAbstract || method.IsOverride) return ImmutableArray<(IInvocationOperation, ISymbol)>.Empty;
            IEnumerable<IMethodSymbol> members = method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations
                : method.ContainingType.AllInterfaces.SelectMany(contract => contract.GetMembers(method.Name)).OfType<IMethodSymbol>()
                    .Where(member => SymbolEqualityComparer.Default.Equals(
                        method.ContainingType.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method));
            var calls = ImmutableArray.CreateBuilder<(IInvocationOperation, ISymbol)>();
            if (!AddCalls(method, calls)) return ImmutableArray<(IInvocationOperation, ISymbol)>.Empty;
            foreach (IMethodSymbol member in members)
            {
                if (!SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _compilation.Assembly)
                    || !AddCalls(member.OriginalDefinition, calls)) return ImmutableArray<(IInvocationOperation, ISymbol)>.Empty;
            }

            return calls.ToImmutable();
        }

        /// <summary>Adds the calls bound to <paramref name="method"/>; false when one use of its name is not a call (a method group, nameof).</summary>
        private bool AddCalls(IMethodSymbol method, ImmutableArray<(IInvocationOperation, ISymbol)>.Builder calls)
        {
            foreach ((SimpleNameSyntax name, SemanticModel model) in NamesBoundTo(method))
            {
                SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (!(callee.Parent is InvocationExpressionSyntax invocation) || invocation.Expression != callee
                    || !(model.GetOperation(invocation) is IInvocationOperation call))
                    return false; // a method group or nameof: callers unknown
                ISymbol? container = model.GetEnclosingSymbol(invocation.SpanStart);
                if (container == null) return false;
                calls.Add((call, container));
            }

            return true;
        }

        /// <summary>
        /// The method groups of <paramref name="method"/> (<c>services.TryAddSingleton(HttpClientFactory)</c>) with the symbol each sits in, when
        /// every use of its name is a method group; empty when any use is a call or something else (those are <see cref="Find"/>'s).
        /// </summary>
        public ImmutableArray<(IMethodReferenceOperation Reference, ISymbol Container)> FindMethodGroups(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (method.MethodKind != MethodKind.Ordinary) return ImmutableArray<(IMethodReferenceOperation, ISymbol)>.Empty;
            var groups = ImmutableArray.CreateBuilder<(IMethodReferenceOperation, ISymbol)>();
            foreach ((SimpleNameSyntax name, SemanticModel model) in NamesBoundTo(method))
            {
                SyntaxNode use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (!(model.GetOperation(use) is IMethodReferenceOperation reference)) return ImmutableArray<(IMethodReferenceOperation, ISymbol)>.Empty;
                ISymbol? container = model.GetEnclosingSymbol(use.SpanStart);
                if (container == null) return ImmutableArray<(IMethodReferenceOperation, ISymbol)>.Empty;
                groups.Add((reference, container));
            }

            return groups.ToImmutable();
        }

        /// <summary>The names in the compilation that bind to <paramref name="method"/>, with their file's model.</summary>
        private IEnumerable<(SimpleNameSyntax Name, SemanticModel Model)> NamesBoundTo(IMethodSymbol method)
        {
            // A private method is named only in its own type: search the files that declare that type.
            IEnumerable<SyntaxTree> trees = method.DeclaredAccessibility == Accessibility.Private
                ? method.ContainingType.DeclaringSyntaxReferences.Select(reference => reference.SyntaxTree).Distinct()
                : TreesNaming(method.Name);
            foreach (SyntaxTree tree in trees)
            {
                if (!_namesByTree.GetOrAdd(tree, IndexNames).TryGetValue(method.Name, out List<SimpleNameSyntax>? names)) continue;
                foreach (SimpleNameSyntax name in names)
                {
                    if (!SymbolEqualityComparer.Default.Equals(_boundNames.GetOrAdd(name, BindName), method)) continue;
#pragma warning disable RS1030 // Only the names bound to the method asked about.
                    yield return (name, _compilation.GetSemanticModel(name.SyntaxTree));
#pragma warning restore RS1030
                }
            }
        }

        private ImmutableArray<SyntaxTree> TreesNaming(string name) =>
            _treesNaming.GetOrAdd(name, n => _compilation.SyntaxTrees.Where(tree => TreeText.MayName(tree, n)).ToImmutableArray());

        private ISymbol? BindName(SimpleNameSyntax name)
        {
#pragma warning disable RS1030 // Bound only for the few names that match a method a rule asks about.
            SemanticModel model = _compilation.GetSemanticModel(name.SyntaxTree);
#pragma warning restore RS1030
            return model.GetSymbolInfo(name).Symbol?.OriginalDefinition;
        }

        /// <summary>The <c>new T(...)</c> expressions of a source type (target-typed <c>new()</c> is not found).</summary>
        public ImmutableArray<(IObjectCreationOperation Creation, ISymbol Container)> FindCreations(INamedTypeSymbol type)
        {
            var creations = ImmutableArray.CreateBuilder<(IObjectCreationOperation, ISymbol)>();
            foreach (SyntaxTree tree in TreesNaming(type.Name))
            {
                if (!_namesByTree.GetOrAdd(tree, IndexNames).TryGetValue(type.Name, out List<SimpleNameSyntax>? names)) continue;
                foreach (SimpleNameSyntax name in names)
                {
                    SyntaxNode typeSyntax = name.Parent is QualifiedNameSyntax qualified && qualified.Right == name ? qualified : name;
                    if (!(typeSyntax.Parent is ObjectCreationExpressionSyntax creationSyntax) || creationSyntax.Type != typeSyntax) continue;
#pragma warning disable RS1030 // Bound only for the creations of a type a rule asks about.
                    SemanticModel model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    if (!(model.GetOperation(creationSyntax) is IObjectCreationOperation creation)
                        || !SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, type.OriginalDefinition)) continue;
                    ISymbol? container = model.GetEnclosingSymbol(creationSyntax.SpanStart);
                    if (container != null) creations.Add((creation, container));
                }
            }

            return creations.ToImmutable();
        }

        private static bool ImplementsInterface(IMethodSymbol method) =>
            method.ExplicitInterfaceImplementations.Length > 0
            || method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name))
                .Any(member => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method));


        /// <summary>The simple names in one file that may name a callee (not receivers), by text.</summary>
        private static Dictionary<string, List<SimpleNameSyntax>> IndexNames(SyntaxTree tree)
        {
            var names = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Parent is MemberAccessExpressionSyntax access && access.Expression == name) continue;
                string text = name.Identifier.ValueText;
                if (!names.TryGetValue(text, out List<SimpleNameSyntax>? list)) names[text] = list = new List<SimpleNameSyntax>();
                list.Add(name);
            }

            return names;
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The hotness model (docs/architecture/hotness.md): how a method, or the code at a location, is reached: from a request
    /// handler, a recurring job or message handler, only from run-once code (startup, migrations, seeding, installers,
    /// one-off jobs), only from tests, or in a way the compilation does not show (<see cref="ReachKind"/>), with the shortest
    /// path from each kind of entry for the message.
    /// <para>
    /// It walks callers, not callees: from the method asked about, breadth first, through every place the compilation names
    /// it (<see cref="CallerIndex"/>; interface and virtual calls count as calls of their implementations and overrides),
    /// until each path ends at an entry (<see cref="EntryPoints"/>, <see cref="CallbackContexts"/>) or at a method with no
    /// caller. So it binds only the callers of the code with findings, and nothing at all in a compilation without findings.
    /// Code is cold only when every path into it is: one path of unknown origin (no caller, a framework callback, public
    /// API of a library whose other callers are in other projects) makes it unknown, and unknown code is reported.
    /// </para>
    /// <para>
    /// One instance per compilation and world (<see cref="For"/>); answers are cached per method and do not depend on the
    /// order of questions, so concurrent analysis reports the same. A walk stops after <see cref="MaxFunctions"/> methods
    /// (then the answer is unknown); cycles end where a method was seen.
    /// </para>
    /// </summary>
    internal sealed class HotnessModel
    {
        /// <summary>The most methods one walk visits; a longer chain is "unknown".</summary>
        internal const int MaxFunctions = 20000;

        private static readonly ConditionalWeakTable<Compilation, HotnessModel> s_wholeApp = new ConditionalWeakTable<Compilation, HotnessModel>();
        private static readonly ConditionalWeakTable<Compilation, HotnessModel> s_project = new ConditionalWeakTable<Compilation, HotnessModel>();

        /// <summary>Methods the compiler calls by pattern, with no name at the call site (<c>foreach</c>, <c>await</c>, <c>using</c>,
        /// deconstruction).</summary>
        private static readonly ImmutableHashSet<string> PatternMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
            "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync", "GetAwaiter", "GetResult", "Dispose", "DisposeAsync", "Deconstruct");

        /// <summary>Methods query syntax calls (<c>from x in xs where ... select ...</c>) when they are extension methods.</summary>
        private static readonly ImmutableHashSet<string> QueryMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
            "Select", "SelectMany", "Where", "Join", "GroupJoin", "GroupBy", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Cast");

        private readonly Compilation _compilation;
        private readonly bool _wholeApp;
        private readonly bool _internalsVisibleElsewhere;
        private readonly EntryPoints _entries;
        private readonly CallbackContexts _callbacks;
        private readonly Lazy<CallerIndex> _index;
        private readonly ConcurrentDictionary<IMethodSymbol, Reach> _reach = new ConcurrentDictionary<IMethodSymbol, Reach>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<Caller>> _callers =
            new ConcurrentDictionary<IMethodSymbol, ImmutableArray<Caller>>(SymbolEqualityComparer.Default);

        private HotnessModel(Compilation compilation, bool wholeApp)
        {
            _compilation = compilation;
            _wholeApp = wholeApp || compilation.Options.OutputKind == OutputKind.ConsoleApplication
                || compilation.Options.OutputKind == OutputKind.WindowsApplication;
            _internalsVisibleElsewhere = HasProductionFriend(compilation.Assembly);
            _entries = new EntryPoints(compilation);
            _callbacks = new CallbackContexts(WellKnownTypes.For(compilation), _entries);
            _index = new Lazy<CallerIndex>(() => new CallerIndex(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <param name="wholeApp">
        /// The compilation holds the whole app (a folder scan, an app project): a public method's callers are all here. Otherwise
        /// a library's public and protected members may be called from projects built after it, which makes them unknown.
        /// </param>
        public static HotnessModel For(Compilation compilation, bool wholeApp) =>
            (wholeApp ? s_wholeApp : s_project).GetValue(compilation, c => new HotnessModel(c, wholeApp));

        public EntryPoints Entries => _entries;

        /// <summary>The compilation holds every caller of its code (a folder scan, an app project): unknown reach is not a library's public API.</summary>
        public bool IsWholeApp => _wholeApp;

        /// <summary>How the code at <paramref name="location"/> is reached: that of the innermost method, local function or lambda around it.</summary>
        public Reach ReachAt(Location location)
        {
            if (!location.IsInSource || location.SourceTree == null || !_compilation.ContainsSyntaxTree(location.SourceTree)) return Reach.UnknownReach;
            SyntaxNode node = location.SourceTree.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            return ReachAt(node);
        }

        /// <summary>How the code at <paramref name="node"/> is reached.</summary>
        public Reach ReachAt(SyntaxNode node)
        {
#pragma warning disable RS1030 // The model answers for any location a rule reports at; inside the compiler this is its cached model.
            SemanticModel model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            ImmutableArray<Caller> contexts = ContextOf(node, model, isCallSite: false);
            if (contexts.Length == 1 && contexts[0].Entry != null) return FromEntry(contexts[0].Entry!);
            Reach? merged = null;
            foreach (Caller context in contexts)
            {
                Reach reach = context.Entry != null ? FromEntry(context.Entry) : ReachOf(context.Function!);
                merged = merged == null ? reach : Merge(merged, reach);
            }

            return merged ?? Reach.UnknownReach;
        }

        /// <summary>How <paramref name="method"/> (a method, accessor, constructor or local function of this compilation) is reached.</summary>
        public Reach ReachOf(IMethodSymbol method)
        {
            method = Normalize(method);
            return _reach.GetOrAdd(method, Compute);
        }

        private static Reach FromEntry(EntryPoint entry)
        {
            var paths = new ReachPath?[6];
            paths[(int)entry.Class] = new ReachPath(entry, ImmutableArray<string>.Empty);
            return new Reach(paths.ToImmutableArray());
        }

        private static Reach Merge(Reach first, Reach second)
        {
            var paths = new ReachPath?[6];
            for (int i = 0; i < paths.Length; i++) paths[i] = first.PathFrom((EntryClass)i) ?? second.PathFrom((EntryClass)i);
            return new Reach(paths.ToImmutableArray());
        }

        /// <summary>
        /// Breadth first over callers: the first path found from each class of entry is a shortest one. A one-off job is followed
        /// to the method that enqueues it, and what reaches that method reaches the job, except that a request enqueueing a job
        /// makes it cold (it runs once per such request: an opt-in, an admin action) while a recurring job enqueueing it makes it a job.
        /// </summary>
        private Reach Compute(IMethodSymbol target)
        {
            var paths = new ReachPath?[6];
            var walk = new List<Step> { new Step(target, -1, null) };
            var seen = new HashSet<(IMethodSymbol, bool)>(StepComparer.Instance) { (target, false) };
            for (int index = 0; index < walk.Count && paths[(int)EntryClass.Request] == null; index++)
            {
                Step step = walk[index];
                EntryPoint? entry = _entries.Of(step.Function);
                if (entry != null)
                {
                    Record(paths, entry, walk, step.Next, step.OneOff);
                    continue;
                }

                if (walk.Count > MaxFunctions)
                {
                    Record(paths, new EntryPoint(EntryClass.Unknown, "a call chain too long to follow"), walk, index, null);
                    break;
                }

                if (MayHaveHiddenCallers(step.Function)) Record(
                    paths, new EntryPoint(EntryClass.Unknown, "callers outside the compilation"), walk, index, null);
                ImmutableArray<Caller> callers = CallersOf(step.Function);
                if (callers.IsEmpty) Record(paths, new EntryPoint(EntryClass.Unknown, "no caller"), walk, index, null);
                foreach (Caller caller in callers)
                {
                    if (caller.Entry?.Enqueuer is IMethodSymbol enqueuer)
                    {
                        // Walk on from the method that enqueues the job, remembering the job: what reaches it decides.
                        if (seen.Add((enqueuer, true))) walk.Add(new Step(enqueuer, index, step.OneOff ?? caller.Entry));
                    }
                    else if (caller.Entry != null) Record(paths, caller.Entry, walk, index, step.OneOff);
                    else if (seen.Add((caller.Function!, step.OneOff != null))) walk.Add(new Step(caller.Function!, index, step.OneOff));
                }
            }

            return new Reach(paths.ToImmutableArray());
        }

        /// <summary>
        /// Keeps the first path of each class: the entry, then the methods from <paramref name="from"/> down to the target. Behind a
        /// one-off job, a request path is a cold one (the job runs once per such request).
        /// </summary>
        private static void Record(ReachPath?[] paths, EntryPoint entry, List<Step> walk, int from, EntryPoint? oneOff)
        {
            if (oneOff != null && (entry.Class == EntryClass.Request || entry.Class == EntryClass.AdminRequest || entry.Class == EntryClass.Cold))
                entry = new EntryPoint(EntryClass.Cold, oneOff.Display + " started from " + entry.Display);
            if (paths[(int)entry.Class] != null) return;
            var via = ImmutableArray.CreateBuilder<string>();
            for (int i = from; i >= 0; i = walk[i].Next) via.Add(EntryPoints.Display(walk[i].Function));
            paths[(int)entry.Class] = new ReachPath(entry, via.ToImmutable());
        }

        /// <summary>One method of a walk: the next one toward the method asked about, and the one-off job on the way, if any.</summary>
        private readonly struct Step
        {
            public Step(IMethodSymbol function, int next, EntryPoint? oneOff)
            {
                Function = function;
                Next = next;
                OneOff = oneOff;
            }

            public IMethodSymbol Function { get; }

            public int Next { get; }

            public EntryPoint? OneOff { get; }
        }

        private sealed class StepComparer : IEqualityComparer<(IMethodSymbol Function, bool BehindOneOff)>
        {
            public static readonly StepComparer Instance = new StepComparer();

            public bool Equals((IMethodSymbol Function, bool BehindOneOff) x, (IMethodSymbol Function, bool BehindOneOff) y) =>
                x.BehindOneOff == y.BehindOneOff && SymbolEqualityComparer.Default.Equals(x.Function, y.Function);

            public int GetHashCode((IMethodSymbol Function, bool BehindOneOff) obj) =>
                SymbolEqualityComparer.Default.GetHashCode(obj.Function) * 2 + (obj.BehindOneOff ? 1 : 0);
        }

        /// <summary>
        /// Callers the compilation cannot show: the framework (overrides and implementations of its members, serializers reading
        /// properties, activation of constructors), compiler-generated calls (<c>foreach</c>, <c>using</c>, operators), and other
        /// projects when this one is a library.
        /// </summary>
        private bool MayHaveHiddenCallers(IMethodSymbol function)
        {
            switch (function.MethodKind)
            {
                case MethodKind.LocalFunction:
                    return false;
                case MethodKind.Constructor:
                    return function.DeclaredAccessibility != Accessibility.Private;
                case MethodKind.UserDefinedOperator:
                case MethodKind.Conversion:
                case MethodKind.Destructor:
                case MethodKind.EventAdd:
                case MethodKind.EventRemove:
                    return true;
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                    if (function.AssociatedSymbol is IPropertySymbol { IsIndexer: true } || !function.IsStatic) return true;
                    break;
            }

            // The code that creates the message sends it (MessageHandlers); a library's public message may also be created downstream.
            if (MessageHandlers.MessageOf(function) is INamedTypeSymbol message) return !_wholeApp && IsVisibleOutside(message);
            if (PatternMethods.Contains(function.Name) || (function.IsExtensionMethod && QueryMethods.Contains(function.Name))
                || (function.Name == "Add" && function.ContainingType.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
                || EntryPoints.ImplementsFrameworkMember(function)) return true; // a collection initializer calls Add
            return !_wholeApp && IsVisibleOutside(function);
        }

        private bool IsVisibleOutside(ISymbol symbol)
        {
            for (ISymbol? current = symbol; current != null && !(current is INamespaceSymbol); current = current.ContainingSymbol)
            {
                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                    case Accessibility.Protected:
                    case Accessibility.ProtectedOrInternal:
                        break;
                    case Accessibility.Internal:
                    case Accessibility.ProtectedAndInternal:
                        if (!_internalsVisibleElsewhere) return false;
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>An <c>[InternalsVisibleTo]</c> naming an assembly that is not a test or mocking assembly.</summary>
        private static bool HasProductionFriend(IAssemblySymbol assembly)
        {
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "InternalsVisibleToAttribute" || attribute.ConstructorArguments.Length == 0) continue;
                if (!(attribute.ConstructorArguments[0].ScalarValue() is string friend)) continue;
                if (friend.IndexOf("Test", StringComparison.OrdinalIgnoreCase) < 0 && !friend.StartsWith("DynamicProxyGenAssembly2", StringComparison.Ordinal))
                    return true;
            }

            return false;
        }

        private ImmutableArray<Caller> CallersOf(IMethodSymbol function) => _callers.GetOrAdd(function, FindCallers);

        private ImmutableArray<Caller> FindCallers(IMethodSymbol function)
        {
            var callers = new CallerList();
            CallerIndex index = _index.Value;
            switch (function.MethodKind)
            {
                case MethodKind.LocalFunction:
                    foreach (SyntaxReference reference in function.DeclaringSyntaxReferences)
                    {
                        SyntaxNode declaration = reference.GetSyntax();
                        SyntaxNode? member = declaration.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax);
                        SyntaxNode scope = member == null || member is GlobalStatementSyntax ? declaration.SyntaxTree.GetRoot() : member;
                        foreach (SyntaxNode node in scope.DescendantNodes())
                        {
                            if (node is SimpleNameSyntax name && name.Identifier.ValueText == function.Name) AddNameUse(callers, name, Matches.Of(function));
                        }
                    }

                    break;
                case MethodKind.Ordinary:
                case MethodKind.ExplicitInterfaceImplementation:
                    string methodName = function.Name.Substring(function.Name.LastIndexOf('.') + 1);
                    Matches methods = Matches.Of(function);
                    foreach (SimpleNameSyntax name in index.Names(methodName)) AddNameUse(callers, name, methods);
                    if (MessageHandlers.MessageOf(function) is INamedTypeSymbol message)
                    {
                        foreach (SyntaxNode use in index.ConstructorUses(message)) AddMessageCreation(callers, use, message);
                    }

                    break;
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                    if (!(function.AssociatedSymbol is IPropertySymbol property)) break;
                    Matches properties = Matches.Of(property);
                    foreach (SimpleNameSyntax name in index.Names(property.Name.Substring(property.Name.LastIndexOf('.') + 1)))
                        AddNameUse(callers, name, properties);
                    break;
                case MethodKind.Constructor:
                    AddConstructorUses(callers, function, index);
                    break;
            }

            return callers.ToImmutable();
        }

        private void AddNameUse(CallerList callers, SimpleNameSyntax name, Matches matches)
        {
            SemanticModel model = ModelOf(name.SyntaxTree);
            SymbolInfo info = model.GetSymbolInfo(name);
            if (!matches.Contains(info.Symbol) && !matches.ContainsAny(info.CandidateSymbols)) return;
            ExpressionSyntax use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access
                : name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name ? binding : (ExpressionSyntax)name;
            bool invoked = use.Parent is InvocationExpressionSyntax call && call.Expression == use;
            if (!invoked && use.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax nameOf } }
                && nameOf.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }) return;
            if (!invoked && (info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null)) is IMethodSymbol)
            {
                // A method group: it runs where it is handed (a handler, a job, a timer) or, by default, as part of this method.
                EntryPoint? entry = _callbacks.Classify(use, model);
                if (entry != null)
                {
                    callers.Add(new Caller(null, entry));
                    return;
                }
            }

            foreach (Caller caller in ContextOf(use, model, isCallSite: true)) callers.Add(caller);
        }

        private void AddConstructorUses(CallerList callers, IMethodSymbol constructor, CallerIndex index)
        {
            INamedTypeSymbol type = constructor.ContainingType.OriginalDefinition;
            foreach (SyntaxNode use in index.ConstructorUses(type)) AddConstructorUse(callers, use, constructor);
            foreach (INamedTypeSymbol derived in index.DerivedFrom(type))
            {
                // A derived constructor with no initializer calls base() implicitly (an implicit constructor has no syntax at all).
                foreach (IMethodSymbol derivedConstructor in derived.InstanceConstructors)
                {
                    bool explicitInitializer = false;
                    foreach (SyntaxReference reference in derivedConstructor.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax() is ConstructorDeclarationSyntax { Initializer: { } }) explicitInitializer = true;
                    }

                    if (!explicitInitializer) callers.Add(new Caller(derivedConstructor, null));
                }
            }
        }

        private void AddConstructorUse(CallerList callers, SyntaxNode use, IMethodSymbol constructor)
        {
            SemanticModel model = ModelOf(use.SyntaxTree);
            SymbolInfo info = model.GetSymbolInfo(use);
            if (!Matches.Of(constructor).Contains(info.Symbol) && !Matches.Of(constructor).ContainsAny(info.CandidateSymbols)) return;
            foreach (Caller caller in ContextOf(use, model, isCallSite: true)) callers.Add(caller);
        }

        /// <summary>A <c>new TMessage(...)</c> (or target-typed <c>new(...)</c>) calls the handler of TMessage: its context is a caller.</summary>
        private void AddMessageCreation(CallerList callers, SyntaxNode use, INamedTypeSymbol message)
        {
            if (use is ConstructorInitializerSyntax) return; // a derived message's constructor: its own handler, if any, is the one called
            SemanticModel model = ModelOf(use.SyntaxTree);
            if (!(model.GetSymbolInfo(use).Symbol is IMethodSymbol constructor)
                || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType.OriginalDefinition, message.OriginalDefinition)) return;
            foreach (Caller caller in ContextOf(use, model, isCallSite: true)) callers.Add(caller);
        }

        /// <summary>
        /// What runs the code at <paramref name="node"/>: the innermost local function or member around it, unless a lambda on the
        /// way up starts a path of its own (a handler, a job, a callback of unknown timing). Top-level statements and static
        /// initializers are startup; an instance initializer runs in every constructor.
        /// </summary>
        private ImmutableArray<Caller> ContextOf(SyntaxNode node, SemanticModel model, bool isCallSite)
        {
            for (SyntaxNode? current = node; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        EntryPoint? entry = _callbacks.Classify(lambda, model);
                        if (entry != null) return ImmutableArray.Create(new Caller(null, entry));
                        break;
                    case LocalFunctionStatementSyntax _:
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                        return Function(model.GetDeclaredSymbol(current) as IMethodSymbol);
                    case ArrowExpressionClauseSyntax arrow when arrow.Parent is BasePropertyDeclarationSyntax declaration:
                        return Function((model.GetDeclaredSymbol(declaration) as IPropertySymbol)?.GetMethod);
                    case GlobalStatementSyntax _:
                        return ImmutableArray.Create(new Caller(null, new EntryPoint(EntryClass.Cold, "startup (top-level statements)")));
                    case EqualsValueClauseSyntax initializer when initializer
                        .Parent is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: BaseFieldDeclarationSyntax field } }:
                        return Initializer(model.GetDeclaredSymbol(initializer.Parent!), model);
                    case EqualsValueClauseSyntax initializer when initializer.Parent is PropertyDeclarationSyntax property:
                        return Initializer(model.GetDeclaredSymbol(property), model);
                    case MemberDeclarationSyntax _:
                        return Unknown(isCallSite ? "a use outside any method" : "code outside any method");
                }
            }

            return Unknown("code outside any method");
        }

        private static ImmutableArray<Caller> Function(IMethodSymbol? function) =>
            function == null ? Unknown("an unresolved member") : ImmutableArray.Create(new Caller(Normalize(function), null));

        private static ImmutableArray<Caller> Initializer(ISymbol? member, SemanticModel model)
        {
            if (member == null) return Unknown("an unresolved member");
            if (member.IsStatic) return ImmutableArray.Create(
                new Caller(null, new EntryPoint(EntryClass.Cold, "static initializer of " + member.ContainingType.Name)));
            var constructors = ImmutableArray.CreateBuilder<Caller>();
            foreach (IMethodSymbol constructor in member.ContainingType.InstanceConstructors) constructors.Add(new Caller(constructor, null));
            return constructors.ToImmutable();
        }

        private static ImmutableArray<Caller> Unknown(string why) => ImmutableArray.Create(new Caller(null, new EntryPoint(EntryClass.Unknown, why)));

        private SemanticModel ModelOf(SyntaxTree tree)
        {
#pragma warning disable RS1030 // Callers are bound only for the methods a walk passes through; inside the compiler this is its cached model.
            return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }

        internal static IMethodSymbol Normalize(IMethodSymbol method) => IoSummaries.Normalize(method);

        /// <summary>A caller: the method that calls, or the entry the call site itself is (a handler lambda, a job registration).</summary>
        private readonly struct Caller
        {
            public Caller(IMethodSymbol? function, EntryPoint? entry)
            {
                Function = function;
                Entry = entry;
            }

            public IMethodSymbol? Function { get; }

            public EntryPoint? Entry { get; }
        }

        /// <summary>Callers in the order found (file order), each method once.</summary>
        private sealed class CallerList
        {
            private readonly ImmutableArray<Caller>.Builder _callers = ImmutableArray.CreateBuilder<Caller>();
            private readonly HashSet<IMethodSymbol> _functions = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

            public void Add(Caller caller)
            {
                if (caller.Function == null || _functions.Add(caller.Function)) _callers.Add(caller);
            }

            public ImmutableArray<Caller> ToImmutable() => _callers.ToImmutable();
        }

        /// <summary>
        /// The symbols a use may bind to when it calls a method: the method, what it overrides and the interface members it
        /// implements (a call through <c>IOrderRepository.Find</c> calls <c>OrderRepository.Find</c>), as original definitions.
        /// </summary>
        private sealed class Matches
        {
            private readonly HashSet<ISymbol> _symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            public static Matches Of(IMethodSymbol method)
            {
                var matches = new Matches();
                for (IMethodSymbol? current = method; current != null; current = current.OverriddenMethod)
                {
                    matches._symbols.Add(current.OriginalDefinition);
                    foreach (IMethodSymbol implemented in EntryPoints.InterfaceMembers(current)) matches._symbols.Add(implemented.OriginalDefinition);
                }

                return matches;
            }

            public static Matches Of(IPropertySymbol property)
            {
                var matches = new Matches();
                for (IPropertySymbol? current = property; current != null; current = current.OverriddenProperty)
                {
                    matches._symbols.Add(current.OriginalDefinition);
                    foreach (IPropertySymbol implemented in current.ExplicitInterfaceImplementations) matches._symbols.Add(implemented.OriginalDefinition);
                    foreach (INamedTypeSymbol implementedType in current.ContainingType.AllInterfaces)
                    {
                        foreach (ISymbol member in implementedType.GetMembers(current.Name))
                        {
                            if (member is IPropertySymbol candidate
                                && SymbolEqualityComparer.Default.Equals(current.ContainingType.FindImplementationForInterfaceMember(candidate), current))
                                matches._symbols.Add(candidate.OriginalDefinition);
                        }
                    }
                }

                return matches;
            }

            public bool Contains(ISymbol? symbol)
            {
                switch (symbol)
                {
                    case IMethodSymbol method:
                        return _symbols.Contains((method.ReducedFrom ?? method).OriginalDefinition);
                    case IPropertySymbol property:
                        return _symbols.Contains(property.OriginalDefinition);
                    default:
                        return false;
                }
            }

            public bool ContainsAny(ImmutableArray<ISymbol> symbols)
            {
                foreach (ISymbol symbol in symbols)
                {
                    if (Contains(symbol)) return true;
                }

                return false;
            }
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>One step of an I/O chain: the method (or I/O API) called, and where it is called from.</summary>
    internal sealed class IoHop
    {
        public IoHop(string display, Location? callSite)
        {
            Display = display;
            CallSite = callSite;
        }

        /// <summary><c>OrderRepository.FindAsync</c>, <c>DbSet&lt;Order&gt;.FindAsync</c>.</summary>
        public string Display { get; }

        /// <summary>The call in the previous method of the chain; null for hops read from a referenced assembly.</summary>
        public Location? CallSite { get; }
    }

    /// <summary>
    /// What one method does, directly or through calls: kinds of I/O, one evidence chain per kind, the source methods it calls, and
    /// which kinds happen only on a cache miss (the I/O sits behind a cache lookup or a memo) with the parameters the cache key is made of.
    /// </summary>
    internal sealed class MethodIoSummary
    {
        public static readonly MethodIoSummary Empty = new MethodIoSummary(
            IoKind.None, ImmutableDictionary<IoKind, ImmutableArray<IoHop>>.Empty, ImmutableArray<IMethodSymbol>.Empty);

        public MethodIoSummary(IoKind kinds, ImmutableDictionary<IoKind, ImmutableArray<IoHop>> chains, ImmutableArray<IMethodSymbol> callees,
            bool isDispatch = false, ImmutableDictionary<IoKind, ImmutableArray<int>>? missKeys = null)
        {
            Kinds = kinds;
            Chains = chains;
            Callees = callees;
            IsDispatch = isDispatch;
            MissKeys = missKeys ?? ImmutableDictionary<IoKind, ImmutableArray<int>>.Empty;
        }

        /// <summary>
        /// The kinds this method performs only on a cache miss, each with the parameter ordinals its cache key is computed from (empty: one
        /// key, the same on every call). A kind also performed outside any cache is not here, and its chain is that uncached one.
        /// </summary>
        public ImmutableDictionary<IoKind, ImmutableArray<int>> MissKeys { get; }

        /// <summary>True when <paramref name="kind"/> happens only on a cache miss; <paramref name="keyParameters"/>: what the key is made of.</summary>
        public bool IsOnMiss(IoKind kind, out ImmutableArray<int> keyParameters) => MissKeys.TryGetValue(kind, out keyParameters);

        /// <summary>True when this is the summary of a dispatched call: each chain starts with the implementation reached.</summary>
        public bool IsDispatch { get; }

        public IoKind Kinds { get; }

        /// <summary>For each kind: the calls from this method's body down to the I/O API.</summary>
        public ImmutableDictionary<IoKind, ImmutableArray<IoHop>> Chains { get; }

        /// <summary>The source methods this method may call (after resolving interface/virtual dispatch).</summary>
        public ImmutableArray<IMethodSymbol> Callees { get; }

        public bool Has(IoKind kind) => (Kinds & kind) != 0;

        public ImmutableArray<IoHop> Chain(IoKind kind) =>
            Chains.TryGetValue(kind, out ImmutableArray<IoHop> chain) ? chain : ImmutableArray<IoHop>.Empty;
    }

    /// <summary>
    /// The whole-program engine: per-method I/O summaries over the compilation's call graph, computed
    /// lazily on first question and cached per method. One instance per compilation, shared by every
    /// analyzer through <see cref="For(Compilation)"/>. Symbol-level: bodies are read with
    /// <see cref="IOperation"/> from the compiler's (cached) semantic models, nothing is parsed twice.
    /// <para>
    /// Dispatch: a call of an interface, abstract or virtual method resolves to its implementations in
    /// the compilation (a constructor-injected <c>IOrderRepository</c> field included); the call performs
    /// a kind of I/O only when every implementation does (precision first). Methods of referenced
    /// assemblies are looked up in the summaries those assemblies recorded
    /// (<see cref="ReferencedIoSummaries"/>). Lambdas, local functions and method groups in a body count
    /// as part of it; lambdas converted to expression trees do not (EF translates them). Recursion is cut:
    /// a cycle contributes nothing (an under-approximation, never a guess), and only summaries that do not depend
    /// on where a cycle was entered are cached (<see cref="SummaryCallStack"/>), so results do not depend on which
    /// analyzer asked first.
    /// </para>
    /// </summary>
    internal sealed class IoSummaries
    {
        /// <summary>What the docs of rules that follow summaries into a loop say about cached callees.</summary>
        public const string IgnoresCachedCallees = "callees whose I/O sits behind a cache lookup (`IMemoryCache.GetOrCreate`, `HybridCache`, "
            + "`GetOrAdd`/`GetOrSet` of a cache, the app's own `GetCache(key, factory)` or a cache manager's `Get*(key, factory)`, "
            + "`TryGetValue` ... `Set`, a distributed-cache read then write, "
            + "a memo field) when the arguments the cache key is made of are the same every pass; when they change per pass the finding says "
            + "\"on a cache miss\", the chain names the lookup, and the finding is a note whatever the rule's level (on real applications "
            + "such findings were not worth a warning: keys repeat across requests, so most passes hit)";

        private static readonly ConditionalWeakTable<Compilation, IoSummaries> s_instances = new ConditionalWeakTable<Compilation, IoSummaries>();

        private readonly Compilation _compilation;
        private readonly IoCallClassifier _classifier;
        private readonly INamedTypeSymbol? _lambdaExpression;
        private readonly Lazy<ImplementationIndex> _implementations;
        private readonly ReferencedIoSummaries _referenced;
        private readonly CacheLookups _caches;
        private readonly ConcurrentDictionary<IMethodSymbol, MethodIoSummary> _cache =
            new ConcurrentDictionary<IMethodSymbol, MethodIoSummary>(SymbolEqualityComparer.Default);
        private readonly ThreadLocal<SummaryCallStack> _callStack = new ThreadLocal<SummaryCallStack>(() => new SummaryCallStack());

        private readonly SyntacticIoCandidates? _candidates;

        private IoSummaries(Compilation compilation, SyntacticIoCandidates? candidates = null)
        {
            _compilation = compilation;
            _candidates = candidates;
            _classifier = new IoCallClassifier(compilation);
            _lambdaExpression = WellKnownTypes.For(compilation).LambdaExpression;
            _referenced = new ReferencedIoSummaries(compilation.Assembly);
            _caches = CacheLookups.For(compilation);
            _implementations = new Lazy<ImplementationIndex>(() => new ImplementationIndex(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The engine of <paramref name="compilation"/>, shared by every analyzer that asks.</summary>
        public static IoSummaries For(Compilation compilation) => s_instances.GetValue(compilation, c => new IoSummaries(c));

        /// <summary>
        /// A private engine for the summary generator: it runs before the compile, on models nobody else
        /// shares, so it first prunes by syntax (<see cref="SyntacticIoCandidates"/>) and binds only the
        /// bodies that may reach I/O.
        /// </summary>
        public static IoSummaries ForRecording(Compilation compilation, SyntacticIoCandidates candidates) => new IoSummaries(compilation, candidates);

        public Compilation Compilation => _compilation;

        /// <summary>Method bodies bound so far (for measurements).</summary>
        public int SummarizedCount => _cache.Count;

        public IoCallClassifier Classifier => _classifier;

        /// <summary>The summary of a method's own body (no dispatch): what calling exactly this method does.</summary>
        public MethodIoSummary Summarize(IMethodSymbol method)
        {
            method = Normalize(method);
            if (_cache.TryGetValue(method, out MethodIoSummary? cached)) return cached;

            SummaryCallStack stack = _callStack.Value!;
            if (!stack.TryEnter(method, out MethodIoSummary answer)) return answer; // a cycle contributes nothing
            MethodIoSummary summary;
            try
            {
                summary = Compute(method);
            }
            catch
            {
                stack.Abandon(method);
                throw;
            }

            return stack.Exit(method, summary) ? _cache.GetOrAdd(method, summary) : summary;
        }

        /// <summary>
        /// What a call does: the I/O API itself (<paramref name="directKind"/> set, no summary), or the
        /// summary of the method(s) it dispatches to. <paramref name="targets"/> are the source methods reached.
        /// </summary>
        public MethodIoSummary SummarizeCall(IInvocationOperation invocation, out IoKind directKind, out ImmutableArray<IMethodSymbol> targets)
        {
            directKind = _classifier.Classify(invocation);
            targets = ImmutableArray<IMethodSymbol>.Empty;
            if (directKind != IoKind.None)
            {
                if (!IsOverriddenInSource(invocation)) return MethodIoSummary.Empty;
                directKind = IoKind.None; // the app's override runs (a UserManager subclass that caches FindByNameAsync): its summary decides
            }

            return SummarizeDispatch(invocation.TargetMethod, invocation.Instance, out targets);
        }

        /// <summary>
        /// A virtual I/O method of a referenced assembly (Identity's <c>UserManager&lt;T&gt;.FindByIdAsync</c>) that a source type
        /// overrides, called on a receiver that may be that type: an app subclasses a framework service to register the subclass.
        /// </summary>
        private bool IsOverriddenInSource(IInvocationOperation invocation)
        {
            IMethodSymbol method = Normalize(invocation.TargetMethod);
            if (!(method.IsVirtual || method.IsOverride || method.IsAbstract) || method.IsSealed || IsSourceMethod(method)) return false;
            if (invocation.Instance is IInstanceReferenceOperation && invocation.Instance.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax)
                return false;
            return !_implementations.Value.Find(method, invocation.Instance?.Type as INamedTypeSymbol).IsEmpty;
        }

        /// <summary>The classes and structs of this compilation that implement <paramref name="type"/>, an interface declared here (empty for
        /// others).</summary>
        public IReadOnlyList<INamedTypeSymbol> ImplementingClasses(INamedTypeSymbol type) => _implementations.Value.ImplementingClasses(type);

        /// <summary>
        /// The source methods a call of <paramref name="method"/> on <paramref name="receiver"/> may run, after dispatch,
        /// without summarizing them (for reachability walks). Empty for methods of referenced assemblies.
        /// </summary>
        public ImmutableArray<IMethodSymbol> DispatchTargets(IMethodSymbol method, IOperation? receiver) =>
            DispatchTargets(Normalize(method), receiver, out _, out _);

        private ImmutableArray<IMethodSymbol> DispatchTargets(IMethodSymbol method, IOperation? receiver, out bool isSource, out bool dispatches)
        {
            isSource = IsSourceMethod(method);
            dispatches = method.ContainingType.TypeKind == TypeKind.Interface || method.IsAbstract
                || ((method.IsVirtual || method.IsOverride)
                    && !(receiver is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                    && receiver.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax));
            if (!dispatches) return isSource ? ImmutableArray.Create(method) : ImmutableArray<IMethodSymbol>.Empty;

            ImmutableArray<IMethodSymbol> implementations = _implementations.Value.Find(method, receiver?.Type as INamedTypeSymbol);
            if (!isSource || method.IsAbstract || method.ContainingType.TypeKind == TypeKind.Interface) return implementations;
            return ImmutableArray.Create(method).AddRange(implementations);
        }

        /// <summary>The summary of a call of <paramref name="method"/> on <paramref name="receiver"/>, after dispatch.</summary>
        public MethodIoSummary SummarizeDispatch(IMethodSymbol method, IOperation? receiver, out ImmutableArray<IMethodSymbol> targets)
        {
            method = Normalize(method);
            targets = DispatchTargets(method, receiver, out bool isSource, out bool dispatches);
            if (!dispatches) return isSource ? Summarize(method) : _referenced.Find(method);
            if (targets.IsEmpty)
            {
                // Nothing in this compilation implements it: the declaring assembly may have recorded a summary.
                return isSource ? MethodIoSummary.Empty : _referenced.Find(method);
            }

            IoKind kinds = ~IoKind.None;
            var chains = new Dictionary<IoKind, ImmutableArray<IoHop>>();
            var missChains = new Dictionary<IoKind, ImmutableArray<IoHop>>();
            var missKeys = new Dictionary<IoKind, SortedSet<int>>();
            foreach (IMethodSymbol candidate in targets)
            {
                MethodIoSummary summary = Summarize(candidate);
                kinds &= summary.Kinds;
                foreach (IoKind kind in IoKinds.Each)
                {
                    if (!summary.Has(kind)) continue;
                    ImmutableArray<IoHop> chain = ImmutableArray.Create(new IoHop(DisplayMethod(candidate), null)).AddRange(summary.Chain(kind));
                    if (!chains.ContainsKey(kind)) chains[kind] = chain;
                    if (!summary.IsOnMiss(kind, out ImmutableArray<int> keys)) continue;
                    // One implementation behind a cache makes the call "on miss" (precision first), and its chain shows the cache.
                    if (!missKeys.TryGetValue(kind, out SortedSet<int>? union))
                    {
                        missKeys[kind] = union = new SortedSet<int>();
                        missChains[kind] = chain;
                    }

                    union.UnionWith(keys);
                }
            }

            // A call through an interface performs I/O only when every implementation does.
            var kept = ImmutableDictionary.CreateBuilder<IoKind, ImmutableArray<IoHop>>();
            var keptMiss = ImmutableDictionary.CreateBuilder<IoKind, ImmutableArray<int>>();
            foreach (KeyValuePair<IoKind, ImmutableArray<IoHop>> chain in chains)
            {
                if ((kinds & chain.Key) == 0) continue;
                bool onMiss = missKeys.TryGetValue(chain.Key, out SortedSet<int>? keys);
                kept[chain.Key] = onMiss ? missChains[chain.Key] : chain.Value;
                if (onMiss) keptMiss[chain.Key] = keys!.ToImmutableArray();
            }

            return new MethodIoSummary(kinds & (IoKind.Database | IoKind.Http | IoKind.Cache | IoKind.File), kept.ToImmutable(), targets, isDispatch: true,
                keptMiss.ToImmutable());
        }

        /// <summary>How a hop names the cache lookup that I/O behind it waits for: <c>IMemoryCache.GetOrCreateAsync (on miss)</c>.</summary>
        public const string OnMissSuffix = " (on miss)";

        public static string DisplayMethod(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.AnonymousFunction) return method.Name;
            string type = method.ContainingType.Name;
            if (method.MethodKind == MethodKind.Constructor) return "new " + type;
            if (method.AssociatedSymbol is IPropertySymbol property) return type + "." + property.Name;
            return type + "." + method.Name;
        }

        internal static IMethodSymbol Normalize(IMethodSymbol method)
        {
            if (method.ReducedFrom != null) method = method.ReducedFrom;
            return method.OriginalDefinition;
        }

        internal bool IsSourceMethod(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length > 0
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);

        private MethodIoSummary Compute(IMethodSymbol method)
        {
            if (!IsSourceMethod(method)) return _referenced.Find(method);
            if (_candidates != null && !_candidates.MayPerformIo(method)) return MethodIoSummary.Empty;

            var collector = new Collector(this, method);
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode node = reference.GetSyntax();
#pragma warning disable RS1030 // Whole-program analysis reads other methods' bodies; inside the compiler this returns its cached semantic model.
                SemanticModel model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                IOperation? body = model.GetOperation(node);
                if (body == null) continue;
                collector.VisitBody(body);
            }

            return collector.ToSummary();
        }

        private bool IsExpressionTreeLambda(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                if (parent.Type.InheritsFromOrEquals(_lambdaExpression)) return true;
                parent = parent.Parent;
            }

            return false;
        }

        /// <summary>
        /// Where the collector is inside a body: always-run code, or code that runs only on a cache miss (a lookup's factory, a miss branch,
        /// what follows a hit that returns), with the parameters the key is made of and the hop that names the lookup in a chain.
        /// </summary>
        private sealed class MissRegion
        {
            public MissRegion(ImmutableArray<int> keyParameters, IoHop lookup)
            {
                KeyParameters = keyParameters;
                Lookup = lookup;
            }

            public ImmutableArray<int> KeyParameters { get; }

            public IoHop Lookup { get; }
        }

        /// <summary>A key ordinal that means "unknown key": callers treat it as changing on every call.</summary>
        internal const int UnknownKey = -1;

        /// <summary>Walks one body and folds the summaries of what it calls, apart for code that runs only on a cache miss.</summary>
        private sealed class Collector
        {
            private readonly IoSummaries _owner;
            private readonly IMethodSymbol _method;
            private readonly Dictionary<IoKind, ImmutableArray<IoHop>> _chains = new Dictionary<IoKind, ImmutableArray<IoHop>>();
            private readonly Dictionary<IoKind, ImmutableArray<IoHop>> _missChains = new Dictionary<IoKind, ImmutableArray<IoHop>>();
            private readonly Dictionary<IoKind, SortedSet<int>> _missKeys = new Dictionary<IoKind, SortedSet<int>>();
            private readonly HashSet<IMethodSymbol> _callees = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            private IOperation? _root;
            private IoKind _kinds;
            private IoKind _missKinds;

            public Collector(IoSummaries owner, IMethodSymbol method)
            {
                _owner = owner;
                _method = method;
            }

            public void VisitBody(IOperation body)
            {
                _root = body;
                Visit(body, isRoot: true, miss: null);
            }

            private void Visit(IOperation operation, bool isRoot, MissRegion? miss)
            {
                CacheLookups caches = _owner._caches;
                switch (operation)
                {
                    case IAnonymousFunctionOperation lambda when _owner.IsExpressionTreeLambda(lambda):
                        return; // translated by the query provider, never run here
                    case IAnonymousFunctionOperation lambda when miss == null && caches.FactoryLookup(lambda) is { } factory:
                        VisitChildren(lambda, Region(factory)); // a cache lookup's factory: runs on a miss
                        return;
                    case ILocalFunctionOperation _ when !isRoot:
                        return; // counted where it is called
                    case IConditionalOperation conditional when miss == null:
                        Visit(conditional.Condition, false, null);
                        VisitBranch(conditional, conditional.WhenTrue);
                        if (conditional.WhenFalse != null) VisitBranch(conditional, conditional.WhenFalse);
                        return;
                    case IBlockOperation block when miss == null:
                        MissRegion? afterHit = null;
                        foreach (IOperation statement in block.Operations)
                        {
                            Visit(statement, false, afterHit);
                            if (afterHit == null && caches.HitExit(statement, _root!) is { } hit && CacheLookups.IsPersistentStorage(hit))
                                afterHit = Region(hit); // if (cache.TryGetValue(key, out v)) return v; ... the rest runs on a miss
                        }

                        return;
                    case ICoalesceAssignmentOperation memo when miss == null
                        && caches.GuardAt(memo, memo.Value, _root!, CacheLookups.IsPersistentStorage) is { } once:
                        Visit(memo.Target, false, null);
                        Visit(memo.Value, false, Region(once)); // _settings ??= Load()
                        return;
                    case IInvocationOperation invocation:
                        AddCall(invocation, miss);
                        break;
                    case IObjectCreationOperation creation:
                        IoKind fileKind = _owner._classifier.Classify(creation);
                        if (fileKind != IoKind.None)
                            Add(fileKind, ImmutableArray.Create(new IoHop("new " + creation.Type!.Name, creation.Syntax.GetLocation())), miss);
                        else if (creation.Constructor != null) AddTarget(creation.Constructor, null, creation.Syntax, creation.Arguments, miss);
                        break;
                    case IMethodReferenceOperation reference:
                        MissRegion? region = miss ?? (caches.FactoryLookup(reference) is { } lookup ? Region(lookup) : null);
                        AddTarget(reference.Method, reference.Instance, reference.Syntax, ImmutableArray<IArgumentOperation>.Empty, region);
                        break;
                    case IPropertyReferenceOperation property when property.Property.GetMethod != null
                        && !(property.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, property)):
                        IMethodSymbol getter = property.Property.GetMethod;
                        if (_owner.IsSourceMethod(Normalize(getter))) AddTarget(getter, property.Instance, property.Syntax, property.Arguments, miss);
                        break;
                }

                VisitChildren(operation, miss);
            }

            private void VisitChildren(IOperation operation, MissRegion? miss)
            {
                foreach (IOperation child in operation.ChildOperations) Visit(child, isRoot: false, miss);
            }

            private void VisitBranch(IConditionalOperation conditional, IOperation branch)
            {
                CacheGuard? guard = _owner._caches.MissBranch(conditional, branch);
                Visit(branch, false, guard != null && CacheLookups.IsPersistentStorage(guard) ? Region(guard) : null);
            }

            private MissRegion Region(CacheGuard guard)
            {
                var keys = new SortedSet<int>();
                if (guard.KeyIsUnknown) keys.Add(UnknownKey);
                foreach (IOperation key in guard.Keys) keys.UnionWith(ValueSources.Parameters(key, _method));
                Location location = guard.Lookup is IInvocationOperation call
                    ? DiagnosticLocations.ForInvocation(call.Syntax)
                    : guard.Lookup.Syntax.GetLocation();
                return new MissRegion(keys.ToImmutableArray(), new IoHop(guard.Display + OnMissSuffix, location));
            }

            private void AddCall(IInvocationOperation invocation, MissRegion? miss)
            {
                IoKind direct = _owner._classifier.Classify(invocation);
                if (direct != IoKind.None)
                {
                    var hop = new IoHop(IoCallClassifier.Display(invocation), DiagnosticLocations.ForInvocation(invocation.Syntax));
                    Add(direct, ImmutableArray.Create(hop), miss);
                    return;
                }

                AddTarget(invocation.TargetMethod, invocation.Instance, invocation.Syntax, invocation.Arguments, miss);
            }

            private void AddTarget(IMethodSymbol method, IOperation? receiver, SyntaxNode syntax, ImmutableArray<IArgumentOperation> arguments,
                MissRegion? miss)
            {
                MethodIoSummary summary = _owner.SummarizeDispatch(method, receiver, out ImmutableArray<IMethodSymbol> targets);
                foreach (IMethodSymbol target in targets) _callees.Add(target);
                if (summary.Kinds == IoKind.None) return;

                Location location = syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    ? DiagnosticLocations.ForInvocation(syntax)
                    : syntax.GetLocation();
                bool dispatched = summary.IsDispatch;
                foreach (IoKind kind in IoKinds.Each)
                {
                    if (!summary.Has(kind)) continue;
                    ImmutableArray<IoHop> chain = summary.Chain(kind);
                    if (dispatched && chain.Length > 0)
                    {
                        // The dispatch summary starts with the implementation reached: give it this call site.
                        chain = chain.SetItem(0, new IoHop(chain[0].Display, location));
                    }
                    else
                    {
                        chain = ImmutableArray.Create(new IoHop(DisplayMethod(Normalize(method)), location)).AddRange(chain);
                    }

                    MissRegion? region = miss;
                    if (region == null && summary.IsOnMiss(kind, out ImmutableArray<int> calleeKeys))
                        region = new MissRegion(CallerKeys(calleeKeys, arguments), new IoHop("", null)); // the callee's chain names the lookup
                    Add(kind, chain, region);
                }
            }

            /// <summary>The callee's key parameters, in terms of this method's parameters (through the arguments of the call).</summary>
            private ImmutableArray<int> CallerKeys(ImmutableArray<int> calleeKeys, ImmutableArray<IArgumentOperation> arguments)
            {
                var keys = new SortedSet<int>();
                foreach (int key in calleeKeys)
                {
                    if (key == UnknownKey)
                    {
                        keys.Add(UnknownKey);
                        continue;
                    }

                    foreach (IArgumentOperation argument in arguments)
                    {
                        if (argument.Parameter?.Ordinal == key) keys.UnionWith(ValueSources.Parameters(argument.Value, _method));
                    }
                }

                return keys.ToImmutableArray();
            }

            private void Add(IoKind kind, ImmutableArray<IoHop> chain, MissRegion? miss)
            {
                foreach (IoKind each in IoKinds.Each)
                {
                    if ((kind & each) == 0) continue;
                    if (miss == null)
                    {
                        _kinds |= each;
                        if (!_chains.TryGetValue(each, out ImmutableArray<IoHop> existing) || chain.Length < existing.Length)
                            _chains[each] = chain; // the shortest evidence reads best
                        continue;
                    }

                    ImmutableArray<IoHop> missChain = miss.Lookup.Display.Length == 0 ? chain : ImmutableArray.Create(miss.Lookup).AddRange(chain);
                    _missKinds |= each;
                    if (!_missKeys.TryGetValue(each, out SortedSet<int>? keys)) _missKeys[each] = keys = new SortedSet<int>();
                    keys.UnionWith(miss.KeyParameters);
                    if (!_missChains.TryGetValue(each, out ImmutableArray<IoHop> existingMiss) || missChain.Length < existingMiss.Length)
                        _missChains[each] = missChain;
                }
            }

            public MethodIoSummary ToSummary()
            {
                IoKind kinds = _kinds | _missKinds;
                if (kinds == IoKind.None && _callees.Count == 0) return MethodIoSummary.Empty;
                var chains = ImmutableDictionary.CreateBuilder<IoKind, ImmutableArray<IoHop>>();
                var missKeys = ImmutableDictionary.CreateBuilder<IoKind, ImmutableArray<int>>();
                foreach (IoKind kind in IoKinds.Each)
                {
                    if ((_kinds & kind) != 0)
                    {
                        chains[kind] = _chains[kind]; // done on every call: the miss branch is not the evidence
                    }
                    else if ((_missKinds & kind) != 0)
                    {
                        chains[kind] = _missChains[kind];
                        missKeys[kind] = _missKeys[kind].ToImmutableArray();
                    }
                }

                return new MethodIoSummary(kinds, chains.ToImmutable(), _callees.ToImmutableArray(), missKeys: missKeys.ToImmutable());
            }
        }
    }
}

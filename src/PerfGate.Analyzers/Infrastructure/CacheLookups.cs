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
    /// Recognises code that runs only when a cached or memoized value is missing, for the I/O summaries ("on miss") and the
    /// loop model ("once per key, not once per item"):
    /// <list type="bullet">
    /// <item>the factory given to a cache lookup: <c>IMemoryCache.GetOrCreate[Async]</c>, <c>HybridCache.GetOrCreateAsync</c>,
    /// <c>ConcurrentDictionary.GetOrAdd</c>, any <c>GetOrAdd*</c>/<c>GetOrCreate*</c>/<c>GetOrSet*</c> of a cache type (LazyCache,
    /// FusionCache), and the app's own abstraction recognised by shape: a source method that takes a delegate and only passes it to
    /// such a lookup (or calls it in a miss branch), e.g. <c>ICacheManager.GetCache(key, factory)</c>;</item>
    /// <item>the miss branch of a lookup: <c>if (!cache.TryGetValue(key, out v)) { v = Load(); cache.Set(key, v); }</c>, a distributed
    /// cache read tested for null then written, and what follows <c>if (cache.TryGetValue(key, out v)) return v;</c>;</item>
    /// <item>memos: <c>if (x == null) x = Load();</c>, <c>x ??= Load()</c>, <c>if (seen.Add(key)) ...</c>,
    /// <c>if (!map.ContainsKey(key)) map[key] = Load();</c>.</item>
    /// </list>
    /// A lookup counts only when the value is written back where it was looked up (the miss branch sets the cache, the memo
    /// assigns the variable). One per compilation (the app's cache methods are summarized once each, on first question).
    /// </summary>
    internal sealed class CacheLookups
    {
        private static readonly ConditionalWeakTable<Compilation, CacheLookups> s_instances = new ConditionalWeakTable<Compilation, CacheLookups>();

        [ThreadStatic]
        private static HashSet<IMethodSymbol>? t_inProgress;

        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol? _memoryCacheExtensions;
        private readonly INamedTypeSymbol? _memoryCache;
        private readonly INamedTypeSymbol? _distributedCache;
        private readonly INamedTypeSymbol? _distributedCacheExtensions;
        private readonly INamedTypeSymbol? _hybridCache;
        private readonly INamedTypeSymbol? _redisDatabase;
        private readonly INamedTypeSymbol? _redisDatabaseAsync;
        private readonly INamedTypeSymbol? _concurrentDictionary;
        private readonly ConcurrentDictionary<IMethodSymbol, FactoryShape?> _shapes =
            new ConcurrentDictionary<IMethodSymbol, FactoryShape?>(SymbolEqualityComparer.Default);

        private CacheLookups(Compilation compilation)
        {
            _compilation = compilation;
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _memoryCacheExtensions = types.MemoryCacheExtensions;
            _memoryCache = types.IMemoryCache;
            _distributedCache = types.IDistributedCache;
            _distributedCacheExtensions = types.DistributedCacheExtensions;
            _hybridCache = types.HybridCache;
            _redisDatabase = types.RedisDatabase;
            _redisDatabaseAsync = types.RedisDatabaseAsync;
            _concurrentDictionary = types.ConcurrentDictionaryOfTKeyTValue;
        }

        public static CacheLookups For(Compilation compilation) => s_instances.GetValue(compilation, c => new CacheLookups(c));

        /// <summary>
        /// A cache: <c>IMemoryCache</c>, <c>IDistributedCache</c>, <c>HybridCache</c>, a Redis database, or any type whose name says
        /// <c>Cache</c> (<c>IAppCache</c>, <c>IFusionCache</c>, the app's <c>ICacheManager</c>; also when the library is not referenced and
        /// the name is all that is left).
        /// </summary>
        public bool IsCacheType(ITypeSymbol? type)
        {
            if (type == null) return false;
            if (type.IsOrImplements(_memoryCache) || type.IsOrImplements(_distributedCache) || type.InheritsFromOrEquals(_hybridCache)
                || type.IsOrImplements(_redisDatabase) || type.IsOrImplements(_redisDatabaseAsync))
                return true;
            return type.Name.IndexOf("Cache", StringComparison.OrdinalIgnoreCase) >= 0 && type.SpecialType == SpecialType.None
                && !(type is INamedTypeSymbol { TypeKind: TypeKind.Delegate });
        }

        // ---- factories -------------------------------------------------------------------------------------------

        /// <summary>
        /// The lookup whose factory <paramref name="value"/> is (a lambda, a method group or a delegate parameter passed on as an
        /// argument), or null when the delegate may run on every call.
        /// </summary>
        public CacheGuard? FactoryLookup(IOperation value)
        {
            IOperation current = value;
            IOperation? parent = value.Parent;
            while (parent is IConversionOperation || parent is IDelegateCreationOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation call, Parameter: { } parameter }:
                    return LookupFor(call, parameter);
                case IInvalidOperation invalid:
                    return UnresolvedLookupFor(invalid, current);
                default:
                    return null;
            }
        }

        private CacheGuard? LookupFor(IInvocationOperation call, IParameterSymbol parameter)
        {
            if (parameter.Type.TypeKind != TypeKind.Delegate && parameter.OriginalDefinition.Type.TypeKind != TypeKind.Delegate) return null;
            IMethodSymbol method = call.TargetMethod;
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            ITypeSymbol? receiverType = call.GetReceiver()?.WithoutConversions().Type;

            bool known = (type.IsType(_memoryCacheExtensions) && (name == "GetOrCreate" || name == "GetOrCreateAsync") && parameter.Name == "factory")
                || (type.InheritsFromOrEquals(_hybridCache) && name == "GetOrCreateAsync" && parameter.Name == "factory")
                || (type.IsType(_concurrentDictionary) && name == "GetOrAdd" && parameter.Name == "valueFactory");
            bool cacheType = IsCacheType(receiverType) || IsCacheType(type);
            bool byName = !known && ((IsLookupName(name) && (cacheType || IsDictionary(receiverType) || IsDictionary(type)))
                || (cacheType && IsCacheGetName(name)));
            if (known || byName)
            {
                IOperation? key = KeyArgument(call);
                return key == null
                    ? CacheGuard.WithUnknownKey(call, IoCallClassifier.Display(call))
                    : new CacheGuard(call, Referenced(call.GetReceiver()), ImmutableArray.Create(key), isCache: !IsDictionary(receiverType ?? type),
                        IoCallClassifier.Display(call));
            }

            // The app's own abstraction: a source method that only ever runs this delegate on a miss.
            FactoryShape? shape = ShapeOfCall(method, call.Instance);
            if (shape == null || !shape.FactoryParameters.Contains(parameter.Ordinal)) return null;
            string display = IoCallClassifier.Display(call);
            if (shape.KeyIsUnknown) return CacheGuard.WithUnknownKey(call, display);
            ImmutableArray<IOperation> keys = call.Arguments.Where(a => a.Parameter != null && shape.KeyParameters.Contains(a.Parameter.Ordinal))
                .Select(a => a.Value).ToImmutableArray();
            return new CacheGuard(call, null, keys, isCache: true, display);
        }

        /// <summary>
        /// <c>_fusion.GetOrSet(key, _ =&gt; Load())</c> on a cache type the compilation cannot resolve: the call is invalid, the name remains.
        /// </summary>
        private CacheGuard? UnresolvedLookupFor(IInvalidOperation invalid, IOperation factory)
        {
            if (!(invalid.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })) return null;
            string lookupName = access.Name.Identifier.ValueText;
            if (!IsLookupName(lookupName) && !IsCacheGetName(lookupName)) return null;
            ImmutableArray<IOperation> children = invalid.ChildOperations.ToImmutableArray();
            // The receiver comes first, bare or under an operation for the member access itself.
            IOperation? receiver = children.IsEmpty ? null
                : children[0].DescendantsAndSelf().FirstOrDefault(child => ReferenceEquals(child.Syntax, access.Expression));
            if (receiver == null || (!IsCacheType(receiver.Type) && (!IsDictionary(receiver.Type) || !IsLookupName(lookupName)))) return null;
            string display = (receiver.Type?.Name ?? "cache") + "." + access.Name.Identifier.ValueText;
            IOperation? key = children.Skip(1).FirstOrDefault(child => !ReferenceEquals(child, factory)
                && !(child.WithoutConversions() is IAnonymousFunctionOperation || child.WithoutConversions() is IDelegateCreationOperation));
            return key == null
                ? CacheGuard.WithUnknownKey(invalid, display)
                : new CacheGuard(invalid, Referenced(receiver), ImmutableArray.Create(key), isCache: IsCacheType(receiver.Type), display);
        }

        private static bool IsLookupName(string name) =>
            name.StartsWith("GetOrAdd", StringComparison.Ordinal) || name.StartsWith("GetOrCreate", StringComparison.Ordinal)
            || name.StartsWith("GetOrSet", StringComparison.Ordinal);

        /// <summary>
        /// <c>Get</c>/<c>GetAsync</c>/<c>Get…</c> with a delegate on a cache type: the app's or a library's cache manager
        /// (<c>ICacheManager.GetAsync(key, acquirer)</c>, <c>IStaticCacheManager.Get(key, acquire)</c>) runs the delegate on a miss.
        /// </summary>
        private static bool IsCacheGetName(string name) => name.StartsWith("Get", StringComparison.Ordinal);

        private static bool IsDictionary(ITypeSymbol? type) =>
            type != null && type.Name.IndexOf("Dictionary", StringComparison.Ordinal) >= 0;

        /// <summary>The argument named <c>key</c>, else the first one that is neither the receiver nor a delegate.</summary>
        private static IOperation? KeyArgument(IInvocationOperation call)
        {
            IOperation? first = null;
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter == null || argument.IsImplicit && argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
                if (argument.Parameter.Name == "key") return argument.Value;
                if (call.TargetMethod.IsExtensionMethod && argument.Parameter.Ordinal == 0) continue;
                if (first == null && argument.Parameter.Type.TypeKind != TypeKind.Delegate) first = argument.Value;
            }

            return first;
        }

        /// <summary>What an app's cache method looks like from outside: which delegate parameters run only on a miss, which make the key.</summary>
        private sealed class FactoryShape
        {
            public FactoryShape(ImmutableHashSet<int> factoryParameters, ImmutableHashSet<int> keyParameters, bool keyIsUnknown)
            {
                FactoryParameters = factoryParameters;
                KeyParameters = keyParameters;
                KeyIsUnknown = keyIsUnknown;
            }

            public ImmutableHashSet<int> FactoryParameters { get; }

            public ImmutableHashSet<int> KeyParameters { get; }

            public bool KeyIsUnknown { get; }
        }

        /// <summary>The shape of a call of a source method, after dispatch: a factory parameter only when every implementation agrees.</summary>
        private FactoryShape? ShapeOfCall(IMethodSymbol method, IOperation? receiver)
        {
            if (!method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Delegate || p.OriginalDefinition.Type.TypeKind == TypeKind.Delegate)) return null;
            IoSummaries summaries = IoSummaries.For(_compilation);
            ImmutableArray<IMethodSymbol> targets = summaries.DispatchTargets(method, receiver);
            if (targets.IsEmpty) return null;
            FactoryShape? combined = null;
            foreach (IMethodSymbol target in targets)
            {
                FactoryShape? shape = ShapeOf(target);
                if (shape == null) return null;
                combined = combined == null
                    ? shape
                    : new FactoryShape(combined.FactoryParameters.Intersect(shape.FactoryParameters), combined.KeyParameters.Union(shape.KeyParameters),
                        combined.KeyIsUnknown || shape.KeyIsUnknown);
                if (combined.FactoryParameters.IsEmpty) return null;
            }

            return combined;
        }

        private FactoryShape? ShapeOf(IMethodSymbol method)
        {
            method = IoSummaries.Normalize(method);
            if (_shapes.TryGetValue(method, out FactoryShape? known)) return known;
            HashSet<IMethodSymbol> inProgress = t_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (!inProgress.Add(method)) return null; // a cycle: not known to be a cache method
            try
            {
                return _shapes.GetOrAdd(method, ComputeShape(method));
            }
            finally
            {
                inProgress.Remove(method);
            }
        }

        private FactoryShape? ComputeShape(IMethodSymbol method)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
                return null;
            var delegates = method.Parameters.Where(p => p.Type.TypeKind == TypeKind.Delegate).ToList();
            if (delegates.Count == 0) return null;

            var uses = new Dictionary<IParameterSymbol, List<IParameterReferenceOperation>>(SymbolEqualityComparer.Default);
            IOperation? root = null;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode node = reference.GetSyntax();
#pragma warning disable RS1030 // Only methods that take a delegate and receive a lambda at a call site are read, once each.
                SemanticModel model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                root = model.GetOperation(node);
                if (root == null) continue;
                foreach (IParameterReferenceOperation use in root.Descendants().OfType<IParameterReferenceOperation>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(use.Parameter.ContainingSymbol.OriginalDefinition, method)) continue;
                    if (!uses.TryGetValue(use.Parameter, out List<IParameterReferenceOperation>? list)) uses[use.Parameter] = list = new();
                    list.Add(use);
                }
            }

            if (root == null) return null;
            var factories = ImmutableHashSet.CreateBuilder<int>();
            var keys = ImmutableHashSet.CreateBuilder<int>();
            bool keyIsUnknown = false;
            foreach (IParameterSymbol parameter in delegates)
            {
                if (!uses.TryGetValue(parameter, out List<IParameterReferenceOperation>? references)) continue;
                var guards = new List<CacheGuard>();
                foreach (IParameterReferenceOperation use in references)
                {
                    CacheGuard? guard = FactoryUse(use, root);
                    if (guard == null)
                    {
                        guards = null;
                        break;
                    }

                    guards.Add(guard);
                }

                if (guards == null) continue;
                factories.Add(parameter.Ordinal);
                foreach (CacheGuard guard in guards)
                {
                    keyIsUnknown |= guard.KeyIsUnknown;
                    foreach (IOperation key in guard.Keys) keys.UnionWith(ValueSources.Parameters(key, method));
                }
            }

            return factories.Count == 0 ? null : new FactoryShape(factories.ToImmutable(), keys.ToImmutable(), keyIsUnknown);
        }

        /// <summary>How a delegate parameter is used: handed to a lookup as its factory, or invoked only on a miss; null for any other use.</summary>
        private CacheGuard? FactoryUse(IParameterReferenceOperation use, IOperation root)
        {
            CacheGuard? passedOn = FactoryLookup(use);
            if (passedOn != null) return passedOn;
            IOperation? parent = use.Parent;
            while (parent is IConversionOperation) parent = parent.Parent;
            bool invoked = parent is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.DelegateInvoke } } call
                    && ReferenceEquals(call.Instance?.WithoutConversions(), use)
                // factory(ct) with an argument of a type the compilation cannot resolve is bound as invalid; the call is still there.
                || (parent is IInvalidOperation && parent.Syntax is InvocationExpressionSyntax { Expression: var callee } && callee == use.Syntax);
            if (!invoked) return null;
            IOperation invoke = parent!;

            IOperation current = invoke;
            for (IOperation? up = invoke.Parent; up != null; current = up, up = up.Parent)
            {
                CacheGuard? guard = GuardAt(up, current, root, IsPersistentStorage);
                if (guard != null) return guard;
                if (up is IAnonymousFunctionOperation lambda) return FactoryLookup(lambda);
                if (up is ILocalFunctionOperation) return null;
            }

            return null;
        }

        /// <summary>Storage that outlives a call: a field or property, or a parameter (a cache or map the caller keeps).</summary>
        public static bool IsPersistentStorage(CacheGuard guard) =>
            guard.Storage == null || guard.Storage is IFieldSymbol || guard.Storage is IPropertySymbol || guard.Storage is IParameterSymbol;

        // ---- branches and memos ------------------------------------------------------------------------------------

        /// <summary>
        /// When the step from <paramref name="parent"/> down to <paramref name="child"/> enters code that runs only on a miss (a miss branch,
        /// what follows a hit that exits, the value of <c>x ??= ...</c>), the guard, if <paramref name="accept"/> takes its storage;
        /// <paramref name="scope"/> is where the value must be written back (the method, or the loop).
        /// </summary>
        public CacheGuard? GuardAt(IOperation parent, IOperation child, IOperation scope, Func<CacheGuard, bool> accept)
        {
            CacheGuard? guard = null;
            switch (parent)
            {
                case IConditionalOperation conditional when ReferenceEquals(child, conditional.WhenTrue) || ReferenceEquals(child, conditional.WhenFalse):
                    guard = MissBranch(conditional, child);
                    break;
                case IBlockOperation block:
                    int index = block.Operations.IndexOf(child);
                    for (int i = 0; i < index && guard == null; i++) guard = HitExit(block.Operations[i], scope);
                    break;
                case ICoalesceAssignmentOperation memo when ReferenceEquals(child, memo.Value) && Referenced(memo.Target) is { } target:
                    guard = new CacheGuard(memo, target, ImmutableArray<IOperation>.Empty, isCache: false, target.Name + " ??=");
                    break;
                case ICoalesceOperation coalesce when ReferenceEquals(child, coalesce.WhenNull) && Referenced(coalesce.Value) is { } read
                    && coalesce.Parent is ISimpleAssignmentOperation assigned && SymbolEqualityComparer.Default.Equals(Referenced(assigned.Target), read):
                    guard = new CacheGuard(coalesce, read, ImmutableArray<IOperation>.Empty, isCache: false, read.Name + " ??");
                    break;
            }

            return guard != null && accept(guard) ? guard : null;
        }

        /// <summary>The guard when <paramref name="branch"/> of <paramref name="conditional"/> runs only when the value was not found and writes it.</summary>
        public CacheGuard? MissBranch(IConditionalOperation conditional, IOperation branch)
        {
            bool whenTrue = ReferenceEquals(branch, conditional.WhenTrue);
            Test? test = FindTest(conditional.Condition, trueMeansMissing: whenTrue, conjunctsAllowed: true);
            if (test == null) return null;
            return test.WritesInCondition || WritesTo(branch, test) ? test.Guard : null;
        }

        /// <summary><c>if (cache.TryGetValue(key, out v)) return v;</c>, <c>if (!seen.Add(key)) continue;</c>: what follows runs on a miss.</summary>
        public CacheGuard? HitExit(IOperation statement, IOperation scope)
        {
            if (!(statement is IConditionalOperation { WhenFalse: null } conditional) || !Exits(conditional.WhenTrue)) return null;
            Test? test = FindTest(conditional.Condition, trueMeansMissing: false, conjunctsAllowed: false);
            if (test == null) return null;
            if (test.WritesInCondition) return test.Guard;
            int end = statement.Syntax.Span.End;
            return WritesTo(scope, test, after: end) ? test.Guard : null;
        }

        private static bool Exits(IOperation branch)
        {
            while (branch is IBlockOperation block)
            {
                if (block.Operations.IsEmpty) return false;
                branch = block.Operations[block.Operations.Length - 1];
            }

            return branch is IReturnOperation || branch is IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.Break }
                || branch is IThrowOperation || branch is IExpressionStatementOperation { Operation: IThrowOperation };
        }

        private sealed class Test
        {
            public Test(CacheGuard guard, bool writesInCondition, bool isMemo)
            {
                Guard = guard;
                WritesInCondition = writesInCondition;
                IsMemo = isMemo;
            }

            public CacheGuard Guard { get; }

            /// <summary><c>seen.Add(key)</c>, <c>map.TryAdd(key, v)</c>: the test itself stores the key.</summary>
            public bool WritesInCondition { get; }

            /// <summary><c>x == null</c> on the memo variable itself: the branch must assign it.</summary>
            public bool IsMemo { get; }
        }

        /// <summary>
        /// A test of "is the value there?". <paramref name="trueMeansMissing"/>: the wanted polarity (the condition is true exactly when
        /// the value is missing); with <paramref name="conjunctsAllowed"/>, one conjunct of <c>&amp;&amp;</c> with that polarity is enough.
        /// </summary>
        private Test? FindTest(IOperation condition, bool trueMeansMissing, bool conjunctsAllowed)
        {
            condition = condition.WithoutConversions();
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation:
                    return FindTest(negation.Operand, !trueMeansMissing, conjunctsAllowed: false);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when conjunctsAllowed:
                    // if (x == null && ...) { x = Load(); }: the branch runs only when x is missing. And
                    // if (memo != null && memo.Id != -1) { use it } else { memo = Load(); }: the else branch runs at least when it is missing.
                    return FindTest(conjunction.LeftOperand, trueMeansMissing, true) ?? FindTest(conjunction.RightOperand, trueMeansMissing, true);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                {
                    IOperation? other = IsNull(comparison.RightOperand) ? comparison.LeftOperand
                        : IsNull(comparison.LeftOperand) ? comparison.RightOperand : null;
                    if (other == null) return null;
                    bool missingWhenTrue = comparison.OperatorKind == BinaryOperatorKind.Equals;
                    return missingWhenTrue == trueMeansMissing ? ValueTest(other) : null;
                }

                case IIsPatternOperation isPattern:
                {
                    bool? missingWhenTrue = isPattern.Pattern switch
                    {
                        IConstantPatternOperation constant when IsNull(constant.Value) => true,
                        INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => false,
                        IRecursivePatternOperation _ => false,
                        IDeclarationPatternOperation _ => false,
                        ITypePatternOperation _ => false,
                        _ => null,
                    };
                    return missingWhenTrue == trueMeansMissing ? ValueTest(isPattern.Value) : null;
                }

                case IPropertyReferenceOperation { Instance: { } instance } property:
                {
                    bool? missingWhenTrue = property.Property.Name switch
                    {
                        "HasValue" => false,
                        "IsNull" => true,
                        "IsNullOrEmpty" => true,
                        _ => null,
                    };
                    return missingWhenTrue == trueMeansMissing ? ValueTest(instance) : null;
                }

                case IInvocationOperation call:
                    return CallTest(call, trueMeansMissing);
                default:
                    return null;
            }
        }

        private Test? CallTest(IInvocationOperation call, bool trueMeansMissing)
        {
            string name = call.TargetMethod.Name;
            if ((name == "IsNullOrEmpty" || name == "IsNullOrWhiteSpace") && call.TargetMethod.ContainingType.SpecialType == SpecialType.System_String)
                return trueMeansMissing && call.Arguments.Length == 1 ? ValueTest(call.Arguments[0].Value) : null;

            IOperation? receiver = call.GetReceiver()?.WithoutConversions();
            ISymbol? storage = Referenced(receiver);
            if (receiver == null || storage == null) return null;
            IOperation? key = KeyArgument(call);
            if (key == null) return null;
            bool isCache = IsCacheType(receiver.Type);
            var guard = new CacheGuard(call, storage, ImmutableArray.Create(key), isCache, IoCallClassifier.Display(call));
            switch (name)
            {
                case "TryGetValue":
                case "ContainsKey":
                case "Contains":
                case "KeyExists":
                case "KeyExistsAsync":
                    return trueMeansMissing ? null : new Test(guard, writesInCondition: false, isMemo: false);
                case "Add":
                case "TryAdd":
                    // HashSet.Add / TryAdd: true the first time a key is seen, and the test stores it.
                    return trueMeansMissing && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean
                        ? new Test(guard, writesInCondition: true, isMemo: false)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>The tested value: a local read from a cache (<c>var json = await cache.GetStringAsync(key)</c>), or the memo variable.</summary>
        private Test? ValueTest(IOperation value)
        {
            value = value.WithoutConversions();
            IInvocationOperation? read = value as IInvocationOperation;
            if (value is ILocalReferenceOperation local)
            {
                IOperation? assigned = LocalValue(local);
                if (assigned is IAwaitOperation awaited) assigned = awaited.Operation.WithoutConversions();
                read = assigned as IInvocationOperation;
            }

            if (read != null && read.TargetMethod.Name.IndexOf("Get", StringComparison.Ordinal) >= 0)
            {
                IOperation? receiver = read.GetReceiver()?.WithoutConversions();
                ISymbol? storage = Referenced(receiver);
                IOperation? key = KeyArgument(read);
                if (receiver != null && storage != null && key != null && IsCacheType(receiver.Type))
                    return new Test(new CacheGuard(read, storage, ImmutableArray.Create(key), isCache: true, IoCallClassifier.Display(read)), false, false);
            }

            ISymbol? memo = Referenced(value);
            if (memo == null || value is IInvocationOperation) return null;
            return new Test(new CacheGuard(value, memo, ImmutableArray<IOperation>.Empty, isCache: false, memo.Name + " == null"), false, isMemo: true);
        }

        /// <summary>The value of a local that is given one value in its method (its initializer or a single assignment).</summary>
        private static IOperation? LocalValue(ILocalReferenceOperation local)
        {
            IOperation? value = null;
            int definitions = 0;
            foreach (IOperation operation in local.OperationRoot().Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                        IOperation? initializer = declarator.GetVariableInitializer()?.Value;
                        if (initializer != null)
                        {
                            value = initializer;
                            definitions++;
                        }

                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, local.Local):
                        value = assignment.Value;
                        definitions++;
                        break;
                }
            }

            return definitions == 1 ? value?.WithoutConversions() : null;
        }

        /// <summary>The value is written back where the test looked: the memo assigned, or the cache/map/set written.</summary>
        private static bool WritesTo(IOperation region, Test test, int after = -1)
        {
            ISymbol storage = test.Guard.Storage!;
            foreach (IOperation operation in region.DescendantsAndSelf())
            {
                if (operation.Syntax.SpanStart < after) continue;
                switch (operation)
                {
                    case IAssignmentOperation assignment:
                        IOperation target = assignment.Target.WithoutConversions();
                        if (SymbolEqualityComparer.Default.Equals(Referenced(target), storage)) return true;
                        if (!test.IsMemo && target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                            && SymbolEqualityComparer.Default.Equals(Referenced(indexer.Instance), storage))
                            return true;
                        break;
                    case IInvocationOperation call when !test.IsMemo && IsWrite(call.TargetMethod.Name)
                        && SymbolEqualityComparer.Default.Equals(Referenced(call.GetReceiver()), storage):
                        return true;
                }
            }

            return false;
        }

        private static bool IsWrite(string name) =>
            name.StartsWith("Set", StringComparison.Ordinal) || name.StartsWith("Add", StringComparison.Ordinal)
            || name.StartsWith("TryAdd", StringComparison.Ordinal) || name.StartsWith("GetOrAdd", StringComparison.Ordinal)
            || name.StartsWith("Put", StringComparison.Ordinal) || name.StartsWith("Insert", StringComparison.Ordinal)
            || name.StartsWith("StringSet", StringComparison.Ordinal) || name.StartsWith("HashSet", StringComparison.Ordinal)
            || name == "CreateEntry";

        private static bool IsNull(IOperation operation)
        {
            operation = operation.WithoutConversions();
            return (operation.ConstantValue.HasValue && operation.ConstantValue.Value == null) || operation is IDefaultValueOperation;
        }

        /// <summary>
        /// The local, parameter, field or property an expression names (<c>cache</c>, <c>_cache</c>, <c>this._cache</c>, <c>Holder.Cache</c>,
        /// <c>_services.Cache</c>). A member of anything else (<c>order.Customer</c>, <c>item.Cache</c>) is not one storage but one per object: null.
        /// </summary>
        public static ISymbol? Referenced(IOperation? operation)
        {
            switch (operation?.WithoutConversions())
            {
                case IConditionalAccessOperation { WhenNotNull: IMemberReferenceOperation { Instance: IConditionalAccessInstanceOperation } member } access
                    when !(member is IPropertyReferenceOperation { Property.IsIndexer: true }) && IsOwnMember(access.Operation):
                    return member.Member; // _siteState?.Alias
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field when IsOwnMember(field.Instance):
                    return field.Field;
                case IPropertyReferenceOperation { Property.IsIndexer: false } property when IsOwnMember(property.Instance):
                    return property.Property;
                default:
                    return null;
            }
        }

        private static bool IsOwnMember(IOperation? instance)
        {
            for (IOperation? current = instance?.WithoutConversions(); current != null;)
            {
                switch (current)
                {
                    case IInstanceReferenceOperation _:
                        return true;
                    case IFieldReferenceOperation field:
                        current = field.Instance?.WithoutConversions();
                        break;
                    case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                        current = property.Instance?.WithoutConversions();
                        break;
                    default:
                        return false;
                }
            }

            return true; // static
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>What one pass of a loop stands for.</summary>
    internal enum LoopShape
    {
        /// <summary>One pass per item of a collection that grows with data or requests: per-pass I/O is an N+1.</summary>
        Items,

        /// <summary>Waits on a timer each pass (<c>Task.Delay</c>, <c>PeriodicTimer</c>, <c>Thread.Sleep</c>): one pass per tick.</summary>
        Paced,

        /// <summary>Waits for the next message, event or signal each pass (a channel read, a queue receive, a subscription).</summary>
        EventPump,

        /// <summary>Tries an operation again after a failure: a <c>try</c> that leaves the loop on success and a <c>catch</c> that does not.</summary>
        Retry,

        /// <summary>Each pass is one batch of rows (<c>Skip(page * n).Take(n)</c>, or a drain loop on the count of a <c>Take(n)</c>).</summary>
        Batch,

        /// <summary>A handful of fixed or configured values: an array literal, enum values, options or configuration, a constant bound.</summary>
        ConstantSet,

        /// <summary>
        /// Each pass needs what the previous pass read: a walk up a parent chain (<c>parentId = (await Find(parentId)).ParentId</c>) or a
        /// probe until a value is free (<c>while (await Exists(slug)) slug = Next(slug)</c>). Passes are as many as the chain is deep, and no
        /// query before the loop can replace them.
        /// </summary>
        ChainWalk,
    }

    /// <summary>
    /// Classifies loops for every loop rule (through <see cref="LoopContext"/>): only <see cref="LoopShape.Items"/> loops multiply
    /// per-pass I/O by the size of the data. Shapes are recognised from the loop's own operations (its condition and body, not nested
    /// loops or lambdas) and from the callees a pass calls (a repository method that pages with its argument); each loop is
    /// classified once.
    /// </summary>
    internal sealed class LoopCardinality
    {
        /// <summary>How many calls deep a page number is followed into callees (<c>GetPage(page)</c> → <c>PagedList.Create(q, page, size)</c>).</summary>
        private const int PagingDepth = 3;

        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol? _task;
        private readonly INamedTypeSymbol? _thread;
        private readonly INamedTypeSymbol? _periodicTimer;
        private readonly INamedTypeSymbol? _channelReader;
        private readonly INamedTypeSymbol? _blockingCollection;
        private readonly INamedTypeSymbol? _semaphoreSlim;
        private readonly INamedTypeSymbol? _waitHandle;
        private readonly INamedTypeSymbol? _enum;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly INamedTypeSymbol? _asyncEnumerableOfT;
        private readonly INamedTypeSymbol? _configuration;
        private readonly INamedTypeSymbol? _configurationBinder;
        private readonly INamedTypeSymbol? _options;
        private readonly INamedTypeSymbol? _optionsMonitor;
        private readonly INamedTypeSymbol? _optionsSnapshot;
        private readonly ConcurrentDictionary<SyntaxNode, LoopShape> _shapes = new ConcurrentDictionary<SyntaxNode, LoopShape>();
        private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), ImmutableHashSet<int>> _pagingParameters =
            new ConcurrentDictionary<(IMethodSymbol Method, int Depth), ImmutableHashSet<int>>(new MethodDepthComparer());
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _eventStreams =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public LoopCardinality(Compilation compilation)
        {
            _compilation = compilation;
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _task = types.Task;
            _thread = types.Thread;
            _periodicTimer = types.PeriodicTimer;
            _channelReader = types.ChannelReaderOfT;
            _blockingCollection = types.BlockingCollectionOfT;
            _semaphoreSlim = types.SemaphoreSlim;
            _waitHandle = types.WaitHandle;
            _enum = types.Enum;
            _enumerable = types.Enumerable;
            _asyncEnumerableOfT = types.IAsyncEnumerableOfT;
            _configuration = types.IConfiguration;
            _configurationBinder = types.ConfigurationBinder;
            _options = types.IOptionsOfT;
            _optionsMonitor = types.IOptionsMonitorOfT;
            _optionsSnapshot = types.IOptionsSnapshotOfT;
        }

        /// <summary>
        /// True when <paramref name="collection"/>, the source a per-element lambda runs over (<c>providers.Select(p =&gt; p.ScanAsync())</c>),
        /// is a handful of fixed, configured or registered values, as a <c>foreach</c> over it would be <see cref="LoopShape.ConstantSet"/>.
        /// </summary>
        public bool IsFixedCollection(IOperation collection) => IsFixedSet(Unwrapped(collection), depth: 2);

        /// <summary>What one pass of <paramref name="loop"/> stands for (classified once per loop).</summary>
        public LoopShape Classify(ILoopOperation loop) => _shapes.GetOrAdd(loop.Syntax, _ => Compute(loop));

        private LoopShape Compute(ILoopOperation loop)
        {
            List<IOperation> own = OwnOperations(loop);
            if (loop is IForEachLoopOperation forEach)
            {
                IOperation collection = Unwrapped(forEach.Collection);
                if (IsEventStream(collection)) return LoopShape.EventPump;
                if (IsFixedSet(collection, depth: 2)) return LoopShape.ConstantSet;
            }
            else
            {
                if (own.Any(o => o is IInvocationOperation call && IsPacing(call))) return LoopShape.Paced;
                bool endless = IsEndless(loop);
                if (own.Any(o => o is IInvocationOperation call && IsWaitForMessage(call, loop, endless))) return LoopShape.EventPump;
                if (IsBoundedByConstant(loop)) return LoopShape.ConstantSet;
                if (IsDrain(loop, own)) return LoopShape.Batch;
                if (IsChainWalk(loop, own)) return LoopShape.ChainWalk;
            }

            if (IsRetry(loop, own)) return LoopShape.Retry;
            if (IsPaging(loop, own)) return LoopShape.Batch;
            return LoopShape.Items;
        }

        /// <summary>The operations that run on every pass: condition and body (and a <c>for</c> increment), not nested loops' bodies or lambdas.</summary>
        private static List<IOperation> OwnOperations(ILoopOperation loop)
        {
            var own = new List<IOperation>();
            var pending = new Stack<IOperation>();
            foreach (IOperation child in loop.ChildOperations)
            {
                if (loop is IForEachLoopOperation forEach && ReferenceEquals(child, forEach.Collection)) continue; // evaluated once
                if (loop is IForLoopOperation forLoop && forLoop.Before.Contains(child)) continue;
                pending.Push(child);
            }

            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                own.Add(operation);
                switch (operation)
                {
                    case IAnonymousFunctionOperation _:
                    case ILocalFunctionOperation _:
                        continue;
                    case IForEachLoopOperation nested:
                        pending.Push(nested.Collection); // once per pass of this loop
                        continue;
                    case ILoopOperation _:
                        continue;
                }

                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }

            return own;
        }

        private static IOperation Unwrapped(IOperation collection)
        {
            IOperation current = collection.WithoutConversions();
            while (true)
            {
                if (current is IAwaitOperation awaited) current = awaited.Operation.WithoutConversions();
                else if (current is IInvocationOperation { TargetMethod.Name: "WithCancellation" or "ConfigureAwait" } wrapper && wrapper.GetReceiver() != null)
                    current = wrapper.GetReceiver()!.WithoutConversions();
                else return current;
            }
        }

        // ---- paced and event pumps ---------------------------------------------------------------------------------

        private bool IsPacing(IInvocationOperation call)
        {
            IMethodSymbol method = call.TargetMethod;
            return (method.Name == "Delay" && method.ContainingType.IsType(_task))
                || (method.Name == "Sleep" && method.ContainingType.IsType(_thread))
                || (method.Name == "WaitForNextTickAsync" && method.ContainingType.IsType(_periodicTimer));
        }

        /// <summary>
        /// A call that blocks or awaits until the next message or signal arrives: a channel read, <c>BlockingCollection.Take</c>, a
        /// semaphore or wait handle, <c>Task.WhenAny</c>; and, in an endless loop or in the loop condition, a <c>Receive*</c>/<c>Consume*</c>/
        /// <c>DequeueAsync</c>/<c>Accept*Async</c> of a queue, broker or socket.
        /// </summary>
        private bool IsWaitForMessage(IInvocationOperation call, ILoopOperation loop, bool endless)
        {
            if (loop is IForLoopOperation { Condition: not null }) return false; // a counted loop
            IMethodSymbol method = call.TargetMethod;
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            if (type.IsType(_channelReader)) return name == "ReadAsync" || name == "WaitToReadAsync" || name == "TryRead";
            if (type.IsType(_blockingCollection)) return name == "Take" || name == "TryTake";
            if (type.IsType(_semaphoreSlim)) return name == "Wait" || name == "WaitAsync";
            if (type.InheritsFromOrEquals(_waitHandle)) return name.StartsWith("WaitOne", StringComparison.Ordinal);
            if (type.IsType(_task) && name == "WhenAny") return true;
            if (name == "MoveNext" && type.Name == "IAsyncStreamReader") return true; // gRPC streaming: the next message
            bool receives = name.StartsWith("Receive", StringComparison.Ordinal) || name.StartsWith("Consume", StringComparison.Ordinal)
                || name.StartsWith("WaitForNotification", StringComparison.Ordinal) || name == "GetContextAsync" || name == "DequeueAsync"
                || (name.StartsWith("Accept", StringComparison.Ordinal) && name.EndsWith("Async", StringComparison.Ordinal));
            return receives && (endless || IsInCondition(call, loop));
        }

        /// <summary><c>while (true)</c>, <c>for (;;)</c>, <c>while (!token.IsCancellationRequested)</c>, <c>do ... while (true)</c>.</summary>
        private static bool IsEndless(ILoopOperation loop)
        {
            IOperation? condition = loop switch
            {
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                IForLoopOperation forLoop => forLoop.Condition,
                _ => null,
            };
            return condition == null || condition.ConstantValue.Value is true || ReadsCancellation(condition);
        }

        private static bool IsInCondition(IOperation operation, ILoopOperation loop)
        {
            IOperation? condition = (loop as IWhileLoopOperation)?.Condition;
            for (IOperation? current = operation; current != null && !ReferenceEquals(current, loop); current = current.Parent)
            {
                if (ReferenceEquals(current, condition)) return true;
            }

            return false;
        }

        /// <summary>
        /// A sequence of messages or events rather than items: a channel's <c>ReadAllAsync</c>, <c>GetConsumingEnumerable</c>, a Redis
        /// subscription queue, a <c>Subscribe*</c>/<c>Watch*</c>/<c>Listen*</c> stream, or an async iterator of the app that yields from
        /// an endless loop.
        /// </summary>
        private bool IsEventStream(IOperation collection, int depth = 2)
        {
            if (collection.Type?.Name == "ChannelMessageQueue") return true;
            if (!(collection is IInvocationOperation call)) return false;
            string name = call.TargetMethod.Name;
            if (name == "ReadAllAsync" || name == "GetConsumingEnumerable") return true;
            bool isStream = call.TargetMethod.ReturnType.OriginalDefinition.IsType(_asyncEnumerableOfT);
            if (isStream && (name.StartsWith("Subscribe", StringComparison.Ordinal) || name.StartsWith("Watch", StringComparison.Ordinal)
                || name.StartsWith("Listen", StringComparison.Ordinal)))
                return true;
            if (!isStream) return false;
            if (YieldsFromEndlessLoop(IoSummaries.Normalize(call.TargetMethod))) return true;
            return depth > 0 && ForwardsAnEventStream(call, depth - 1);
        }

        /// <summary>
        /// An app's queue abstraction (<c>ILabelQueue.ReadAll(ct)</c>) whose every implementation in the compilation returns an event
        /// stream: <c>=&gt; _channel.Reader.ReadAllAsync(ct)</c>.
        /// </summary>
        private bool ForwardsAnEventStream(IInvocationOperation call, int depth)
        {
            ImmutableArray<IMethodSymbol> targets = IoSummaries.For(_compilation).DispatchTargets(call.TargetMethod, call.Instance);
            if (targets.IsEmpty) return false;
            foreach (IMethodSymbol target in targets)
            {
                IOperation? body = BodyOf(target);
                if (body == null) return false;
                var returned = body.Descendants().OfType<IReturnOperation>().Where(r => r.Kind == OperationKind.Return).ToList();
                if (returned.Count == 0 || returned.Any(r => r.ReturnedValue == null || !IsEventStream(Unwrapped(r.ReturnedValue), depth)))
                    return false;
            }

            return true;
        }

        /// <summary>An async iterator of the app whose <c>yield return</c> sits in a loop that waits for messages or ticks, or never ends.</summary>
        private bool YieldsFromEndlessLoop(IMethodSymbol method) => _eventStreams.GetOrAdd(method, m =>
        {
            IOperation? body = BodyOf(m);
            if (body == null) return false;
            foreach (ILoopOperation inner in body.Descendants().OfType<ILoopOperation>())
            {
                if (inner is IForEachLoopOperation) continue;
                bool endless = IsEndless(inner);
                List<IOperation> own = OwnOperations(inner);
                bool waits = endless || own.Any(o => o is IInvocationOperation call && (IsPacing(call) || IsWaitForMessage(call, inner, endless)));
                if (waits && own.Any(o => o is IReturnOperation { Kind: OperationKind.YieldReturn })) return true;
            }

            return false;
        });

        private static bool ReadsCancellation(IOperation condition) =>
            condition.DescendantsAndSelf().Any(o => o is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" });

        // ---- fixed and configured sets -----------------------------------------------------------------------------

        /// <summary>
        /// A collection fixed by the program or its configuration: an array or collection literal, <c>Enum.GetValues</c>/<c>GetNames</c>,
        /// <c>Enumerable.Range</c> with constant bounds, a static readonly field initialized that way, or a value read from options
        /// (<c>IOptions&lt;T&gt;.Value</c>, <c>IOptionsMonitor&lt;T&gt;.CurrentValue</c>) or <c>IConfiguration</c>, possibly through LINQ.
        /// </summary>
        private bool IsFixedSet(IOperation collection, int depth)
        {
            collection = collection.WithoutConversions();
            switch (collection)
            {
                case IArrayCreationOperation { Initializer: not null }:
                    return true;
                case ICollectionExpressionOperation expression:
                    return expression.Elements.All(e => !(e is ISpreadOperation));
                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer }:
                    return initializer.Initializers.Length > 0 && initializer.Initializers.All(i => i is IInvocationOperation { TargetMethod.Name: "Add" });
                case IInvocationOperation call:
                {
                    IMethodSymbol method = call.TargetMethod;
                    if (method.ContainingType.IsType(_enum) && method.Name.StartsWith("Get", StringComparison.Ordinal)) return true;
                    if (method.ContainingType.IsType(_enumerable))
                    {
                        if (method.Name == "Range" || method.Name == "Repeat") return call.Arguments.All(a => a.Value.ConstantValue.HasValue);
                        IOperation? source = call.GetReceiver();
                        return source != null && IsFixedSet(source, depth); // configured.Where(...).Select(...)
                    }

                    return IsConfiguration(collection, depth);
                }

                case IParameterReferenceOperation parameter when IsRegisteredServices(parameter.Parameter):
                    return true;
                case IParameterReferenceOperation parameter when depth > 0:
                    return EveryCallerPassesAFixedSet(parameter.Parameter, depth - 1) || IsConfiguration(collection, depth);

                default:
                    return IsConfiguration(collection, depth);
            }
        }

        /// <summary>
        /// A constructor parameter that takes every registered implementation of a service (<c>IEnumerable&lt;IRescanProvider&gt;</c>,
        /// <c>IEnumerable&lt;IJobSource&gt;</c>): dependency injection fills it with the few implementations the app registers, a set fixed by
        /// the code, not by data or requests. Only interfaces and abstract classes: a constructor that takes a collection of entities or
        /// values is not a service set.
        /// </summary>
        private bool IsRegisteredServices(IParameterSymbol parameter)
        {
            if (!(parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })) return false;
            ITypeSymbol? element = parameter.Type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                    when named.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
                        or SpecialType.System_Collections_Generic_IReadOnlyCollection_T or SpecialType.System_Collections_Generic_IReadOnlyList_T
                    => named.TypeArguments[0],
                _ => null,
            };
            return element is INamedTypeSymbol { TypeKind: TypeKind.Interface } || element is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: true };
        }

        /// <summary>
        /// <c>RemoveLabels(walletId, new[] { label })</c>, <c>GetByIds(id)</c> through <c>params</c>: a collection parameter that every call in
        /// the compilation fills with a literal set is that set. Only for methods whose callers are all in the compilation (not public
        /// members of a library, not virtual or interface members, not method groups).
        /// </summary>
        private bool EveryCallerPassesAFixedSet(IParameterSymbol parameter, int depth)
        {
            if (!(parameter.ContainingSymbol is IMethodSymbol method) || method.MethodKind != MethodKind.Ordinary) return false;
            bool app = _compilation.Options.OutputKind == OutputKind.ConsoleApplication || _compilation.Options.OutputKind == OutputKind.WindowsApplication;
            if (!app && method.DeclaredAccessibility != Accessibility.Private && method.DeclaredAccessibility != Accessibility.Internal) return false;
            ImmutableArray<(IInvocationOperation Call, ISymbol Container)> calls = MethodCallSites.For(_compilation).Find(method);
            if (calls.IsEmpty) return false;
            foreach ((IInvocationOperation call, ISymbol _) in calls)
            {
                IArgumentOperation? argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal);
                if (argument == null || !IsFixedSet(argument.Value, depth)) return false;
            }

            return true;
        }

        /// <summary>A value read from options or configuration, or from a field/local whose every assignment is one.</summary>
        private bool IsConfiguration(IOperation value, int depth)
        {
            IOperation current = value.WithoutConversions();
            while (true)
            {
                switch (current)
                {
                    case IPropertyReferenceOperation property:
                        if (IsOptionsValue(property.Property)) return true;
                        if (property.Property.ContainingType.IsOrImplements(_configuration)) return true;
                        if (property.Instance == null || property.Instance is IInstanceReferenceOperation)
                            return depth > 0 && IsConfiguredMember(property.Property, depth - 1);
                        current = property.Instance.WithoutConversions();
                        continue;
                    case IFieldReferenceOperation field:
                        if (field.Instance == null || field.Instance is IInstanceReferenceOperation)
                            return depth > 0 && IsConfiguredMember(field.Field, depth - 1);
                        current = field.Instance.WithoutConversions();
                        continue;
                    case IInvocationOperation call:
                    {
                        IMethodSymbol method = call.TargetMethod;
                        if (method.ContainingType.IsOrImplements(_configuration) || method.ContainingType.IsType(_configurationBinder)
                            || method.ContainingType.Name == "ConfigurationExtensions")
                            return true;
                        if ((method.Name == "Get" || method.Name == "Value") && IsOptionsType(method.ContainingType)) return true;
                        IOperation? receiver = call.GetReceiver();
                        bool passesThrough = method.ContainingType.IsType(_enumerable) || method.ContainingType.SpecialType == SpecialType.System_String
                            || method.Name == "ToList" || method.Name == "ToArray";
                        if (receiver == null || !passesThrough) return false;
                        current = receiver.WithoutConversions(); // LINQ, ToList or Split over configured values
                        continue;
                    }

                    case ILocalReferenceOperation local:
                        return depth > 0 && local.SingleAssignment() is { } assigned && IsFixedSet(assigned, depth - 1);
                    default:
                        return false;
                }
            }
        }

        private bool IsOptionsType(ITypeSymbol? type) =>
            type != null && (type.OriginalDefinition.IsType(_options) || type.OriginalDefinition.IsType(_optionsMonitor)
                || type.OriginalDefinition.IsType(_optionsSnapshot)
                || type.AllInterfaces.Any(i => i.OriginalDefinition.IsType(_options) || i.OriginalDefinition.IsType(_optionsMonitor)));

        private bool IsOptionsValue(IPropertySymbol property) =>
            (property.Name == "Value" || property.Name == "CurrentValue") && IsOptionsType(property.ContainingType);

        /// <summary>
        /// A field or property of the type itself that holds a fixed set: a readonly field or get-only property whose initializer is one,
        /// or a field every constructor assignment of which reads options or configuration (<c>_settings = options.Value</c>).
        /// </summary>
        private bool IsConfiguredMember(ISymbol member, int depth)
        {
            bool readOnly = member is IFieldSymbol { IsReadOnly: true } || member is IFieldSymbol { IsConst: true }
                || member is IPropertySymbol { SetMethod: null };
            if (!readOnly || member.DeclaringSyntaxReferences.IsEmpty) return false;
            bool any = false;
            foreach (IOperation value in AssignedValues(member))
            {
                if (!IsFixedSet(value, depth)) return false;
                any = true;
            }

            return any;
        }

        /// <summary>The values a readonly member of a source type gets: its initializer and assignments in the type's constructors.</summary>
        private IEnumerable<IOperation> AssignedValues(ISymbol member)
        {
            INamedTypeSymbol type = member.ContainingType;
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
#pragma warning disable RS1030 // Only the declarations of members a loop iterates are read.
                SemanticModel model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
                foreach (SyntaxNode node in reference.GetSyntax().ChildNodes())
                {
                    bool declares = node switch
                    {
                        FieldDeclarationSyntax field => field.Declaration.Variables.Any(v => v.Identifier.ValueText == member.Name),
                        PropertyDeclarationSyntax property => property.Identifier.ValueText == member.Name,
                        ConstructorDeclarationSyntax _ => true,
                        _ => false,
                    };
                    if (!declares) continue;
                    IEnumerable<SyntaxNode> roots = node is FieldDeclarationSyntax declaration
                        ? declaration.Declaration.Variables.Where(v => v.Identifier.ValueText == member.Name && v.Initializer != null)
                            .Select(v => (SyntaxNode)v.Initializer!)
                        : new[] { node };
                    foreach (SyntaxNode root in roots)
                    {
                        IOperation? operation = model.GetOperation(root);
                        if (operation == null) continue;
                        foreach (IOperation candidate in operation.DescendantsAndSelf())
                        {
                            switch (candidate)
                            {
                                case IFieldInitializerOperation fieldInitializer
                                    when fieldInitializer.InitializedFields.Any(f => SymbolEqualityComparer.Default.Equals(f, member)):
                                    yield return fieldInitializer.Value;
                                    break;
                                case IPropertyInitializerOperation propertyInitializer
                                    when propertyInitializer.InitializedProperties.Any(p => SymbolEqualityComparer.Default.Equals(p, member)):
                                    yield return propertyInitializer.Value;
                                    break;
                                case ISimpleAssignmentOperation assignment
                                    when SymbolEqualityComparer.Default.Equals(CacheLookups.Referenced(assignment.Target), member):
                                    yield return assignment.Value;
                                    break;
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// A counted loop whose bound is a constant or a configured value: <c>for (var i = 0; i &lt; 3; i++)</c>, <c>attempt &lt;= MaxRetries</c>.
        /// </summary>
        private bool IsBoundedByConstant(ILoopOperation loop)
        {
            IOperation? condition = loop switch
            {
                IForLoopOperation forLoop => forLoop.Condition,
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                _ => null,
            };
            if (condition == null) return false;
            HashSet<ISymbol> assigned = ValueSources.AssignedWithin(loop);
            foreach (IOperation conjunct in Conjuncts(condition))
            {
                if (!(conjunct.WithoutConversions() is IBinaryOperation comparison)) continue;
                if (comparison.OperatorKind != BinaryOperatorKind.LessThan && comparison.OperatorKind != BinaryOperatorKind.LessThanOrEqual
                    && comparison.OperatorKind != BinaryOperatorKind.GreaterThan && comparison.OperatorKind != BinaryOperatorKind.GreaterThanOrEqual)
                    continue;
                foreach ((IOperation counter, IOperation bound) in new[] { (comparison.LeftOperand, comparison.RightOperand), (comparison.RightOperand,
                    comparison.LeftOperand) })
                {
                    ISymbol? symbol = CacheLookups.Referenced(counter);
                    if (symbol == null || !assigned.Contains(symbol)) continue;
                    if (IsFixedBound(bound)) return true;
                }
            }

            return false;
        }

        private bool IsFixedBound(IOperation bound)
        {
            bound = bound.WithoutConversions();
            if (bound.ConstantValue.HasValue) return true;
            if (bound is IPropertyReferenceOperation { Property.Name: "Length" or "Count" } size && size.Instance != null) return IsFixedSet(size.Instance, 2);
            if (bound is IInvocationOperation { TargetMethod.Name: "Count" } count && count.GetReceiver() is { } counted) return IsFixedSet(counted, 2);
            return IsConfiguration(bound, 2);
        }

        private static IEnumerable<IOperation> Conjuncts(IOperation condition)
        {
            condition = condition.WithoutConversions();
            if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction)
                return Conjuncts(conjunction.LeftOperand).Concat(Conjuncts(conjunction.RightOperand));
            return new[] { condition };
        }

        // ---- retries -----------------------------------------------------------------------------------------------

        /// <summary>A <c>try</c> in the pass whose last statement leaves the loop (<c>return</c>, <c>break</c>: done on success) and a
        /// <c>catch</c> that lets the next pass try again.</summary>
        private static bool IsRetry(ILoopOperation loop, List<IOperation> own)
        {
            foreach (ITryOperation attempt in own.OfType<ITryOperation>())
            {
                if (attempt.Catches.IsEmpty || attempt.Catches.All(c => Leaves(c.Handler))) continue;
                if (LeavesLoop(attempt.Body, loop)) return true; // the attempt's last statement leaves on success
            }

            return false;
        }

        private static bool Leaves(IOperation handler)
        {
            IOperation last = handler;
            while (last is IBlockOperation block && !block.Operations.IsEmpty) last = block.Operations[block.Operations.Length - 1];
            return last is IThrowOperation || last is IExpressionStatementOperation { Operation: IThrowOperation } || last is IReturnOperation
                || last is IBranchOperation { BranchKind: BranchKind.Break };
        }

        // ---- batches -----------------------------------------------------------------------------------------------

        /// <summary>
        /// A drain loop: a local gets a <c>Take(n)</c> batch in the loop (<c>batch = q.Take(100).ToList()</c>, or a method that returns
        /// one), and the loop condition, or an <c>if</c> that leaves the loop, reads it (<c>while (batch.Count &gt; 0)</c>).
        /// </summary>
        private bool IsDrain(ILoopOperation loop, List<IOperation> own)
        {
            var batches = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation operation in own)
            {
                (ILocalSymbol? local, IOperation? value) = operation switch
                {
                    IVariableDeclaratorOperation declarator => (declarator.Symbol, declarator.GetVariableInitializer()?.Value),
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                    _ => (null, null),
                };
                if (local != null && value != null && TakesBatch(value)) batches.Add(local);
            }

            if (batches.Count == 0) return false;
            IOperation? condition = (loop as IWhileLoopOperation)?.Condition ?? (loop as IForLoopOperation)?.Condition;
            if (condition != null && Reads(condition, batches)) return true;
            return own.OfType<IConditionalOperation>().Any(c => c.WhenFalse == null && LeavesLoop(c.WhenTrue, loop) && Reads(c.Condition, batches));
        }

        /// <summary>
        /// A <c>while</c>/<c>do</c> loop whose condition reads a local or parameter that the body sets from what a call in the body returned
        /// (<c>parentId = parent.ParentId</c> where <c>parent = await repo.GetAsync(parentId)</c>), or whose condition itself calls with a
        /// value the body changes (<c>while (await db.Posts.AnyAsync(p =&gt; p.Slug == slug)) slug = ...</c>). A loop over an in-memory
        /// linked list (<c>node = node.Next</c>) reads no call's result and stays an item loop.
        /// </summary>
        private static bool IsChainWalk(ILoopOperation loop, List<IOperation> own)
        {
            if (!(loop is IWhileLoopOperation { Condition: { } condition })) return false;
            var carried = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation operation in own)
            {
                if (!(operation is ISimpleAssignmentOperation assignment) || IsInside(assignment, condition)) continue;
                ISymbol? target = VariableOf(assignment.Target);
                if (target != null && condition.DescendantsAndSelf().Any(o => SymbolEqualityComparer.Default.Equals(VariableOf(o), target)))
                    carried.Add(target);
            }

            if (carried.Count == 0) return false;
            bool conditionCallsWithCarried = condition.DescendantsAndSelf().OfType<IInvocationOperation>()
                .Any(call => call.Arguments.Any(a => a.Value.DescendantsAndSelf().Any(o => VariableOf(o) is { } read && carried.Contains(read))));
            if (conditionCallsWithCarried) return true;
            return own.OfType<ISimpleAssignmentOperation>().Any(assignment =>
                VariableOf(assignment.Target) is { } target && carried.Contains(target) && ComesFromACall(assignment.Value, own));
        }

        /// <summary>A local or parameter: the variables a walk was judged and tested on (fields are left to the item-loop default).</summary>
        private static ISymbol? VariableOf(IOperation operation) =>
            operation.ReferencedVariable() is { } variable && !(variable is IFieldSymbol) ? variable : null;

        private static bool IsInside(IOperation operation, IOperation container)
        {
            for (IOperation? current = operation; current != null; current = current.Parent)
                if (ReferenceEquals(current, container)) return true;
            return false;
        }

        /// <summary>The value reads a call's result: a call in it, or a local the loop body declares from one.</summary>
        private static bool ComesFromACall(IOperation value, List<IOperation> own)
        {
            foreach (IOperation node in value.DescendantsAndSelf())
            {
                if (node is IInvocationOperation) return true;
                if (!(node is ILocalReferenceOperation local)) continue;
                foreach (IOperation operation in own)
                {
                    if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                        && declarator.GetVariableInitializer()?.Value is { } initial && initial.DescendantsAndSelf().Any(o => o is IInvocationOperation))
                        return true;
                }
            }

            return false;
        }

        private static bool Reads(IOperation operation, HashSet<ILocalSymbol> locals) =>
            operation.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation local && locals.Contains(local.Local));

        private static bool LeavesLoop(IOperation branch, ILoopOperation loop)
        {
            IOperation last = branch;
            while (last is IBlockOperation block && !block.Operations.IsEmpty) last = block.Operations[block.Operations.Length - 1];
            return last is IReturnOperation || (last is IBranchOperation { BranchKind: BranchKind.Break } exit
                && SymbolEqualityComparer.Default.Equals(exit.Target, loop.ExitLabel));
        }

        /// <summary>The value is a <c>Take(n)</c> batch: it calls <c>Take</c>, or a source method that does.</summary>
        private bool TakesBatch(IOperation value)
        {
            foreach (IOperation operation in value.DescendantsAndSelf())
            {
                if (!(operation is IInvocationOperation call)) continue;
                if (IsBatchTake(call)) return true;
                foreach (IMethodSymbol target in IoSummaries.For(_compilation).DispatchTargets(call.TargetMethod, call.Instance))
                {
                    if (BodyOf(target)?.Descendants().Any(o => o is IInvocationOperation take && IsBatchTake(take)) == true) return true;
                }
            }

            return false;
        }

        /// <summary><c>Take(n)</c> for anything but a constant 1 (a "next one" loop takes items one by one).</summary>
        private static bool IsBatchTake(IInvocationOperation call) =>
            call.TargetMethod.Name == "Take" && !call.Arguments.Any(a => a.Value.ConstantValue.Value is 1);

        /// <summary>
        /// A paging loop: a pass calls <c>Skip</c> with a count that changes per pass (<c>Skip(page * size)</c>), or hands a value that
        /// changes per pass to a method parameter that ends up in a <c>Skip</c> (<c>GetPageAsync(page)</c>, <c>new UserParams { PageNumber = chunk }</c>).
        /// </summary>
        private bool IsPaging(ILoopOperation loop, List<IOperation> own)
        {
            IoSummaries summaries = IoSummaries.For(_compilation);
            foreach (IInvocationOperation call in own.OfType<IInvocationOperation>())
            {
                if (call.TargetMethod.Name == "Skip")
                {
                    if (call.Arguments.Any(a => !ReferenceEquals(a.Value, call.GetReceiver()) && ValueSources.VariesWithin(a.Value, loop))) return true;
                    continue;
                }

                if (call.Arguments.IsEmpty || !call.Arguments.Any(a => ValueSources.VariesWithin(a.Value, loop))) continue;
                foreach (IMethodSymbol target in summaries.DispatchTargets(call.TargetMethod, call.Instance))
                {
                    ImmutableHashSet<int> paging = PagingParameters(target, PagingDepth);
                    if (call.Arguments.Any(a => a.Parameter != null && paging.Contains(a.Parameter.Ordinal) && ValueSources.VariesWithin(a.Value, loop)))
                        return true;
                }
            }

            return false;
        }

        /// <summary>The parameters of a source method that its body (or a callee's, <paramref name="depth"/> deep) uses in a <c>Skip</c> count.</summary>
        private ImmutableHashSet<int> PagingParameters(IMethodSymbol method, int depth)
        {
            method = IoSummaries.Normalize(method);
            if (method.Parameters.IsEmpty) return ImmutableHashSet<int>.Empty;
            return _pagingParameters.GetOrAdd((method, depth), key => ComputePagingParameters(key.Method, key.Depth));
        }

        private ImmutableHashSet<int> ComputePagingParameters(IMethodSymbol method, int depth)
        {
            var paging = ImmutableHashSet.CreateBuilder<int>();
            IOperation? body = BodyOf(method);
            if (body == null) return paging.ToImmutable();
            foreach (IInvocationOperation call in body.Descendants().OfType<IInvocationOperation>())
            {
                if (call.TargetMethod.Name == "Skip")
                {
                    foreach (IArgumentOperation argument in call.Arguments)
                    {
                        if (!ReferenceEquals(argument.Value, call.GetReceiver())) paging.UnionWith(ValueSources.Parameters(argument.Value, method));
                    }

                    continue;
                }

                if (depth <= 1 || call.Arguments.IsEmpty) continue;
                foreach (IMethodSymbol target in IoSummaries.For(_compilation).DispatchTargets(call.TargetMethod, call.Instance))
                {
                    ImmutableHashSet<int> inner = PagingParameters(target, depth - 1);
                    foreach (IArgumentOperation argument in call.Arguments)
                    {
                        if (argument.Parameter != null && inner.Contains(argument.Parameter.Ordinal))
                            paging.UnionWith(ValueSources.Parameters(argument.Value, method));
                    }
                }
            }

            return paging.ToImmutable();
        }

        private sealed class MethodDepthComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
        {
            public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y) =>
                x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, int Depth) key) => SymbolEqualityComparer.Default.GetHashCode(key.Method) * 31 + key.Depth;
        }

        private IOperation? BodyOf(IMethodSymbol method)
        {
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)) return null;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
#pragma warning disable RS1030 // Callees of a loop pass, read to learn whether they page; the summaries read the same bodies.
                SemanticModel model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
                IOperation? body = model.GetOperation(reference.GetSyntax());
                if (body != null) return body;
            }

            return null;
        }
    }
}

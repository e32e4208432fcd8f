using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>One pass of a per-item construct that an operation runs in, as <see cref="LoopContext.FindIteration"/> found it.</summary>
    internal sealed class LoopIteration
    {
        private const string OnCacheMiss = ", on a cache miss (the cache key changes per iteration)";

        /// <summary>
        /// Why a per-iteration finding behind a cache is a note: on real applications such findings were not worth a warning (0 of 14
        /// judged true: the keys repeat across requests, so most passes hit).
        /// </summary>
        public const string OnCacheMissNote = "on a cache miss";

        public LoopIteration(string description, IOperation construct, CacheGuard? cacheMiss)
        {
            Description = description;
            Construct = construct;
            CacheMiss = cacheMiss;
        }

        /// <summary><c>foreach loop</c>, <c>Select lambda</c>.</summary>
        public string Description { get; }

        /// <summary>The loop or the per-element lambda.</summary>
        public IOperation Construct { get; }

        /// <summary>Set when the operation runs only on a miss of this cache lookup (inside the loop), whose key changes per pass.</summary>
        public CacheGuard? CacheMiss { get; }

        /// <summary>How a message names the construct: <c>foreach loop</c>, or with "on a cache miss" when only a miss runs the I/O.</summary>
        public string Describe(bool onCacheMiss = false) => onCacheMiss || CacheMiss != null ? Description + OnCacheMiss : Description;

        /// <summary>True when <paramref name="value"/> changes from one pass to the next (reads the loop variable, a local of the body, ...).</summary>
        public bool Varies(IOperation value) => ValueSources.VariesWithin(value, Construct);

        /// <summary>
        /// True when, earlier in the same pass, the body performs an external side effect: sends a message or mail, publishes, posts, charges
        /// or refunds (<c>await smtp.SendAsync(message); notification.IsDelivered = true; repo.Update(notification);</c>). A save right after it
        /// records that the side effect happened; saving once after the loop would repeat every side effect of the batch after a crash.
        /// </summary>
        public bool FollowsExternalSideEffect(IOperation operation)
        {
            IOperation current = operation;
            for (IOperation? parent = operation.Parent; parent != null && !ReferenceEquals(current, Construct); current = parent, parent = parent.Parent)
            {
                if (!(parent is IBlockOperation block)) continue;
                int index = block.Operations.IndexOf(current);
                for (int i = 0; i < index; i++)
                {
                    foreach (IOperation earlier in block.Operations[i].DescendantsAndSelf())
                    {
                        if (IsExternalSideEffect(earlier)) return true;
                    }
                }
            }

            return false;
        }

        private static bool IsExternalSideEffect(IOperation operation)
        {
            string? name = operation switch
            {
                IInvocationOperation call when !(call.TargetMethod.ContainingType.ContainingNamespace?.ToDisplayString() ?? "").StartsWith("System.Linq",
                    System.StringComparison.Ordinal) => call.TargetMethod.Name,
                // MailKit's SmtpClient and other libraries a compilation may not resolve: the call is still there by name.
                IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access } } => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name == null || IsInProcessMediator(operation)) return false;
            foreach (string verb in SideEffectVerbs)
            {
                if (name.StartsWith(verb, System.StringComparison.Ordinal)) return true;
            }

            return operation is IInvocationOperation sdk && ExternalSdkCalls.IsStripeServiceRequest(sdk.TargetMethod)
                && (name.StartsWith("Create", System.StringComparison.Ordinal) || name.StartsWith("Update", System.StringComparison.Ordinal));
        }

        /// <summary>
        /// <c>mediator.Publish(notification)</c> (MediatR) runs its handlers in this process, usually on the same unit of work: the save after it
        /// records nothing that a crash could repeat. Matched by the receiver's type name too, as the compilation may not resolve MediatR.
        /// </summary>
        private static bool IsInProcessMediator(IOperation operation)
        {
            ITypeSymbol? receiver = operation switch
            {
                IInvocationOperation call => call.Instance?.Type ?? call.TargetMethod.ContainingType,
                IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access } } =>
                    operation.SemanticModel?.GetTypeInfo(access.Expression).Type,
                _ => null,
            };
            if (receiver == null) return false;
            if ((receiver.ContainingNamespace?.ToDisplayString() ?? "").StartsWith("MediatR", System.StringComparison.Ordinal)) return true;
            return receiver.TypeKind == TypeKind.Error && InProcessMediatorTypes.Contains(receiver.Name);
        }

        private static readonly ImmutableHashSet<string> InProcessMediatorTypes = ImmutableHashSet.Create("IMediator", "IPublisher", "Mediator");

        private static readonly string[] SideEffectVerbs = { "Send", "Publish", "Charge", "Capture", "Refund", "Transfer", "PostAsync", "PostAsJsonAsync" };

        /// <summary>
        /// For a call whose callee reads a cache on the way to its I/O: does the key change per pass? <paramref name="keyParameters"/> are
        /// the callee's parameters the key is computed from (none: one key, the same every pass).
        /// </summary>
        public bool VariesPerPass(IInvocationOperation call, ImmutableArray<int> keyParameters)
        {
            if (keyParameters.Contains(IoSummaries.UnknownKey)) return true;
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter != null && keyParameters.Contains(argument.Parameter.Ordinal) && Varies(argument.Value)) return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Answers "does this operation run once per item of something?" for every loop rule: the body of a
    /// <c>foreach</c>/<c>for</c>/<c>while</c>/<c>do</c> loop, or a lambda converted to a delegate and handed to a method that calls it
    /// once per element (<c>Enumerable.Select</c>, <c>List&lt;T&gt;.ForEach</c>, ...). Not per item:
    /// <list type="bullet">
    /// <item>loops that are not item loops (<see cref="LoopCardinality"/>): timer-paced pollers, event and message pumps, retries,
    /// batch and drain loops, loops over constant or configured sets;</item>
    /// <item>code a pass runs only when a value is missing: a memo (<c>if (x == null) x = Load();</c>, <c>x ??= Load()</c>), a dictionary
    /// or set check before the call (once per distinct key), and cache lookups whose key is the same every pass (a cache lookup whose key
    /// changes per pass is still reported, "on a cache miss");</item>
    /// <item>lambdas converted to expression trees, and anything nested in one (translated to SQL, not run), local functions, and lambdas
    /// given to any other method (they may run once, later, or never) unless that method is a cache lookup.</item>
    /// </list>
    /// One per compilation: <see cref="CompilationServices.Loops"/>.
    /// </summary>
    internal sealed class LoopContext
    {
        /// <summary>What every loop rule's doc says it ignores about loops (one wording for the one model).</summary>
        public const string IgnoresNonItemLoops = "loops that are not item loops (one pass per tick, event, attempt, batch or configured value, not per "
            + "item of the data): pollers that wait on a timer each pass (`Task.Delay`, `PeriodicTimer`, `Thread.Sleep`); event and message pumps "
            + "(`await foreach` over a channel's `ReadAllAsync`, a subscription, an app iterator that yields from an endless loop or an app queue "
            + "method whose every implementation returns such a stream (`=> _channel.Reader.ReadAllAsync(ct)`), a `while` that "
            + "awaits a channel read, a queue `Receive*`/`Consume*`/`DequeueAsync`, a semaphore or wait handle); retries (a `try` whose last statement "
            + "leaves the loop and a `catch` that does not); batch and drain loops (`Skip` by a count that changes per pass, a method that pages with "
            + "an argument that does, or a loop on the count of a `Take(n)` batch read in it); walks where each pass needs what the previous one read "
            + "(a `while` up a parent chain, `parentId = parent.ParentId`, or probing until a slug is free: no query before the loop can replace "
            + "them); and loops over fixed or configured sets (array and "
            + "collection literals, `Enum.GetValues`, options, `IConfiguration`, a constant or configured bound, a parameter that every call "
            + "fills with a literal set, the registered implementations of a service a constructor takes as `IEnumerable<IService>`), also as the "
            + "source of a per-element lambda (`providers.Select(p => p.ScanAsync())`)";

        /// <summary>What every loop rule's doc says it ignores about guarded calls.</summary>
        public const string IgnoresGuardedCalls = "calls a pass makes only when it goes wrong (in a `catch`, or a log call at `LogLevel.Warning` or above), "
            + "right before it leaves the loop (`Save(); return;` in a branch: once per loop), or only when a value is missing: a memo declared "
            + "outside the loop (`if (x == null) x = Load();`, `x ??= Load()`), once per distinct key (`if (!map.TryGetValue(key, out v))` ... "
            + "`map[key] = v`, `if (seen.Add(key))`, `if (!seen.Add(key)) continue;`), and cache lookups whose key is the same every pass (one "
            + "with a key that changes per pass is reported, \"on a cache miss\")";

        private readonly INamedTypeSymbol? _lambdaExpression;
        private readonly HashSet<INamedTypeSymbol> _perElementTypes;
        private readonly INamedTypeSymbol? _parallel;
        private readonly LoopCardinality _cardinality;
        private readonly CacheLookups _caches;

        public LoopContext(Compilation compilation, WellKnownTypes types)
        {
            _lambdaExpression = types.LambdaExpression;
            _parallel = types.Parallel;
            _cardinality = new LoopCardinality(compilation);
            _caches = CacheLookups.For(compilation);
            _perElementTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (INamedTypeSymbol? type in new[] { types.Enumerable, types.AsyncEnumerable, types.ParallelEnumerable, types.ListOfT, types.Array })
            {
                if (type != null) _perElementTypes.Add(type);
            }
        }

        /// <summary>What one pass of a loop stands for (shared with rules that look at a loop itself).</summary>
        public LoopShape Classify(ILoopOperation loop) => _cardinality.Classify(loop);

        /// <summary>
        /// The per-iteration construct <paramref name="operation"/> runs in (<c>foreach loop</c>, <c>Select lambda</c>, ...), or null when it
        /// runs at most once per call of its method, once per event, batch or retry, or once per distinct key.
        /// </summary>
        public string? FindEnclosingIteration(IOperation operation) => FindIteration(operation)?.Describe();

        /// <inheritdoc cref="FindEnclosingIteration"/>
        public LoopIteration? FindIteration(IOperation operation)
        {
            IOperation current = operation;
            IOperation? construct = null;
            string? description = null;
            bool throughCacheFactory = false;
            for (IOperation? parent = current.Parent; parent != null && construct == null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ILoopOperation loop:
                        // Only the body repeats per item. A foreach collection is evaluated once; for initializers, conditions and
                        // increments are deliberately not reported, so keep walking: they still run once per iteration of an outer loop.
                        if (!ReferenceEquals(loop.Body, current)) break;
                        if (_cardinality.Classify(loop) != LoopShape.Items) return null;
                        construct = loop;
                        description = Describe(loop);
                        break;

                    case IAnonymousFunctionOperation lambda:
                        if (IsExpressionTree(lambda)) return null;
                        description = DescribeLambda(lambda);
                        if (description != null)
                        {
                            if (IsInsideExpressionTree(lambda)) return null; // c.Files.All(f => ids.Contains(f.Id)) inside a Where: one SQL query
                            if (LambdaSource(lambda) is { } source && _cardinality.IsFixedCollection(source)) return null;
                            construct = lambda;
                            break;
                        }

                        if (_caches.FactoryLookup(lambda) == null) return null; // may run once, later, or never
                        throughCacheFactory = true; // runs on a miss of that lookup: find the loop around it
                        break;

                    case ILocalFunctionOperation _:
                        return null;
                }
            }

            if (construct == null || description == null) return null;
            if (IsErrorPath(operation, construct)) return null;
            if (LeavesTheLoopAfter(operation, construct)) return FindIteration(construct); // once per pass of what encloses the loop
            return Guarded(operation, construct, description, throughCacheFactory);
        }

        /// <summary>
        /// The iteration, unless a memo or a lookup between <paramref name="operation"/> and the construct makes it run once, or once per key:
        /// plain memos and maps silence it; a cache whose key changes per pass keeps it, as "on a cache miss".
        /// </summary>
        private LoopIteration? Guarded(IOperation operation, IOperation construct, string description, bool throughCacheFactory)
        {
            CacheGuard? miss = null;
            IOperation current = operation;
            for (IOperation? parent = current.Parent; parent != null && !ReferenceEquals(current, construct); current = parent, parent = parent.Parent)
            {
                CacheGuard? guard = parent is IAnonymousFunctionOperation lambda && throughCacheFactory
                    ? _caches.FactoryLookup(lambda)
                    : _caches.GuardAt(parent, current, construct, g => IsOutside(g, construct));
                if (guard == null || (guard.Storage != null && !IsOutside(guard, construct))) continue;
                if (!guard.IsCache) return null; // a memo or a map of seen keys: once, or once per distinct key
                bool varies = guard.KeyIsUnknown;
                foreach (IOperation key in guard.Keys) varies |= ValueSources.VariesWithin(key, construct);
                if (!varies) return null; // the same key every pass: one miss at most
                miss ??= guard;
            }

            return new LoopIteration(description, construct, miss);
        }

        /// <summary>
        /// Runs only when a pass goes wrong: inside a <c>catch</c> within the construct, or a log call at warning level or above
        /// (<c>_logger.Log(LogLevel.Error, ...)</c> when a mapping is misconfigured): once per failing item, not once per item.
        /// </summary>
        private static bool IsErrorPath(IOperation operation, IOperation construct)
        {
            for (IOperation? current = operation.Parent; current != null && !ReferenceEquals(current, construct); current = current.Parent)
            {
                if (current is ICatchClauseOperation) return true;
            }

            if (!(operation is IInvocationOperation call)) return false;
            foreach (IArgumentOperation argument in call.Arguments)
            {
                IOperation value = argument.Value.WithoutConversions();
                if (value.Type?.TypeKind == TypeKind.Enum && value.Type.Name == "LogLevel" && value is IFieldReferenceOperation level
                    && (level.Field.Name == "Error" || level.Field.Name == "Critical" || level.Field.Name == "Warning" || level.Field.Name == "Fatal"))
                    return true;
            }

            return false;
        }

        /// <summary>
        /// A later statement of a block holding the call leaves the loop (<c>return</c>, <c>throw</c>, a <c>break</c> of this loop) with no
        /// <c>continue</c> or <c>goto</c> before it: <c>if (token.Expired) { Log(); await uow.CommitAsync(); return 0; }</c> runs once per loop.
        /// </summary>
        private static bool LeavesTheLoopAfter(IOperation operation, IOperation construct)
        {
            if (!(construct is ILoopOperation loop)) return false; // a return in a Select lambda ends one element, not the loop
            IOperation current = operation;
            for (IOperation? parent = operation.Parent; parent != null && !ReferenceEquals(current, construct); current = parent, parent = parent.Parent)
            {
                if (!(parent is IBlockOperation block)) continue;
                for (int i = block.Operations.IndexOf(current) + 1; i < block.Operations.Length; i++)
                {
                    IOperation statement = block.Operations[i];
                    if (statement is IReturnOperation || statement is IThrowOperation
                        || statement is IExpressionStatementOperation { Operation: IThrowOperation _ }
                        || (statement is IBranchOperation { BranchKind: BranchKind.Break } exit
                            && SymbolEqualityComparer.Default.Equals(exit.Target, loop.ExitLabel)))
                        return true;
                    foreach (IOperation inner in statement.DescendantsAndSelf())
                    {
                        if (inner is IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.GoTo }) return false;
                    }
                }
            }

            return false;
        }

        /// <summary>The memo or map outlives one pass: a field or property, a parameter, or a local declared outside the construct.</summary>
        private static bool IsOutside(CacheGuard guard, IOperation construct)
        {
            switch (guard.Storage)
            {
                case null:
                case IFieldSymbol _:
                case IPropertySymbol _:
                    return true;
                case ILocalSymbol _:
                case IParameterSymbol _:
                    foreach (SyntaxReference reference in guard.Storage.DeclaringSyntaxReferences)
                    {
                        if (reference.SyntaxTree == construct.Syntax.SyntaxTree && construct.Syntax.Span.Contains(reference.Span)) return false;
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static string Describe(ILoopOperation loop)
        {
            switch (loop)
            {
                case IForEachLoopOperation forEach:
                    return forEach.IsAsynchronous ? "await foreach loop" : "foreach loop";
                case IForLoopOperation _:
                    return "for loop";
                case IWhileLoopOperation whileLoop:
                    return whileLoop.ConditionIsTop ? "while loop" : "do loop";
                default:
                    return "loop";
            }
        }

        private bool IsExpressionTree(IAnonymousFunctionOperation lambda)
        {
            for (IOperation? parent = lambda.Parent; parent is IDelegateCreationOperation || parent is IConversionOperation; parent = parent.Parent)
            {
                if (parent.Type.InheritsFromOrEquals(_lambdaExpression)) return true;
            }

            return false;
        }

        private bool IsInsideExpressionTree(IOperation operation)
        {
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation outer && IsExpressionTree(outer)) return true;
            }

            return false;
        }

        /// <summary>The argument a lambda is passed as (through its delegate creation and conversions), or null.</summary>
        private static IArgumentOperation? PassedAs(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation) parent = parent.Parent;
            return parent as IArgumentOperation;
        }

        /// <summary>The collection a per-element lambda runs over: the receiver of <c>source.Select(...)</c>, or the first argument of a static call.</summary>
        private static IOperation? LambdaSource(IAnonymousFunctionOperation lambda)
        {
            if (!(PassedAs(lambda) is { Parent: IInvocationOperation call } passed)) return null;
            if (call.Instance != null) return call.Instance;
            IArgumentOperation? first = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
            return first != null && !ReferenceEquals(first, passed) ? first.Value : null;
        }

        private string? DescribeLambda(IAnonymousFunctionOperation lambda)
        {
            if (!(PassedAs(lambda) is IArgumentOperation argument) || argument.Parameter == null) return null;

            // The parameter must be declared as a delegate (Func<TSource, TResult>, Action<T>, Predicate<T>):
            // a lambda that is itself the element (List<Func<int>>.Add, Enumerable.Append) is not called per element.
            if (argument.Parameter.OriginalDefinition.Type.TypeKind != TypeKind.Delegate) return null;
            IMethodSymbol? method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                _ => null,
            };
            if (method == null) return null;

            INamedTypeSymbol containingType = method.ContainingType.OriginalDefinition;
            bool perElement = _perElementTypes.Contains(containingType)
                || (SymbolEqualityComparer.Default.Equals(containingType, _parallel)
                    && (method.Name == "For" || method.Name == "ForEach" || method.Name == "ForEachAsync"));
            return perElement ? method.Name + " lambda" : null;
        }
    }
}

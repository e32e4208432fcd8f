using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// "May this call run at the same time as another one?" for PG2003. Proven when everything the call runs (its
    /// source methods after dispatch, transitively) only reads, keeps no state, and runs every database operation on
    /// a connection or context it creates for that call:
    /// <list type="bullet">
    /// <item>reads: EF Core queries, Dapper <c>Query*</c>, <c>ExecuteReader</c>, <c>HttpClient.Get*</c> and the JSON
    /// <c>Get*</c> extensions, SDK requests named like reads, file reads, any cache call (a read-through cache writes
    /// its own entries); never <c>SaveChanges</c>, <c>Add/Update/Remove/Attach</c>, <c>ExecuteSql*</c>,
    /// <c>ExecuteUpdate/Delete</c>, Dapper <c>Execute*</c>, <c>ExecuteNonQuery/Scalar</c>, HTTP writes or <c>Send</c>;</item>
    /// <item>no state: no assignment to a field or property of <c>this</c> or a static outside constructors (a memo,
    /// a token, a lazily loaded list: the second call may depend on the first);</item>
    /// <item>own connections: every database operation is rooted at a connection or context created in the method
    /// (<c>new SqlConnection</c>, a <c>DbDataSource</c>, <c>IDbContextFactory.CreateDbContext</c>, a service resolved
    /// from a scope the method creates, a source factory that returns <c>new</c>) or handed in by a caller that
    /// proved the same; a context or connection held in a field, or an ASP.NET Core Identity manager (its store uses
    /// the request's context), is shared and fails the proof.</item>
    /// </list>
    /// One instance per compilation; each method's own facts are cached, and a positive answer marks the whole
    /// closure it checked, so answers do not depend on the order of questions.
    /// </summary>
    internal sealed class OverlapSafety
    {
        private static readonly ConditionalWeakTable<Compilation, OverlapSafety> s_instances = new ConditionalWeakTable<Compilation, OverlapSafety>();

        private static readonly string[] ReadSdkPrefixes = { "Get", "List", "Search", "Complete", "Generate", "Classify", "Transcribe", "Translate" };

        private readonly IoSummaries _summaries;
        private readonly EfQueryProvenance? _ef;
        private readonly WellKnownTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, LocalFacts> _facts =
            new ConcurrentDictionary<IMethodSymbol, LocalFacts>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _closureSafe =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly System.Threading.ThreadLocal<HashSet<ILocalSymbol>> _visitingLocals =
            new System.Threading.ThreadLocal<HashSet<ILocalSymbol>>(() => new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

        private OverlapSafety(Compilation compilation)
        {
            _summaries = IoSummaries.For(compilation);
            _ef = EfQueryProvenance.For(compilation);
            _types = WellKnownTypes.For(compilation);
        }

        public static OverlapSafety For(Compilation compilation) => s_instances.GetValue(compilation, c => new OverlapSafety(c));

        /// <summary>
        /// True when <paramref name="call"/> (a call of source code, or an I/O API) only reads, keeps no state, and
        /// opens its own connection or context for every database operation; the call itself passes no context or
        /// connection (two calls given the same one would share it).
        /// </summary>
        public bool IsSafeToOverlap(IInvocationOperation call)
        {
            if (IsSharedDataHandle(call.GetReceiver()) || PassesDataHandle(call)) return false;
            if (_summaries.Classifier.Classify(call) != IoKind.None) return IsReadLeaf(call);
            if (IsIdentityManager(call.TargetMethod.ContainingType)) return false;
            IMethodSymbol method = IoSummaries.Normalize(call.TargetMethod);
            MethodIoSummary summary = _summaries.SummarizeDispatch(method, call.Instance, out ImmutableArray<IMethodSymbol> targets);
            if (targets.IsEmpty) return summary.Kinds == IoKind.None;
            return ClosureIsSafe(targets);
        }

        private bool ClosureIsSafe(ImmutableArray<IMethodSymbol> roots)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>();
            foreach (IMethodSymbol root in roots) work.Push(root);
            while (work.Count > 0)
            {
                IMethodSymbol method = work.Pop();
                if (!seen.Add(method)) continue;
                if (_closureSafe.TryGetValue(method, out bool known))
                {
                    if (!known) return false;
                    continue; // its closure was proven with it
                }

                LocalFacts facts = _facts.GetOrAdd(method, Analyze);
                if (!facts.Safe)
                {
                    if (roots.Length == 1 && SymbolEqualityComparer.Default.Equals(roots[0], method)) _closureSafe.TryAdd(method, false);
                    return false;
                }

                foreach (IMethodSymbol callee in facts.Callees) work.Push(callee);
            }

            // Every method seen is safe and its callees were seen too: each one's closure is proven.
            foreach (IMethodSymbol method in seen) _closureSafe.TryAdd(method, true);
            return true;
        }

        private LocalFacts Analyze(IMethodSymbol method)
        {
            var callees = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            bool isConstructor = method.MethodKind == MethodKind.Constructor || method.MethodKind == MethodKind.StaticConstructor;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode node = reference.GetSyntax();
#pragma warning disable RS1030 // Whole-program proof reads other methods' bodies (the compiler's cached model).
                IOperation? body = _summaries.Compilation.GetSemanticModel(node.SyntaxTree).GetOperation(node);
#pragma warning restore RS1030
                if (body == null) continue;
                var pending = new Stack<IOperation>();
                pending.Push(body);
                while (pending.Count > 0)
                {
                    IOperation operation = pending.Pop();
                    if (!IsSafeStep(operation, isConstructor, callees)) return LocalFacts.Unsafe;
                    foreach (IOperation child in operation.ChildOperations) pending.Push(child);
                }
            }

            return new LocalFacts(true, callees.ToImmutableArray());
        }

        /// <summary>One operation of a body: a read, no state kept, data handles of its own; source callees collected.</summary>
        private bool IsSafeStep(IOperation operation, bool isConstructor, HashSet<IMethodSymbol> callees)
        {
            switch (operation)
            {
                case IObjectCreationOperation creation when creation.Type.IsType(_types.TransactionScope):
                    return false; // connections opened inside enlist in one transaction
                case IInvocationOperation invocation:
                    return IsSafeCall(invocation, callees);
                case IObjectCreationOperation creation when creation.Constructor != null:
                    if (PassesSharedDataHandle(creation.Arguments)) return false;
                    AddTargets(creation.Constructor, null, callees);
                    return true;
                case IMethodReferenceOperation reference:
                    return AddTargets(reference.Method, reference.Instance, callees);
                case IPropertyReferenceOperation property when property.Property.GetMethod != null:
                    if (IsSharedDataHandle(property)) return false;
                    IMethodSymbol getter = IoSummaries.Normalize(property.Property.GetMethod);
                    if (_summaries.IsSourceMethod(getter) && !IsAssignmentTarget(property)) return AddTargets(getter, property.Instance, callees);
                    return true;
                case IFieldReferenceOperation field:
                    return !IsSharedDataHandle(field);
                case IParameterReferenceOperation parameter:
                    return !(IsDataHandleType(parameter.Type) && IsCapturedPrimaryConstructorParameter(parameter));
                case IInstanceReferenceOperation instance:
                    return true; // `this` of a context class is checked where the method is called (the receiver)
                case ISimpleAssignmentOperation assignment:
                    return isConstructor || !KeepsState(assignment.Target);
                case ICompoundAssignmentOperation compound:
                    return isConstructor || !KeepsState(compound.Target);
                case ICoalesceAssignmentOperation coalesce:
                    return isConstructor || !KeepsState(coalesce.Target);
                case IIncrementOrDecrementOperation increment:
                    return isConstructor || !KeepsState(increment.Target);
                default:
                    return true;
            }
        }

        private bool IsSafeCall(IInvocationOperation invocation, HashSet<IMethodSymbol> callees)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (IsIdentityManager(method.ContainingType)) return false;
            if (IsEfWrite(method)) return false;
            IoKind leaf = _summaries.Classifier.Classify(invocation);
            if (leaf != IoKind.None)
            {
                if (!IsReadLeaf(invocation)) return false;
                if (leaf == IoKind.Database && !(invocation.GetReceiver() is { } handle && IsOwnOrHandedIn(handle))) return false;
                return !IsSharedDataHandle(invocation.GetReceiver()) && !PassesSharedDataHandle(invocation.Arguments);
            }

            if (PassesSharedDataHandle(invocation.Arguments)) return false;
            if (invocation.Instance != null && IsDataHandleType(invocation.Instance.Type) && !IsOwnOrHandedIn(invocation.Instance)) return false;
            return AddTargets(method, invocation.Instance, callees);
        }

        private bool AddTargets(IMethodSymbol method, IOperation? receiver, HashSet<IMethodSymbol> callees)
        {
            method = IoSummaries.Normalize(method);
            ImmutableArray<IMethodSymbol> targets = _summaries.DispatchTargets(method, receiver);
            if (targets.IsEmpty)
            {
                if (_summaries.IsSourceMethod(method)) return true; // nothing here implements it
                // A referenced library whose recorded summary queries: on a context this proof cannot see.
                return !_summaries.SummarizeDispatch(method, receiver, out _).Has(IoKind.Database);
            }

            foreach (IMethodSymbol target in targets) callees.Add(target);
            return true;
        }

        private static bool IsAssignmentTarget(IOperation operation) =>
            operation.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, operation);

        /// <summary>A field or property of <c>this</c> or a static: state that outlives the call.</summary>
        private static bool KeepsState(IOperation target)
        {
            switch (target)
            {
                case IFieldReferenceOperation field:
                    return field.Field.IsStatic || IsThis(field.Instance);
                case IPropertyReferenceOperation property:
                    return property.Property.IsStatic || IsThis(property.Instance);
                default:
                    return false;
            }
        }

        /// <summary><c>this</c> (not the implicit receiver of an object or anonymous-type initializer).</summary>
        private static bool IsThis(IOperation? instance) =>
            instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        /// <summary>
        /// A primary constructor's parameter read from a member: captured state of the instance, like a field.
        /// </summary>
        private static bool IsCapturedPrimaryConstructorParameter(IParameterReferenceOperation reference) =>
            reference.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && constructor.DeclaringSyntaxReferences.Length > 0
            && constructor.DeclaringSyntaxReferences[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax;

        /// <summary>The I/O API only reads (see the type's summary).</summary>
        private bool IsReadLeaf(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            string name = method.Name;
            switch (_summaries.Classifier.Classify(invocation))
            {
                case IoKind.Database:
                    if (_summaries.Classifier.IsDapperOrAdoNet(invocation))
                        return name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("ExecuteReader", StringComparison.Ordinal);
                    return !name.StartsWith("SaveChanges", StringComparison.Ordinal) && !name.StartsWith("Execute", StringComparison.Ordinal);
                case IoKind.Http:
                    if (ExternalSdkCalls.IsSdkRequest(method)) return StartsWithAny(name, ReadSdkPrefixes);
                    return name.StartsWith("Get", StringComparison.Ordinal);
                case IoKind.Cache:
                    return true;
                case IoKind.File:
                    return name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("Exists", StringComparison.Ordinal)
                        || name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("Enumerate", StringComparison.Ordinal)
                        || name == "OpenRead" || name == "OpenText";
                default:
                    return false;
            }
        }

        private bool IsEfWrite(IMethodSymbol method)
        {
            if (_ef == null) return false;
            INamedTypeSymbol type = method.ContainingType;
            if (!_ef.IsDbContext(type) && !_ef.IsDbSetMethod(method)) return false;
            string name = method.Name;
            return name.StartsWith("Add", StringComparison.Ordinal) || name.StartsWith("Update", StringComparison.Ordinal)
                || name.StartsWith("Remove", StringComparison.Ordinal) || name.StartsWith("Attach", StringComparison.Ordinal)
                || name.StartsWith("SaveChanges", StringComparison.Ordinal);
        }

        private bool IsIdentityManager(INamedTypeSymbol? type) =>
            type.InheritsFromOrEquals(_types.IdentityUserManagerOfT) || type.InheritsFromOrEquals(_types.IdentityRoleManagerOfT)
            || type.InheritsFromOrEquals(_types.IdentitySignInManagerOfT);

        /// <summary>A context, set, query, connection or command: what a database operation runs on.</summary>
        private bool IsDataHandleType(ITypeSymbol? type) =>
            type != null && type.SpecialType != SpecialType.System_Object
            && ((_ef != null && (_ef.IsDbContext(type) || _ef.IsQueryable(type)))
                || type.InheritsFromOrEquals(_types.DbConnection) || type.IsOrImplements(_types.IDbConnection)
                || type.InheritsFromOrEquals(_types.DbCommand) || type.IsOrImplements(_types.IDbCommand));

        /// <summary>A field or a property of <c>this</c>/a static that holds a data handle: shared across calls.</summary>
        private bool IsSharedDataHandle(IOperation? operation)
        {
            switch (operation?.WithoutConversions())
            {
                case IFieldReferenceOperation field:
                    return IsDataHandleType(field.Type);
                case IParameterReferenceOperation parameter:
                    return IsDataHandleType(parameter.Type) && IsCapturedPrimaryConstructorParameter(parameter);
                case IPropertyReferenceOperation property:
                    if (!IsDataHandleType(property.Type)) return false;
                    if (property.Instance == null) return true;
                    // `this.Users` inside a context class runs on the receiver, which its caller proves.
                    if (property.Instance is IInstanceReferenceOperation self) return !IsDataHandleType(self.Type);
                    return IsSharedDataHandle(property.Instance);
                default:
                    return false;
            }
        }

        private bool PassesSharedDataHandle(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (IArgumentOperation argument in arguments)
            {
                if (IsDataHandleType(argument.Value.WithoutConversions().Type) && !IsOwnOrHandedIn(argument.Value)) return true;
            }

            return false;
        }

        /// <summary>The call hands a context or connection over: two such calls could be given the same one.</summary>
        private bool PassesDataHandle(IInvocationOperation call)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0 && call.TargetMethod.IsExtensionMethod && call.Instance == null) continue; // the receiver
                if (IsDataHandleType(argument.Value.WithoutConversions().Type)) return true;
            }

            return call.GetReceiver() is { } receiver && IsDataHandleType(receiver.WithoutConversions().Type)
                && _summaries.Classifier.Classify(call) == IoKind.None && !(receiver is IInstanceReferenceOperation);
        }

        /// <summary>
        /// The handle was created in this method for this call, or is a parameter (its callers are checked where they
        /// pass it), or is built from such handles (<c>db.Users.Where(...)</c>, <c>connection.CreateCommand()</c>).
        /// </summary>
        private bool IsOwnOrHandedIn(IOperation value, int depth = 0)
        {
            if (depth > 24) return false; // a chain of composing calls this long is not worth proving
            value = value.WithoutConversions();
            switch (value)
            {
                case IParameterReferenceOperation parameter:
                    return !IsCapturedPrimaryConstructorParameter(parameter);
                case IInstanceReferenceOperation _:
                    return true;
                case ILocalReferenceOperation local:
                    return IsOwnLocal(local, depth);
                case IAwaitOperation await:
                    return IsOwnOrHandedIn(await.Operation, depth + 1);
                case ITranslatedQueryOperation query:
                    return IsOwnOrHandedIn(query.Operation, depth + 1);
                case IObjectCreationOperation creation:
                    foreach (IArgumentOperation argument in creation.Arguments)
                    {
                        if (IsDataHandleType(argument.Value.WithoutConversions().Type) && !IsOwnOrHandedIn(argument.Value, depth + 1)) return false;
                    }

                    return true;
                case IPropertyReferenceOperation property:
                    if (property.Instance == null) return !IsDataHandleType(property.Type);
                    if (property.Instance is IInstanceReferenceOperation self) return !IsDataHandleType(property.Type) || IsDataHandleType(self.Type);
                    return IsOwnOrHandedIn(property.Instance, depth + 1);
                case IFieldReferenceOperation _:
                    return false;
                case IInvocationOperation invocation:
                    return IsOwnCreatingCall(invocation, depth);
                default:
                    return false;
            }
        }

        private bool IsOwnCreatingCall(IInvocationOperation invocation, int depth)
        {
            IMethodSymbol method = invocation.TargetMethod;
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            if ((name == "CreateDbContext" || name == "CreateDbContextAsync") && type.IsOrImplements(_types.DbContextFactoryOfT)) return true;
            if ((name == "OpenConnection" || name == "OpenConnectionAsync" || name == "CreateConnection") && type.InheritsFromOrEquals(_types.DbDataSource))
                return true;
            if (name == "GetRequiredService" || name == "GetService")
                return invocation.GetReceiver() is { } provider && IsScopeProvider(provider);

            // Building on a handle of its own: db.Set<T>(), query.Where(...), connection.CreateCommand().
            IOperation? receiver = invocation.GetReceiver();
            if (receiver != null && IsDataHandleType(receiver.WithoutConversions().Type))
            {
                if (!IsOwnOrHandedIn(receiver, depth + 1)) return false;
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (ReferenceEquals(argument.Value, receiver)) continue;
                    if (IsDataHandleType(argument.Value.WithoutConversions().Type) && !IsOwnOrHandedIn(argument.Value, depth + 1)) return false;
                }

                return true;
            }

            // A source helper: GetDatabaseContext(scope) over a scope of its own, or a factory that returns new.
            return IsSourceFactory(invocation, depth);
        }

        /// <summary><c>scope.ServiceProvider</c> of a scope the method creates (<c>CreateScope()</c>/<c>CreateAsyncScope()</c>).</summary>
        private bool IsScopeProvider(IOperation provider)
        {
            provider = provider.WithoutConversions();
            if (!(provider is IPropertyReferenceOperation { Property: { Name: "ServiceProvider" } } property) || property.Instance == null) return false;
            return IsOwnScope(property.Instance);
        }

        private bool IsOwnScope(IOperation scope)
        {
            scope = scope.WithoutConversions();
            if (scope is IParameterReferenceOperation parameter)
                return parameter.Type.IsOrImplements(_types.IServiceScope) || parameter.Type.IsType(_types.AsyncServiceScope);
            if (!(scope is ILocalReferenceOperation local)) return false;
            IOperation? initializer = SingleValue(local);
            return initializer?.WithoutConversions() is IInvocationOperation { TargetMethod: { Name: "CreateScope" or "CreateAsyncScope" } };
        }

        /// <summary>
        /// A source method that returns a data handle made for the call: every return is <c>new</c>, an own creation,
        /// or a service resolved from a scope parameter the caller created (<c>GetDatabaseContext(scope)</c>).
        /// </summary>
        private bool IsSourceFactory(IInvocationOperation invocation, int depth)
        {
            IMethodSymbol method = IoSummaries.Normalize(invocation.TargetMethod);
            if (!_summaries.IsSourceMethod(method) && method.ContainingType.TypeKind != TypeKind.Interface && !method.IsAbstract) return false;
            ImmutableArray<IMethodSymbol> bodies = _summaries.DispatchTargets(method, invocation.Instance);
            if (bodies.IsEmpty) return false;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                ITypeSymbol? type = argument.Value.WithoutConversions().Type;
                bool isScope = type.IsOrImplements(_types.IServiceScope) || type.IsType(_types.AsyncServiceScope);
                if (isScope && !IsOwnScope(argument.Value)) return false;
                if (IsDataHandleType(type) && !IsOwnOrHandedIn(argument.Value, depth + 1)) return false;
            }

            foreach (IMethodSymbol body in bodies)
            {
                if (!ReturnsOwnHandles(body, depth)) return false;
            }

            return true;
        }

        private bool ReturnsOwnHandles(IMethodSymbol method, int depth)
        {
            bool any = false;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode node = reference.GetSyntax();
#pragma warning disable RS1030 // One helper's body, to prove it returns a handle made per call.
                IOperation? body = _summaries.Compilation.GetSemanticModel(node.SyntaxTree).GetOperation(node);
#pragma warning restore RS1030
                if (body == null) return false;
                var pending = new Stack<IOperation>();
                pending.Push(body);
                while (pending.Count > 0)
                {
                    IOperation operation = pending.Pop();
                    if (operation is IReturnOperation { ReturnedValue: { } returned })
                    {
                        any = true;
                        if (!IsOwnOrHandedIn(returned, depth + 1)) return false;
                        continue;
                    }

                    if (operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation) continue;
                    foreach (IOperation child in operation.ChildOperations) pending.Push(child);
                }
            }

            return any;
        }

        private bool IsOwnLocal(ILocalReferenceOperation reference, int depth)
        {
            // A local assigned from itself (query = query.Where(...)) is own when every other value is.
            HashSet<ILocalSymbol> visiting = _visitingLocals.Value!;
            if (!visiting.Add(reference.Local)) return true;
            try
            {
                List<IOperation>? values = Values(reference);
                if (values == null || values.Count == 0) return false;
                foreach (IOperation value in values)
                {
                    if (!IsOwnOrHandedIn(value, depth + 1)) return false;
                }

                return true;
            }
            finally
            {
                visiting.Remove(reference.Local);
            }
        }

        /// <summary>The value a local is initialized with, when nothing assigns it afterwards.</summary>
        private static IOperation? SingleValue(ILocalReferenceOperation reference)
        {
            List<IOperation>? values = Values(reference);
            return values != null && values.Count == 1 ? values[0] : null;
        }

        /// <summary>Every value a local is given (initializer and assignments); null when it is also passed by reference.</summary>
        private static List<IOperation>? Values(ILocalReferenceOperation reference)
        {
            ILocalSymbol local = reference.Local;
            var values = new List<IOperation>();
            var pending = new Stack<IOperation>();
            pending.Push(reference.OperationRoot());
            while (pending.Count > 0)
            {
                IOperation operation = pending.Pop();
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        IVariableInitializerOperation? initializer = declarator.Initializer
                            ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer != null) values.Add(initializer.Value);
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        if (!(assignment is ISimpleAssignmentOperation)) return null;
                        values.Add(assignment.Value);
                        break;
                    case IArgumentOperation { Value: ILocalReferenceOperation passed } argument
                        when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out
                        && SymbolEqualityComparer.Default.Equals(passed.Local, local):
                        return null;
                }

                foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            }

            return values;
        }

        private static bool StartsWithAny(string name, string[] prefixes)
        {
            foreach (string prefix in prefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
            }

            return false;
        }

        private sealed class LocalFacts
        {
            public static readonly LocalFacts Unsafe = new LocalFacts(false, ImmutableArray<IMethodSymbol>.Empty);

            public LocalFacts(bool safe, ImmutableArray<IMethodSymbol> callees)
            {
                Safe = safe;
                Callees = callees;
            }

            public bool Safe { get; }
            public ImmutableArray<IMethodSymbol> Callees { get; }
        }
    }
}

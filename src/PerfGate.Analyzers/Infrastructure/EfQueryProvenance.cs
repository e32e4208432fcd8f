using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>Where a query value comes from, as far as one method body can prove it.</summary>
    internal enum QueryProvenance
    {
        /// <summary>Not a query (an in-memory collection, a constant, ...).</summary>
        None,

        /// <summary>Might be an EF Core query, but its origin is outside this method (parameter, field, unknown method): stay silent.</summary>
        Ambiguous,

        /// <summary>Proven to be an EF Core query rooted at a DbContext.</summary>
        Proven,
    }

    /// <summary>
    /// Proves that an expression is an EF Core query. A query is proven when its receiver chain, through
    /// composing (non-executing) query operators, starts at
    /// <list type="bullet">
    /// <item>a <c>DbSet&lt;T&gt;</c> property or field read on an expression whose type derives from <c>DbContext</c>,</item>
    /// <item><c>DbContext.Set&lt;T&gt;()</c> on such an expression,</item>
    /// <item>a navigation query: <c>Query()</c> on an EF <c>CollectionEntry</c>/<c>ReferenceEntry</c>,</item>
    /// <item>a local whose every assignment in the method is itself proven.</item>
    /// </list>
    /// Anything else of query type (parameters, fields, calls of other methods) is ambiguous.
    /// One instance per compilation: <see cref="For"/>.
    /// </summary>
    internal sealed partial class EfQueryProvenance
    {
        private readonly INamedTypeSymbol _dbContext;
        private readonly INamedTypeSymbol _dbSet;
        private readonly INamedTypeSymbol? _navigationEntry;
        private readonly INamedTypeSymbol? _iqueryable;
        private readonly INamedTypeSymbol? _queryable;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly HashSet<INamedTypeSymbol> _efQueryExtensions;

        private readonly Compilation _compilation;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _queryTypes =
            new System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _contextInterfaces =
            new System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, QueryProvenance> _fields =
            new System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, QueryProvenance>(SymbolEqualityComparer.Default);

        [System.ThreadStatic]
        private static HashSet<IFieldSymbol>? t_visitingFields;

        private static readonly ConditionalWeakTable<Compilation, Holder> s_instances = new ConditionalWeakTable<Compilation, Holder>();

        private EfQueryProvenance(Compilation compilation, WellKnownTypes types, INamedTypeSymbol dbContext, INamedTypeSymbol dbSet)
        {
            _compilation = compilation;
            _dbContext = dbContext;
            _dbSet = dbSet;
            _navigationEntry = types.NavigationEntry;
            _iqueryable = types.IQueryable;
            _queryable = types.Queryable;
            _enumerable = types.Enumerable;
            _efQueryExtensions = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (INamedTypeSymbol? type in new[] { types.EntityFrameworkQueryableExtensions, types.RelationalQueryableExtensions })
            {
                if (type != null) _efQueryExtensions.Add(type);
            }
        }

        /// <summary>
        /// The compilation's one instance (with its cache of proven fields), shared by every rule and engine; null when the
        /// compilation does not reference EF Core: nothing can be proven, analyzers bail out.
        /// </summary>
        public static EfQueryProvenance? For(Compilation compilation) => s_instances.GetValue(compilation, c => new Holder(Create(c))).Provenance;

        private static EfQueryProvenance? Create(Compilation compilation)
        {
            WellKnownTypes types = WellKnownTypes.For(compilation);
            INamedTypeSymbol? dbContext = types.DbContext;
            INamedTypeSymbol? dbSet = types.DbSetOfT;
            return dbContext == null || dbSet == null ? null : new EfQueryProvenance(compilation, types, dbContext, dbSet);
        }

        private sealed class Holder
        {
            public Holder(EfQueryProvenance? provenance) => Provenance = provenance;

            public EfQueryProvenance? Provenance { get; }
        }

        public INamedTypeSymbol DbContext => _dbContext;

        /// <summary>
        /// A <c>DbContext</c>, or an interface declared in this compilation whose every implementing class here is one (the
        /// <c>IApplicationDbContext</c> of Clean Architecture templates, Ombi's <c>IOmbiContext</c>): its <c>DbSet</c> properties are the
        /// context's. One implementation that is not a context (BaGetter's <c>NullContext : IContext</c>), or none here, leaves it unknown.
        /// </summary>
        public bool IsDbContext(ITypeSymbol? type) =>
            type.InheritsFromOrEquals(_dbContext) || (type is INamedTypeSymbol { TypeKind: TypeKind.Interface } contract && IsContextInterface(contract));

        /// <summary>
        /// The context class whose model configures queries through <paramref name="type"/>: the type itself for a <c>DbContext</c>, the one
        /// implementing class for a context interface (null when several implement it: their models may differ).
        /// </summary>
        public INamedTypeSymbol? ContextClass(ITypeSymbol? type)
        {
            if (type.InheritsFromOrEquals(_dbContext)) return type as INamedTypeSymbol;
            if (!(type is INamedTypeSymbol { TypeKind: TypeKind.Interface } contract) || !IsContextInterface(contract)) return null;
            IReadOnlyList<INamedTypeSymbol> classes = IoSummaries.For(_compilation).ImplementingClasses(contract);
            return classes.Count == 1 ? classes[0] : null;
        }

        private bool IsContextInterface(INamedTypeSymbol contract) =>
            _contextInterfaces.GetOrAdd(contract.OriginalDefinition, type =>
            {
                IReadOnlyList<INamedTypeSymbol> classes = IoSummaries.For(_compilation).ImplementingClasses((INamedTypeSymbol)type);
                if (classes.Count == 0) return false;
                foreach (INamedTypeSymbol implementation in classes)
                {
                    if (!implementation.InheritsFromOrEquals(_dbContext)) return false;
                }

                return true;
            });

        public bool IsNavigationEntry(ITypeSymbol? type) => type.InheritsFromOrEquals(_navigationEntry);

        public bool IsDbSetMethod(IMethodSymbol method) => method.ContainingType.IsType(_dbSet);

        /// <summary><c>SaveChanges</c>, <c>Add</c>, <c>Entry</c>, … called on a DbContext or a DbSet.</summary>
        public bool IsUnitOfWorkCall(IInvocationOperation invocation) =>
            EfApi.UnitOfWorkCalls.Contains(invocation.TargetMethod.Name)
            && (IsDbContext(invocation.Instance?.Type) || (invocation.Instance != null && IsDbSetMethod(invocation.TargetMethod)));

        public QueryProvenance Classify(IOperation operation) => Classify(operation, visiting: null);

        /// <summary>
        /// Lenient, for I/O summaries only: proven, or rooted (through composing operators) at any
        /// <c>DbSet&lt;T&gt;</c>-typed expression (a repository's <c>_set</c> field). A DbSet is EF Core
        /// wherever it comes from; loop rules keep using <see cref="Classify(IOperation)"/>.
        /// </summary>
        public bool IsEfQuery(IOperation operation)
        {
            if (Classify(operation) == QueryProvenance.Proven) return true;
            IOperation current = operation.WithoutConversions();
            while (current is IInvocationOperation invocation && IsComposingOperator(invocation.TargetMethod))
            {
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null) return false;
                current = receiver.WithoutConversions();
            }

            return current.Type.IsType(_dbSet);
        }

        /// <summary>The operators between <paramref name="operation"/> and its query root, outermost first (<c>Take</c>, <c>OrderBy</c>, <c>Where</c>,
        /// ...).</summary>
        public List<IInvocationOperation> ComposingChain(IOperation operation)
        {
            var chain = new List<IInvocationOperation>();
            IOperation current = operation.WithoutConversions();
            while (current is IInvocationOperation invocation && IsComposingOperator(invocation.TargetMethod))
            {
                chain.Add(invocation);
                IOperation? receiver = invocation.GetReceiver();
                if (receiver == null) break;
                current = receiver.WithoutConversions();
            }

            return chain;
        }

        public bool IsQueryable(ITypeSymbol? type) => IsQueryType(type);

        private QueryProvenance Classify(IOperation operation, HashSet<ILocalSymbol>? visiting)
        {
            operation = operation.WithoutConversions();
            switch (operation)
            {
                case IPropertyReferenceOperation property when property.Type.IsType(_dbSet):
                    if (IsDbContext(property.Instance?.Type)) return QueryProvenance.Proven;
                    return ReturnedBy(property).Provenance;

                case IPropertyReferenceOperation property when IsQueryType(property.Type):
                    return ReturnedBy(property).Provenance;

                case IFieldReferenceOperation field when field.Type.IsType(_dbSet):
                    if (IsDbContext(field.Instance?.Type)) return QueryProvenance.Proven;
                    return ClassifyReadonlyField(field.Field);

                case IInvocationOperation invocation:
                    return ClassifyInvocation(invocation, visiting);

                case ILocalReferenceOperation local:
                    return ClassifyLocal(local, visiting);

                case ITranslatedQueryOperation query:
                    // from o in db.Orders where ... select o: the translated method calls.
                    return Classify(query.Operation, visiting);

                case IConditionalOperation conditional when conditional.WhenFalse != null:
                    return Min(Classify(conditional.WhenTrue, visiting), Classify(conditional.WhenFalse, visiting));

                default:
                    return IsQueryType(operation.Type) ? QueryProvenance.Ambiguous : QueryProvenance.None;
            }
        }

        /// <summary>
        /// A <c>readonly</c> <c>DbSet&lt;T&gt;</c> field of a source type (a repository's <c>_orders</c>) is proven when
        /// every value it can hold, from its initializer and the type's constructors, is proven
        /// (<c>_orders = context.Orders</c>, <c>= context.Set&lt;Order&gt;()</c>); otherwise ambiguous.
        /// </summary>
        private QueryProvenance ClassifyReadonlyField(IFieldSymbol field)
        {
            field = field.OriginalDefinition;
            if (!field.IsReadOnly || field.DeclaringSyntaxReferences.IsEmpty
                || !SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly))
                return QueryProvenance.Ambiguous;
            if (_fields.TryGetValue(field, out QueryProvenance cached)) return cached;

            HashSet<IFieldSymbol> visiting = t_visitingFields ??= new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            if (!visiting.Add(field)) return QueryProvenance.Ambiguous;
            try
            {
                QueryProvenance result = ClassifyFieldValues(field);
                return _fields.GetOrAdd(field, result);
            }
            finally
            {
                visiting.Remove(field);
            }
        }

        private QueryProvenance ClassifyFieldValues(IFieldSymbol field) => ClassifyStoredValues(field, field.IsStatic, field.ContainingType);

        /// <summary>
        /// Every value a <c>readonly</c> field or a get-only auto-property of a source type can hold: its initializer and the
        /// assignments in the type's constructors, each proven; ambiguous when one is not, or when nothing assigns it.
        /// </summary>
        private QueryProvenance ClassifyStoredValues(ISymbol member, bool isStatic, INamedTypeSymbol containingType)
        {
            bool assigned = false;
            QueryProvenance result = QueryProvenance.Proven;
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                SyntaxNode? initializerSyntax = reference.GetSyntax() switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax declarator => declarator.Initializer,
                    Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => property.Initializer,
                    _ => null,
                };
                if (initializerSyntax == null) continue;
#pragma warning disable RS1030 // The member's initializer lives outside the method being analyzed; the compiler's cached model is returned.
                SemanticModel model = _compilation.GetSemanticModel(initializerSyntax.SyntaxTree);
#pragma warning restore RS1030
                if (!(model.GetOperation(initializerSyntax) is ISymbolInitializerOperation initializer)) return QueryProvenance.Ambiguous;
                assigned = true;
                result = Min(result, Classify(initializer.Value));
            }

            foreach (IMethodSymbol constructor in isStatic ? containingType.StaticConstructors : containingType.InstanceConstructors)
            {
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // As above: a constructor of the member's type.
                    SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                    IOperation? body = model.GetOperation(syntax);
                    if (body == null) continue;
                    foreach (IOperation node in body.Descendants())
                    {
                        if (node is IAssignmentOperation assignment && IsMember(assignment.Target, member))
                        {
                            if (!(assignment is ISimpleAssignmentOperation)) return QueryProvenance.Ambiguous;
                            assigned = true;
                            result = Min(result, Classify(assignment.Value));
                        }
                        else if (node is IArgumentOperation argument && argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref
                            && IsMember(argument.Value, member))
                        {
                            return QueryProvenance.Ambiguous;
                        }
                    }
                }
            }

            return assigned ? result : QueryProvenance.Ambiguous;
        }

        private static bool IsMember(IOperation operation, ISymbol member) => operation switch
        {
            IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field.OriginalDefinition, member),
            IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, member),
            _ => false,
        };

        private QueryProvenance ClassifyInvocation(IInvocationOperation invocation, HashSet<ILocalSymbol>? visiting)
        {
            IMethodSymbol method = invocation.TargetMethod;

            // context.Set<T>()
            if (method.Name == "Set" && method.ContainingType.IsType(_dbContext) && IsDbContext(invocation.Instance?.Type))
                return QueryProvenance.Proven;

            // context.Entry(x).Collection(e => e.Lines).Query() / .Reference(...).Query()
            if (method.Name == "Query" && IsNavigationEntry(method.ContainingType))
                return QueryProvenance.Proven;

            // Composing operators keep the query un-executed: follow their source.
            if (IsComposingOperator(method))
            {
                IOperation? source = invocation.GetReceiver();
                return source == null ? QueryProvenance.Ambiguous : Classify(source, visiting);
            }

            if (!IsQueryType(invocation.Type)) return QueryProvenance.None;

            // A repository's Query(), a query helper, or a helper composing the query it was given.
            ReturnedQuery returned = ReturnedBy(invocation);
            if (returned.PassedThroughParameter >= 0)
            {
                IOperation? passed = ArgumentFor(invocation, returned.PassedThroughParameter);
                return passed == null ? QueryProvenance.Ambiguous : Classify(passed, visiting);
            }

            return returned.Provenance;
        }

        /// <summary>
        /// An operator that returns a still-deferred sequence: every <c>Queryable</c>/EF extension returning
        /// <c>IQueryable</c> (Where, Select, Include, AsNoTracking, Skip, Take, ...), and
        /// <c>AsEnumerable</c>/<c>AsQueryable</c>, which change the static type but not the query.
        /// </summary>
        public bool IsComposingOperator(IMethodSymbol method)
        {
            // DbSet<T>.AsQueryable() (an instance method since EF Core 5): the same query.
            if (method.Name == "AsQueryable" && !method.IsStatic && method.ContainingType.IsType(_dbSet)) return true;
            if (!method.IsExtensionMethod && !method.IsStatic) return false;
            INamedTypeSymbol containingType = method.ContainingType;
            if (containingType.IsType(_queryable) || _efQueryExtensions.Contains(containingType.OriginalDefinition))
                return IsQueryType(method.ReturnType);
            if (containingType.IsType(_enumerable))
                return method.Name == "AsEnumerable";
            return false;
        }

        private QueryProvenance ClassifyLocal(ILocalReferenceOperation reference, HashSet<ILocalSymbol>? visiting)
        {
            ILocalSymbol local = reference.Local;
            if (local.IsRef) return QueryProvenance.Ambiguous;
            if (visiting != null && visiting.Contains(local))
            {
                // q = q.Where(...): a self-derived assignment is as proven as q's other assignments.
                return QueryProvenance.Proven;
            }

            IOperation root = reference.OperationRoot();

            visiting ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            visiting.Add(local);
            try
            {
                QueryProvenance result = QueryProvenance.Proven;
                bool assigned = false;
                foreach (IOperation descendant in root.Descendants())
                {
                    IOperation? value = null;
                    switch (descendant)
                    {
                        case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                            value = declarator.GetVariableInitializer()?.Value;
                            if (value == null) continue; // declared here, assigned elsewhere
                            break;
                        case ISimpleAssignmentOperation assignment when IsLocal(assignment.Target, local):
                            value = assignment.Value;
                            break;
                        case IAssignmentOperation assignment when IsLocal(assignment.Target, local):
                            return QueryProvenance.Ambiguous; // compound or ??= assignment
                        case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref
                            && IsLocal(argument.Value, local):
                            return QueryProvenance.Ambiguous;
                        case IForEachLoopOperation loop when DeclaresLocal(loop, local):
                            return QueryProvenance.Ambiguous; // the iteration variable of a loop
                        case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                            return QueryProvenance.Ambiguous; // x is IQueryable<T> q
                        case IDeclarationExpressionOperation _:
                        case IDeconstructionAssignmentOperation _:
                            if (ContainsLocal(descendant, local)) return QueryProvenance.Ambiguous;
                            continue;
                        default:
                            continue;
                    }

                    assigned = true;
                    result = Min(result, Classify(value, visiting));
                    if (result != QueryProvenance.Proven) return result;
                }

                return assigned ? result : QueryProvenance.Ambiguous;
            }
            finally
            {
                visiting.Remove(local);
            }
        }

        private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
            operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

        private static bool DeclaresLocal(IForEachLoopOperation loop, ILocalSymbol local)
        {
            foreach (ILocalSymbol declared in loop.Locals)
            {
                if (SymbolEqualityComparer.Default.Equals(declared, local)) return true;
            }

            return false;
        }

        private static bool ContainsLocal(IOperation operation, ILocalSymbol local)
        {
            foreach (IOperation descendant in operation.DescendantsAndSelf())
            {
                if (IsLocal(descendant, local)) return true;
            }

            return false;
        }

        private bool IsQueryType(ITypeSymbol? type)
        {
            if (type == null || _iqueryable == null) return false;
            // Asked for nearly every operand; no special type (primitives, string, IEnumerable<T>, ...) is a query.
            if (type.SpecialType != SpecialType.None) return false;
            if (type.IsType(_iqueryable)) return true;
            return _queryTypes.GetOrAdd(type, ImplementsQueryable); // AllInterfaces copies its array on each read
        }

        private bool ImplementsQueryable(ITypeSymbol type)
        {
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (implemented.IsType(_iqueryable)) return true;
            }

            return false;
        }

        private static QueryProvenance Min(QueryProvenance left, QueryProvenance right)
        {
            // Proven only when both are proven; otherwise the weaker (ambiguous beats none: it may be a query).
            if (left == QueryProvenance.Proven && right == QueryProvenance.Proven) return QueryProvenance.Proven;
            if (left == QueryProvenance.Ambiguous || right == QueryProvenance.Ambiguous) return QueryProvenance.Ambiguous;
            return QueryProvenance.None;
        }
    }
}

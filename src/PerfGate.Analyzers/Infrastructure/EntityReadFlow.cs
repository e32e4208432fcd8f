using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Proves that loaded entities are only read: every use of a value that carries entities (the entities, a list of them, a
    /// grouping, an anonymous object holding one) reads scalar members, tests, interpolates, or hands the value on to
    /// something proven to read it: LINQ to objects whose lambdas and method groups only read, a method or constructor whose
    /// parameter is only read (inter-procedural, through interface dispatch when every implementation only reads), AutoMapper's
    /// <c>Map</c> (as the source), a JSON serializer, an ASP.NET result helper, a cache entry's factory, or a request handler's
    /// response. Anything else (stored, returned to an unknown caller, passed to an unknown method, written) is not a proof.
    /// One instance per compilation: the per-parameter proofs are cached.
    /// </summary>
    internal sealed class EntityReadFlow
    {
        private const int MaxDepth = 4;

        private static readonly ConditionalWeakTable<Compilation, EntityReadFlow> s_instances = new ConditionalWeakTable<Compilation, EntityReadFlow>();

        private static readonly HashSet<string> ResultHelpers = EfApi.Set("Ok", "Json", "View", "PartialView", "Content", "Created", "Accepted",
            "CreatedAtAction", "CreatedAtRoute", "AcceptedAtAction");

        private static readonly HashSet<string> CacheFactoryMethods = EfApi.Set("GetCache", "GetOrAdd", "GetOrAddAsync", "GetOrSet", "GetOrSetAsync");

        private readonly Compilation _compilation;
        private readonly EfQueryProvenance _ef;
        private readonly EfEntityModel _entities;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly INamedTypeSymbol? _lambdaExpression;
        private readonly ConcurrentDictionary<(IMethodSymbol, int, ITypeSymbol, bool), bool> _parameters =
            new ConcurrentDictionary<(IMethodSymbol, int, ITypeSymbol, bool), bool>();

        [System.ThreadStatic]
        private static HashSet<(IMethodSymbol, int, ITypeSymbol, bool)>? t_visiting;

        private EntityReadFlow(Compilation compilation, EfQueryProvenance ef)
        {
            _compilation = compilation;
            _ef = ef;
            _entities = EfEntityModel.For(compilation, ef);
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _enumerable = types.Enumerable;
            _lambdaExpression = types.LambdaExpression;
        }

        public static EntityReadFlow For(Compilation compilation, EfQueryProvenance ef) => s_instances.GetValue(compilation, c => new EntityReadFlow(c, ef));

        /// <summary>
        /// Every use of the value <paramref name="value"/> produces, entities of <paramref name="entity"/> or sequences of them, only reads it.
        /// <paramref name="owner"/> is the method whose body holds it; <paramref name="ownerIsHandler"/>: a value it returns is serialized.
        /// </summary>
        /// <paramref name="detached"/>: the entities come from a context the method creates and disposes, so handing them to another object's
        /// member (<c>dto.UserData = entity.UserData</c>) cannot lead to a save through that context.
        public bool IsOnlyRead(IOperation value, ITypeSymbol entity, IMethodSymbol owner, bool ownerIsHandler, bool detached = false) =>
            IsOnlyRead(value, new Scope(entity, owner, ownerIsHandler, 0, detached));

        private readonly struct Scope
        {
            public Scope(ITypeSymbol entity, IMethodSymbol owner, bool ownerIsHandler, int depth, bool detached)
            {
                Entity = entity;
                Owner = owner;
                OwnerIsHandler = ownerIsHandler;
                Depth = depth;
                Detached = detached;
            }

            public ITypeSymbol Entity { get; }

            public IMethodSymbol Owner { get; }

            public bool OwnerIsHandler { get; }

            public int Depth { get; }

            public bool Detached { get; }
        }

        private bool IsOnlyRead(IOperation value, Scope scope)
        {
            IOperation use = value;
            while (use.Parent is IConversionOperation || use.Parent is IAwaitOperation || use.Parent is IParenthesizedOperation) use = use.Parent;
            IOperation? parent = use.Parent;
            switch (parent)
            {
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                    return IsMemberRead(property, scope);
                case IFieldReferenceOperation field when ReferenceEquals(field.Instance, use):
                    return IsMemberRead(field, scope);
                case IConditionalAccessOperation access when ReferenceEquals(access.Operation, use):
                    return ConditionalAccessOnlyReads(access, scope);
                case INameOfOperation _: // a compile-time name: nothing runs
                case IBinaryOperation _:
                case IIsPatternOperation _:
                case IIsTypeOperation _:
                case IInterpolationOperation _:
                case ICoalesceOperation coalesce when ReferenceEquals(coalesce.Value, use) && !CarriesEntity(coalesce.Type, scope):
                    return true;
                case IForEachLoopOperation loop when ReferenceEquals(loop.Collection, use):
                    return loop.LoopControlVariable is IVariableDeclaratorOperation variable && LocalOnlyRead(variable.Symbol, loop, scope);
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    return LocalOnlyRead(declarator.Symbol, declarator, scope);
                case IArgumentOperation argument:
                    return ArgumentOnlyRead(argument, scope);
                case IReturnOperation returned:
                    return ReturnOnlyRead(returned, scope);
                case IInvocationOperation call when ReferenceEquals(call.Instance, use):
                    // A method of the value itself: List<T>.Count-like reads of collections, nothing else.
                    return call.TargetMethod.Name is "GetEnumerator" or "Contains" or "IndexOf" or "ContainsKey" or "TryGetValue"
                        && !call.TargetMethod.ContainingType.IsType(scope.Entity as INamedTypeSymbol);
                case IArrayElementReferenceOperation element when ReferenceEquals(element.ArrayReference, use):
                    return IsOnlyRead(element, scope);
                case ISimpleAssignmentOperation stored when scope.Detached && ReferenceEquals(stored.Value, use)
                    && stored.Target is IMemberReferenceOperation { Instance: IOperation holder } && !CarriesEntity(holder.Type, scope):
                    return true; // kept by a DTO or view model: nothing can save it through the disposed context
                default:
                    return false;
            }
        }

        private bool IsMemberRead(IMemberReferenceOperation member, Scope scope)
        {
            IOperation use = member;
            while (use.Parent is IConversionOperation) use = use.Parent;
            if (use.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, use)) return false;
            if (use.Parent is IArgumentOperation argument && argument.Parameter?.RefKind != RefKind.None) return false;
            if (use.Parent is IIncrementOrDecrementOperation) return false;
            // A navigation or a collection of entities: its uses must read too. A scalar read is a read.
            return !CarriesEntity(member.Type, scope) || IsOnlyRead(member, scope);
        }

        private bool ConditionalAccessOnlyReads(IConditionalAccessOperation access, Scope scope)
        {
            foreach (IOperation node in access.WhenNotNull.DescendantsAndSelf())
            {
                if (node is IConditionalAccessInstanceOperation instance && !IsOnlyRead(instance, scope)) return false;
            }

            return !CarriesEntity(access.Type, scope) || IsOnlyRead(access, scope);
        }

        private bool LocalOnlyRead(ILocalSymbol local, IOperation anchor, Scope scope)
        {
            if (local.IsRef) return false;
            foreach (IOperation node in anchor.OperationRoot().Descendants())
            {
                if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsAssignmentTarget(reference) && !IsOnlyRead(reference, scope))
                    return false;
            }

            return true;
        }

        private static bool IsAssignmentTarget(IOperation reference) =>
            reference.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);

        private bool ReturnOnlyRead(IReturnOperation returned, Scope scope)
        {
            for (IOperation? current = returned.Parent; current != null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation) return false;
                if (!(current is IAnonymousFunctionOperation lambda)) continue;
                // The lambda's value: a LINQ operator's projection (its result is followed there), or a cache entry's value.
                IOperation outer = lambda;
                while (outer.Parent is IDelegateCreationOperation || outer.Parent is IConversionOperation) outer = outer.Parent;
                if (!(outer.Parent is IArgumentOperation argument) || !(argument.Parent is IInvocationOperation call)) return false;
                if (IsLinqToObjects(call.TargetMethod)) return !CarriesEntity(call.Type, scope) || IsOnlyRead(call, scope);
                return IsCacheFactory(call.TargetMethod);
            }

            // The method's own return: serialized when the method is a request handler; otherwise it escapes to callers.
            return scope.OwnerIsHandler && scope.Depth == 0;
        }

        private bool ArgumentOnlyRead(IArgumentOperation argument, Scope scope)
        {
            if (argument.Parameter == null || argument.Parameter.RefKind != RefKind.None) return false;
            switch (argument.Parent)
            {
                case IInvocationOperation call:
                {
                    IMethodSymbol method = call.TargetMethod;
                    if (IsLinqToObjects(method))
                        return argument.Parameter.Ordinal == 0 && LinqOnlyReads(call, scope);
                    if (IsResultHelper(method) || IsWellKnownReader(method, argument.Parameter)) return true;
                    if (call.Instance != null && _ef.IsDbContext(call.Instance.Type)) return false; // Attach, Update, Entry, ...
                    return ParameterOnlyRead(method, argument.Parameter.Ordinal, call.Instance, scope);
                }

                case IObjectCreationOperation creation when creation.Constructor != null:
                    return ParameterOnlyRead(creation.Constructor, argument.Parameter.Ordinal, null, scope);
                default:
                    return false;
            }
        }

        /// <summary>LINQ to objects over a source carrying entities: its lambdas and method groups only read; its result, when it carries entities,
        /// too.</summary>
        private bool LinqOnlyReads(IInvocationOperation call, Scope scope)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0) continue;
                IOperation value = argument.Value.WithoutConversions();
                if (value is IDelegateCreationOperation creation) value = creation.Target;
                switch (value)
                {
                    case IAnonymousFunctionOperation lambda:
                        foreach (IParameterSymbol parameter in lambda.Symbol.Parameters)
                        {
                            if (!CarriesEntity(parameter.Type, scope)) continue;
                            foreach (IOperation node in lambda.Body.Descendants())
                            {
                                if (node is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)
                                    && !IsOnlyRead(reference, scope))
                                    return false;
                            }
                        }

                        break;
                    case IMethodReferenceOperation group:
                        for (int i = 0; i < group.Method.Parameters.Length; i++)
                        {
                            if (CarriesEntity(group.Method.Parameters[i].Type, scope)
                                && !ParameterOnlyRead(group.Method, i, group.Instance, scope)) return false;
                        }

                        break;
                }
            }

            return !CarriesEntity(call.Type, scope) || IsOnlyRead(call, scope);
        }

        /// <summary>The parameter is only read by every implementation the call may reach (source methods only).</summary>
        private bool ParameterOnlyRead(IMethodSymbol method, int ordinal, IOperation? receiver, Scope scope)
        {
            if (scope.Depth >= MaxDepth) return false;
            IoSummaries summaries = IoSummaries.For(_compilation);
            method = IoSummaries.Normalize(method);
            System.Collections.Immutable.ImmutableArray<IMethodSymbol> targets = summaries.DispatchTargets(method, receiver);
            if (targets.IsEmpty) return false;
            foreach (IMethodSymbol target in targets)
            {
                if (!ParameterOfBodyOnlyRead(target, ordinal, scope)) return false;
            }

            return true;
        }

        private bool ParameterOfBodyOnlyRead(IMethodSymbol method, int ordinal, Scope scope)
        {
            var key = (method, ordinal, scope.Entity, scope.Detached);
            if (_parameters.TryGetValue(key, out bool cached)) return cached;
            HashSet<(IMethodSymbol, int, ITypeSymbol, bool)> visiting = t_visiting ??= new HashSet<(IMethodSymbol, int, ITypeSymbol, bool)>();
            if (!visiting.Add(key)) return false; // recursion: no proof
            bool result;
            try
            {
                result = ComputeParameterOnlyRead(method, ordinal, scope);
            }
            finally
            {
                visiting.Remove(key);
            }

            // Proofs do not depend on the caller except through depth; keep what was proven with room to spare.
            return scope.Depth == 0 || result ? _parameters.GetOrAdd(key, result) : result;
        }

        private bool ComputeParameterOnlyRead(IMethodSymbol method, int ordinal, Scope scope)
        {
            if (ordinal >= method.Parameters.Length || method.DeclaringSyntaxReferences.IsEmpty) return false;
            IParameterSymbol parameter = method.Parameters[ordinal];
            if (parameter.RefKind != RefKind.None) return false;
            var inner = new Scope(scope.Entity, method, ownerIsHandler: false, scope.Depth + 1, scope.Detached);
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // The callee's body lives outside the analyzed method; inside the compiler the cached model is returned.
                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                IOperation? body = model.GetOperation(syntax);
                if (body == null) return false;
                foreach (IOperation node in body.DescendantsAndSelf())
                {
                    if (node is IParameterReferenceOperation use && SymbolEqualityComparer.Default.Equals(use.Parameter.OriginalDefinition, parameter)
                        && !IsAssignmentTarget(use) && !IsOnlyRead(use, inner))
                        return false;
                    if (node is IAssignmentOperation assignment && assignment.Target is IParameterReferenceOperation target
                        && SymbolEqualityComparer.Default.Equals(target.Parameter.OriginalDefinition, parameter))
                        return false;
                }
            }

            return true;
        }

        private bool IsLinqToObjects(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            if (type.IsType(_enumerable)) return true;
            string? ns = type.ContainingNamespace?.ToDisplayString();
            // ToImmutableArray/List/Dictionary/HashSet and friends.
            return ns == "System.Collections.Immutable" && method.IsExtensionMethod && method.Name.StartsWith("ToImmutable", System.StringComparison.Ordinal);
        }

        private static bool IsResultHelper(IMethodSymbol method)
        {
            string? ns = method.ContainingNamespace?.ToDisplayString();
            return ns != null && ns.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) && ResultHelpers.Contains(method.Name);
        }

        /// <summary>AutoMapper's <c>Map</c> from the value (not onto it), JSON serializers, the BCL's null guards (mappers open with them).</summary>
        private static bool IsWellKnownReader(IMethodSymbol method, IParameterSymbol parameter)
        {
            string? ns = method.ContainingNamespace?.ToDisplayString();
            if (ns == "System" && method.Name == "ThrowIfNull") return method.ContainingType.Name == "ArgumentNullException";
            if (ns == "AutoMapper") return method.Name == "Map" && parameter.Name == "source";
            if (ns == "System.Text.Json") return method.ContainingType.Name == "JsonSerializer"
                && method.Name.StartsWith("Serialize", System.StringComparison.Ordinal);
            if (ns == "Newtonsoft.Json") return method.ContainingType.Name == "JsonConvert" && method.Name == "SerializeObject";
            return false;
        }

        private static bool IsCacheFactory(IMethodSymbol method) =>
            CacheFactoryMethods.Contains(method.Name) || method.Name.StartsWith("GetOrCreate", System.StringComparison.Ordinal);

        /// <summary>The type holds entities: the entity itself, a mapped entity type, or a sequence, grouping or anonymous object of them.</summary>
        private bool CarriesEntity(ITypeSymbol? type, Scope scope) => CarriesEntity(type, scope.Entity, 0);

        private bool CarriesEntity(ITypeSymbol? type, ITypeSymbol entity, int depth)
        {
            if (type == null || depth > 3) return false;
            if (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum) return false;
            if (SymbolEqualityComparer.Default.Equals(type, entity) || _entities.IsEntity(type)) return true;
            if (type is IArrayTypeSymbol array) return CarriesEntity(array.ElementType, entity, depth + 1);
            if (type is INamedTypeSymbol named)
            {
                if (named.IsAnonymousType || named.IsTupleType)
                {
                    foreach (ISymbol member in named.GetMembers())
                    {
                        if (member is IPropertySymbol property && CarriesEntity(property.Type, entity, depth + 1)) return true;
                        if (member is IFieldSymbol field && named.IsTupleType && CarriesEntity(field.Type, entity, depth + 1)) return true;
                    }

                    return false;
                }

                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (CarriesEntity(argument, entity, depth + 1)) return true;
                }
            }

            return false;
        }

        /// <summary>True inside a lambda converted to an expression tree.</summary>
        public bool IsInExpressionTree(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (!(current is IAnonymousFunctionOperation)) continue;
                for (IOperation? parent = current.Parent; parent is IDelegateCreationOperation || parent is IConversionOperation; parent = parent.Parent)
                {
                    if (parent.Type.InheritsFromOrEquals(_lambdaExpression)) return true;
                }
            }

            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The columns that lead an index in the EF Core model of a compilation, as far as the source shows:
    /// <c>HasIndex</c>/<c>HasKey</c>/<c>HasAlternateKey</c>/<c>HasForeignKey</c>/<c>HasPrincipalKey</c> calls anywhere
    /// (OnModelCreating, IEntityTypeConfiguration classes, migration snapshots), <c>[Index]</c>/<c>[PrimaryKey]</c>/<c>[Key]</c>/<c>[ForeignKey]</c>,
    /// and the key and foreign-key conventions. Lenient by design: whatever might be indexed counts as indexed.
    /// </summary>
    internal sealed class EfIndexModel
    {
        private const string AnyEntity = "*";

        private readonly Compilation _compilation;
        private readonly EfQueryProvenance _provenance;
        private readonly Dictionary<string, HashSet<string>> _indexed = new Dictionary<string, HashSet<string>>(System.StringComparer.Ordinal);
        private readonly HashSet<string> _unreadable = new HashSet<string>(System.StringComparer.Ordinal);
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _visibleContexts =
            new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
        private bool _everythingUnknown;

        private EfIndexModel(Compilation compilation, EfQueryProvenance provenance)
        {
            _compilation = compilation;
            _provenance = provenance;
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, EfIndexModel> s_instances =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, EfIndexModel>();

        /// <summary>The compilation's model, scanned once on first question (shared by PG1012 and the facts recorder).</summary>
        public static EfIndexModel For(Compilation compilation, EfQueryProvenance provenance) =>
            s_instances.GetValue(compilation, c => Build(c, provenance));

        private static EfIndexModel Build(Compilation compilation, EfQueryProvenance provenance)
        {
            var model = new EfIndexModel(compilation, provenance);
            model.Scan();
            return model;
        }

        private static readonly string[] IndexMethods = { "HasIndex", "HasKey", "HasAlternateKey", "HasForeignKey", "HasPrincipalKey" };

        private void Scan()
        {
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                string text = TreeText.Of(tree);
                // Raw SQL in a migration may create indexes the model never shows.
                if (text.Contains("Migration") && text.Contains(".Sql(")) _everythingUnknown = true;
                if (!IndexMethods.Any(text.Contains)) continue;
                SemanticModel? semantic = null;
#pragma warning disable RS1030 // One bind per model-building call, found by a syntactic scan; inside the compiler the cached model is returned.
                SemanticModel Semantic() => semantic ??= _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                var snapshots = new SnapshotStyleCalls(Semantic);
                foreach (InvocationExpressionSyntax call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (!(call.Expression is MemberAccessExpressionSyntax access) || !IndexMethods.Contains(access.Name.Identifier.ValueText)) continue;
                    if (snapshots.EntityOf(call, access) is string snapshotEntity)
                    {
                        RecordColumn(snapshotEntity, SnapshotStyleCalls.FirstString(call));
                        continue;
                    }

                    SemanticModel model = Semantic();
                    if (!(model.GetSymbolInfo(call).Symbol is IMethodSymbol method)
                        || method.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.EntityFrameworkCore", System.StringComparison.Ordinal) != true)
                        continue;
                    Record(call, access, method, model);
                }
            }
        }

        private void Record(InvocationExpressionSyntax call, MemberAccessExpressionSyntax access, IMethodSymbol method, SemanticModel semantic)
        {
            var entities = new List<string>();
            if (semantic.GetTypeInfo(access.Expression).Type is INamedTypeSymbol builder && builder.IsGenericType)
            {
                bool relationship = method.Name == "HasForeignKey" || method.Name == "HasPrincipalKey";
                // EntityTypeBuilder<T>: T. Relationship builders: every entity they name (lenient).
                IEnumerable<ITypeSymbol> types = relationship ? builder.TypeArguments.Concat(method.TypeArguments) : builder.TypeArguments.Take(1);
                entities.AddRange(types.Select(type => type.ToDisplayString()));
            }
            else
            {
                // Snapshot style: modelBuilder.Entity("Shop.Order", b => { b.HasIndex("CustomerId"); }).
                string? named = EnclosingEntityName(call, semantic);
                entities.Add(named ?? AnyEntity);
            }

            string? column = LeadingColumn(call, semantic);
            foreach (string entity in entities) RecordColumn(entity, column);
        }

        private void RecordColumn(string entity, string? column)
        {
            if (column == null)
            {
                if (entity == AnyEntity) _everythingUnknown = true;
                else _unreadable.Add(entity);
                return;
            }

            if (!_indexed.TryGetValue(entity, out HashSet<string>? columns))
                _indexed[entity] = columns = new HashSet<string>(System.StringComparer.Ordinal);
            columns.Add(column);
        }

        private static string? EnclosingEntityName(SyntaxNode node, SemanticModel semantic)
        {
            foreach (InvocationExpressionSyntax outer in node.Ancestors().OfType<InvocationExpressionSyntax>())
            {
                if (outer.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "Entity"
                    && outer.ArgumentList.Arguments.Count > 0)
                {
                    Optional<object?> value = semantic.GetConstantValue(outer.ArgumentList.Arguments[0].Expression);
                    if (value.HasValue && value.Value is string name) return name;
                }
            }

            return null;
        }

        /// <summary>The first column of the call's key: <c>e =&gt; e.X</c>, <c>e =&gt; new { e.X, e.Y }</c>, <c>"X"</c>, <c>nameof(X)</c>; null when
        /// unreadable.</summary>
        private static string? LeadingColumn(InvocationExpressionSyntax call, SemanticModel semantic)
        {
            if (call.ArgumentList.Arguments.Count == 0) return null;
            ExpressionSyntax first = call.ArgumentList.Arguments[0].Expression;
            Optional<object?> constant = semantic.GetConstantValue(first);
            if (constant.HasValue && constant.Value is string name) return name;
            if (first is LambdaExpressionSyntax lambda && lambda.ExpressionBody != null)
            {
                ExpressionSyntax body = lambda.ExpressionBody;
                if (body is AnonymousObjectCreationExpressionSyntax anonymous && anonymous.Initializers.Count > 0)
                {
                    AnonymousObjectMemberDeclaratorSyntax member = anonymous.Initializers[0];
                    if (member.NameEquals != null) return null;
                    body = member.Expression;
                }

                if (body is MemberAccessExpressionSyntax memberAccess && memberAccess.Expression is IdentifierNameSyntax)
                    return memberAccess.Name.Identifier.ValueText;
            }

            return null;
        }

        /// <summary>
        /// The whole model configuration of this context is in the compilation: the context and its base contexts are
        /// source types, and their OnModelCreating calls only EF Core's model-building API (configurations applied
        /// from this compilation count).
        /// </summary>
        public bool IsVisible(INamedTypeSymbol context)
        {
            if (_everythingUnknown) return false;
            if (IsReferenced(context))
            {
                // Declared in a referenced project: visible when that project recorded its model as visible.
                List<string>? recorded =
                    _provenance.ReferencedFacts.Values(context.ContainingAssembly, "context", context.OriginalDefinition.ToDisplayString());
                return recorded != null && recorded.Count == 1 && recorded[0] == "visible";
            }

            return _visibleContexts.GetOrAdd(context, ComputeVisible);
        }

        private bool IsReferenced(INamedTypeSymbol type) =>
            type.ContainingAssembly != null && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

        /// <summary>What the context's project recorded about an entity's indexed columns; null when it recorded nothing.</summary>
        private List<string>? Recorded(INamedTypeSymbol context, string kind, INamedTypeSymbol entity) =>
            IsReferenced(context) ? _provenance.ReferencedFacts.Values(context.ContainingAssembly, kind, entity.OriginalDefinition.ToDisplayString()) : null;

        /// <summary>As <see cref="IsReadable(INamedTypeSymbol)"/>, for an entity of <paramref name="context"/> (recorded by its project when
        /// referenced).</summary>
        public bool IsReadable(INamedTypeSymbol entity, INamedTypeSymbol context)
        {
            if (!IsReferenced(context)) return IsReadable(entity);
            return Recorded(context, "unreadable", entity) == null && Recorded(context, "indexed", entity) != null;
        }

        /// <summary>
        /// As <see cref="IsIndexed(INamedTypeSymbol, string)"/>, for an entity of <paramref name="context"/>: when the context is referenced,
        /// what its project decided (it sees the whole model), or what this compilation shows (a migrations snapshot here).
        /// </summary>
        public bool IsIndexed(INamedTypeSymbol entity, string column, INamedTypeSymbol context)
        {
            if (IsReferenced(context) && Recorded(context, "indexed", entity) is List<string> recorded)
            {
                foreach (string columns in recorded)
                {
                    if (System.Array.IndexOf(columns.Split(','), column) >= 0) return true;
                }
            }

            return IsIndexed(entity, column);
        }

        private bool ComputeVisible(INamedTypeSymbol context)
        {
            for (INamedTypeSymbol? type = context; type != null
                && !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _provenance.DbContext); type = type.BaseType)
            {
                if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly)) return false;
                foreach (ISymbol member in type.GetMembers("OnModelCreating"))
                {
                    if (!(member is IMethodSymbol method)) continue;
                    foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
                    {
                        SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // OnModelCreating of the query's context lives outside the analyzed method; the compiler's cached model is returned.
                        SemanticModel semantic = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                        IOperation? body = semantic.GetOperation(syntax);
                        if (body == null) return false;
                        foreach (IOperation node in body.DescendantsAndSelf())
                        {
                            if (node is IInvocationOperation invocation && !IsModelBuildingCall(invocation)) return false;
                        }
                    }
                }
            }

            return true;
        }

        private bool IsModelBuildingCall(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            string ns = method.ContainingNamespace?.ToDisplayString() ?? "";
            // base.OnModelCreating: DbContext's is empty, a source base context's is checked on its own.
            if (method.Name == "OnModelCreating" && method.ContainingType.InheritsFromOrEquals(_provenance.DbContext)) return true;
            if (method.Name == "ApplyConfiguration")
            {
                return invocation.Arguments.Length > 0
                    && invocation.Arguments[invocation.Arguments.Length - 1].Value.WithoutConversions().Type is ITypeSymbol configuration
                    && SymbolEqualityComparer.Default.Equals(configuration.ContainingAssembly, _compilation.Assembly);
            }

            if (method.Name == "ApplyConfigurationsFromAssembly")
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.Name != "Assembly") continue;
                    return IsThisAssembly(argument.Value.WithoutConversions());
                }

                return false;
            }

            if (ns.StartsWith("Microsoft.EntityFrameworkCore", System.StringComparison.Ordinal)) return true;
            // nameof/typeof are not calls; string and reflection helpers used to build names are harmless.
            return ns == "System" && (method.ContainingType.SpecialType == SpecialType.System_String
                || method.ContainingType.SpecialType == SpecialType.System_Object)
                || ns == "System.Reflection" && method.Name == "GetExecutingAssembly";
        }

        private bool IsThisAssembly(IOperation value)
        {
            // typeof(T).Assembly, GetType().Assembly, Assembly.GetExecutingAssembly()
            if (value is IPropertyReferenceOperation property && property.Property.Name == "Assembly")
            {
                IOperation? instance = property.Instance?.WithoutConversions();
                if (instance is ITypeOfOperation typeOf)
                    return SymbolEqualityComparer.Default.Equals(typeOf.TypeOperand.ContainingAssembly, _compilation.Assembly);
                if (instance is IInvocationOperation getType && getType.TargetMethod.Name == "GetType" && getType.Instance is IInstanceReferenceOperation)
                    return true;
                return false;
            }

            return value is IInvocationOperation call && call.TargetMethod.Name == "GetExecutingAssembly" && call.Instance == null;
        }

        /// <summary>False when some index configuration of the entity could not be read (then nothing is said about it).</summary>
        public bool IsReadable(INamedTypeSymbol entity) => !_unreadable.Contains(entity.ToDisplayString()) && AttributesReadable(entity);

        private static bool AttributesReadable(INamedTypeSymbol entity)
        {
            for (INamedTypeSymbol? type = entity; type != null; type = type.BaseType)
            {
                foreach (AttributeData attribute in type.GetAttributes())
                {
                    string? name = attribute.AttributeClass?.Name;
                    if ((name == "IndexAttribute" || name == "PrimaryKeyAttribute") && FirstString(attribute) == null) return false;
                }
            }

            return true;
        }

        /// <summary>True when some index (or key) of the model may start with <paramref name="column"/>.</summary>
        public bool IsIndexed(INamedTypeSymbol entity, string column)
        {
            // Key convention.
            if (column == "Id" || column == entity.Name + "Id") return true;
            for (INamedTypeSymbol? type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                if (_indexed.TryGetValue(type.ToDisplayString(), out HashSet<string>? columns) && columns.Contains(column)) return true;
                foreach (AttributeData attribute in type.GetAttributes())
                {
                    string? name = attribute.AttributeClass?.Name;
                    if ((name == "IndexAttribute" || name == "PrimaryKeyAttribute") && FirstString(attribute) == column) return true;
                }

                foreach (ISymbol member in type.GetMembers())
                {
                    if (!(member is IPropertySymbol property)) continue;
                    foreach (AttributeData attribute in property.GetAttributes())
                    {
                        string? name = attribute.AttributeClass?.Name;
                        if (name == "KeyAttribute" && property.Name == column) return true;
                        if (name == "ForeignKeyAttribute")
                        {
                            if (property.Name == column) return true;
                            string? target = FirstString(attribute);
                            if (target != null && target.Split(',').Select(part => part.Trim()).FirstOrDefault() == column) return true;
                        }
                    }

                    // Foreign-key convention: <Navigation><Key> (CustomerId for Customer), lenient on the key's name.
                    if (property.Name != column && column.StartsWith(property.Name, System.StringComparison.Ordinal)
                        && property.Type.TypeKind == TypeKind.Class && property.Type.SpecialType != SpecialType.System_String)
                        return true;
                }
            }

            // Foreign-key convention without a navigation here: <PrincipalType>Id when a type of that name exists.
            if (column.Length > 2 && column.EndsWith("Id", System.StringComparison.Ordinal)
                && _compilation.GetSymbolsWithName(column.Substring(0, column.Length - 2), SymbolFilter.Type).Any())
                return true;

            return _indexed.TryGetValue(AnyEntity, out HashSet<string>? any) && any.Contains(column);
        }

        private static string? FirstString(AttributeData attribute)
        {
            if (attribute.ConstructorArguments.Length == 0) return null;
            TypedConstant first = attribute.ConstructorArguments[0];
            if (first.Kind == TypedConstantKind.Array) return first.Values.Length > 0 ? first.Values[0].Value as string : null;
            return first.Value as string;
        }
    }
}

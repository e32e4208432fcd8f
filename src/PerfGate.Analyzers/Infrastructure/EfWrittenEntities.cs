using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The entity types the compilation writes through EF Core: passed to (or the <c>DbSet</c> of)
    /// <c>Add*</c>/<c>Update*</c>/<c>Remove*</c>/<c>Attach*</c>, targeted by <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>, or read
    /// from a <c>DbSet</c> in a method that calls <c>SaveChanges</c> (tracked changes), outside data seeding. Only
    /// invocations with those names are bound, in one pass, on first question. Each type keeps the calls that write it, so a rule can ask
    /// where the writes run (a settings table saved only from admin pages is read far more often than it changes).
    /// </summary>
    internal sealed class EfWrittenEntities
    {
        private static readonly string[] SaveMethods = { "SaveChanges", "SaveChangesAsync" };

        private readonly Dictionary<ITypeSymbol, List<SyntaxNode>> _written;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _writtenWhereHot =
            new System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        private EfWrittenEntities(Dictionary<ITypeSymbol, List<SyntaxNode>> written) => _written = written;

        public bool IsWritten(ITypeSymbol entity) => _written.ContainsKey(entity.OriginalDefinition);

        /// <summary>
        /// Written by code that runs often or that nothing places: some write of <paramref name="entity"/> is reached from a request
        /// handler anyone can call, a recurring job, or an unknown caller. Writes reached only from admin-only handlers (the roles of
        /// <see cref="AdminRoles"/>), run-once code or tests do not count: such a table changes when an administrator saves it.
        /// </summary>
        public bool IsWrittenOutsideAdminCode(ITypeSymbol entity, HotnessModel hotness) =>
            _written.TryGetValue(entity.OriginalDefinition, out List<SyntaxNode>? sites)
            && _writtenWhereHot.GetOrAdd(entity.OriginalDefinition, _ =>
            {
                foreach (SyntaxNode site in sites)
                {
                    ReachKind kind = hotness.ReachAt(site).KindFor(adminRequestsAreCold: true);
                    if (kind != ReachKind.Cold && kind != ReachKind.Test) return true;
                }

                return false;
            });

        public static EfWrittenEntities Find(Compilation compilation, EfQueryProvenance provenance)
        {
            var written = new Dictionary<ITypeSymbol, List<SyntaxNode>>(SymbolEqualityComparer.Default);
            var savingBodies = new HashSet<SyntaxNode>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (!TreeText.MayNameAny(tree, EfApi.EntityWrites) && !TreeText.MayNameAny(tree, SaveMethods)) continue;
                SemanticModel? model = null;
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)) continue;
                    string name = access.Name.Identifier.ValueText;
                    bool saves = EfApi.IsSaveChanges(name);
                    if (!saves && !EfApi.EntityWrites.Contains(name)) continue;
                    if (IsSeeding(invocation)) continue;
#pragma warning disable RS1030 // One pass over the compilation's EF writes, on first question.
                    model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    if (!(model.GetOperation(invocation) is IInvocationOperation operation)) continue;
                    if (saves)
                    {
                        // Tracked changes: every DbSet the saving method reads may be written.
                        SyntaxNode? body = BodyOf(invocation);
                        if (body == null || !provenance.IsDbContext(operation.Instance?.Type) || !savingBodies.Add(body)) continue;
                        foreach (IOperation read in model.GetOperation(body)?.DescendantsAndSelf() ?? new IOperation[0])
                        {
                            if (read.Type is INamedTypeSymbol { Name: "DbSet", TypeArguments.Length: 1 } set)
                                Add(written, set.TypeArguments[0], invocation);
                        }

                        continue;
                    }

                    AddWrittenTypes(operation, provenance, written);
                }
            }

            return new EfWrittenEntities(written);
        }

        private static void Add(Dictionary<ITypeSymbol, List<SyntaxNode>> written, ITypeSymbol type, SyntaxNode site)
        {
            type = type.OriginalDefinition;
            if (!written.TryGetValue(type, out List<SyntaxNode>? sites)) written.Add(type, sites = new List<SyntaxNode>());
            sites.Add(site);
        }

        private static void AddWrittenTypes(IInvocationOperation operation, EfQueryProvenance provenance, Dictionary<ITypeSymbol, List<SyntaxNode>> written)
        {
            IOperation? receiver = operation.GetReceiver()?.WithoutConversions();
            bool onEf = provenance.IsDbContext(operation.Instance?.Type) || provenance.IsDbSetMethod(operation.TargetMethod)
                || (operation.TargetMethod.Name.StartsWith("Execute", StringComparison.Ordinal) && receiver != null && provenance.IsQueryable(receiver.Type));
            if (!onEf) return;
            if (receiver?.Type is INamedTypeSymbol { TypeArguments.Length: 1 } sequence) Add(written, sequence.TypeArguments[0], operation.Syntax);
            foreach (IArgumentOperation argument in operation.Arguments)
            {
                ITypeSymbol? type = argument.Value.WithoutConversions().Type;
                if (type == null || ReferenceEquals(argument.Value, operation.GetReceiver())) continue;
                Add(written, EfEntityModel.ElementTypeOrSelf(type), operation.Syntax);
            }
        }

        /// <summary>Data seeding (a method or type named <c>*Seed*</c>) runs at startup: it fills reference data, it does not change it at run time.</summary>
        private static bool IsSeeding(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                string? name = current switch
                {
                    MethodDeclarationSyntax method => method.Identifier.ValueText,
                    LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                    TypeDeclarationSyntax type => type.Identifier.ValueText,
                    _ => null,
                };
                if (name != null && name.IndexOf("Seed", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            }

            return false;
        }

        /// <summary>The body of the method, local function or lambda that contains <paramref name="node"/>.</summary>
        private static SyntaxNode? BodyOf(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case BaseMethodDeclarationSyntax method: return (SyntaxNode?)method.Body ?? method.ExpressionBody;
                    case LocalFunctionStatementSyntax local: return (SyntaxNode?)local.Body ?? local.ExpressionBody;
                    case AnonymousFunctionExpressionSyntax lambda: return lambda.Body;
                    case AccessorDeclarationSyntax accessor: return (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody;
                }
            }

            return null;
        }
    }
}

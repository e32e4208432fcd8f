using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// A syntax-only over-approximation of "which source members may reach database I/O", used where binding
    /// every method body would be a second compile (the summary generator). A member is a candidate when its
    /// body names a database API (by simple name), or names another candidate member. Members that are not
    /// candidates cannot reach a database API through source calls, so the generator does not bind them.
    /// (Database is the kind downstream rules consume today; HTTP, cache and file summaries are computed
    /// within a compilation, and join the recorded set when a cross-project rule needs them.)
    /// </summary>
    internal sealed class SyntacticIoCandidates
    {
        /// <summary>Names that are (or very likely are) database I/O when they appear in a body.</summary>
        private static readonly HashSet<string> IoNames = new HashSet<string>(StringComparer.Ordinal)
        {
            // EF Core (async executions, SaveChanges, Find, Load, set-based, raw SQL)
            "ToListAsync", "ToArrayAsync", "ToDictionaryAsync", "ToHashSetAsync", "FirstAsync", "FirstOrDefaultAsync",
            "LastAsync", "LastOrDefaultAsync", "SingleAsync", "SingleOrDefaultAsync", "ElementAtAsync", "ElementAtOrDefaultAsync",
            "CountAsync", "LongCountAsync", "AnyAsync", "AllAsync", "ContainsAsync", "SumAsync", "MinAsync", "MaxAsync",
            "AverageAsync", "ForEachAsync", "AsAsyncEnumerable", "SaveChanges", "SaveChangesAsync", "Find", "FindAsync",
            "Load", "LoadAsync", "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
            "ExecuteSql", "ExecuteSqlAsync", "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync",
            // ADO.NET
            "ExecuteReader", "ExecuteReaderAsync", "ExecuteNonQuery", "ExecuteNonQueryAsync", "ExecuteScalar", "ExecuteScalarAsync",
            // ASP.NET Core Identity store reads (IoCallClassifier.IdentityStoreReads)
            "FindByIdAsync", "FindByNameAsync", "FindByEmailAsync", "FindByLoginAsync", "GetRolesAsync", "IsInRoleAsync", "GetClaimsAsync",
            "GetLoginsAsync", "GetUsersInRoleAsync", "GetUsersForClaimAsync", "GetAuthenticationTokenAsync", "RoleExistsAsync",
        };

        /// <summary>Synchronous LINQ executions: I/O only on a DbSet, so they count when the body also names a DbSet.</summary>
        private static readonly HashSet<string> SyncExecutions = new HashSet<string>(StringComparer.Ordinal)
        {
            "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "First", "FirstOrDefault", "Last", "LastOrDefault",
            "Single", "SingleOrDefault", "ElementAt", "ElementAtOrDefault", "Count", "LongCount", "Any", "All", "Contains",
            "Sum", "Min", "Max", "Average",
        };

        private static readonly string[] IoPrefixes = { "Query", "Execute" }; // Dapper

        private readonly HashSet<SyntaxNode> _candidates = new HashSet<SyntaxNode>();

        public SyntacticIoCandidates(Compilation compilation)
        {
            var dbSetNames = new HashSet<string>(StringComparer.Ordinal) { "Set" };
            var bodies = new List<(SyntaxNode Declaration, string Name, HashSet<string> Names)>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes(n => !(n is BlockSyntax || n is ArrowExpressionClauseSyntax)))
                {
                    switch (node)
                    {
                        case PropertyDeclarationSyntax property when property.Type is GenericNameSyntax generic && generic.Identifier.ValueText == "DbSet":
                            dbSetNames.Add(property.Identifier.ValueText);
                            break;
                    }

                    string? name = MemberName(node);
                    if (name == null) continue;
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (SyntaxNode descendant in node.DescendantNodes())
                    {
                        if (descendant is SimpleNameSyntax simple) names.Add(simple.Identifier.ValueText);
                    }

                    bodies.Add((node, name, names));
                }
            }

            var candidateNames = new HashSet<string>(StringComparer.Ordinal);
            bool changed = true;
            var remaining = new List<(SyntaxNode Declaration, string Name, HashSet<string> Names)>(bodies);
            while (changed)
            {
                changed = false;
                for (int i = remaining.Count - 1; i >= 0; i--)
                {
                    var body = remaining[i];
                    if (!IsSeed(body.Names, dbSetNames) && !body.Names.Overlaps(candidateNames)) continue;
                    _candidates.Add(body.Declaration);
                    candidateNames.Add(body.Name);
                    remaining.RemoveAt(i);
                    changed = true;
                }
            }
        }

        public int Count => _candidates.Count;

        /// <summary>False when no declaration of <paramref name="method"/> (or of the property/type it belongs to) can reach I/O.</summary>
        public bool MayPerformIo(IMethodSymbol method)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                for (SyntaxNode? node = reference.GetSyntax(); node != null; node = node.Parent)
                {
                    if (_candidates.Contains(node)) return true;
                    if (node is TypeDeclarationSyntax) break;
                }
            }

            // Lambdas and local functions live inside a member: the member decides. Anything else unknown: bind.
            return method.DeclaringSyntaxReferences.Length == 0;
        }

        private static bool IsSeed(HashSet<string> names, HashSet<string> dbSetNames)
        {
            foreach (string name in names)
            {
                if (IoNames.Contains(name)) return true;
                foreach (string prefix in IoPrefixes)
                {
                    if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length && char.IsUpper(name[prefix.Length])) return true;
                }

                if (SyncExecutions.Contains(name) && names.Overlaps(dbSetNames)) return true;
            }

            return false;
        }

        /// <summary>The simple name callers use for a member with a body: methods, constructors (type name), properties, indexers, operators.</summary>
        private static string? MemberName(SyntaxNode node) => node switch
        {
            MethodDeclarationSyntax method when method.Body != null || method.ExpressionBody != null => method.Identifier.ValueText,
            ConstructorDeclarationSyntax ctor => ctor.Identifier.ValueText,
            PropertyDeclarationSyntax property when property.ExpressionBody != null || HasAccessorBody(property.AccessorList) => property.Identifier.ValueText,
            IndexerDeclarationSyntax indexer => "this[]",
            _ => null,
        };

        private static bool HasAccessorBody(AccessorListSyntax? accessors)
        {
            if (accessors == null) return false;
            foreach (AccessorDeclarationSyntax accessor in accessors.Accessors)
            {
                if (accessor.Body != null || accessor.ExpressionBody != null) return true;
            }

            return false;
        }
    }
}

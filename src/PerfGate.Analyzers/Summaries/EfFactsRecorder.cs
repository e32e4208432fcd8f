using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// What <see cref="IoSummaryGenerator"/> records about EF Core for referenced projects to read back with
    /// <see cref="ReferencedEfFacts"/>: the queries this project's members return (a generic repository's <c>Query()</c>),
    /// including its implementations of other assemblies' interfaces, and the model facts of the contexts it declares.
    /// Only members whose return type is a query are bound, so a project without repositories pays a symbol walk.
    /// </summary>
    internal static class EfFactsRecorder
    {
        /// <summary>The attribute values to record (unsorted); empty without EF Core.</summary>
        public static List<string> Values(Compilation compilation, IEnumerable<IMethodSymbol> visibleMethods, CancellationToken cancellationToken)
        {
            var values = new List<string>();
            EfQueryProvenance? ef = EfQueryProvenance.For(compilation);
            if (ef == null) return values;

            foreach (IMethodSymbol method in visibleMethods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!ef.IsQueryable(method.ReturnType)) continue;
                string? id = method.GetDocumentationCommentId();
                if (id == null) continue;
                ReturnedQuery returned = ef.ReturnedByMember(method);
                if (returned.Format() is string data) values.Add(ReferencedEfFacts.Format("query", id, data));
                RecordImplemented(compilation, ef, method, values);
            }

            values.AddRange(EfModelFacts.Record(compilation, ef, cancellationToken));
            return values;
        }

        /// <summary>
        /// This project's method implements or overrides a member declared in another assembly (a repository interface of an
        /// infrastructure project): record what it returns, known or not, so that callers elsewhere can require every
        /// implementation to be proven.
        /// </summary>
        private static void RecordImplemented(Compilation compilation, EfQueryProvenance ef, IMethodSymbol method, List<string> values)
        {
            var implemented = new List<IMethodSymbol>();
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                implemented.Add(overridden.OriginalDefinition);
            foreach (INamedTypeSymbol face in method.ContainingType.AllInterfaces)
            {
                foreach (ISymbol member in face.GetMembers())
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(interfaceMethod), method))
                        implemented.Add(interfaceMethod.OriginalDefinition);
                }
            }

            if (implemented.Count == 0) return;
            string data = ef.ReturnedByBody(method).Format() ?? "unknown";
            foreach (IMethodSymbol member in implemented)
            {
                if (SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, compilation.Assembly)) continue;
                if (member.GetDocumentationCommentId() is string id) values.Add(ReferencedEfFacts.Format("implements", id, data));
            }
        }
    }
}

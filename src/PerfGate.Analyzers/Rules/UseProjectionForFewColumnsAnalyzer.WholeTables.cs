using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG1004 through a method: a call of the app's own method that returns every row of a table whole (<see cref="WholeTableReads"/>:
    /// <c>_seriesService.GetAllSeries()</c> down to <c>BasicRepository.All()</c>, <c>GetAllGenresAsync()</c> down to
    /// <c>_context.Genre.ToListAsync()</c>), whose result this method only tests for one key or reads one or two columns of.
    /// </summary>
    public sealed partial class UseProjectionForFewColumnsAnalyzer
    {
        /// <summary>LINQ-to-objects operators whose result is still the rows: the caller's uses of it are followed.</summary>
        private static readonly HashSet<string> KeepsRows = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "ToList", "ToArray", "AsEnumerable",
        };

        /// <summary><c>List&lt;T&gt;</c> predicates that return no row.</summary>
        private static readonly HashSet<string> ListPredicates = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Exists", "TrueForAll", "FindIndex", "FindLastIndex",
        };

        /// <summary>A table loaded whole through a method: at least this many scalar columns (a handful of narrow settings rows cost nothing).</summary>
        internal const int MinWholeTableColumns = 10;

        private void StartWholeTableCalls(RuleContext rule)
        {
            INamedTypeSymbol? enumerable = rule.Types.Enumerable;
            INamedTypeSymbol? notMapped = rule.Types.NotMappedAttribute;
            WholeTableReads tables = WholeTableReads.For(rule.Compilation);
            rule.Start.RegisterOperationAction(context =>
            {
                var call = (IInvocationOperation)context.Operation;
                IMethodSymbol method = call.TargetMethod;
                if (method.IsStatic || call.Instance == null || method.ContainingAssembly == null
                    || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, rule.Compilation.Assembly))
                    return;
                INamedTypeSymbol? entity = WholeTableReads.RowType(method);
                if (entity == null) return;
                int columns = ScalarProperties(entity, notMapped).Count;
                if (columns < MinWholeTableColumns || IsConfigurationTable(entity)) return;
                var read = new SortedSet<string>(System.StringComparer.Ordinal);
                if (!AllUsesReadScalars(call, collection: true, entity, enumerable, read, wholeTable: true)) return;
                if (read.Count == 0 || read.Count > MaxReadProperties) return;
                if (!tables.ReturnsEveryRow(call)) return;
                rule.Report(context.ReportDiagnostic, DiagnosticLocations.ForInvocation(call.Syntax),
                    method.Name + " (every row of the table)", entity.Name, columns, string.Join(", ", read));
            }, OperationKind.Invocation);
        }

        /// <summary>Entity names of configuration a user edits by hand (<c>IndexerDefinition</c>, <c>DelayProfile</c>, <c>SiteSettings</c>):
        /// a handful of rows, loaded whole at no measurable cost.</summary>
        private static readonly string[] ConfigurationSuffixes =
        {
            "Definition", "Profile", "Setting", "Settings", "Config", "Configuration", "Option", "Options", "Preference", "Preferences",
        };

        private static bool IsConfigurationTable(INamedTypeSymbol entity) =>
            ConfigurationSuffixes.Any(suffix => entity.Name.EndsWith(suffix, System.StringComparison.Ordinal));

        /// <summary>The loop variable of a <c>foreach</c> over the rows is only read for scalar columns.</summary>
        private static bool LoopVariableReadsScalars(IForEachLoopOperation loop, INamedTypeSymbol entity, SortedSet<string> read)
        {
            if (!(loop.LoopControlVariable is IVariableDeclaratorOperation variable)) return false;
            foreach (IOperation node in loop.Body.DescendantsAndSelf())
            {
                if (node is ILocalFunctionOperation) return false;
                if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, variable.Symbol)
                    && !reference.IsDeclaration && !IsEntityRead(reference, entity, read, wholeTable: true))
                    return false;
            }

            return true;
        }

        /// <summary>A collection of scalars stored in one column (<c>List&lt;int&gt; Tags</c>, a JSON or array column).</summary>
        private static bool IsScalarCollection(ITypeSymbol? type)
        {
            if (type == null || type.SpecialType == SpecialType.System_String) return false;
            if (type is IArrayTypeSymbol array) return IsScalar(array.ElementType);
            INamedTypeSymbol? element = QueryElement.Of(type);
            return element != null && IsScalar(element);
        }
    }
}

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Source methods that return every row of one table, materialized and whole: <c>GetAllSeries()</c> returning
    /// <c>_repository.All().ToList()</c>, <c>GetAllGenresAsync()</c> returning <c>_context.Genre.ToListAsync()</c>. The caller cannot
    /// narrow what such a method reads (it takes no arguments), so a caller that then tests one key or reads one or two columns has
    /// loaded a table for nothing. Built once per compilation, answered lazily per method and cached.
    /// <para>
    /// A method qualifies when it takes no argument (a <c>CancellationToken</c> aside), returns a collection of a class, and its body
    /// is one returned expression that is (1) an EF Core <c>ToList</c>/<c>ToArray</c>[<c>Async</c>] of a <c>DbSet&lt;T&gt;</c> with
    /// only <c>Include</c>, ordering and tracking options in between; (2) a Dapper <c>Query&lt;T&gt;</c> of a constant
    /// <c>SELECT … FROM table</c> with no <c>WHERE</c>, join, grouping or limit; (3) the data layer's own convention, a method named
    /// <c>All</c>/<c>GetAll</c>/<c>AllAsync</c>/<c>GetAllAsync</c> whose I/O summary reads the database outside any cache; or (4) a call
    /// of such a method (every implementation it may dispatch to), optionally followed by in-memory <c>ToList</c>/<c>ToArray</c>/ordering.
    /// A body that filters, caches, or does anything else is not whole-table.
    /// </para>
    /// </summary>
    internal sealed class WholeTableReads
    {
        private static readonly ConditionalWeakTable<Compilation, WholeTableReads> s_instances = new ConditionalWeakTable<Compilation, WholeTableReads>();

        private static readonly HashSet<string> ConventionNames = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "All", "GetAll", "AllAsync", "GetAllAsync",
        };

        private static readonly HashSet<string> EfSteps = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Include", "ThenInclude", "AsNoTracking", "AsNoTrackingWithIdentityResolution", "AsTracking", "AsSplitQuery", "AsSingleQuery",
            "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "TagWith",
        };

        private static readonly HashSet<string> InMemorySteps = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "ToList", "ToArray", "AsList", "AsEnumerable", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending",
        };

        private static readonly Regex WholeTableSelect = new Regex(
            @"^\s*SELECT\s+(?:\*|[\w\[\]"".,\s]+?)\s+FROM\s+[\w\[\]"".]+\s*(?:ORDER\s+BY\s+[\w\[\]"".,\s]+)?;?\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, System.TimeSpan.FromMilliseconds(100));

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _cache = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ThreadLocal<HashSet<IMethodSymbol>> _inProgress =
            new ThreadLocal<HashSet<IMethodSymbol>>(() => new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

        private WholeTableReads(Compilation compilation) => _compilation = compilation;

        public static WholeTableReads For(Compilation compilation) => s_instances.GetValue(compilation, c => new WholeTableReads(c));

        private IoSummaries Summaries => IoSummaries.For(_compilation);

        /// <summary>The class whose every row a call of this shape would return, or null: no argument, a collection of a class.</summary>
        public static INamedTypeSymbol? RowType(IMethodSymbol method) => Element(method) as INamedTypeSymbol;

        /// <summary>The element of the collection the method returns when it takes no argument: a class, or (in a generic repository's
        /// definition) a type parameter.</summary>
        private static ITypeSymbol? Element(IMethodSymbol method)
        {
            if (method.Parameters.Any(p => p.Type.Name != "CancellationToken")) return null;
            ITypeSymbol type = method.ReturnType;
            if (type is INamedTypeSymbol task && task.IsGenericType && (task.Name == "Task" || task.Name == "ValueTask")) type = task.TypeArguments[0];
            if (type.SpecialType == SpecialType.System_String || type.Name == "IQueryable" || type.Name == "DbSet") return null;
            if (type is INamedTypeSymbol named && named.Name.StartsWith("Dictionary", System.StringComparison.Ordinal)) return null;
            ITypeSymbol? element = type is IArrayTypeSymbol array ? array.ElementType : QueryElement.TypeOf(type);
            if (element is ITypeParameterSymbol) return element;
            if (element == null || element.TypeKind != TypeKind.Class || element.SpecialType == SpecialType.System_String) return null;
            return element;
        }

        /// <summary>A call that returns every row of a table: every method it may dispatch to is a whole-table read.</summary>
        public bool ReturnsEveryRow(IInvocationOperation call)
        {
            IMethodSymbol method = IoSummaries.Normalize(call.TargetMethod);
            if (Element(call.TargetMethod) == null) return false;
            ImmutableArray<IMethodSymbol> targets = Summaries.DispatchTargets(method, call.Instance);
            if (targets.IsEmpty) return false;
            return targets.All(IsWholeTableRead);
        }

        private bool IsWholeTableRead(IMethodSymbol method)
        {
            method = IoSummaries.Normalize(method);
            if (_cache.TryGetValue(method, out bool known)) return known;
            HashSet<IMethodSymbol> inProgress = _inProgress.Value!;
            if (!inProgress.Add(method)) return false; // a cycle proves nothing
            bool answer;
            try
            {
                answer = Compute(method);
            }
            finally
            {
                inProgress.Remove(method);
            }

            return _cache.GetOrAdd(method, answer);
        }

        private bool Compute(IMethodSymbol method)
        {
            if (!Summaries.IsSourceMethod(method) || Element(method) == null) return false;
            IOperation? returned = ReturnedExpression(method);
            if (returned == null) return false;
            if (IsEfWholeTable(returned) || IsDapperWholeTable(returned)) return true;
            if (ConventionNames.Contains(method.Name))
            {
                MethodIoSummary summary = Summaries.Summarize(method);
                if (summary.Has(IoKind.Database) && !summary.IsOnMiss(IoKind.Database, out _)) return true;
            }

            return IsDelegation(returned);
        }

        /// <summary>The one expression the body returns (<c>=&gt; e</c>, <c>{ return e; }</c>, <c>{ var x = e; return x; }</c>), awaits and
        /// conversions removed.</summary>
        private IOperation? ReturnedExpression(IMethodSymbol method)
        {
            if (method.DeclaringSyntaxReferences.Length != 1) return null;
            SyntaxNode node = method.DeclaringSyntaxReferences[0].GetSyntax();
#pragma warning disable RS1030 // Whole-program analysis reads other methods' bodies; inside the compiler this returns its cached semantic model.
            SemanticModel model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            if (!(model.GetOperation(node) is IMethodBodyOperation body)) return null;
            IBlockOperation? block = body.BlockBody ?? body.ExpressionBody;
            if (block == null) return null;
            ImmutableArray<IOperation> statements = block.Operations;
            IOperation? value;
            if (statements.Length == 1 && statements[0] is IReturnOperation single) value = single.ReturnedValue;
            else if (statements.Length == 2 && statements[0] is IVariableDeclarationGroupOperation group
                && group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1
                && statements[1] is IReturnOperation last && last.ReturnedValue?.WithoutConversions() is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, group.Declarations[0].Declarators[0].Symbol))
                value = group.Declarations[0].Declarators[0].Initializer?.Value;
            else return null;
            return value == null ? null : Unwrap(value);
        }

        private static IOperation Unwrap(IOperation value)
        {
            value = value.WithoutConversions();
            while (value is IAwaitOperation await) value = await.Operation.WithoutConversions();
            return value;
        }

        /// <summary><c>db.Genres.Include(...).OrderBy(...).ToListAsync()</c>: the chain reaches a <c>DbSet&lt;T&gt;</c> through allowed steps.</summary>
        private static bool IsEfWholeTable(IOperation returned)
        {
            if (!(returned is IInvocationOperation materializer) || !EfApi.ListMaterializers.Contains(materializer.TargetMethod.Name)) return false;
            IOperation? current = Source(materializer);
            while (current is IInvocationOperation step && EfSteps.Contains(step.TargetMethod.Name)) current = Source(step);
            if (current == null) return false;
            if (current is IInvocationOperation set && set.TargetMethod.Name == "Set" && set.Arguments.Length == 0 && IsDbSet(set.Type)) return true;
            return (current is IPropertyReferenceOperation || current is IFieldReferenceOperation) && IsDbSet(current.Type);
        }

        private static IOperation? Source(IInvocationOperation call)
        {
            IOperation? source = call.TargetMethod.IsExtensionMethod
                ? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null)
                : call.Instance;
            return source?.WithoutConversions();
        }

        private static bool IsDbSet(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current is INamedTypeSymbol named && named.Name == "DbSet" && named.IsGenericType
                    && named.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
                    return true;
            }

            return false;
        }

        /// <summary><c>connection.Query&lt;T&gt;("SELECT * FROM Series").ToList()</c>: Dapper, constant SQL reading one table unfiltered.</summary>
        private static bool IsDapperWholeTable(IOperation returned)
        {
            IOperation current = returned;
            while (current is IInvocationOperation step && InMemorySteps.Contains(step.TargetMethod.Name) && Source(step) is IOperation inner)
                current = Unwrap(inner);
            if (!(current is IInvocationOperation query) || query.TargetMethod.ContainingType?.Name != "SqlMapper"
                || query.TargetMethod.ContainingNamespace?.ToDisplayString() != "Dapper"
                || !(query.TargetMethod.Name == "Query" || query.TargetMethod.Name == "QueryAsync"))
                return false;
            IArgumentOperation? sql = query.Arguments.FirstOrDefault(a => a.Parameter?.Name == "sql");
            if (sql == null || !(sql.Value.ConstantValue.HasValue && sql.Value.ConstantValue.Value is string text)) return false;
            if (query.Arguments.Any(a => a.Parameter?.Name == "param" && !a.IsImplicit && !(a.Value.WithoutConversions() is ILiteralOperation))) return false;
            try
            {
                return WholeTableSelect.IsMatch(text) && !Regex.IsMatch(text, @"\b(WHERE|JOIN|LIMIT|TOP|GROUP|OFFSET|FETCH)\b", RegexOptions.IgnoreCase);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        /// <summary><c>_repository.All().ToList()</c>: a whole-table read, kept whole by in-memory copies and ordering.</summary>
        private bool IsDelegation(IOperation returned)
        {
            IOperation current = returned;
            while (current is IInvocationOperation step && InMemorySteps.Contains(step.TargetMethod.Name)
                && step.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Linq" && Source(step) is IOperation inner)
                current = Unwrap(inner);
            if (!(current is IInvocationOperation call)) return false;
            if (call.Arguments.Any(a => !a.IsImplicit && a.Parameter?.Type.Name != "CancellationToken")) return false;
            return ReturnsEveryRow(call);
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata LazyLoadingPerLoopIteration = new RuleMetadata
        {
            Id = RuleIdentifiers.LazyLoadingPerLoopIteration,
            Title = "Lazy-loaded navigation read once per loop iteration (N+1)",
            MessageFormat = "'{0}' is lazy-loaded on every iteration of the enclosing {1}: one query per item (N+1); add Include(x => x.{2}) to the query "
                + "that loads '{3}'",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "With lazy loading on, reading a navigation that was not loaded runs a query. Reading it once per item of a loop over entities from "
                + "a query without `Include` of that navigation is an N+1 that no query in the source shows. Reported only when lazy loading is provably on "
                + "in the compilation: `UseLazyLoadingProxies()` is called (and the navigation is `virtual` on a non-sealed entity, as proxies require), or "
                + "the entity has a constructor taking `ILazyLoader` or `Action<object, string>` (lazy loading without proxies). The model may live in a "
                + "data project and the queries and `UseLazyLoadingProxies()` in the API project: a data project built with PerfGate records its "
                + "contexts' entities, `ILazyLoader` constructors, `AutoInclude()` and `LazyLoadingEnabled` settings for the projects that reference it. "
                + "Load the navigation with the query (`Include`) or project what you need with `Select`.",
            Flags = new[]
            {
                "a read of a navigation property (an entity type of a `DbSet<T>` in a context of the compilation or of a referenced project that recorded its "
                    + "model, or a collection of one) on the variable of "
                    + "a `foreach`/`await foreach` over a proven query rooted at a `DbSet<T>`, over its `ToList[Async]()`/`ToArray[Async]()`, or over a local "
                    + "assigned once from those, when the query has no `Include` of that navigation (lambda or string form)",
            },
            Ignores = new[]
            {
                "compilations where lazy loading is not provably on: no `UseLazyLoadingProxies` call (or one with an argument that is not `true`) and no "
                    + "entity constructor taking `ILazyLoader`/`Action<object, string>`; and any compilation that sets `LazyLoadingEnabled` (here or in a "
                    + "referenced project's recorded model)",
                "entities of a context declared in a referenced project that recorded no model (built without PerfGate): its `AutoInclude` configuration "
                    + "would be invisible",
                "non-virtual navigations and sealed entities under proxies (proxies cannot intercept them)",
                "navigations configured with `AutoInclude()` (loaded with every query)",
                "methods that load the related entities some other way (any other query on the navigation's entity type, `Entry(...)`, `Load[Async]`): EF "
                    + "Core fixes up navigations to entities the context already tracks",
                "`AsNoTracking` queries, queries that project (`Select`), queries of unknown provenance, loops over anything else, and reads inside "
                    + "expression trees",
            },
            Fix = "Include the navigation in the query (`db.Orders.Include(o => o.Customer)`), or project what the loop needs with `Select`.",
            FlaggedExample = "var orders = await db.Orders.ToListAsync();\n"
                + "foreach (var order in orders)\n"
                + "    names.Add(order.Customer.Name); // one query per order",
            FixedExample = "var orders = await db.Orders.Include(o => o.Customer).ToListAsync();\n"
                + "foreach (var order in orders)\n"
                + "    names.Add(order.Customer.Name);",
            Tags = new[] { "performance", "ef-core", "n+1", "lazy-loading" },
        };
    }

    /// <summary>
    /// PG1003: a navigation read on the variable of a loop over entities from a query without <c>Include</c> of
    /// that navigation, when lazy loading is provably on: one lazy-load query per item.
    /// </summary>
    public sealed class DoNotLazyLoadPerLoopIterationAnalyzer : PerfGateRule
    {
        public DoNotLazyLoadPerLoopIterationAnalyzer()
            : base(DataAccessRules.LazyLoadingPerLoopIteration)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                if (!(operationContext.Operation is IForEachLoopOperation loop)) return;
                if (!(loop.LoopControlVariable is IVariableDeclaratorOperation variable)) return;
                IOperation? query = LoopedQuery(loop.Collection, ef);
                if (query == null || ef.IsInsideExpressionTree(loop)) return;
                INamedTypeSymbol? entity = QueryElement.Of(query.WithoutConversions().Type);
                if (entity == null || !SymbolEqualityComparer.Default.Equals(variable.Symbol.Type, entity)) return;

                var included = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (IInvocationOperation step in provenance.ComposingChain(query))
                {
                    string name = step.TargetMethod.Name;
                    if (name.StartsWith("AsNoTracking", System.StringComparison.Ordinal) || name == "Select" || name == "SelectMany"
                        || name == "GroupBy" || name == "Join" || name == "GroupJoin" || name == "Cast" || name == "OfType")
                        return;
                    if (name == "Include" && !AddIncluded(step, included)) return;
                }

                EfLazyLoadingModel lazy = EfLazyLoadingModel.For(rule.Compilation, provenance);
                if (!lazy.MayBeOn) return;

                var reported = new HashSet<string>(System.StringComparer.Ordinal);
                HashSet<string>? methodIncludes = null;
                foreach (IOperation node in loop.Body.Descendants())
                {
                    if (!(node is IPropertyReferenceOperation read) || !(read.Instance?.WithoutConversions() is ILocalReferenceOperation instance)
                        || !SymbolEqualityComparer.Default.Equals(instance.Local, variable.Symbol))
                        continue;
                    IPropertySymbol navigation = read.Property;
                    ITypeSymbol? target = lazy.NavigationTarget(navigation.Type);
                    if (target == null || included.Contains(navigation.Name) || reported.Contains(navigation.Name)) continue;
                    if (!lazy.IsLazy(entity, navigation) || IsWritten(read) || HasFunctionBetween(read, loop)) continue;
                    methodIncludes ??= MethodLoads(loop, provenance);
                    if (methodIncludes.Contains(navigation.Name) || methodIncludes.Contains("\u0001" + target.ToDisplayString())
                        || methodIncludes.Contains("\u0001*")) return;
                    reported.Add(navigation.Name);
                    rule.Report(operationContext.ReportDiagnostic, read.Syntax.GetLocation(),
                        read.Syntax.ToString(), loop.IsAsynchronous ? "await foreach loop" : "foreach loop", navigation.Name, entity.Name);
                }
            }, OperationKind.Loop);
        }

        /// <summary>The proven DbSet-rooted query a foreach iterates: directly, through ToList/ToArray, or through a local assigned once from those.</summary>
        private static IOperation? LoopedQuery(IOperation collection, EfExecution ef)
        {
            IOperation value = Unwrap(collection);
            if (value is ILocalReferenceOperation local)
            {
                IOperation? single = local.SingleAssignment();
                if (single == null) return null;
                value = Unwrap(single);
            }

            if (value is IInvocationOperation invocation && EfApi.ListMaterializers.Contains(invocation.TargetMethod.Name))
            {
                IOperation? query = ef.ExecutedQuery(invocation);
                return query != null && ef.IsRootedAtDbSet(query) ? query : null;
            }

            return ef.Provenance.Classify(value) == QueryProvenance.Proven && ef.IsRootedAtDbSet(value) ? value : null;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            operation = operation.WithoutConversions();
            while (operation is IAwaitOperation awaited) operation = awaited.Operation.WithoutConversions();
            return operation;
        }

        /// <summary><c>Include(x =&gt; x.Nav)</c> or <c>Include("Nav.More")</c>; false when the include cannot be read.</summary>
        private static bool AddIncluded(IInvocationOperation include, HashSet<string> included)
        {
            foreach (IArgumentOperation argument in include.Arguments)
            {
                if (argument.Parameter?.Ordinal != 1) continue;
                IOperation value = argument.Value.WithoutConversions();
                if (value.ConstantValue.HasValue && value.ConstantValue.Value is string path)
                {
                    included.Add(path.Split('.')[0]);
                    return true;
                }

                if (value is IDelegateCreationOperation creation) value = creation.Target;
                if (value is IAnonymousFunctionOperation lambda && lambda.Body.Operations.Length == 1
                    && lambda.Body.Operations[0] is IReturnOperation ret && ret.ReturnedValue != null)
                {
                    IOperation body = ret.ReturnedValue.WithoutConversions();
                    // Filtered includes: Include(o => o.Lines.Where(...)) names Lines.
                    while (body is IInvocationOperation call && call.GetReceiver() is IOperation receiver) body = receiver.WithoutConversions();
                    if (body is IPropertyReferenceOperation property)
                    {
                        included.Add(property.Property.Name);
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// What the rest of the method loads: names of navigations included by any query, and (prefixed with
        /// U+0001) entity types read through a DbSet or Set&lt;T&gt;(); "\u0001*" when it loads explicitly (Entry, Load).
        /// </summary>
        private static HashSet<string> MethodLoads(IOperation anchor, EfQueryProvenance provenance)
        {
            IOperation root = anchor.OperationRoot();
            var loads = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (IOperation node in root.Descendants())
            {
                if (node is IInvocationOperation invocation)
                {
                    string name = invocation.TargetMethod.Name;
                    if (name == "Include" || name == "ThenInclude")
                    {
                        if (!AddIncluded(invocation, loads)) loads.Add("\u0001*");
                    }
                    else if (name == "Entry" || name == "Load" || name == "LoadAsync")
                    {
                        loads.Add("\u0001*");
                    }
                    else if (name == "Set" && provenance.IsDbContext(invocation.Instance?.Type)
                        && invocation.Type is INamedTypeSymbol set && set.TypeArguments.Length == 1)
                    {
                        loads.Add("\u0001" + set.TypeArguments[0].ToDisplayString());
                    }
                }
                else if (node is IPropertyReferenceOperation property && property.Type is INamedTypeSymbol type
                    && type.Name == "DbSet" && type.TypeArguments.Length == 1)
                {
                    loads.Add("\u0001" + type.TypeArguments[0].ToDisplayString());
                }
            }

            return loads;
        }

        private static bool IsWritten(IOperation read)
        {
            IOperation use = read;
            while (use.Parent is IConversionOperation) use = use.Parent;
            return use.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, use);
        }

        private static bool HasFunctionBetween(IOperation operation, IOperation loop)
        {
            for (IOperation? parent = operation.Parent; parent != null && !ReferenceEquals(parent, loop); parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation) return true;
            }

            return false;
        }
    }
}

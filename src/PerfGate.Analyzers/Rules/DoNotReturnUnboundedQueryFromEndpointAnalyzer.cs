using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class DataAccessRules
    {
        public static readonly RuleMetadata UnboundedQueryInRequestPath = new RuleMetadata
        {
            Id = RuleIdentifiers.UnboundedQueryInRequestPath,
            Title = "Unbounded query returned from a request handler",
            MessageFormat = "'{0}' loads every matching row of a DbSet query and '{1}' returns them in the response: add paging (OrderBy + Skip/Take) or a "
                + "hard limit",
            Category = RuleCategories.DataAccess,
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "0 of 6 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were small lookup tables (categories, download "
                + "configurations, widgets) returned whole on purpose. So it is a note by default: raise it with `rules: { PG1007: warning }` where "
                + "it fits your code.",
            Description = "A request handler materializes a query rooted at a DbSet with no `Take`/`Skip` and returns the list (directly, through a local, or "
                + "through `Ok(...)`/`Results.Ok(...)`). The response, the memory and the query time grow with the table. Precision is low: a `Where` that "
                + "in practice selects a handful of rows (one order's lines) is still reported, because the rule cannot know the data; suppress it there.",
            Flags = new[]
            {
                "`ToList[Async]`/`ToArray[Async]` on a proven query rooted at a `DbSet<T>` read off a `DbContext` (or `Set<T>()`), with no `Take`, `Skip`, "
                    + "`TakeWhile`, `GroupBy` or `Distinct` in the chain, whose result is returned, passed to `Ok`/`Json`/`Accepted`/`Created`, or stored in "
                    + "a local that is",
                "request handlers: public actions of controllers (`ControllerBase` subclasses or `[Controller]`, not `[NonAction]`), minimal API handlers "
                    + "passed to `Map`/`MapGet`/`MapPost`/`MapPut`/`MapDelete`/`MapPatch`/`MapMethods`/`MapFallback` (lambdas and method groups), Razor Pages "
                    + "`On{Verb}[Async]` handlers, SignalR hub methods, gRPC service overrides",
                "a list filtered by one of the handler's parameters (`Where(p => p.BrandId == id)`, also through locals, generic repositories and the "
                    + "app's query helpers such as `ApplySort(options, query)`) that the handler puts into the object it returns or renders "
                    + "(`model.Products = products; return View(model);`, an object initializer, a constructor argument; `View`/`PartialView`/`Ok`/`Json` "
                    + "or `return`)",
            },
            Ignores = new[]
            {
                "queries that are not returned from the handler (aggregated, mapped or filtered further in memory first)",
                "lists put into a view model or DTO (not returned as the response itself) that no `Where` on a handler parameter selects: unfiltered "
                    + "or flag-filtered (`!x.IsDeleted`, a `bool` parameter), usually a lookup table for a drop-down whose size the rule cannot know, "
                    + "or the signed-in user's own few rows; helpers that mention `Take`/`Skip` anywhere and dispatched helpers are not looked through "
                    + "(they may page)",
                "methods that are not request handlers, including repositories called by a handler: the list may be bounded by the caller",
                "navigation queries, queries on parameters and fields, and locals not built from a whole DbSet in the handler (the shape is decided "
                    + "elsewhere) and `FromSql*` queries (the SQL may limit rows)",
                "lambdas converted to expression trees",
            },
            Fix = "Page the query: `OrderBy(key).Skip(page * size).Take(size)` with a bounded `size`, or stream with `IAsyncEnumerable<T>` when the client "
                + "really needs everything. Paging changes what callers receive: tell them there is more (a next-page link, a total count, a truncated "
                + "flag with a hard `Take(max)`) so no client silently loses rows.",
            FlaggedExample = "[HttpGet]\n"
                + "public async Task<IActionResult> GetAll() =>\n"
                + "    Ok(await _db.Products.ToListAsync());",
            FixedExample = "[HttpGet]\n"
                + "public async Task<IActionResult> GetPage(int page = 0, int size = 50) =>\n"
                + "    Ok(await _db.Products.OrderBy(p => p.Id)\n"
                + "        .Skip(page * Math.Min(size, 100)).Take(Math.Min(size, 100)).ToListAsync());",
            Tags = new[] { "performance", "ef-core", "pagination" },
        };
    }

    /// <summary>
    /// PG1007: a request handler (controller action, minimal API handler, Razor Pages handler, ...) returns a
    /// whole DbSet query materialized to a list with no <c>Take</c>/paging: the response grows with the table.
    /// </summary>
    public sealed class DoNotReturnUnboundedQueryFromEndpointAnalyzer : PerfGateRule
    {
        public DoNotReturnUnboundedQueryFromEndpointAnalyzer()
            : base(DataAccessRules.UnboundedQueryInRequestPath)
        {
        }

        internal override void Start(RuleContext rule)
        {
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            RequestPaths requests = rule.Services.RequestPaths;
            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                if (!EfApi.ListMaterializers.Contains(invocation.TargetMethod.Name)) return;
                IOperation? query = ef.ExecutedQuery(invocation);
                if (query == null || ef.IsInsideExpressionTree(invocation)) return;
                bool direct = ef.IsRootedAtDbSet(query);
                // Through locals built up by branches and the app's query helpers (query = ApplySort(options, query)).
                List<IInvocationOperation>? chain = direct ? provenance.ComposingChain(query) : ef.WholeDbSetChain(query, throughQueryHelpers: true);
                if (chain == null) return;
                foreach (IInvocationOperation step in chain)
                {
                    string name = step.TargetMethod.Name;
                    if (name == "Take" || name == "Skip" || name == "TakeWhile" || name == "GroupBy" || name == "Distinct"
                        || name.StartsWith("FromSql", System.StringComparison.Ordinal))
                        return; // bounded, aggregated or raw SQL we cannot see into
                }

                IMethodSymbol? handler = EnclosingFunction(invocation, operationContext.ContainingSymbol);
                if (handler == null || !requests.IsHandler(handler)) return;
                // A list filtered by the request's input put into the response's model (every product of a brand on the brand page)
                // grows the same way; an unfiltered or flag-filtered one there is usually a lookup table for a drop-down: silent.
                if (!(direct && FlowsToResponse(invocation)) && !(FilteredByRequestInput(chain, handler) && ViewModelFlow.ReachesResponse(invocation))) return;
                rule.Report(operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name,
                    handler.MethodKind == MethodKind.AnonymousFunction ? "minimal API handler" : IoSummaries.DisplayMethod(handler));
            }, OperationKind.Invocation);
        }

        /// <summary>
        /// A <c>Where</c> compares rows to one of the handler's parameters (<c>p.BrandId == id</c>): every product of the requested brand.
        /// Flags alone (<c>!x.IsDeleted</c>, <c>x.IsEnabled == enabled</c>) usually pick a lookup table's rows, and a signed-in user's own rows
        /// (a comparison list, an address book) are few.
        /// </summary>
        private static bool FilteredByRequestInput(List<IInvocationOperation> chain, IMethodSymbol handler)
        {
            foreach (IInvocationOperation step in chain)
            {
                if (step.TargetMethod.Name != "Where") continue;
                foreach (IArgumentOperation argument in step.Arguments)
                {
                    foreach (IOperation node in argument.Value.DescendantsAndSelf())
                    {
                        if (node is IParameterReferenceOperation parameter
                            && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, handler)
                            && !IsBoolean(parameter.Parameter.Type))
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A <c>bool</c>/<c>bool?</c> switch (<c>?shippingEnabled=true</c>) is a flag filter, not a key into a large set.</summary>
        private static bool IsBoolean(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_Boolean
            || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                && nullable.TypeArguments[0].SpecialType == SpecialType.System_Boolean);

        private static IMethodSymbol? EnclosingFunction(IOperation operation, ISymbol containing)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda) return lambda.Symbol;
                if (current is ILocalFunctionOperation local) return local.Symbol;
            }

            return containing as IMethodSymbol;
        }

        /// <summary>The list is the returned value, an argument of the result helper (<c>Ok(list)</c>, <c>Results.Ok(list)</c>), or a local that is.</summary>
        private static bool FlowsToResponse(IOperation materialization)
        {
            IOperation current = materialization;
            while (current.Parent is IConversionOperation || current.Parent is IAwaitOperation) current = current.Parent;
            switch (current.Parent)
            {
                case IReturnOperation _:
                    return true;
                case IArgumentOperation argument when argument.Parent is IInvocationOperation call && IsResultHelper(call.TargetMethod):
                    return true;
                case IArgumentOperation argument when argument.Parent is IObjectCreationOperation creation
                    && creation.Type?.Name.EndsWith("Result", System.StringComparison.Ordinal) == true:
                    return true;
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    ILocalSymbol local = declarator.Symbol;
                    IOperation root = declarator.OperationRoot();
                    foreach (IOperation descendant in root.Descendants())
                    {
                        if (!(descendant is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
                        IOperation use = reference;
                        while (use.Parent is IConversionOperation) use = use.Parent;
                        if (use.Parent is IReturnOperation) return true;
                        if (use.Parent is IArgumentOperation arg && arg.Parent is IInvocationOperation helper && IsResultHelper(helper.TargetMethod))
                            return true;
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool IsResultHelper(IMethodSymbol method)
        {
            string? ns = method.ContainingNamespace?.ToDisplayString();
            return ns != null && ns.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal)
                && (method.Name == "Ok" || method.Name == "Json" || method.Name == "Accepted" || method.Name == "Created");
        }
    }
}

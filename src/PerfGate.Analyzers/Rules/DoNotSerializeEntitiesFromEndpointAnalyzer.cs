using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata EntitiesSerializedFromEndpoint = new RuleMetadata
        {
            Id = RuleIdentifiers.EntitiesSerializedFromEndpoint,
            Title = "Endpoint serializes EF Core entities",
            MessageFormat = "{0} returns {1} of EF Core entity '{2}'{3}: every mapped column and every loaded navigation goes into the response (and the API "
                + "contract is the table schema); return a DTO or a Select projection",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "An entity returned from an endpoint is serialized whole: every mapped column (internal flags, timestamps, foreign keys, sometimes "
                + "secrets), and every navigation that happens to be loaded, so an `Include` puts whole object graphs, or cycles, in the payload. The "
                + "response is larger than the client needs, the database reads more than it must, and any column added to the table silently changes the "
                + "public API. Project to a DTO (`Select(p => new ProductDto(p.Id, p.Name, p.Price))`), which also lets EF read only those columns.",
            Flags = new[]
            {
                "a controller action or minimal API handler that returns (`return x`, an expression-bodied handler, `ActionResult<T>`) or passes to a result "
                    + "helper (`Ok(x)`, `Created*(..., x)`, `Accepted*(..., x)`, `Json(x)`, `Results.Ok/Json/Created/Accepted`, `TypedResults.*`) a value "
                    + "whose static type is an EF Core entity, an array, list or other sequence of one, or a generic type of the app's own that carries one "
                    + "as a type argument (`PaginatedItems<CatalogItem>`)",
                "entity means proven: the type is the element type of a `DbSet<T>` property of a `DbContext` subclass declared in the compilation or injected "
                    + "into one of its types (a field, property or constructor parameter: a context from a data project counts), or reachable from such an "
                    + "entity through navigation properties (properties whose type, or element type, is a class of the entity's assembly)",
                "the message says when the value comes from a query with `Include` (whole graphs)",
            },
            Ignores = new[]
            {
                "DTOs, records and classes that no `DbContext` of the compilation maps, anonymous types and `Select` projections",
                "entities mapped only through `modelBuilder.Entity<T>()`, or by a context this compilation neither declares nor injects (not proven here)",
                "values whose type is `object`, `IActionResult` or an interface all the way down (a parameter, a field: the runtime type is unknown; an "
                    + "entity merely converted to `object` on return is still reported), Razor Pages, SignalR hubs, gRPC services, and MVC views "
                    + "(`View(entity)` renders HTML on the server)",
            },
            Fix = "Return a projection: `await db.Products.Select(p => new ProductDto(p.Id, p.Name, p.Price)).ToListAsync(ct)`, or map the entity to a DTO "
                + "before returning it.",
            FlaggedExample = "[HttpGet(\"{id}\")]\n"
                + "public async Task<ActionResult<Order>> Get(int id) =>\n"
                + "    await _db.Orders.Include(o => o.Lines).Include(o => o.Customer).FirstAsync(o => o.Id == id);",
            FixedExample = "[HttpGet(\"{id}\")]\n"
                + "public async Task<ActionResult<OrderDto>> Get(int id) =>\n"
                + "    await _db.Orders.Where(o => o.Id == id)\n"
                + "        .Select(o => new OrderDto(o.Id, o.Customer.Name, o.Lines.Sum(l => l.Quantity * l.UnitPrice)))\n"
                + "        .FirstAsync();",
            Tags = new[] { "performance", "aspnetcore", "payload", "data-access" },
        };
    }

    /// <summary>
    /// PG4003: a controller action or minimal API handler returns (or passes to <c>Ok</c>, <c>Results.Ok</c>, ...) a
    /// value whose static type is an EF Core entity, or a sequence of them: the payload is the table row and its graph.
    /// </summary>
    public sealed class DoNotSerializeEntitiesFromEndpointAnalyzer : PerfGateRule
    {
        private static readonly HashSet<string> ResultHelpers = new HashSet<string>(StringComparer.Ordinal)
        {
            "Ok", "Created", "CreatedAtAction", "CreatedAtRoute", "Accepted", "AcceptedAtAction", "AcceptedAtRoute", "Json",
        };

        public DoNotSerializeEntitiesFromEndpointAnalyzer()
            : base(RequestHandlingRules.EntitiesSerializedFromEndpoint)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            EfQueryProvenance? provenance = rule.Services.Ef;
            if (provenance == null) return;
            var ef = rule.Services.EfExecution!;
            var entities = new Lazy<EfEntityModel>(() => EfEntityModel.For(compilation, provenance), LazyThreadSafetyMode.ExecutionAndPublication);
            RequestPaths requests = rule.Services.RequestPaths;
            INamedTypeSymbol? task = rule.Types.TaskOfT;
            INamedTypeSymbol? valueTask = rule.Types.ValueTaskOfT;

            void Check(OperationAnalysisContext operationContext, IOperation value)
            {
                IOperation inner = value.WithoutConversions();
                if (inner is IConditionalOperation { WhenFalse: { } whenFalse } conditional)
                {
                    // return found is null ? NotFound() : found;
                    Check(operationContext, conditional.WhenTrue);
                    Check(operationContext, whenFalse);
                    return;
                }

                ITypeSymbol? type = inner.Type;
                if (type is INamedTypeSymbol { IsGenericType: true } awaited && (awaited.OriginalDefinition.IsType(task)
                    || awaited.OriginalDefinition.IsType(valueTask)))
                    type = awaited.TypeArguments[0];
                if (type == null) return;
                ITypeSymbol element = EfEntityModel.ElementTypeOrSelf(type);
                // Cheap before the model: only a class declared in source or a referenced project can be an entity.
                if (!(element is INamedTypeSymbol { TypeKind: TypeKind.Class, ContainingAssembly: { } assembly } candidate) || IsFrameworkAssembly(assembly))
                    return;
                // The entity model (one walk over the types) is cheaper than placing every return on a request path.
                string shape = SymbolEqualityComparer.Default.Equals(element, type) ? "an instance" : "a collection";
                if (!entities.Value.IsEntity(candidate))
                {
                    // An envelope of the app's own (PaginatedItems<CatalogItem>) carries its entities just the same.
                    INamedTypeSymbol? wrapped = EnvelopedEntity(candidate, entities.Value);
                    if (wrapped == null) return;
                    shape = "a '" + candidate.Name + "'";
                    candidate = wrapped;
                }

                string? handler = DescribeHandler(value, operationContext.ContainingSymbol, requests);
                if (handler == null) return;
                string graph = LoadedWithInclude(inner, ef) ? ", loaded with Include (whole object graphs)" : "";
                rule.Report(operationContext.ReportDiagnostic, value.Syntax.GetLocation(), handler, shape, candidate.Name, graph);
            }

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var returned = (IReturnOperation)operationContext.Operation;
                if (returned.ReturnedValue != null) Check(operationContext, returned.ReturnedValue);
            }, OperationKind.Return);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (!ResultHelpers.Contains(method.Name)) return;
                string? ns = method.ContainingNamespace?.ToDisplayString();
                if (ns == null || !ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)) return;
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.Explicit && (argument.Parameter?.Name == "value" || argument.Parameter?.Name == "data"))
                        Check(operationContext, argument.Value);
                }
            }, OperationKind.Invocation);
        }

        /// <summary>The entity a generic type of the app's own carries as a type argument (directly or as a sequence), or null.</summary>
        private static INamedTypeSymbol? EnvelopedEntity(INamedTypeSymbol envelope, EfEntityModel entities)
        {
            if (!envelope.IsGenericType) return null;
            foreach (ITypeSymbol argument in envelope.TypeArguments)
            {
                if (EfEntityModel.ElementTypeOrSelf(argument) is INamedTypeSymbol entity && entities.IsEntity(entity)) return entity;
            }

            return null;
        }

        private static bool IsFrameworkAssembly(IAssemblySymbol assembly) =>
            assembly.Name.StartsWith("System", StringComparison.Ordinal) || assembly.Name.StartsWith("Microsoft", StringComparison.Ordinal)
            || assembly.Name == "mscorlib" || assembly.Name == "netstandard";

        /// <summary>The handler whose response this value is, or null: controller actions and minimal API handlers only, not nested lambdas.</summary>
        private static string? DescribeHandler(IOperation value, ISymbol containing, RequestPaths requests)
        {
            for (IOperation? current = value.Parent; current != null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation) return null;
                if (current is IAnonymousFunctionOperation lambda)
                {
                    return requests.IsHandler(lambda.Symbol) ? "The minimal API handler in '" + AsyncContext.OwnerName(lambda.Symbol) + "'" : null;
                }
            }

            if (!(containing is IMethodSymbol method) || !requests.IsHandler(method)) return null;
            if (requests.MinimalApiHandlers.Contains(IoSummaries.Normalize(method)))
                return "The minimal API handler '" + IoSummaries.DisplayMethod(method) + "'";
            return requests.IsController(method.ContainingType) ? "Action '" + IoSummaries.DisplayMethod(method) + "'" : null;
        }

        /// <summary>The value is (a local assigned from) an executed EF query whose chain has <c>Include</c>.</summary>
        private static bool LoadedWithInclude(IOperation value, EfExecution ef)
        {
            value = value is IAwaitOperation awaited ? awaited.Operation.WithoutConversions() : value;
            if (value is ILocalReferenceOperation local)
            {
                IOperation root = value.OperationRoot();
                IOperation? initial = root.Descendants().OfType<IVariableDeclaratorOperation>()
                    .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local))?.GetVariableInitializer()?.Value.WithoutConversions();
                value = initial is IAwaitOperation initialAwait ? initialAwait.Operation.WithoutConversions() : initial ?? value;
            }

            if (!(value is IInvocationOperation invocation)) return false;
            IOperation? query = ef.ExecutedQuery(invocation);
            return query != null && ef.Provenance.ComposingChain(query).Any(step => step.TargetMethod.Name == "Include"
                || step.TargetMethod.Name == "ThenInclude");
        }
    }
}

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
            DefaultLevel = RuleLevel.Off,
            Precision = "high",
            Description = "An entity returned from an endpoint is serialized whole: every mapped column (internal flags, timestamps, foreign keys, sometimes "
                + "secrets), and every navigation that happens to be loaded, so an `Include` puts whole object graphs, or cycles, in the payload. The "
                + "response is larger than the client needs, the database reads more than it must, and any column added to the table silently changes the "
                + "public API. Project to a DTO (`Select(p => new ProductDto(p.Id, p.Name, p.Price))`), which also lets EF read only those columns.",
            Flags = new[]
            {
                "a controller action or minimal API handler that returns (`return x`, an expression-bodied handler, `ActionResult<T>`) or passes to a result "
                    + "helper (`Ok(x)`, `Created*(..., x)`, `Accepted*(..., x)`, `Json(x)`, `Results.Ok/Json/Created/Accepted`, `TypedResults.*`) a value "
                    + "whose static type is an array, list or other sequence of EF Core entities, a generic type of the app's own that carries one as a "
                    + "type argument (`PaginatedItems<CatalogItem>`), or one entity loaded with `Include` or with a `byte[]` column, when the value may come "
                    + "from the database (a query, or a method whose I/O summary reads the database)",
                "entity means proven: the type is the element type of a `DbSet<T>` property of a `DbContext` subclass declared in the compilation or injected "
                    + "into one of its types (a field, property or constructor parameter: a context from a data project counts), or reachable from such an "
                    + "entity through navigation properties (properties whose type, or element type, is a class of the entity's assembly)",
                "the message says when the value comes from a query with `Include` (whole graphs)",
            },
            Ignores = new[]
            {
                "DTOs, records and classes that no `DbContext` of the compilation maps, anonymous types and `Select` projections",
                "one entity (not a collection) with nothing included and no `byte[]` column: the columns a DTO would drop are a few bytes of one row",
                "values that never came from the database: a parameter of the handler (the posted body, also when reassigned: `entity = "
                    + "_repo.Add(entity); return entity;`), and locals set only from parameters, from calls handed the posted object, from `new`, from "
                    + "`null`, or from source methods whose I/O summary does no database I/O (models built from assembly metadata or files)",
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
            IoSummaries summaries = rule.Services.Summaries;
            INamedTypeSymbol? task = rule.Types.TaskOfT;
            INamedTypeSymbol? valueTask = rule.Types.ValueTaskOfT;

            void Check(OperationAnalysisContext operationContext, IOperation value)
            {
                if (!requests.HasHandlers) return; // nothing here is an endpoint: spare the entity model
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
                bool withInclude = LoadedWithInclude(inner, ef);
                // One row without its graph: the columns a DTO would drop are a few bytes of one row (a narrow shared model, a cached row).
                if (shape == "an instance" && !withInclude && !HasBinaryColumn(candidate)) return;
                if (!MayComeFromTheDatabase(inner, candidate, summaries, ef)) return; // the posted body, or objects the app builds itself
                string graph = withInclude ? ", loaded with Include (whole object graphs)" : "";
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

        /// <summary>A <c>byte[]</c> column: a row carries a blob, and a DTO that leaves it out saves real bytes.</summary>
        private static bool HasBinaryColumn(INamedTypeSymbol entity)
        {
            for (INamedTypeSymbol? type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                if (type.GetMembers().OfType<IPropertySymbol>().Any(p => !p.IsStatic
                    && p.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }))
                    return true;
            }

            return false;
        }

        /// <summary>
        /// False when every value the handler may return here is the request's own data or built by the app: a parameter (the posted body,
        /// reassigned or not: <c>siteGroup = _repo.Add(siteGroup); return siteGroup;</c>), a local set only from parameters, from calls
        /// handed the posted object (a repository's <c>Add(entity)</c> returns it), from <c>new</c>, from <c>null</c>, or from source methods
        /// whose I/O summary does no database I/O (models assembled from assembly metadata or files).
        /// </summary>
        private static bool MayComeFromTheDatabase(IOperation value, INamedTypeSymbol entity, IoSummaries summaries, EfExecution ef)
        {
            value = Unwrapped(value);
            if (value is IParameterReferenceOperation) return false;
            var pending = new Stack<IOperation>();
            var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            pending.Push(value);
            while (pending.Count > 0)
            {
                IOperation origin = Unwrapped(pending.Pop());
                if (origin.Type != null && (origin.Type.IsValueType || origin.Type.SpecialType == SpecialType.System_String)) continue; // carries no entity
                switch (origin)
                {
                    case IParameterReferenceOperation _:
                    case IDefaultValueOperation _:
                    case ILiteralOperation _:
                        continue;
                    case IObjectCreationOperation creation:
                        if (SymbolEqualityComparer.Default.Equals(EfEntityModel.ElementTypeOrSelf(creation.Type!), entity)) continue; // built here
                        // An envelope or a list: what goes into it.
                        foreach (IArgumentOperation argument in creation.Arguments) pending.Push(argument.Value);
                        foreach (IOperation initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
                        {
                            if (initializer is IAssignmentOperation assignment) pending.Push(assignment.Value);
                            else if (initializer is IInvocationOperation add)
                            {
                                foreach (IArgumentOperation argument in add.Arguments) pending.Push(argument.Value);
                            }
                            else return true;
                        }

                        continue;
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        pending.Push(conditional.WhenTrue);
                        pending.Push(whenFalse);
                        continue;
                    case ICoalesceOperation coalesce:
                        pending.Push(coalesce.Value);
                        pending.Push(coalesce.WhenNull);
                        continue;
                    case ILocalReferenceOperation local:
                        if (!seen.Add(local.Local)) continue;
                        int definitions = 0;
                        foreach (IOperation definition in LocalDefinitions.Of(local))
                        {
                            pending.Push(definition);
                            definitions++;
                        }

                        if (definitions == 0) return true; // an out variable, a pattern: unknown
                        continue;
                    case IInvocationOperation call:
                        if (ef.ExecutedQuery(call) != null) return true;
                        IOperation? handedBack = call.Arguments.Select(a => Unwrapped(a.Value)).FirstOrDefault(a =>
                            (a is IParameterReferenceOperation || a is ILocalReferenceOperation) && SymbolEqualityComparer.Default.Equals(a.Type, call.Type));
                        if (handedBack != null)
                        {
                            pending.Push(handedBack); // _repo.Add(posted) saves it and hands it back
                            continue;
                        }

                        if (summaries.SummarizeCall(call, out IoKind direct, out _).Has(IoKind.Database) || direct == IoKind.Database) return true;
                        if (!summaries.DispatchTargets(call.TargetMethod, call.Instance).IsEmpty) continue; // source code that reads no database
                        return true; // a library call: unknown
                    default:
                        return true;
                }
            }

            return false;
        }

        private static IOperation Unwrapped(IOperation value)
        {
            value = value.WithoutConversions();
            while (value is IAwaitOperation awaited) value = awaited.Operation.WithoutConversions();
            return value;
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

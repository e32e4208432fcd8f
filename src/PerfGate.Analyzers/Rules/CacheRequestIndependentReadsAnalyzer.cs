using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG3003: an external read (HTTP GET, Stripe/OpenAI list or get, an EF Core query) whose arguments are proven
    /// not to depend on the request, run on every request of an uncached request path.
    /// </summary>
    public sealed class CacheRequestIndependentReadsAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(CachingRules.CacheableHotRead);

        private static readonly HashSet<string> HttpGets = new HashSet<string>(StringComparer.Ordinal)
        {
            "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync", "GetFromJsonAsync", "GetFromJsonAsAsyncEnumerable",
        };

        private static readonly HashSet<string> StripeReads = new HashSet<string>(StringComparer.Ordinal) { "Get", "GetAsync", "List", "ListAsync" };

        private static readonly HashSet<string> RowReads = new HashSet<string>(StringComparer.Ordinal)
        {
            "ToList", "ToListAsync", "ToArray", "ToArrayAsync", "ToDictionary", "ToDictionaryAsync", "ToHashSet", "ToHashSetAsync",
            "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync", "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                Compilation compilation = start.Compilation;
                INamedTypeSymbol? httpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
                INamedTypeSymbol? httpJson = compilation.GetTypeByMetadataName("System.Net.Http.Json.HttpClientJsonExtensions");
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(compilation);
                EfExecution? ef = provenance == null ? null : new EfExecution(compilation, provenance);
                var written = new Lazy<EfWrittenEntities>(() => EfWrittenEntities.Find(compilation, provenance!), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
                var values = new RequestIndependentValues(compilation);
                var paths = new UncachedRequestPaths(compilation);
                PolicyOptions policy = PolicyOptions.From(start.Options);

                string? DescribeRead(IInvocationOperation invocation)
                {
                    IMethodSymbol method = invocation.TargetMethod;
                    string name = method.Name;
                    if (HttpGets.Contains(name) && (method.ContainingType.InheritsFromOrEquals(httpClient) || method.ContainingType.IsType(httpJson)))
                        return values.ArgumentsAreProven(invocation) ? "sends the same HTTP GET" : null;
                    if (StripeReads.Contains(name) && ExternalSdkCalls.IsStripeServiceRequest(method))
                        return values.ArgumentsAreProven(invocation) ? "sends the same Stripe " + method.ContainingType.Name + " request" : null;
                    if (name.StartsWith("GetModel", StringComparison.Ordinal) && ExternalSdkCalls.IsOpenAiRequest(method))
                        return values.ArgumentsAreProven(invocation) ? "sends the same OpenAI " + method.ContainingType.Name + " request" : null;
                    if (ef != null && RowReads.Contains(name)) return DescribeQuery(invocation, ef, written, compilation);
                    return null;
                }

                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    string? what = DescribeRead(invocation);
                    if (what == null) return;
                    string? path = DescribePath(invocation, operationContext.ContainingSymbol, paths);
                    if (path == null || policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), invocation.TargetMethod.Name, what, path));
                }, OperationKind.Invocation);
            });
        }

        /// <summary>
        /// A proven EF Core query rooted at a DbSet whose every operator argument is request-independent (lambdas that
        /// capture nothing, constant counts), in a method that does not also write (a unit of work reads to update),
        /// over an entity the compilation never writes (reference data).
        /// </summary>
        private static string? DescribeQuery(IInvocationOperation invocation, EfExecution ef, Lazy<EfWrittenEntities> written, Compilation compilation)
        {
            IOperation? query = ef.ExecutedQuery(invocation);
            if (query == null || !ef.IsRootedAtDbSet(query) || ef.IsInsideExpressionTree(invocation)) return null;
            var calls = new List<IInvocationOperation> { invocation };
            calls.AddRange(ef.Provenance.ComposingChain(query));
            foreach (IInvocationOperation call in calls)
            {
                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Ordinal == 0) continue;
                    if (argument.Parameter?.Type.Name == "CancellationToken") continue;
                    if (!CapturesNothing(argument.Value)) return null;
                }
            }

            IOperation root = invocation.OperationRoot();
            if (root.Descendants().OfType<IInvocationOperation>().Any(ef.Provenance.IsUnitOfWorkCall)) return null;
            // Reference data only: a table this app writes to would need invalidation, not just a TTL.
            // A context from another project may be written there: only contexts declared here are proven.
            IOperation queryRoot = ef.Root(query);
            if (!IsContextDeclaredHere(queryRoot, compilation)) return null;
            if (queryRoot.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set && written.Value.IsWritten(set.TypeArguments[0])) return null;
            bool filtered = calls.Any(call => call.TargetMethod.Name == "Where")
                || invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Ordinal > 0 && a.Parameter.Type.Name != "CancellationToken");
            return "runs the same query on '" + TableName(queryRoot) + "'" + (filtered ? "" : " (no filter: the whole table)");
        }

        private static bool IsContextDeclaredHere(IOperation root, Compilation compilation)
        {
            ITypeSymbol? context = root switch
            {
                IPropertyReferenceOperation property => property.Instance?.Type,
                IFieldReferenceOperation field => field.Instance?.Type,
                IInvocationOperation set => set.Instance?.Type,
                _ => null,
            };
            return context != null && SymbolEqualityComparer.Default.Equals(context.ContainingAssembly, compilation.Assembly);
        }

        private static string TableName(IOperation root) => root switch
        {
            IPropertyReferenceOperation property => property.Property.Name,
            IFieldReferenceOperation field => field.Field.Name,
            _ => root.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set ? set.TypeArguments[0].Name : "a table",
        };

        /// <summary>Constants, or lambdas that read only their own parameters and locals, constants and static readonly fields.</summary>
        private static bool CapturesNothing(IOperation value)
        {
            value = value.WithoutConversions();
            if (value.ConstantValue.HasValue) return true;
            if (value is IDelegateCreationOperation creation) value = creation.Target;
            if (!(value is IAnonymousFunctionOperation lambda)) return false;
            SyntaxNode lambdaSyntax = lambda.Syntax;
            foreach (IOperation operation in lambda.Body.Descendants())
            {
                switch (operation)
                {
                    case IInstanceReferenceOperation _:
                        return false;
                    case IParameterReferenceOperation parameter when !DeclaredInside(parameter.Parameter, lambdaSyntax):
                        return false;
                    case ILocalReferenceOperation local when !DeclaredInside(local.Local, lambdaSyntax):
                        return false;
                    case IFieldReferenceOperation field when field.Field.IsStatic && !field.Field.IsReadOnly && !field.Field.IsConst:
                        return false;
                }
            }

            return true;
        }

        private static bool DeclaredInside(ISymbol symbol, SyntaxNode container) =>
            symbol.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree == container.SyntaxTree && container.Span.Contains(reference.Span));

        /// <summary>Where the request runs the read, or null when it is cached, not on a request path, or in a lambda we cannot place.</summary>
        private static string? DescribePath(IInvocationOperation read, ISymbol containing, UncachedRequestPaths paths)
        {
            for (IOperation? current = read.Parent; current != null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation) return null;
                if (current is IAnonymousFunctionOperation lambda)
                {
                    // Only a minimal API handler lambda is the request itself; a cache factory runs on a miss.
                    if (!paths.RequestPaths.IsHandler(lambda.Symbol) || paths.IsCachedHandler(lambda.Symbol)) return null;
                    return UncachedRequestPaths.UsesCache(lambda) || StoresState(lambda) ? null : "request handler '" + AsyncContext.OwnerName(lambda.Symbol) + "'";
                }
            }

            if (!(containing is IMethodSymbol method)) return null;
            IOperation body = read.OperationRoot();
            if (UncachedRequestPaths.UsesCache(body) || StoresState(body) || !paths.IsReachedUncached(method)) return null;
            return paths.RequestPaths.IsHandler(method)
                ? "request handler '" + IoSummaries.DisplayMethod(method) + "'"
                : "'" + IoSummaries.DisplayMethod(method) + "', reached from a request handler";
        }

        /// <summary>
        /// The body assigns a field or property (<c>_categories ??= await ...</c>, <c>_countriesCache = bytes</c>): it keeps
        /// state across calls, which in a request path is nearly always a hand-made cache (in the OSS trial, Jellyfin's
        /// <c>SchedulesDirect.GetAvailableCountries</c> stores the downloaded bytes in a field and a file).
        /// </summary>
        private static bool StoresState(IOperation body)
        {
            foreach (IOperation operation in body.Descendants())
            {
                if (operation is IAssignmentOperation assignment
                    && (assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation { Property: { IsIndexer: false } })
                    && !(assignment.Parent is IObjectOrCollectionInitializerOperation))
                    return true;
            }

            return false;
        }
    }
}

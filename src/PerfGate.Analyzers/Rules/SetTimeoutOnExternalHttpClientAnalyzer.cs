using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class ExternalCallRules
    {
        public static readonly RuleMetadata HttpClientWithoutTimeout = new RuleMetadata
        {
            Id = RuleIdentifiers.HttpClientWithoutTimeout,
            Title = "External HttpClient without timeout or resilience",
            MessageFormat = "{0} {1}: a slow or hung third party holds the caller for HttpClient's default 100 s; {2}",
            Category = RuleCategories.ExternalCalls,
            DefaultLevel = RuleLevel.Warning,
            Precision = "medium",
            Description = "`HttpClient` waits 100 s by default. When a payment, AI or media API hangs, every request that calls it holds a thread, a "
                + "connection and the user for those 100 s, and retries (if any) stack on top. A resilience handler (`AddStandardResilienceHandler()`: a "
                + "total timeout of 30 s, an attempt timeout of 10 s, retries with backoff and a circuit breaker) or at least an explicit `Timeout` bounds "
                + "that wait. The rule reports only what the compilation proves: every step of the registration is known and none adds a timeout or a "
                + "handler. Precision is medium because a timeout can also come from configuration this analysis does not read (an options class bound from "
                + "appsettings that a custom handler applies).",
            Flags = new[]
            {
                "`services.AddHttpClient(\"name\", ...)`, `AddHttpClient<TClient>(...)` and `AddHttpClient<TClient, TImplementation>(...)` whose returned "
                    + "`IHttpClientBuilder` (chained, or kept in a local whose every use is a chained call) makes only calls that add no timeout and no "
                    + "handler (`ConfigureHttpClient`, `ConfigurePrimaryHttpMessageHandler` with a plain `HttpClientHandler`/`SocketsHttpHandler`, "
                    + "`SetHandlerLifetime`, `AddTypedClient`, `RedactLoggedHeaders`, `AddAsKeyed`, logger configuration, `AddServiceDiscovery`, "
                    + "`AddHeaderPropagation`), and whose configure lambdas (`c => c.BaseAddress = ...`) never set `Timeout`",
                "a `new HttpClient()` (or over a plain `HttpClientHandler`/`SocketsHttpHandler`) stored once in a field or property that only this "
                    + "compilation can reach (not public), when the compilation never sets that member's `Timeout`, never hands the client to anything else, "
                    + "and sends requests through it (`Send*`, `Get*`, `Post*`, `Put*`, `Patch*`, `Delete*`, including the `System.Net.Http.Json` extensions) "
                    + "none of which passes a `CancellationToken` (omitted, `default` and `CancellationToken.None` count as none); reported at the creation",
            },
            Ignores = new[]
            {
                "builders that get any other call (`AddStandardResilienceHandler`, `AddStandardHedgingHandler`, `AddResilienceHandler`, Polly's "
                    + "`AddPolicyHandler`/`AddTransientHttpErrorPolicy`/`AddPolicyHandlerFromRegistry`, but also `AddHttpMessageHandler`, a primary handler "
                    + "of any other type and custom extensions, which may add a timeout), builders that are returned, passed to a method, stored in a field "
                    + "or used in a lambda, and configure delegates that are not lambdas or that pass the client to a method",
                "every registration when the compilation calls `ConfigureHttpClientDefaults` with anything but the neutral calls above (Aspire's "
                    + "ServiceDefaults: `ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler())`), or hands its "
                    + "`IServiceCollection`/`IHostApplicationBuilder` to a method of a referenced library built against Microsoft.Extensions.Http.Resilience, "
                    + "Microsoft.Extensions.Http.Polly or Polly (`builder.AddServiceDefaults()` from a ServiceDefaults project)",
                "typed clients whose class (or a base class) sets `HttpClient.Timeout` or bounds its calls with `CancelAfter` / `new "
                    + "CancellationTokenSource(delay)`, and typed clients declared in another assembly; named clients when the compilation sets "
                    + "`HttpClient.Timeout` or builds a timed `CancellationTokenSource` anywhere outside a registration (the code that calls "
                    + "`CreateClient(name)` may bound it)",
                "`services.AddHttpClient()` with no name or type (it registers the factory, not a client)",
                "kept clients that are public (other assemblies may configure them), created with any other handler (a `DelegatingHandler` may time out), "
                    + "created with `{ Timeout = ... }`, assigned from anything but `new HttpClient()`, cancelled through `CancelPendingRequests`, or created "
                    + "per call (PG2002 reports that); clients injected from `IHttpClientFactory` or DI singletons (the registration is judged instead)",
                "test projects (the compilation references NUnit, xUnit, MSTest or TUnit)",
            },
            Fix = "Add a resilience pipeline to the registration: `builder.Services.AddHttpClient<StripeGateway>(...).AddStandardResilienceHandler();` "
                + "(package Microsoft.Extensions.Http.Resilience; in an Aspire app `ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler())` "
                + "covers every client), or at least set `Timeout` in the configure lambda. For a kept `HttpClient`, set `Timeout` where it is created (`new "
                + "HttpClient { Timeout = TimeSpan.FromSeconds(10) }`) or pass a `CancellationToken` that has a deadline.",
            FlaggedExample = "builder.Services.AddHttpClient<ShippingRates>(c => c.BaseAddress = new Uri(\"https://rates.example/\"));",
            FixedExample = "builder.Services.AddHttpClient<ShippingRates>(c => c.BaseAddress = new Uri(\"https://rates.example/\"))\n"
                + "    .AddStandardResilienceHandler();",
            Tags = new[] { "reliability", "http", "latency" },
            Reach = ReachScope.Application,
        };
    }

    /// <summary>
    /// PG2005: an HttpClient that can wait the default 100 s for a hung third party. Two proven shapes:
    /// an <c>AddHttpClient</c> registration whose builder adds no resilience handler and sets no timeout (and
    /// no global <c>ConfigureHttpClientDefaults</c> may add one), and a <c>new HttpClient()</c> kept in a field
    /// whose <c>Timeout</c> is never set and whose requests never pass a CancellationToken. Both need the whole
    /// compilation, so findings are reported when it ends.
    /// </summary>
    public sealed class SetTimeoutOnExternalHttpClientAnalyzer : PerfGateRule
    {
        /// <summary>Assemblies whose presence in a test project's references makes it a test project.</summary>
        private static readonly ImmutableHashSet<string> TestFrameworks = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
            "nunit.framework", "xunit.core", "xunit.v3.core", "Microsoft.VisualStudio.TestPlatform.TestFramework", "TUnit.Core");

        /// <summary>A library built against one of these may configure resilience for every client (Aspire's ServiceDefaults).</summary>
        private static readonly ImmutableHashSet<string> ResilienceAssemblies = ImmutableHashSet.Create(
            "Microsoft.Extensions.Http.Resilience", "Microsoft.Extensions.Http.Polly", "Polly", "Polly.Core", "Polly.Extensions.Http");

        public SetTimeoutOnExternalHttpClientAnalyzer()
            : base(ExternalCallRules.HttpClientWithoutTimeout, reportsAtCompilationEnd: true)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? httpClient = rule.Types.HttpClient;
            if (httpClient == null) return;
            if (compilation.ReferencedAssemblyNames.Any(name => TestFrameworks.Contains(name.Name))) return;
            var analyzer = new Analyzer(rule, httpClient);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeCreation, OperationKind.ObjectCreation);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeAssignment, OperationKind.SimpleAssignment);
            rule.Start.RegisterOperationAction(analyzer.AnalyzeMemberReference, OperationKind.FieldReference, OperationKind.PropertyReference);
            rule.Start.RegisterCompilationEndAction(analyzer.Report);
        }

        private sealed class Analyzer
        {
            private readonly RuleContext _rule;
            private readonly INamedTypeSymbol _httpClient;
            private readonly INamedTypeSymbol? _builder;
            private readonly INamedTypeSymbol? _cancellationTokenSource;
            private readonly INamedTypeSymbol? _serviceCollection;
            private readonly INamedTypeSymbol? _hostBuilder;
            private readonly IAssemblySymbol _assembly;
            private readonly PerCallCreation _perCall;
            private readonly SharedHttpClientUses _sharedClients;
            private readonly ConcurrentBag<Registration> _registrations = new ConcurrentBag<Registration>();
            private readonly ConcurrentBag<(ISymbol Member, Location Location)> _keptClients = new ConcurrentBag<(ISymbol, Location)>();

            /// <summary>Types that set HttpClient.Timeout or build a timed CancellationTokenSource outside a registration.</summary>
            private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _typesWithOwnTimeout =
                new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            private int _defaultsMayCover;

            public Analyzer(RuleContext rule, INamedTypeSymbol httpClient)
            {
                _rule = rule;
                _httpClient = httpClient;
                _builder = rule.Types.IHttpClientBuilder;
                _cancellationTokenSource = rule.Types.CancellationTokenSource;
                _serviceCollection = rule.Types.IServiceCollection;
                _hostBuilder = rule.Types.IHostApplicationBuilder;
                _assembly = rule.Compilation.Assembly;
                _perCall = new PerCallCreation(rule.Compilation, isWebAssembly: false);
                _sharedClients = new SharedHttpClientUses(httpClient, rule.Types.CancellationToken);
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name == "CancelAfter" && method.ContainingType.IsType(_cancellationTokenSource))
                {
                    NoteOwnTimeout(invocation, context.ContainingSymbol);
                    return;
                }

                if (_builder == null) return;
                if (HttpClientRegistrations.IsClientRegistration(method, _builder))
                {
                    if (HttpClientRegistrations.Classify(invocation, _httpClient, _builder) != RegistrationState.Bare) return;
                    _registrations.Add(new Registration(invocation, method));
                }
                else if (method.Name == "ConfigureHttpClientDefaults")
                {
                    if (HttpClientRegistrations.ClassifyDefaults(invocation, _httpClient, _builder) != RegistrationState.Bare)
                        Interlocked.Exchange(ref _defaultsMayCover, 1);
                }
                else if (MayConfigureDefaultsElsewhere(invocation))
                {
                    Interlocked.Exchange(ref _defaultsMayCover, 1);
                }
            }

            public void AnalyzeCreation(OperationAnalysisContext context)
            {
                var creation = (IObjectCreationOperation)context.Operation;
                if (creation.Type.IsType(_cancellationTokenSource))
                {
                    if (creation.Arguments.Length > 0) NoteOwnTimeout(creation, context.ContainingSymbol);
                    return;
                }

                if (!SymbolEqualityComparer.Default.Equals(creation.Type, _httpClient) || !HasPlainHandler(creation) || SetsTimeout(creation)) return;
                ISymbol? member = KeptIn(creation);
                if (member == null || member.ContainingType == null || !IsVisibleOnlyHere(member)) return;
                if (_perCall.FindPerCallMember(creation, context.ContainingSymbol) != null) return; // PG2002's finding
                _keptClients.Add((member, creation.Syntax.GetLocation()));
            }

            public void AnalyzeAssignment(OperationAnalysisContext context)
            {
                var assignment = (ISimpleAssignmentOperation)context.Operation;
                if (HttpClientRegistrations.IsTimeoutAssignment(assignment, _httpClient)) NoteOwnTimeout(assignment, context.ContainingSymbol);
            }

            public void AnalyzeMemberReference(OperationAnalysisContext context) =>
                _sharedClients.Record((IMemberReferenceOperation)context.Operation);

            public void Report(CompilationAnalysisContext context)
            {
                bool anyOwnTimeout = !_typesWithOwnTimeout.IsEmpty;
                if (_defaultsMayCover == 0)
                {
                    foreach (Registration registration in _registrations.OrderBy(r => r.Location.SourceSpan.Start))
                    {
                        if (registration.TypedClient == null ? anyOwnTimeout : !IsSourceTypeWithoutOwnTimeout(registration.TypedClient)) continue;
                        _rule.Report(context.ReportDiagnostic, registration.Location,
                            "The HttpClient registered by " + registration.Label, "has no resilience handler and no Timeout",
                            "add AddStandardResilienceHandler() (Microsoft.Extensions.Http.Resilience) or set Timeout where it is configured");
                    }
                }

                foreach ((ISymbol member, Location location) in _keptClients)
                {
                    if (!_sharedClients.HasOnlyUnboundedRequests(member)) continue;
                    _rule.Report(context.ReportDiagnostic, location,
                        "The HttpClient kept in '" + member.ContainingType.Name + "." + member.Name + "'",
                        "keeps the default Timeout and none of its requests pass a CancellationToken",
                        "set Timeout where it is created or pass a CancellationToken with a deadline");
                }
            }

            /// <summary>Typed clients may bound their own calls (Timeout in the constructor, CancelAfter per call).</summary>
            private bool IsSourceTypeWithoutOwnTimeout(INamedTypeSymbol type)
            {
                if (type.DeclaringSyntaxReferences.Length == 0 || type.IsAbstract) return false;
                for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
                {
                    if (_typesWithOwnTimeout.ContainsKey(current)) return false;
                }

                return true;
            }

            private void NoteOwnTimeout(IOperation operation, ISymbol containingSymbol)
            {
                if (HttpClientRegistrations.IsInsideRegistration(operation) || containingSymbol.ContainingType == null) return;
                _typesWithOwnTimeout.TryAdd(containingSymbol.ContainingType, true);
            }

            /// <summary>
            /// <c>builder.AddServiceDefaults()</c>: a library method handed the service collection, from an assembly
            /// built against a resilience package, may call ConfigureHttpClientDefaults where we cannot see it.
            /// </summary>
            private bool MayConfigureDefaultsElsewhere(IInvocationOperation invocation)
            {
                IMethodSymbol method = invocation.TargetMethod;
                // Another assembly, as a file (the build) or as a project (the IDE's compilation reference).
                if (method.ContainingAssembly == null || SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly)) return false;
                IOperation? receiver = invocation.GetReceiver()?.WithoutConversions();
                if (!(receiver?.Type.IsOrImplements(_serviceCollection) == true || receiver?.Type.IsOrImplements(_hostBuilder) == true)) return false;
                return method.ContainingAssembly.Modules.Any(module =>
                    module.ReferencedAssemblies.Any(reference => ResilienceAssemblies.Contains(reference.Name)));
            }

            /// <summary><c>new HttpClient()</c> or over a plain <c>HttpClientHandler</c>/<c>SocketsHttpHandler</c>: no handler that could time out.</summary>
            private static bool HasPlainHandler(IObjectCreationOperation creation) =>
                creation.Arguments.Length == 0
                || (creation.Arguments[0].Value.WithoutConversions() is IObjectCreationOperation handler
                    && HttpClientRegistrations.IsPlainHandler(handler.Type));

            private static bool SetsTimeout(IObjectCreationOperation creation) =>
                creation.Initializer != null && creation.Initializer.Initializers.OfType<ISimpleAssignmentOperation>()
                    .Any(a => a.Target is IPropertyReferenceOperation p && p.Property.Name == "Timeout");

            /// <summary>The field or property a creation is stored in once: an initializer, or <c>=</c>/<c>??=</c> into it.</summary>
            private static ISymbol? KeptIn(IObjectCreationOperation creation)
            {
                IOperation current = creation;
                IOperation? parent = creation.Parent;
                while (parent is IConversionOperation) { current = parent; parent = parent.Parent; }
                switch (parent)
                {
                    case IFieldInitializerOperation field when field.InitializedFields.Length == 1:
                        return field.InitializedFields[0];
                    case IPropertyInitializerOperation property when property.InitializedProperties.Length == 1:
                        return property.InitializedProperties[0];
                    case IAssignmentOperation assignment when ReferenceEquals(assignment.Value, current)
                        && assignment.Target is IMemberReferenceOperation target
                                                              && (target.Member is IFieldSymbol || target.Member is IPropertySymbol):
                        return target.Member;
                    default:
                        return null;
                }
            }

            /// <summary>Only this compilation can use it: not public, or in a type nobody outside can see.</summary>
            private static bool IsVisibleOnlyHere(ISymbol member)
            {
                for (ISymbol? current = member; current != null && !(current is INamespaceSymbol); current = current.ContainingSymbol)
                {
                    if (current.DeclaredAccessibility != Accessibility.Public && current.DeclaredAccessibility != Accessibility.Protected
                        && current.DeclaredAccessibility != Accessibility.ProtectedOrInternal)
                        return true;
                }

                return false;
            }
        }

        private sealed class Registration
        {
            public Registration(IInvocationOperation invocation, IMethodSymbol method)
            {
                Location = DiagnosticLocations.ForInvocation(invocation.Syntax);
                TypedClient = method.TypeArguments.LastOrDefault() as INamedTypeSymbol;
                Label = TypedClient != null
                    ? "AddHttpClient<" + string.Join(", ", method.TypeArguments.Select(t => t.Name)) + ">"
                    : "AddHttpClient(" + NameOf(invocation) + ")";
            }

            public Location Location { get; }

            /// <summary>The implementation type of a typed client; null for a named client.</summary>
            public INamedTypeSymbol? TypedClient { get; }

            public string Label { get; }

            private static string NameOf(IInvocationOperation invocation)
            {
                IArgumentOperation? name = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_String);
                object? value = name?.Value.ConstantValue.HasValue == true ? name.Value.ConstantValue.Value : null;
                return value is string text ? "\"" + text + "\"" : name?.Value.Syntax.ToString() ?? "";
            }
        }
    }
}

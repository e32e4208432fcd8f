using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata UploadEndpointWithoutRateLimiting = new RuleMetadata
        {
            Id = RuleIdentifiers.UploadEndpointWithoutRateLimiting,
            Title = "Upload or heavy endpoint without rate limiting",
            MessageFormat = "'{0}' {1} but no rate limiter applies to it: a few clients can saturate bandwidth, memory and disk; add "
                + "[EnableRateLimiting(\"policy\")] or RequireRateLimiting(\"policy\") with an ASP.NET Core rate limiter",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Uploads and large request bodies are the most expensive requests a service takes: each holds a connection, buffers or writes "
                + "megabytes, and often triggers further processing. Without a rate limiter, one client (or a retry storm) can starve everyone else. ASP.NET "
                + "Core ships a rate limiter (`AddRateLimiter` + `UseRateLimiter`) with fixed-window, sliding-window, token-bucket and concurrency policies; "
                + "apply one to the endpoint (`[EnableRateLimiting]`, `RequireRateLimiting`), its group or controller, or configure a global limiter.",
            Flags = new[]
            {
                "controller actions and minimal API handlers (`Map*` on the `WebApplication` or on a route group created in the same method) that take an "
                    + "`IFormFile`, `IFormFileCollection`, a collection or array of `IFormFile`, a `Stream` or a `PipeReader` parameter",
                "controller actions with `[DisableRequestSizeLimit]`, or with `[RequestSizeLimit(n)]` above Kestrel's default of 30,000,000 bytes (on the "
                    + "action or its controller)",
            },
            Ignores = new[]
            {
                "endpoints with `[EnableRateLimiting]` or `[DisableRateLimiting]` (a deliberate choice) on the action, the controller or a base class",
                "minimal API endpoints chained with `.RequireRateLimiting(...)`, or mapped on a group (a local `MapGroup(...)` result) that has "
                    + "`RequireRateLimiting` in that method",
                "every controller action when `MapControllers()`/`MapControllerRoute(...)`/`MapDefaultControllerRoute()` is chained with "
                    + "`RequireRateLimiting` anywhere in the compilation",
                "every endpoint when the compilation sets `RateLimiterOptions.GlobalLimiter`, or wires up an app-wide rate-limiting middleware of a library "
                    + "or its own (`app.UseIpRateLimiting()`, `app.UseClientRateLimiting()`, `app.UseMiddleware<...RateLimit...>()`)",
                "minimal API endpoints mapped on an `IEndpointRouteBuilder` parameter or a group that comes from elsewhere (the caller may apply a limiter: "
                    + "unknown stays silent), and endpoints whose `Map*` result is stored or returned",
                "`[RequestSizeLimit(n)]` at or below 30,000,000 bytes and endpoints that only read small bodies",
                "endpoints only an authenticated user reaches: `[Authorize]` on the action, its controller or a base class (`[AllowAnonymous]` "
                    + "undoes it), `RequireAuthorization()` on the endpoint, its group or `MapControllers()`, or a `FallbackPolicy` that requires an "
                    + "authenticated user: no anonymous client can flood them, and who may upload is the guard there",
            },
            Fix = "Register a policy and apply it: `builder.Services.AddRateLimiter(o => o.AddConcurrencyLimiter(\"uploads\", l => { l.PermitLimit = 4; "
                + "l.QueueLimit = 8; }));`, `app.UseRateLimiter();`, then `[EnableRateLimiting(\"uploads\")]` on the action or "
                + "`.RequireRateLimiting(\"uploads\")` on the endpoint or group.",
            FlaggedExample = "app.MapPost(\"/videos\", async (IFormFile file, VideoStore store) =>\n"
                + "    Results.Ok(await store.SaveAsync(file)));",
            FixedExample = "builder.Services.AddRateLimiter(o => o.AddConcurrencyLimiter(\"uploads\", l => l.PermitLimit = 4));\n"
                + "// ...\n"
                + "app.UseRateLimiter();\n"
                + "app.MapPost(\"/videos\", async (IFormFile file, VideoStore store) =>\n"
                + "    Results.Ok(await store.SaveAsync(file)))\n"
                + "   .RequireRateLimiting(\"uploads\");",
            Tags = new[] { "performance", "aspnetcore", "uploads", "throttling" },
            Reach = ReachScope.FindingAdminIsCold,
        };
    }

    /// <summary>
    /// PG4001: controller actions and minimal API endpoints that take uploads or large bodies while no
    /// rate limiter applies to them (endpoint, group, controller conventions, or a global limiter).
    /// </summary>
    public sealed class RateLimitUploadEndpointsAnalyzer : PerfGateRule
    {
        private const long KestrelDefaultMaxRequestBodySize = 30_000_000;

        private static readonly ImmutableHashSet<string> ControllerRouteMethods = ImmutableHashSet.Create(
            "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute");

        public RateLimitUploadEndpointsAnalyzer()
            : base(RequestHandlingRules.UploadEndpointWithoutRateLimiting)
        {
        }

        internal override void Start(RuleContext rule)
        {
            var types = new WebTypes(rule.Types);
            if (types.FormFile == null) return; // not an ASP.NET Core app
            var conventions = new Lazy<(bool Global, bool Controllers, bool AuthenticatedByDefault)>(() => ScanConventions(rule.Compilation),
                LazyThreadSafetyMode.ExecutionAndPublication);

            rule.Start.RegisterSymbolAction(symbolContext =>
            {
                var method = (IMethodSymbol)symbolContext.Symbol;
                if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public) return;
                if (!types.IsController(method.ContainingType) || method.ContainingType.IsAbstract) return;
                if (types.HasAttribute(method, types.NonAction)) return;
                string? heavy = types.DescribeHeavy(method, includeType: true);
                if (heavy == null) return;
                if (types.HasRateLimitingAttribute(method) || types.HasRateLimitingAttributeOnType(method.ContainingType)) return;
                if (conventions.Value.Global || conventions.Value.Controllers) return;
                if (types.RequiresAuthenticatedUser(method, conventions.Value.AuthenticatedByDefault)) return; // no anonymous flood
                Location location = method.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;
                rule.Report(symbolContext.ReportDiagnostic, location, method.Name, heavy);
            }, SymbolKind.Method);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol map = invocation.TargetMethod;
                if (!map.Name.StartsWith("Map", StringComparison.Ordinal) || !map.ContainingType.IsType(types.EndpointRouteBuilderExtensions)) return;
                IMethodSymbol? handler = null;
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.Name != "Delegate") continue;
                    IOperation value = argument.Value.WithoutConversions();
                    if (value is IDelegateCreationOperation creation) value = creation.Target;
                    handler = value switch
                    {
                        IAnonymousFunctionOperation lambda => lambda.Symbol,
                        IMethodReferenceOperation reference => reference.Method,
                        _ => null,
                    };
                }

                if (handler == null) return;
                string? heavy = types.DescribeHeavy(handler, includeType: false);
                if (heavy == null || types.HasRateLimitingAttribute(handler)) return;
                if (!IsUnlimitedChain(invocation) || !IsUnlimitedBuilder(invocation, types)) return;
                if (conventions.Value.Global) return;
                if (types.RequiresAuthenticatedUser(handler, conventions.Value.AuthenticatedByDefault)) return;
                string route = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value.ConstantValue.Value as string ?? "";
                SyntaxNode handlerSyntax = handler.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() ?? invocation.Syntax;
                rule.ReportReachedAt(handlerSyntax, operationContext.ReportDiagnostic, DiagnosticLocations.ForInvocation(invocation.Syntax),
                    map.Name + "(\"" + route + "\")", heavy);
            }, OperationKind.Invocation);
        }

        /// <summary>A convention that limits who or how often: a rate limiter, or authorization (no anonymous client can flood the endpoint).</summary>
        private static bool IsLimitingConvention(string name) =>
            name == "RequireRateLimiting" || name == "DisableRateLimiting" || name == "RequireAuthorization";

        /// <summary>The <c>Map*</c> result is only chained with conventions (none a limiter) and then discarded.</summary>
        private static bool IsUnlimitedChain(IInvocationOperation map)
        {
            IOperation current = map;
            while (true)
            {
                IOperation? parent = current.Parent;
                while (parent is IConversionOperation) { current = parent; parent = parent.Parent; }
                if (parent is IArgumentOperation argument && argument.Parameter?.Ordinal == 0
                    && argument.Parent is IInvocationOperation next && next.TargetMethod.IsExtensionMethod)
                {
                    if (IsLimitingConvention(next.TargetMethod.Name)) return false;
                    current = next;
                    continue;
                }

                if (parent is IInvocationOperation instanceCall && ReferenceEquals(instanceCall.Instance, current))
                {
                    current = instanceCall;
                    continue;
                }

                return parent is IExpressionStatementOperation; // stored, returned or passed on: unknown
            }
        }

        /// <summary>The endpoint is mapped on the <c>WebApplication</c>, or on a group made from it in this method with no limiter.</summary>
        private static bool IsUnlimitedBuilder(IInvocationOperation map, WebTypes types)
        {
            IOperation? builder = map.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WithoutConversions();
            IOperation root = map.OperationRoot();
            for (int depth = 0; builder != null && depth < 16; depth++)
            {
                if (builder.Type.InheritsFromOrEquals(types.WebApplication)) return true;
                switch (builder)
                {
                    case IInvocationOperation call when call.TargetMethod.IsExtensionMethod:
                        if (IsLimitingConvention(call.TargetMethod.Name)) return false;
                        builder = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WithoutConversions();
                        break;
                    case ILocalReferenceOperation local:
                        ILocalSymbol symbol = local.Local;
                        bool limitedLater = root.Descendants().OfType<IInvocationOperation>().Any(call =>
                            IsLimitingConvention(call.TargetMethod.Name)
                            && call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WithoutConversions() is ILocalReferenceOperation target
                            && SymbolEqualityComparer.Default.Equals(target.Local, symbol));
                        if (limitedLater) return false;
                        IVariableDeclaratorOperation? declarator = root.Descendants().OfType<IVariableDeclaratorOperation>()
                            .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, symbol));
                        if (declarator == null) return false;
                        if (symbol.Type.InheritsFromOrEquals(types.WebApplication)) return true;
                        builder = declarator.Initializer?.Value.WithoutConversions();
                        break;
                    default:
                        return false; // a parameter, field or unknown builder: the caller may apply a limiter
                }
            }

            return false;
        }

        /// <summary>A global limiter (<c>RateLimiterOptions.GlobalLimiter = ...</c>, a rate-limiting middleware) and controller conventions with
        /// <c>RequireRateLimiting</c>.</summary>
        private static (bool Global, bool Controllers, bool AuthenticatedByDefault) ScanConventions(Compilation compilation)
        {
            bool global = false, controllers = false, authenticated = false;
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SyntaxNode root = tree.GetRoot();
                SemanticModel? model = null;
                foreach (SyntaxNode node in root.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GlobalLimiter" })
                    {
#pragma warning disable RS1030 // One scan per compilation of the few nodes that configure rate limiting.
                        model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                        if (model.GetSymbolInfo(assignment.Left).Symbol is IPropertySymbol property
                            && property.ContainingType.ToDisplayString() == "Microsoft.AspNetCore.RateLimiting.RateLimiterOptions")
                            global = true;
                    }
                    else if (node is AssignmentExpressionSyntax fallback
                             && fallback.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FallbackPolicy" }
                             && fallback.Right.ToString().IndexOf("RequireAuthenticatedUser", StringComparison.Ordinal) >= 0)
                    {
                        authenticated = true; // options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build()
                    }
                    else if (node is InvocationExpressionSyntax middleware && IsRateLimitingMiddleware(middleware))
                    {
                        global = true;
                    }
                    else if (node is InvocationExpressionSyntax invocation
                             && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RequireRateLimiting" } access)
                    {
                        // app.MapControllers()[.WithX(...)...].RequireRateLimiting("policy")
                        controllers |= ChainsControllerRoutes(access.Expression);
                    }
                    else if (node is InvocationExpressionSyntax authorization && authorization.Expression is MemberAccessExpressionSyntax
                             {
                                 Name.Identifier.ValueText: "RequireAuthorization",
                             } authorizationAccess)
                    {
                        authenticated |= ChainsControllerRoutes(authorizationAccess.Expression); // app.MapControllers().RequireAuthorization()
                    }
                }
            }

            return (global, controllers, authenticated);
        }

        private static bool ChainsControllerRoutes(ExpressionSyntax receiver)
        {
            while (receiver is InvocationExpressionSyntax inner && inner.Expression is MemberAccessExpressionSyntax innerAccess)
            {
                if (ControllerRouteMethods.Contains(innerAccess.Name.Identifier.ValueText)) return true;
                receiver = innerAccess.Expression;
            }

            return false;
        }

        /// <summary>
        /// An app-wide limiter from a library or the app itself, not the built-in one: <c>app.UseIpRateLimiting()</c>,
        /// <c>app.UseClientRateLimiting()</c> (AspNetCoreRateLimit) or <c>app.UseMiddleware&lt;CustomIpRateLimitMiddleware&gt;()</c>.
        /// The built-in <c>UseRateLimiter()</c> limits nothing without a global limiter or endpoint policies.
        /// Judged by name: such a library is often not referenced where its middleware is wired up.
        /// </summary>
        private static bool IsRateLimitingMiddleware(InvocationExpressionSyntax invocation)
        {
            if (!(invocation.Expression is MemberAccessExpressionSyntax access)) return false;
            string name = access.Name.Identifier.ValueText;
            if (name == "UseMiddleware" && access.Name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1)
                return generic.TypeArgumentList.Arguments[0].ToString().IndexOf("RateLimit", StringComparison.Ordinal) >= 0;
            return name.StartsWith("Use", StringComparison.Ordinal) && name != "UseRateLimiter"
                && name.IndexOf("RateLimit", StringComparison.Ordinal) >= 0;
        }

        private sealed class WebTypes
        {
            public WebTypes(WellKnownTypes types)
            {
                FormFile = types.IFormFile;
                FormFileCollection = types.IFormFileCollection;
                Stream = types.Stream;
                PipeReader = types.PipeReader;
                ControllerBase = types.ControllerBase;
                ControllerAttribute = types.ControllerAttribute;
                NonAction = types.NonActionAttribute;
                DisableRequestSizeLimit = types.DisableRequestSizeLimitAttribute;
                RequestSizeLimit = types.RequestSizeLimitAttribute;
                EnableRateLimiting = types.EnableRateLimitingAttribute;
                DisableRateLimiting = types.DisableRateLimitingAttribute;
                EndpointRouteBuilderExtensions = types.EndpointRouteBuilderExtensions;
                WebApplication = types.WebApplication;
                Enumerable = types.IEnumerableOfT;
            }

            public INamedTypeSymbol? FormFile { get; }
            public INamedTypeSymbol? FormFileCollection { get; }
            public INamedTypeSymbol? Stream { get; }
            public INamedTypeSymbol? PipeReader { get; }
            public INamedTypeSymbol? ControllerBase { get; }
            public INamedTypeSymbol? ControllerAttribute { get; }
            public INamedTypeSymbol? NonAction { get; }
            public INamedTypeSymbol? DisableRequestSizeLimit { get; }
            public INamedTypeSymbol? RequestSizeLimit { get; }
            public INamedTypeSymbol? EnableRateLimiting { get; }
            public INamedTypeSymbol? DisableRateLimiting { get; }
            public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
            public INamedTypeSymbol? WebApplication { get; }
            public INamedTypeSymbol? Enumerable { get; }

            public bool IsController(INamedTypeSymbol type)
            {
                if (type.InheritsFromOrEquals(ControllerBase)) return true;
                for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
                {
                    if (HasAttribute(current, ControllerAttribute)) return true;
                }

                return false;
            }

            /// <summary>Why the endpoint is heavy (an upload parameter, a body stream, a lifted size limit), or null.</summary>
            public string? DescribeHeavy(IMethodSymbol method, bool includeType)
            {
                foreach (IParameterSymbol parameter in method.Parameters)
                {
                    ITypeSymbol type = parameter.Type;
                    if (type.InheritsFromOrEquals(FormFileCollection) || IsFormFileSequence(type)) return "accepts uploaded files ('" + parameter.Name + "')";
                    if (type.IsOrImplements(FormFile)) return "accepts an uploaded file ('" + parameter.Name + "')";
                    if (!includeType && (type.IsType(Stream) || type.IsType(PipeReader))) return "reads the raw request body ('" + parameter.Name + "')";
                }

                for (ISymbol? symbol = method; symbol != null; symbol = includeType ? NextScope(symbol) : null)
                {
                    foreach (AttributeData attribute in symbol.GetAttributes())
                    {
                        if (attribute.AttributeClass.InheritsFromOrEquals(DisableRequestSizeLimit))
                            return "lifts the request size limit ([DisableRequestSizeLimit])";
                        if (attribute.AttributeClass.InheritsFromOrEquals(RequestSizeLimit) && attribute.ConstructorArguments.Length == 1
                            && attribute.ConstructorArguments[0].ScalarValue() is long bytes && bytes > KestrelDefaultMaxRequestBodySize)
                            return "raises the request size limit to " + bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
                    }
                }

                return null;
            }

            private static ISymbol? NextScope(ISymbol symbol) => symbol is INamedTypeSymbol type ? type.BaseType : symbol.ContainingType;

            private bool IsFormFileSequence(ITypeSymbol type)
            {
                if (type is IArrayTypeSymbol array) return array.ElementType.IsType(FormFile);
                if (!(type is INamedTypeSymbol named)) return false;
                if (named.IsGenericType && named.TypeArguments.Length == 1 && named.TypeArguments[0].IsType(FormFile))
                    return named.OriginalDefinition.IsType(Enumerable) || named.AllInterfaces.Any(i => i.OriginalDefinition.IsType(Enumerable));
                return false;
            }

            public bool HasRateLimitingAttribute(ISymbol symbol) =>
                HasAttribute(symbol, EnableRateLimiting) || HasAttribute(symbol, DisableRateLimiting);

            public bool HasRateLimitingAttributeOnType(INamedTypeSymbol type)
            {
                for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
                {
                    if (HasRateLimitingAttribute(current)) return true;
                }

                return false;
            }

            /// <summary>
            /// Only an authenticated user reaches the endpoint: <c>[Authorize]</c> (any <c>IAuthorizeData</c>) on it, its controller or a base
            /// class, or a fallback policy that requires one, and no <c>[AllowAnonymous]</c> on the endpoint or its controller.
            /// </summary>
            public bool RequiresAuthenticatedUser(IMethodSymbol endpoint, bool authenticatedByDefault)
            {
                if (HasInterfaceAttribute(endpoint, "IAllowAnonymous") || HasInterfaceAttribute(endpoint.ContainingType, "IAllowAnonymous")) return false;
                if (authenticatedByDefault || HasInterfaceAttribute(endpoint, "IAuthorizeData")) return true;
                for (INamedTypeSymbol? type = endpoint.ContainingType; type != null; type = type.BaseType)
                {
                    if (HasInterfaceAttribute(type, "IAuthorizeData")) return true;
                }

                return false;
            }

            private static bool HasInterfaceAttribute(ISymbol symbol, string interfaceName) => symbol.GetAttributes().Any(a =>
                a.AttributeClass != null && a.AttributeClass.AllInterfaces.Any(i => i.Name == interfaceName
                    && i.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Authorization"));

            public bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType) =>
                attributeType != null && symbol.GetAttributes().Any(a => a.AttributeClass.InheritsFromOrEquals(attributeType));
        }
    }
}

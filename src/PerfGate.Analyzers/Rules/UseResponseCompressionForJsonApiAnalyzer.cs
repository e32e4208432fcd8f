using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class RequestHandlingRules
    {
        public static readonly RuleMetadata JsonApiWithoutResponseCompression = new RuleMetadata
        {
            Id = RuleIdentifiers.JsonApiWithoutResponseCompression,
            Title = "JSON API without response compression",
            MessageFormat = "This app maps JSON endpoints ({0}) but never registers response compression: JSON usually shrinks 5-10x with Brotli/gzip; add "
                + "builder.Services.AddResponseCompression(o => o.EnableForHttps = true) and app.UseResponseCompression(), unless a proxy in front compresses",
            Category = RuleCategories.RequestHandling,
            DefaultLevel = RuleLevel.Note,
            Precision = "medium",
            Description = "JSON is verbose text; Brotli or gzip typically cut it to a tenth, which matters for large lists, mobile clients and egress costs. "
                + "ASP.NET Core compresses only when asked (`AddResponseCompression` + `UseResponseCompression`). Many deployments compress in a reverse "
                + "proxy, CDN or gateway instead (IIS dynamic compression, nginx `gzip on`, Azure Front Door), which the code cannot show: hence a note by "
                + "default, reported once per app. Raise it in `perfgate.yml` where the app is exposed directly. Reported at the end of the compilation: in "
                + "the IDE it appears with full-solution analysis, in command-line builds always.",
            Flags = new[]
            {
                "an ASP.NET Core app (a `WebApplicationBuilder.Build()` call, or a `Startup`-style `Configure(IApplicationBuilder ...)` method) that maps "
                    + "JSON endpoints: `AddControllers()`/`MapControllers()`, or a minimal API `Map*` handler that returns an object (not a `string`, `void` "
                    + "or plain `IResult`), a `TypedResults` `Ok<T>`/`JsonHttpResult<T>`, or calls `Results.Ok`/`Results.Json` with a value",
                "when neither `AddResponseCompression` nor `UseResponseCompression` is called anywhere in the compilation; reported once, at the `Build()` "
                    + "call (or the `Configure` method)",
            },
            Ignores = new[]
            {
                "compression configured outside the code (reverse proxy, CDN, IIS, Kestrel behind a gateway): the rule cannot see it, hence the note level",
                "apps that serve only MVC views, Razor Pages, static files, gRPC or SignalR (`AddControllersWithViews` alone is not a JSON API)",
                "libraries and projects without a startup (the app that hosts them is reported instead)",
            },
            Fix = "Register compression once: `builder.Services.AddResponseCompression(o => { o.EnableForHttps = true; "
                + "o.Providers.Add<BrotliCompressionProvider>(); o.Providers.Add<GzipCompressionProvider>(); });` and, before the endpoints, "
                + "`app.UseResponseCompression();`. With HTTPS, weigh BREACH: do not compress responses that mix secrets with attacker-controlled input.",
            FlaggedExample = "var builder = WebApplication.CreateBuilder(args);\n"
                + "builder.Services.AddControllers();\n"
                + "var app = builder.Build();\n"
                + "app.MapControllers();\n"
                + "app.Run();",
            FixedExample = "var builder = WebApplication.CreateBuilder(args);\n"
                + "builder.Services.AddControllers();\n"
                + "builder.Services.AddResponseCompression(o => o.EnableForHttps = true);\n"
                + "var app = builder.Build();\n"
                + "app.UseResponseCompression();\n"
                + "app.MapControllers();\n"
                + "app.Run();",
            Tags = new[] { "performance", "aspnetcore", "payload", "compression" },
            Reach = ReachScope.Application,
        };
    }

    /// <summary>
    /// PG4004: an ASP.NET Core app that maps JSON endpoints and never registers response compression. Whole-app
    /// evidence, so it is collected while the compiler walks the code and reported once at compilation end.
    /// </summary>
    public sealed class UseResponseCompressionForJsonApiAnalyzer : PerfGateRule
    {
        public UseResponseCompressionForJsonApiAnalyzer()
            : base(RequestHandlingRules.JsonApiWithoutResponseCompression, reportsAtCompilationEnd: true)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? webApplicationBuilder = rule.Types.WebApplicationBuilder;
            INamedTypeSymbol? applicationBuilder = rule.Types.IApplicationBuilder;
            INamedTypeSymbol? routeExtensions = rule.Types.EndpointRouteBuilderExtensions;
            INamedTypeSymbol? result = rule.Types.IResult;
            if (webApplicationBuilder == null && applicationBuilder == null) return;
            var app = new AppEvidence();

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                switch (method.Name)
                {
                    case "AddResponseCompression":
                    case "UseResponseCompression":
                        app.CompressionRegistered = true;
                        break;
                    case "Build" when method.ContainingType.IsType(webApplicationBuilder):
                        app.OfferStartup(invocation.Syntax.GetLocation());
                        break;
                    case "AddControllers":
                    case "MapControllers":
                        app.Controllers = true;
                        break;
                    case "MapGet":
                    case "MapPost":
                    case "MapPut":
                    case "MapPatch":
                    case "MapDelete":
                    case "MapMethods":
                    case "Map":
                        if (method.ContainingType.IsType(routeExtensions) && ReturnsJson(invocation, result)) app.MinimalApis = true;
                        break;
                }
            }, OperationKind.Invocation);

            rule.Start.RegisterSymbolAction(symbolContext =>
            {
                // Startup-style apps: Configure(IApplicationBuilder app, ...).
                var method = (IMethodSymbol)symbolContext.Symbol;
                if (method.Name != "Configure" || method.Parameters.Length == 0 || !method.Parameters[0].Type.IsType(applicationBuilder)) return;
                app.OfferStartup(method.Locations[0]);
            }, SymbolKind.Method);

            rule.Start.RegisterCompilationEndAction(endContext =>
            {
                Location? startup = app.Startup;
                if (startup == null || app.CompressionRegistered || !(app.Controllers || app.MinimalApis)) return;
                string endpoints = app.Controllers && app.MinimalApis ? "controllers and minimal API handlers returning objects"
                    : app.Controllers ? "controllers" : "minimal API handlers returning objects";
                rule.Report(endContext.ReportDiagnostic, startup, endpoints);
            });
        }

        /// <summary>The handler returns an object (serialized as JSON), a typed JSON result, or builds one with <c>Results.Ok/Json(value)</c>.</summary>
        private static bool ReturnsJson(IInvocationOperation registration, INamedTypeSymbol? result)
        {
            foreach (IArgumentOperation argument in registration.Arguments)
            {
                if (argument.Parameter?.Type.Name != "Delegate") continue;
                IOperation handler = argument.Value.WithoutConversions();
                if (handler is IDelegateCreationOperation creation) handler = creation.Target;
                IMethodSymbol? method = handler switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };
                if (method == null || method.ReturnsVoid) return false;
                ITypeSymbol returned = method.ReturnType;
                if (returned is INamedTypeSymbol { IsGenericType: true } task && (task.Name == "Task" || task.Name == "ValueTask"))
                    returned = task.TypeArguments[0];
                else if (returned.Name == "Task" || returned.Name == "ValueTask") return false;
                if (returned.SpecialType == SpecialType.System_String) return false;
                if (!returned.IsOrImplements(result)) return true; // an object: serialized as JSON
                if (returned is INamedTypeSymbol { IsGenericType: true }) return true; // Ok<T>, JsonHttpResult<T>, Results<...>
                return handler is IAnonymousFunctionOperation body && BuildsJsonResult(body);
            }

            return false;
        }

        private static bool BuildsJsonResult(IAnonymousFunctionOperation lambda)
        {
            foreach (IOperation operation in lambda.Body.Descendants())
            {
                if (operation is IInvocationOperation { TargetMethod: { Name: "Ok" or "Json" } call } invocation
                    && (call.ContainingType.Name == "Results" || call.ContainingType.Name == "TypedResults")
                    && invocation.Arguments.Length > 0 && invocation.Arguments[0].ArgumentKind == ArgumentKind.Explicit)
                    return true;
            }

            return false;
        }

        /// <summary>What the compilation showed so far; written from concurrent callbacks.</summary>
        private sealed class AppEvidence
        {
            private readonly object _gate = new object();
            private Location? _startup;

            public volatile bool CompressionRegistered;
            public volatile bool Controllers;
            public volatile bool MinimalApis;

            public Location? Startup
            {
                get { lock (_gate) return _startup; }
            }

            /// <summary>Keeps the first startup location in source order, so the report does not depend on callback order.</summary>
            public void OfferStartup(Location location)
            {
                lock (_gate)
                {
                    if (_startup == null || Compare(location, _startup) < 0) _startup = location;
                }
            }

            private static int Compare(Location left, Location right)
            {
                int byFile = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
                return byFile != 0 ? byFile : left.SourceSpan.Start.CompareTo(right.SourceSpan.Start);
            }
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Which methods start a path by what they are, with no caller needed: request handlers, jobs and message handlers,
    /// run-once code (entry point, startup registration, EF migrations and model configuration, static constructors),
    /// test code, and methods whose names say install, upgrade, migrate, seed or import (<see cref="ColdNames"/>).
    /// Lambdas and method groups that start a path by where they are passed (<c>MapGet</c>, <c>RecurringJob.AddOrUpdate</c>,
    /// a timer) are <see cref="CallbackContexts"/>'. Symbol-only: no body is read.
    /// </summary>
    internal sealed class EntryPoints
    {
        private static readonly ImmutableHashSet<string> TestAttributes = ImmutableHashSet.Create(StringComparer.Ordinal,
            "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod", "SetUp", "TearDown", "OneTimeSetUp",
            "OneTimeTearDown", "TestInitialize", "TestCleanup", "ClassInitialize", "ClassCleanup", "AssemblyInitialize", "AssemblyCleanup",
            "TestFixture", "TestClass", "Benchmark", "GlobalSetup", "GlobalCleanup", "IterationSetup", "IterationCleanup");

        private static readonly ImmutableHashSet<string> TestNamespaces = ImmutableHashSet.Create(StringComparer.Ordinal,
            "Xunit", "NUnit.Framework", "Microsoft.VisualStudio.TestTools.UnitTesting", "BenchmarkDotNet.Attributes", "TUnit.Core");

        private static readonly ImmutableHashSet<string> ModelBuilderTypes = ImmutableHashSet.Create(StringComparer.Ordinal,
            "ModelBuilder", "EntityTypeBuilder", "MigrationBuilder");

        private readonly Compilation _compilation;
        private readonly WellKnownTypes _types;
        private readonly RequestPaths _requestPaths;
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _testTypes =
            new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        public EntryPoints(Compilation compilation)
        {
            _compilation = compilation;
            _types = WellKnownTypes.For(compilation);
            _requestPaths = RequestPaths.For(compilation);
        }

        /// <summary>
        /// The entry <paramref name="method"/> is by itself, or null when only its callers can say how it is reached. Test code
        /// first, then run-once names (a path through an installer is cold whatever starts it), then handlers, jobs and startup.
        /// </summary>
        public EntryPoint? Of(IMethodSymbol method)
        {
            if (IsTestCode(method)) return new EntryPoint(EntryClass.Test, "test " + Display(method));
            string? coldName = ColdNames.Describe(method);
            if (coldName != null) return new EntryPoint(EntryClass.Cold, coldName + " code " + Display(method));
            if (method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.AnonymousFunction) return null;
            return Request(method) ?? Job(method) ?? Cold(method);
        }

        /// <summary>Test methods and fixtures (xunit, NUnit, MSTest, TUnit, BenchmarkDotNet) and every member of a type that has them.</summary>
        public bool IsTestCode(IMethodSymbol method)
        {
            ISymbol member = method;
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner) member = inner.ContainingSymbol;
            if (HasTestAttribute(member)) return true;
            for (INamedTypeSymbol? type = member.ContainingType; type != null; type = type.ContainingType)
            {
                if (_testTypes.GetOrAdd(type, IsTestType)) return true;
            }

            return false;
        }

        private static bool IsTestType(INamedTypeSymbol type)
        {
            if (HasTestAttribute(type)) return true;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IMethodSymbol && HasTestAttribute(member)) return true;
            }

            return false;
        }

        private static bool HasTestAttribute(ISymbol symbol)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                INamedTypeSymbol? type = attribute.AttributeClass;
                if (type == null) continue;
                string name = type.Name.EndsWith("Attribute", StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - 9) : type.Name;
                if (!TestAttributes.Contains(name)) continue;
                // An attribute of a test framework, or one the compilation cannot resolve (a folder scanned without the package).
                if (type.TypeKind == TypeKind.Error || TestNamespaces.Contains(type.ContainingNamespace?.ToDisplayString() ?? "")) return true;
            }

            return false;
        }

        private EntryPoint? Request(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            if (_requestPaths.IsTypeHandler(method))
                return new EntryPoint(
                    AdminRoles.IsAdminOnly(method, _types) ? EntryClass.AdminRequest : EntryClass.Request, RequestDisplay.Of(method, _requestPaths));
            if (method.IsStatic) return null;
            if (method.MethodKind == MethodKind.Constructor && IsCreatedPerRequest(type))
                return new EntryPoint(EntryClass.Request, type.Name + " (created per request)");
            if (method.MethodKind != MethodKind.Ordinary) return null;
            if ((method.Name == "Invoke" || method.Name == "InvokeAsync") && method.Parameters.Length > 0
                && method.Parameters[0].Type.IsType(_types.HttpContext))
                return new EntryPoint(EntryClass.Request, "middleware " + Display(method));
            if (type.InheritsFromOrEquals(_types.ViewComponent) && (method.Name == "Invoke" || method.Name == "InvokeAsync"))
                return new EntryPoint(EntryClass.Request, "view component " + Display(method));
            if (type.InheritsFromOrEquals(_types.TagHelper) && (method.Name == "Process" || method.Name == "ProcessAsync"))
                return new EntryPoint(EntryClass.Request, "tag helper " + Display(method));
            if (type.InheritsFromOrEquals(_types.ComponentBase))
                return new EntryPoint(EntryClass.Request, "Blazor component " + Display(method));
            if (ImplementsFrameworkMember(method) && TakesRequestContext(method))
                return new EntryPoint(EntryClass.Request, "request callback " + Display(method));
            string? trigger = FunctionTrigger(method);
            if (trigger == "HttpTrigger") return new EntryPoint(EntryClass.Request, "HTTP function " + Display(method));
            return null;
        }

        private EntryPoint? Job(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic) return null;
            INamedTypeSymbol type = method.ContainingType;
            if ((method.Name == "ExecuteAsync" && method.IsOverride && type.InheritsFromOrEquals(_types.BackgroundService))
                || (method.Name == "StartAsync" && !type.InheritsFromOrEquals(_types.BackgroundService) && Implements(method, _types.IHostedService)))
            {
                return RunOnceServices.Repeats(method, _compilation)
                    ? new EntryPoint(EntryClass.Job, "hosted service " + Display(method))
                    : new EntryPoint(EntryClass.Cold, "hosted service that runs once at start " + Display(method));
            }

            if (method.Name == "Execute" && Implements(method, _types.QuartzJob)) return new EntryPoint(EntryClass.Job, "Quartz job " + Display(method));
            if (method.Name == "Consume" && Implements(method, _types.MassTransitConsumer))
                return new EntryPoint(EntryClass.Job, "message consumer " + Display(method));
            if (method.Name == "Handle" && (Implements(method, _types.NServiceBusHandler) || Implements(method, _types.RebusHandler)))
                return new EntryPoint(EntryClass.Job, "message handler " + Display(method));
            string? trigger = FunctionTrigger(method);
            if (trigger != null && trigger != "HttpTrigger")
                return new EntryPoint(EntryClass.Job, trigger.Substring(0, trigger.Length - "Trigger".Length) + "-triggered function " + Display(method));
            return null;
        }

        private EntryPoint? Cold(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            if (method.MethodKind == MethodKind.StaticConstructor) return new EntryPoint(EntryClass.Cold, "static constructor " + type.Name);
            if (StartupCode.IsEntryPoint(method))
                return new EntryPoint(EntryClass.Cold, method.Name == "<Main>$" ? "startup (top-level statements)" : "startup " + Display(method));
            if (StartupCode.ConfiguresStartup(method)) return new EntryPoint(EntryClass.Cold, "startup registration " + Display(method));
            if (type.InheritsFromOrEquals(_types.Migration) || type.InheritsFromOrEquals(_types.ModelSnapshot))
                return new EntryPoint(EntryClass.Cold, "EF migration " + Display(method));
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (ModelBuilderTypes.Contains(parameter.Type.Name)
                    && parameter.Type.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true)
                    return new EntryPoint(EntryClass.Cold, "EF model configuration " + Display(method));
            }

            if (HasAttributeNamed(method, "ModuleInitializerAttribute")) return new EntryPoint(EntryClass.Cold, "module initializer " + Display(method));
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic) return null;
            if (method.Name == "StopAsync" && Implements(method, _types.IHostedService)) return new EntryPoint(EntryClass.Cold, "shutdown " + Display(method));
            if (method.Name == "StartAsync" && Implements(method, _types.IHostedService))
                return new EntryPoint(EntryClass.Cold, "hosted service start " + Display(method)); // a BackgroundService's: ExecuteAsync holds the loop
            if (method.Name == "CheckHealthAsync" && ImplementsInterfaceNamed(method, "Microsoft.Extensions.Diagnostics.HealthChecks", "IHealthCheck"))
                return new EntryPoint(EntryClass.Cold, "health check " + Display(method)); // probed at a fixed rate, whatever the traffic
            if (ImplementsInterfaceNamed(method, "Microsoft.Extensions.Options", "IConfigureOptions", "IConfigureNamedOptions", "IPostConfigureOptions")
                || ImplementsInterfaceNamed(method, "Microsoft.AspNetCore.Hosting", "IStartupFilter")
                || ImplementsInterfaceNamed(method, "Microsoft.EntityFrameworkCore.Design", "IDesignTimeDbContextFactory"))
                return new EntryPoint(EntryClass.Cold, "configuration " + Display(method));
            return null;
        }

        /// <summary>Types the framework creates per request, whose constructors therefore run per request.</summary>
        private bool IsCreatedPerRequest(INamedTypeSymbol type) =>
            _requestPaths.IsController(type) || type.InheritsFromOrEquals(_types.PageModel) || type.InheritsFromOrEquals(_types.Hub)
            || type.InheritsFromOrEquals(_types.ComponentBase) || type.InheritsFromOrEquals(_types.ViewComponent);

        /// <summary>A parameter that is the request's <c>HttpContext</c> or a context that carries it (filter and event contexts).</summary>
        public bool TakesRequestContext(IMethodSymbol method)
        {
            if (_types.HttpContext == null) return false;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                ITypeSymbol type = parameter.Type;
                if (type.IsType(_types.HttpContext)) return true;
                for (ITypeSymbol? current = type; current != null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                {
                    foreach (ISymbol member in current.GetMembers("HttpContext"))
                    {
                        if (member is IPropertySymbol property && property.Type.IsType(_types.HttpContext)) return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An override or interface implementation of a member declared outside the compilation: the framework calls it.</summary>
        public static bool ImplementsFrameworkMember(IMethodSymbol method)
        {
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.DeclaringSyntaxReferences.IsEmpty) return true;
            }

            foreach (IMethodSymbol implemented in InterfaceMembers(method))
            {
                if (implemented.DeclaringSyntaxReferences.IsEmpty) return true;
            }

            return false;
        }

        /// <summary>The interface members <paramref name="method"/> implements, explicitly or implicitly.</summary>
        public static ImmutableArray<IMethodSymbol> InterfaceMembers(IMethodSymbol method)
        {
            if (method.ExplicitInterfaceImplementations.Length > 0) return method.ExplicitInterfaceImplementations;
            if (method.IsStatic || method.DeclaredAccessibility != Accessibility.Public) return ImmutableArray<IMethodSymbol>.Empty;
            ImmutableArray<IMethodSymbol>.Builder? found = null;
            foreach (INamedTypeSymbol implemented in method.ContainingType.AllInterfaces)
            {
                foreach (ISymbol member in implemented.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(candidate), method))
                        (found ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(candidate);
                }
            }

            return found?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;
        }

        private static bool Implements(IMethodSymbol method, INamedTypeSymbol? interfaceType)
        {
            if (interfaceType == null) return false;
            foreach (IMethodSymbol member in InterfaceMembers(method))
            {
                if (SymbolEqualityComparer.Default.Equals(member.ContainingType.OriginalDefinition, interfaceType)) return true;
            }

            return false;
        }

        private static bool ImplementsInterfaceNamed(IMethodSymbol method, string ns, params string[] names)
        {
            foreach (IMethodSymbol member in InterfaceMembers(method))
            {
                INamedTypeSymbol owner = member.ContainingType;
                if (Array.IndexOf(names, owner.Name) >= 0 && owner.ContainingNamespace?.ToDisplayString() == ns) return true;
            }

            return false;
        }

        /// <summary>Azure Functions: the trigger attribute's name (<c>HttpTrigger</c>, <c>TimerTrigger</c>) of a function method, or null.</summary>
        private static string? FunctionTrigger(IMethodSymbol method)
        {
            if (!HasAttributeNamed(method, "FunctionAttribute") && !HasAttributeNamed(method, "FunctionNameAttribute")) return null;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                foreach (AttributeData attribute in parameter.GetAttributes())
                {
                    string? name = attribute.AttributeClass?.Name;
                    if (name != null && name.EndsWith("TriggerAttribute", StringComparison.Ordinal)) return name.Substring(0, name.Length - "Attribute".Length);
                }
            }

            return null;
        }

        private static bool HasAttributeNamed(ISymbol symbol, string name)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == name) return true;
            }

            return false;
        }

        public static string Display(IMethodSymbol method)
        {
            while (method.MethodKind == MethodKind.AnonymousFunction && method.ContainingSymbol is IMethodSymbol container) method = container;
            return IoSummaries.DisplayMethod(method);
        }
    }
}

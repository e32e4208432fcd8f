using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>Code that runs once per process by its shape: the entry point, and service registration and pipeline setup.</summary>
    internal static class StartupCode
    {
        private static readonly ImmutableHashSet<string> StartupTypes = ImmutableHashSet.Create(
            "IServiceCollection", "IApplicationBuilder", "WebApplicationBuilder", "IHostBuilder", "IHostApplicationBuilder", "IWebHostBuilder");

        /// <summary><c>Main</c>, or the method the compiler makes of top-level statements.</summary>
        public static bool IsEntryPoint(IMethodSymbol method) =>
            method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");

        /// <summary>
        /// Service registration and pipeline setup: a method that takes the app's builder, services or host, or an
        /// extension of a registration builder interface (<c>this IMvcBuilder</c>, <c>this IIdentityServerBuilder</c>;
        /// not classes such as <c>DbContextOptionsBuilder</c>, which run per instance).
        /// </summary>
        public static bool ConfiguresStartup(IMethodSymbol method)
        {
            if (method.IsExtensionMethod && method.Parameters.Length > 0)
            {
                ITypeSymbol extended = method.Parameters[0].Type;
                if ((extended.TypeKind == TypeKind.Interface || extended.TypeKind == TypeKind.Error)
                    && extended.Name.Length > 1 && extended.Name[0] == 'I' && char.IsUpper(extended.Name[1])
                    && extended.Name.EndsWith("Builder", StringComparison.Ordinal))
                    return true;
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                string? ns = parameter.Type.ContainingNamespace?.ToDisplayString();
                if (StartupTypes.Contains(parameter.Type.Name)
                    && (ns == "Microsoft.Extensions.DependencyInjection" || ns == "Microsoft.AspNetCore.Builder" || ns == "Microsoft.Extensions.Hosting"
                        || ns == "Microsoft.AspNetCore.Hosting"))
                    return true;
            }

            return false;
        }
    }
}

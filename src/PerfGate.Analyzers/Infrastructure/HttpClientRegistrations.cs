using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Reads an <c>AddHttpClient</c> registration of IHttpClientFactory: its configure delegates and the
    /// <c>IHttpClientBuilder</c> chain it returns (directly, or through a local whose every use is seen).
    /// A registration is <see cref="RegistrationState.Bare"/> only when every step is known to add neither a
    /// timeout nor a resilience handler; anything unknown (a custom extension, a handler, a method group,
    /// a builder that escapes) makes it <see cref="RegistrationState.Unknown"/>. Used by PG2005.
    /// </summary>
    internal static class HttpClientRegistrations
    {
        /// <summary>Builder calls that change neither the timeout nor the handler pipeline's failure behaviour.</summary>
        private static readonly ImmutableHashSet<string> NeutralBuilderCalls = ImmutableHashSet.Create(
            "ConfigureHttpClient", "SetHandlerLifetime", "AddTypedClient",
            "RedactLoggedHeaders", "AddAsKeyed", "RemoveAsKeyed", "RemoveAllLoggers", "AddDefaultLogger", "UseSocketsHttpHandler",
            "AddServiceDiscovery", "AddHeaderPropagation");

        /// <summary>The registration methods: <c>AddHttpClient(name)</c>, <c>AddHttpClient&lt;TClient[, TImpl]&gt;(...)</c>.</summary>
        public static bool IsClientRegistration(IMethodSymbol method, INamedTypeSymbol builderType) =>
            method.Name == "AddHttpClient"
            && method.ContainingType.Name == "HttpClientFactoryServiceCollectionExtensions"
            && method.ReturnType.IsType(builderType);

        public static bool IsTimeoutAssignment(ISimpleAssignmentOperation assignment, INamedTypeSymbol httpClient) =>
            assignment.Target is IPropertyReferenceOperation property
            && property.Property.Name == "Timeout"
            && property.Property.ContainingType.IsType(httpClient);

        /// <summary>True when <paramref name="operation"/> sits in a delegate passed to a registration or builder call.</summary>
        public static bool IsInsideRegistration(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IInvocationOperation call
                    && (call.TargetMethod.Name == "AddHttpClient" || call.TargetMethod.Name == "ConfigureHttpClient"
                        || call.TargetMethod.Name == "ConfigureHttpClientDefaults"))
                    return true;
            }

            return false;
        }

        /// <summary>
        /// <c>HttpClientHandler</c> or <c>SocketsHttpHandler</c> exactly: handlers with no timeout beyond the
        /// connection's (a subclass or a <c>DelegatingHandler</c> may bound the whole request).
        /// </summary>
        public static bool IsPlainHandler(ITypeSymbol? type) =>
            type != null && (type.Name == "HttpClientHandler" || type.Name == "SocketsHttpHandler")
            && type.ContainingNamespace?.ToDisplayString() == "System.Net.Http";

        /// <summary><c>ConfigurePrimaryHttpMessageHandler&lt;SocketsHttpHandler&gt;()</c> or <c>(() =&gt; new SocketsHttpHandler { ... })</c>.</summary>
        private static bool SetsPlainPrimaryHandler(IInvocationOperation call)
        {
            if (call.TargetMethod.TypeArguments.Length == 1) return IsPlainHandler(call.TargetMethod.TypeArguments[0]);
            IArgumentOperation? factory = call.Arguments.FirstOrDefault(a => a.Parameter != null && a.Parameter.Ordinal == 1);
            if (!(factory?.Value.WithoutConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })) return false;
            IReturnOperation[] returns = lambda.Body.Descendants().OfType<IReturnOperation>().ToArray();
            return returns.Length > 0 && returns.All(r => r.ReturnedValue?.WithoutConversions() is IObjectCreationOperation created
                && IsPlainHandler(created.Type));
        }

        /// <summary>Does this registration provably configure no timeout and no resilience?</summary>
        public static RegistrationState Classify(IInvocationOperation registration, INamedTypeSymbol httpClient, INamedTypeSymbol builderType)
        {
            RegistrationState own = ClassifyDelegates(registration, httpClient, builderType);
            if (own != RegistrationState.Bare) return own;
            return ClassifyChain(registration, httpClient, builderType);
        }

        /// <summary>
        /// The <c>ConfigureHttpClientDefaults(b => ...)</c> delegate: <see cref="RegistrationState.Bare"/> when it
        /// only makes neutral calls, otherwise it may give every client a timeout or a resilience handler.
        /// </summary>
        public static RegistrationState ClassifyDefaults(IInvocationOperation configureDefaults, INamedTypeSymbol httpClient, INamedTypeSymbol builderType)
        {
            foreach (IArgumentOperation argument in configureDefaults.Arguments)
            {
                if (argument.Parameter == null || argument.Parameter.Ordinal == 0) continue;
                if (!(argument.Value.WithoutConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }))
                    return RegistrationState.Unknown;
                IParameterSymbol? builder = lambda.Symbol.Parameters.FirstOrDefault(p => p.Type.IsType(builderType));
                if (builder == null) return RegistrationState.Unknown;
                foreach (IParameterReferenceOperation use in lambda.Body.Descendants().OfType<IParameterReferenceOperation>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(use.Parameter, builder)) continue;
                    if (ClassifyChain(use, httpClient, builderType) != RegistrationState.Bare) return RegistrationState.Unknown;
                }
            }

            return RegistrationState.Bare;
        }

        private static RegistrationState ClassifyDelegates(IInvocationOperation call, INamedTypeSymbol httpClient, INamedTypeSymbol builderType)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter == null || !(argument.Parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate } delegateType)) continue;
                if (delegateType.DelegateInvokeMethod?.Parameters.Any(p => p.Type.IsType(httpClient)) != true) return RegistrationState.Unknown;
                RegistrationState state = ClassifyClientDelegate(argument.Value, httpClient);
                if (state != RegistrationState.Bare) return state;
            }

            return RegistrationState.Bare;
        }

        /// <summary><c>c =&gt; c.BaseAddress = ...</c> is bare; <c>c =&gt; c.Timeout = ...</c> has a timeout; anything else is unknown.</summary>
        private static RegistrationState ClassifyClientDelegate(IOperation value, INamedTypeSymbol httpClient)
        {
            if (!(value.WithoutConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })) return RegistrationState.Unknown;
            IParameterSymbol? client = lambda.Symbol.Parameters.FirstOrDefault(p => p.Type.IsType(httpClient));
            if (client == null) return RegistrationState.Unknown;
            foreach (IParameterReferenceOperation use in lambda.Body.Descendants().OfType<IParameterReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(use.Parameter, client)) continue;
                if (!(use.Parent is IPropertyReferenceOperation property) || !ReferenceEquals(property.Instance, use))
                {
                    // new TypedClient(c): the typed client's own code decides (checked from its type).
                    if (use.Parent is IArgumentOperation { Parent: IObjectCreationOperation }) continue;
                    return RegistrationState.Unknown;
                }

                if (property.Property.Name == "Timeout" && property.Parent is ISimpleAssignmentOperation assignment
                    && ReferenceEquals(assignment.Target, property))
                    return RegistrationState.Covered;
            }

            return RegistrationState.Bare;
        }

        /// <summary>Follows the builder value: chained calls, or a local whose every use is a chained call.</summary>
        private static RegistrationState ClassifyChain(IOperation builderValue, INamedTypeSymbol httpClient, INamedTypeSymbol builderType)
        {
            IOperation current = builderValue;
            while (true)
            {
                IOperation? parent = current.Parent;
                while (parent is IConversionOperation) { current = parent; parent = parent.Parent; }

                switch (parent)
                {
                    case IArgumentOperation { Parameter: { Ordinal: 0 }, Parent: IInvocationOperation next } when next.TargetMethod.IsExtensionMethod:
                        if (next.TargetMethod.Name == "ConfigurePrimaryHttpMessageHandler")
                        {
                            if (!SetsPlainPrimaryHandler(next)) return RegistrationState.Unknown;
                        }
                        else
                        {
                            if (!NeutralBuilderCalls.Contains(next.TargetMethod.Name)) return RegistrationState.Covered;
                            RegistrationState configured = ClassifyDelegates(next, httpClient, builderType);
                            if (configured != RegistrationState.Bare) return configured;
                        }

                        if (!next.TargetMethod.ReturnType.IsType(builderType)) return RegistrationState.Bare;
                        current = next;
                        continue;

                    case IExpressionStatementOperation _:
                        return RegistrationState.Bare;

                    case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, current):
                        return RegistrationState.Bare; // builder.Name, builder.Services

                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return ClassifyLocal(declarator, httpClient, builderType);

                    default:
                        return RegistrationState.Unknown; // returned, passed on, stored: configured elsewhere
                }
            }
        }

        private static RegistrationState ClassifyLocal(IVariableDeclaratorOperation declarator, INamedTypeSymbol httpClient, INamedTypeSymbol builderType)
        {
            ILocalSymbol local = declarator.Symbol;
            if (local.RefKind != RefKind.None) return RegistrationState.Unknown;
            IOperation root = declarator.OperationRoot();

            var state = RegistrationState.Bare;
            foreach (ILocalReferenceOperation use in root.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(use.Local, local)) continue;
                if (use.IsCapturedFrom(declarator)) return RegistrationState.Unknown;
                RegistrationState useState = ClassifyChain(use, httpClient, builderType);
                if (useState == RegistrationState.Unknown) return RegistrationState.Unknown;
                if (useState == RegistrationState.Covered) state = RegistrationState.Covered;
            }

            return state;
        }
    }

    internal enum RegistrationState
    {
        /// <summary>Proven: no timeout and no resilience handler on this path.</summary>
        Bare,

        /// <summary>A timeout or a resilience handler is configured.</summary>
        Covered,

        /// <summary>Configured somewhere this analysis cannot see.</summary>
        Unknown,
    }
}

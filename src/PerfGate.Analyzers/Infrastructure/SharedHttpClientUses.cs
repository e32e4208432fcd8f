using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Every use, in the compilation, of the fields and properties that hold an <c>HttpClient</c>: is its
    /// <c>Timeout</c> set, does any request pass a real <c>CancellationToken</c>, does the client escape
    /// (returned, passed on, replaced by another client)? Used by PG2005 for clients created once and kept.
    /// </summary>
    internal sealed class SharedHttpClientUses
    {
        private readonly ConcurrentDictionary<ISymbol, Uses> _uses = new ConcurrentDictionary<ISymbol, Uses>(SymbolEqualityComparer.Default);
        private readonly INamedTypeSymbol _httpClient;
        private readonly INamedTypeSymbol? _cancellationToken;

        public SharedHttpClientUses(INamedTypeSymbol httpClient, INamedTypeSymbol? cancellationToken)
        {
            _httpClient = httpClient;
            _cancellationToken = cancellationToken;
        }

        [Flags]
        public enum Uses
        {
            None = 0,
            RequestWithoutToken = 1,
            RequestWithToken = 2,
            TimeoutSet = 4,
            Escapes = 8,
        }

        /// <summary>True when the member was used for requests, none with a token, and nothing set its timeout or took it elsewhere.</summary>
        public bool HasOnlyUnboundedRequests(ISymbol member) =>
            _uses.TryGetValue(member, out Uses uses) && uses == Uses.RequestWithoutToken;

        /// <summary>Records one reference to a field or property of type HttpClient.</summary>
        public void Record(IMemberReferenceOperation reference)
        {
            ISymbol member = reference.Member;
            ITypeSymbol? type = member is IFieldSymbol field ? field.Type : (member as IPropertySymbol)?.Type;
            if (!SymbolEqualityComparer.Default.Equals(type, _httpClient)) return;
            Uses use = Classify(reference);
            _uses.AddOrUpdate(member, use, (_, existing) => existing | use);
        }

        private Uses Classify(IOperation reference)
        {
            switch (reference.Parent)
            {
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, reference):
                    return property.Property.Name == "Timeout" && property.Parent is IAssignmentOperation set && ReferenceEquals(set.Target, property)
                        ? Uses.TimeoutSet
                        : Uses.None;

                case IInvocationOperation call when ReferenceEquals(call.Instance, reference):
                    return ClassifyCall(call);

                case IArgumentOperation { Parameter: { Ordinal: 0 }, Parent: IInvocationOperation extension } when extension.TargetMethod.IsExtensionMethod:
                    return ClassifyCall(extension); // GetFromJsonAsync, PostAsJsonAsync

                case IAssignmentOperation assignment when ReferenceEquals(assignment.Target, reference):
                    // Another new HttpClient() is judged on its own; anything else may be a configured client.
                    return assignment.Value.WithoutConversions() is IObjectCreationOperation creation
                        && SymbolEqualityComparer.Default.Equals(creation.Type, _httpClient)
                        ? Uses.None
                        : Uses.Escapes;

                default:
                    return Uses.Escapes;
            }
        }

        private Uses ClassifyCall(IInvocationOperation call)
        {
            string name = call.TargetMethod.Name;
            if (name == "CancelPendingRequests") return Uses.Escapes; // cancelled from elsewhere
            if (!IsRequest(name)) return Uses.None;
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter == null || !SymbolEqualityComparer.Default.Equals(argument.Parameter.Type, _cancellationToken)) continue;
                if (!IsNoToken(argument)) return Uses.RequestWithToken;
            }

            return Uses.RequestWithoutToken;
        }

        private static bool IsRequest(string name) =>
            name.StartsWith("Send", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal)
            || name.StartsWith("Post", StringComparison.Ordinal) || name.StartsWith("Put", StringComparison.Ordinal)
            || name.StartsWith("Patch", StringComparison.Ordinal) || name.StartsWith("Delete", StringComparison.Ordinal);

        /// <summary>Omitted, <c>default</c> or <c>CancellationToken.None</c>.</summary>
        private static bool IsNoToken(IArgumentOperation argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue) return true;
            IOperation value = argument.Value.WithoutConversions();
            return value is IDefaultValueOperation
                || (value is IPropertyReferenceOperation property && property.Property.IsStatic && property.Property.Name == "None");
        }
    }
}

using System;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// In-process message handlers a mediator calls (MediatR's <c>IRequestHandler&lt;TRequest, TResponse&gt;.Handle</c>,
    /// <c>INotificationHandler&lt;T&gt;</c>, the source-generated Mediator's, any library's <c>I…Handler&lt;TMessage&gt;</c>): the
    /// library's dispatcher calls <c>Handle</c>, so no call site names it, but the code that creates the message sends it. The
    /// hotness model takes the methods that create the message as the handler's callers: <c>Send(new GetPageQuery(id))</c> in a
    /// controller makes the handler a request, in a seeder cold. Out-of-process consumers (MassTransit, NServiceBus, Rebus) are
    /// jobs by themselves (<see cref="EntryPoints"/>).
    /// </summary>
    internal static class MessageHandlers
    {
        /// <summary>
        /// The message type <paramref name="method"/> handles, or null: it implements a member of a generic interface declared
        /// outside the compilation whose name ends in <c>Handler</c>, its first parameter is one of the interface's type arguments,
        /// and that type is a class or struct declared in this compilation (so the compilation holds the code that creates it).
        /// </summary>
        public static INamedTypeSymbol? MessageOf(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.Parameters.Length == 0) return null;
            if (!(method.Parameters[0].Type is INamedTypeSymbol message) || message.DeclaringSyntaxReferences.IsEmpty) return null;
            if (message.TypeKind != TypeKind.Class && message.TypeKind != TypeKind.Struct) return null;
            foreach (IMethodSymbol implemented in EntryPoints.InterfaceMembers(method))
            {
                INamedTypeSymbol handler = implemented.ContainingType;
                if (!handler.IsGenericType || !handler.DeclaringSyntaxReferences.IsEmpty
                    || !handler.Name.EndsWith("Handler", StringComparison.Ordinal)) continue;
                foreach (ITypeSymbol argument in handler.TypeArguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.OriginalDefinition, message.OriginalDefinition)) return message;
                }
            }

            return null;
        }
    }
}

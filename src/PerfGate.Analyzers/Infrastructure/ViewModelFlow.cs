using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Does a value computed in a request handler end up in what the handler answers with: returned, passed to
    /// <c>View</c>/<c>PartialView</c>/<c>Ok</c>/<c>Json</c>, or stored into an object (property, object initializer, constructor
    /// argument) that is, or into a Razor page model's own property. Followed through locals, a few hops deep, in one method.
    /// </summary>
    internal static class ViewModelFlow
    {
        private const int MaxHops = 3;

        public static bool ReachesResponse(IOperation value) => ReachesResponse(value, 0);

        private static bool ReachesResponse(IOperation value, int hops)
        {
            if (hops > MaxHops) return false;
            IOperation current = value;
            while (current.Parent is IConversionOperation || current.Parent is IAwaitOperation) current = current.Parent;
            switch (current.Parent)
            {
                case IReturnOperation _:
                    return true;
                case IArgumentOperation argument when argument.Parent is IInvocationOperation call:
                    return IsResponseHelper(call.TargetMethod);
                case IArgumentOperation argument when argument.Parent is IObjectCreationOperation creation:
                    return creation.Type?.Name.EndsWith("Result", System.StringComparison.Ordinal) == true || ReachesResponse(creation, hops + 1);
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    return TargetReachesResponse(assignment, hops);
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    return LocalReachesResponse(declarator.Symbol, declarator, hops + 1);
                default:
                    return false;
            }
        }

        private static bool TargetReachesResponse(ISimpleAssignmentOperation assignment, int hops)
        {
            switch (assignment.Target)
            {
                case ILocalReferenceOperation local:
                    return LocalReachesResponse(local.Local, assignment, hops + 1);
                case IMemberReferenceOperation member when member.Instance is ILocalReferenceOperation owner:
                    return LocalReachesResponse(owner.Local, assignment, hops + 1);
                case IMemberReferenceOperation member
                    when member.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                    // new ViewModel { Products = products }: the object being initialized.
                    for (IOperation? up = assignment.Parent; up != null; up = up.Parent)
                    {
                        if (up is IObjectCreationOperation creation) return ReachesResponse(creation, hops + 1);
                        if (!(up is IObjectOrCollectionInitializerOperation)) return false;
                    }

                    return false;
                case IPropertyReferenceOperation property
                    when property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    return IsRazorPageModel(property.Property.ContainingType);
                default:
                    return false;
            }
        }

        private static bool LocalReachesResponse(ILocalSymbol local, IOperation anywhere, int hops)
        {
            foreach (IOperation node in anywhere.OperationRoot().Descendants())
            {
                if (!(node is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
                if (reference.Parent is ISimpleAssignmentOperation assigned && ReferenceEquals(assigned.Target, reference)) continue;
                if (ReachesResponse(reference, hops)) return true;
            }

            return false;
        }

        private static bool IsResponseHelper(IMethodSymbol method)
        {
            string? ns = method.ContainingNamespace?.ToDisplayString();
            if (ns == null || !ns.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal)) return false;
            switch (method.Name)
            {
                case "View":
                case "PartialView":
                case "Ok":
                case "Json":
                case "Accepted":
                case "Created":
                case "Page":
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsRazorPageModel(INamedTypeSymbol? type)
        {
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current.Name == "PageModel" && current.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Mvc.RazorPages") return true;
            }

            return false;
        }
    }
}

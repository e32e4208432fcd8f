using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    internal static class SymbolExtensions
    {
        /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it (classes only).</summary>
        public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (type == null || baseType == null) return false;
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType)) return true;
            }

            if (type is ITypeParameterSymbol typeParameter)
            {
                foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
                {
                    if (constraint.InheritsFromOrEquals(baseType)) return true;
                }
            }

            return false;
        }

        public static bool IsType(this ITypeSymbol? type, INamedTypeSymbol? expected) =>
            type != null && expected != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

        /// <summary>True when <paramref name="type"/> is the interface <paramref name="interfaceType"/> or implements it.</summary>
        public static bool IsOrImplements(this ITypeSymbol? type, INamedTypeSymbol? interfaceType) =>
            type != null && interfaceType != null && (type.IsType(interfaceType) || type.AllInterfaces.Any(i => i.IsType(interfaceType)));

        /// <summary>The top of the operation tree <paramref name="operation"/> is in: the body (or initializer) being analyzed.</summary>
        public static IOperation OperationRoot(this IOperation operation)
        {
            while (operation.Parent != null) operation = operation.Parent;
            return operation;
        }

        /// <summary>Strips the implicit conversions the compiler inserts around an expression.</summary>
        public static IOperation WithoutConversions(this IOperation operation)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation;
        }

        /// <summary>True inside a lambda converted to an expression tree (<paramref name="lambdaExpression"/>: translated by a query provider,
        /// never run as code).</summary>
        public static bool IsInsideExpressionTree(this IOperation operation, INamedTypeSymbol? lambdaExpression)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (!(current is IAnonymousFunctionOperation)) continue;
                for (IOperation? parent = current.Parent; parent is IDelegateCreationOperation || parent is IConversionOperation; parent = parent.Parent)
                {
                    if (parent.Type.InheritsFromOrEquals(lambdaExpression)) return true;
                }
            }

            return false;
        }

        /// <summary>The receiver of a call: the instance, or the <c>this</c> argument of an extension method.</summary>
        public static IOperation? GetReceiver(this IInvocationOperation invocation)
        {
            if (invocation.Instance != null) return invocation.Instance;
            if (!invocation.TargetMethod.IsExtensionMethod) return null;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0) return argument.Value;
            }

            return null;
        }

        /// <summary>
        /// True when <paramref name="use"/> sits in a lambda or local function that <paramref name="declaration"/> is
        /// not inside: a capture, which may run later, more than once, or never.
        /// </summary>
        public static bool IsCapturedFrom(this IOperation use, IOperation declaration)
        {
            for (IOperation? current = use.Parent; current != null; current = current.Parent)
            {
                if (!(current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)) continue;
                for (IOperation? d = declaration.Parent; d != null; d = d.Parent)
                {
                    if (ReferenceEquals(d, current)) return false;
                }

                return true;
            }

            return false;
        }

        /// <summary>The local, parameter or field <paramref name="operation"/> reads or writes, or null for anything else.</summary>
        public static ISymbol? ReferencedVariable(this IOperation? operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };

        /// <summary>
        /// An attribute argument's value, or null for an array argument (<c>params string[]</c> of a custom attribute), whose
        /// <see cref="TypedConstant.Value"/> throws.
        /// </summary>
        public static object? ScalarValue(this TypedConstant constant) => constant.Kind == TypedConstantKind.Array ? null : constant.Value;

        /// <summary>The strings an attribute argument holds: its string value, or each string of an array argument.</summary>
        public static IEnumerable<string> StringValues(this TypedConstant constant)
        {
            if (constant.Kind != TypedConstantKind.Array)
            {
                if (constant.Value is string text) yield return text;
                yield break;
            }

            foreach (TypedConstant element in constant.Values)
            {
                foreach (string text in element.StringValues()) yield return text;
            }
        }

        /// <summary>The initializer of a local that is never assigned again; null otherwise.</summary>
        public static IOperation? SingleAssignment(this ILocalReferenceOperation reference)
        {
            IOperation root = reference.OperationRoot();
            IOperation? value = null;
            foreach (IOperation node in root.Descendants())
            {
                switch (node)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        value = declarator.GetVariableInitializer()?.Value;
                        if (value == null) return null;
                        break;
                    case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                        && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                        return null;
                    case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref
                        && argument.Value is ILocalReferenceOperation byRef && SymbolEqualityComparer.Default.Equals(byRef.Local, reference.Local):
                        return null;
                }
            }

            return value;
        }
    }
}

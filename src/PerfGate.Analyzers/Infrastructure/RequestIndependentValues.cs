using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Proves that a value is the same for every request: compile-time constants, <c>const</c> and
    /// <c>static readonly</c> fields, configuration (<c>IOptions&lt;T&gt;.Value</c>, <c>IOptionsMonitor&lt;T&gt;.CurrentValue</c>,
    /// <c>IConfiguration["key"]</c>, <c>GetValue&lt;T&gt;("key")</c>, <c>GetSection("key")</c>, <c>GetConnectionString("key")</c>)
    /// and their members, readonly instance fields every constructor assigns from such values, and values
    /// built only from those (string concatenation and interpolation, <c>new T(...) { ... }</c>, arrays, locals
    /// assigned once). Parameters, other fields, properties and method results are not proven: the rule stays silent.
    /// </summary>
    internal sealed class RequestIndependentValues
    {
        private const int MaxDepth = 8;

        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol? _options;
        private readonly INamedTypeSymbol? _optionsSnapshot;
        private readonly INamedTypeSymbol? _optionsMonitor;
        private readonly INamedTypeSymbol? _configuration;
        private readonly INamedTypeSymbol? _configurationExtensions;
        private readonly INamedTypeSymbol? _configurationBinder;
        private readonly INamedTypeSymbol? _cancellationToken;
        private readonly ConcurrentDictionary<IFieldSymbol, bool> _fields = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);

        [ThreadStatic]
        private static HashSet<IFieldSymbol>? t_visitingFields;

        public RequestIndependentValues(Compilation compilation)
        {
            _compilation = compilation;
            WellKnownTypes types = WellKnownTypes.For(compilation);
            _options = types.IOptionsOfT;
            _optionsSnapshot = types.IOptionsSnapshotOfT;
            _optionsMonitor = types.IOptionsMonitorOfT;
            _configuration = types.IConfiguration;
            _configurationExtensions = types.ConfigurationExtensions;
            _configurationBinder = types.ConfigurationBinder;
            _cancellationToken = types.CancellationToken;
        }

        /// <summary>Every explicit argument of <paramref name="invocation"/> but cancellation tokens is proven.</summary>
        public bool ArgumentsAreProven(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.IsImplicit) continue;
                if (argument.Parameter?.Ordinal == 0 && invocation.TargetMethod.IsExtensionMethod && invocation.Instance == null) continue; // the receiver
                if (argument.Parameter?.Type.IsType(_cancellationToken) == true) continue;
                if (!IsProven(argument.Value)) return false;
            }

            return true;
        }

        public bool IsProven(IOperation operation) => IsProven(operation, 0);

        private bool IsProven(IOperation operation, int depth)
        {
            if (depth > MaxDepth) return false;
            if (operation.ConstantValue.HasValue) return true;
            switch (operation)
            {
                case IConversionOperation conversion:
                    return IsProven(conversion.Operand, depth + 1);
                case IDefaultValueOperation _:
                case ITypeOfOperation _:
                case INameOfOperation _:
                    return true;
                case IFieldReferenceOperation field:
                    if (field.Field.IsConst || (field.Field.IsStatic && field.Field.IsReadOnly)) return true;
                    return field.Field.IsReadOnly && !field.Field.IsStatic && field.Instance is IInstanceReferenceOperation && IsConfiguredField(field.Field);
                case IPropertyReferenceOperation property:
                    return IsProvenProperty(property, depth);
                case IInvocationOperation invocation:
                    return IsConfigurationRead(invocation, depth);
                case IObjectCreationOperation creation:
                    return creation.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue || IsProven(a.Value, depth + 1))
                        && (creation.Initializer == null || creation.Initializer.Initializers.All(i => IsProvenInitializer(i, depth + 1)));
                case IArrayCreationOperation array:
                    return array.Initializer != null && array.Initializer.ElementValues.All(e => IsProven(e, depth + 1));
                case IInterpolatedStringOperation interpolated:
                    return interpolated.Parts.All(part => !(part is IInterpolationOperation hole) || IsProven(hole.Expression, depth + 1));
                case IBinaryOperation binary:
                    return IsProven(binary.LeftOperand, depth + 1) && IsProven(binary.RightOperand, depth + 1);
                case IConditionalOperation conditional:
                    return IsProven(conditional.Condition, depth + 1) && IsProven(conditional.WhenTrue, depth + 1)
                        && conditional.WhenFalse != null && IsProven(conditional.WhenFalse, depth + 1);
                case ICoalesceOperation coalesce:
                    return IsProven(coalesce.Value, depth + 1) && IsProven(coalesce.WhenNull, depth + 1);
                case ILocalReferenceOperation local:
                    return IsProvenLocal(local, depth);
                default:
                    return false;
            }
        }

        private bool IsProvenInitializer(IOperation initializer, int depth) => initializer switch
        {
            ISimpleAssignmentOperation assignment => IsProven(assignment.Value, depth),
            IMemberInitializerOperation member => member.Initializer.Initializers.All(i => IsProvenInitializer(i, depth + 1)),
            IInvocationOperation add => add.Arguments.All(a => IsProven(a.Value, depth + 1)), // collection initializer element
            _ => false,
        };

        /// <summary><c>options.Value</c>, <c>monitor.CurrentValue</c>, <c>configuration["key"]</c>, or any member of a proven value.</summary>
        private bool IsProvenProperty(IPropertyReferenceOperation property, int depth)
        {
            IPropertySymbol symbol = property.Property;
            INamedTypeSymbol type = symbol.ContainingType;
            if (symbol.Name == "Value" && (type.IsType(_options) || type.IsType(_optionsSnapshot))) return true;
            if (symbol.Name == "CurrentValue" && type.IsType(_optionsMonitor)) return true;
            if (symbol.IsIndexer && IsConfiguration(property.Instance?.Type))
                return property.Arguments.All(a => IsProven(a.Value, depth + 1));
            if (symbol.IsStatic || property.Instance == null || property.Arguments.Length > 0) return false;
            return IsProven(property.Instance, depth + 1);
        }

        private bool IsConfigurationRead(IInvocationOperation invocation, int depth)
        {
            IMethodSymbol method = invocation.TargetMethod;
            bool onConfiguration = method.ContainingType.IsType(_configurationExtensions) || method.ContainingType.IsType(_configurationBinder)
                || (method.Name == "GetSection" && IsConfiguration(method.ContainingType));
            if (!onConfiguration) return false;
            return invocation.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue || IsProven(a.Value, depth + 1)
                || (a.Parameter?.Ordinal == 0 && IsConfiguration(a.Value.WithoutConversions().Type)));
        }

        private bool IsConfiguration(ITypeSymbol? type) => type.IsOrImplements(_configuration);

        /// <summary>A local declared with a proven value and never assigned again.</summary>
        private bool IsProvenLocal(ILocalReferenceOperation reference, int depth) =>
            reference.SingleAssignment() is IOperation value && IsProven(value, depth + 1);

        /// <summary>A readonly instance field (<c>_settings = options.Value</c>) whose initializer and constructor assignments are all proven.</summary>
        private bool IsConfiguredField(IFieldSymbol field)
        {
            field = field.OriginalDefinition;
            if (field.DeclaringSyntaxReferences.IsEmpty || !SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly))
                return false;
            if (_fields.TryGetValue(field, out bool cached)) return cached;
            HashSet<IFieldSymbol> visiting = t_visitingFields ??= new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            if (!visiting.Add(field)) return false; // a field assigned from itself proves nothing
            try
            {
                bool result = ComputeConfiguredField(field, 0); // from depth 0: the cached answer must not depend on who asked first
                return _fields.GetOrAdd(field, result);
            }
            finally
            {
                visiting.Remove(field);
            }
        }

        private bool ComputeConfiguredField(IFieldSymbol field, int depth)
        {
            bool assigned = false;
            bool proven = true;
            foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer: { } initializer })
                {
#pragma warning disable RS1030 // The field's initializer lives outside the analyzed body; the compiler's cached model is returned.
                    IOperation? value = (_compilation.GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer) as IFieldInitializerOperation)?.Value;
#pragma warning restore RS1030
                    assigned = true;
                    proven &= value != null && IsProven(value, depth + 1);
                }
            }

            foreach (IMethodSymbol constructor in field.ContainingType.InstanceConstructors)
            {
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // As above: a constructor of the field's type.
                    IOperation? body = _compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
#pragma warning restore RS1030
                    if (body == null) continue;
                    foreach (IAssignmentOperation assignment in body.Descendants().OfType<IAssignmentOperation>())
                    {
                        if (!(assignment.Target is IFieldReferenceOperation target)
                            || !SymbolEqualityComparer.Default.Equals(target.Field.OriginalDefinition, field)) continue;
                        assigned = true;
                        proven &= assignment is ISimpleAssignmentOperation && IsProven(assignment.Value, depth + 1);
                    }
                }
            }

            return assigned && proven;
        }
    }
}

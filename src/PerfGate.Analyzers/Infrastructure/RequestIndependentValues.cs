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
    /// assigned once), and parameters every call of whose method passes such a value. Other parameters, fields, properties and method
    /// results are not proven: the rule stays silent.
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
        private readonly bool _wholeApp;
        private readonly ConcurrentDictionary<ISymbol, bool> _members = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        [ThreadStatic]
        private static HashSet<ISymbol>? t_visitingMembers;

        /// <param name="compilation">The compilation the values are read in.</param>
        /// <param name="wholeApp">
        /// The compilation holds every caller of its methods (an app, a folder scan): a public method's parameter is then proven when every
        /// call here passes a proven value. Otherwise only private and internal methods' parameters are.
        /// </param>
        public RequestIndependentValues(Compilation compilation, bool wholeApp = false)
        {
            _compilation = compilation;
            _wholeApp = wholeApp;
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
                    return field.Field.IsReadOnly && !field.Field.IsStatic && field.Instance is IInstanceReferenceOperation && IsConfiguredMember(field.Field);
                case IParameterReferenceOperation parameter:
                    return IsConfiguredMember(parameter.Parameter);
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
            if (property.Instance is IInstanceReferenceOperation) return IsGetOnlyAutoProperty(symbol) && IsConfiguredMember(symbol);
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

        /// <summary><c>private string EntityName { get; }</c>: no setter, no body; only an initializer or a constructor can assign it.</summary>
        private static bool IsGetOnlyAutoProperty(IPropertySymbol property) =>
            property.SetMethod == null && !property.IsAbstract && property.DeclaringSyntaxReferences.Length == 1
            && property.DeclaringSyntaxReferences[0].GetSyntax()
                is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { AccessorList: { } accessors }
            && accessors.Accessors.All(accessor => accessor.Body == null && accessor.ExpressionBody == null);

        /// <summary>
        /// A readonly instance field (<c>_settings = options.Value</c>) or get-only auto-property (<c>EntityName = typeof(T).Name</c>) whose
        /// initializer and constructor assignments are all proven; or a parameter every call of whose method passes a proven value
        /// (<c>GetAsync(string settingsName)</c>, called only as <c>GetAsync(EntityName)</c>). Cached, computed from depth 0.
        /// </summary>
        private bool IsConfiguredMember(ISymbol member)
        {
            member = member.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _compilation.Assembly)) return false;
            if (_members.TryGetValue(member, out bool cached)) return cached;
            HashSet<ISymbol> visiting = t_visitingMembers ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (!visiting.Add(member)) return false; // a value assigned from itself, or a recursive call, proves nothing
            try
            {
                bool result = member is IParameterSymbol parameter ? EveryCallPassesProven(parameter) : ComputeConfiguredMember(member);
                return _members.GetOrAdd(member, result);
            }
            finally
            {
                visiting.Remove(member);
            }
        }

        /// <summary>
        /// Every call that may run the parameter's method passes a proven value for it: its own calls, and calls of the interface members
        /// (declared here) it implements. Only ordinary, non-virtual methods whose callers are all in the compilation: private or internal
        /// ones, or any when the compilation is the whole app. A method used as a method group, or never called here, proves nothing.
        /// </summary>
        private bool EveryCallPassesProven(IParameterSymbol parameter)
        {
            if (parameter.IsParams || parameter.RefKind != RefKind.None || !(parameter.ContainingSymbol is IMethodSymbol method)) return false;
            if (method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.IsEmpty) return false;
            if (!_wholeApp && method.DeclaredAccessibility != Accessibility.Private && method.DeclaredAccessibility != Accessibility.Internal) return false;
            var calls = MethodCallSites.For(_compilation).FindThroughInterfaces(method);
            if (calls.IsEmpty) return false;
            foreach ((IInvocationOperation call, ISymbol _) in calls)
            {
                IArgumentOperation? argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal);
                if (argument == null || (argument.ArgumentKind != ArgumentKind.DefaultValue && !IsProven(argument.Value, 1))) return false;
            }

            return true;
        }

        private bool ComputeConfiguredMember(ISymbol member)
        {
            bool assigned = false;
            bool proven = true;
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
                Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax? initializer = syntax switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax declarator => declarator.Initializer,
                    Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => property.Initializer,
                    _ => null,
                };
                if (initializer == null) continue;
#pragma warning disable RS1030 // The member's initializer lives outside the analyzed body; the compiler's cached model is returned.
                IOperation? value = (_compilation.GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer) as ISymbolInitializerOperation)?.Value;
#pragma warning restore RS1030
                assigned = true;
                proven &= value != null && IsProven(value, 1);
            }

            foreach (IMethodSymbol constructor in member.ContainingType.InstanceConstructors)
            {
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    SyntaxNode syntax = reference.GetSyntax();
#pragma warning disable RS1030 // As above: a constructor of the member's type.
                    IOperation? body = _compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
#pragma warning restore RS1030
                    if (body == null) continue;
                    foreach (IAssignmentOperation assignment in body.Descendants().OfType<IAssignmentOperation>())
                    {
                        ISymbol? target = assignment.Target switch
                        {
                            IFieldReferenceOperation field => field.Field,
                            IPropertyReferenceOperation property => property.Property,
                            _ => null,
                        };
                        if (target == null || !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, member)) continue;
                        assigned = true;
                        proven &= assignment is ISimpleAssignmentOperation && IsProven(assignment.Value, 1);
                    }
                }
            }

            return assigned && proven;
        }
    }
}

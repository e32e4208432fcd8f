using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    public static partial class CachingRules
    {
        public static readonly RuleMetadata ExpensiveObjectCreatedPerCall = new RuleMetadata
        {
            Id = RuleIdentifiers.ExpensiveObjectCreatedPerCall,
            Title = "Expensive object built on every call",
            MessageFormat = "{0} is built on every call of {1}: {2}",
            Category = RuleCategories.Caching,
            DefaultLevel = RuleLevel.Warning,
            Precision = "high",
            Description = "Some objects are expensive to build and cheap to share: a `Regex` parses (and, with `RegexOptions.Compiled`, compiles) its pattern "
                + "in its constructor; an `XmlSerializer` built with any constructor other than `(Type)` or `(Type, string)` generates and loads a new "
                + "serialization assembly that is never unloaded (a memory leak per call); a `JsonSerializerOptions` instance owns the reflection metadata "
                + "cache of every type it serializes, so a fresh one per call re-reflects every type. Built once per call of a request handler, they cost CPU "
                + "and memory on every request. Relation to CA1869: the .NET analyzer CA1869 reports a `new JsonSerializerOptions` used only as an argument "
                + "of `JsonSerializer.Serialize`/`Deserialize`; PerfGate leaves those to CA1869 (gate it in `perfgate.yml` with `CA1869: warning`) and "
                + "reports the uses CA1869 does not look at: options handed to `HttpClient`/`HttpContent` JSON extensions, `JsonContent.Create`, "
                + "`Results.Json`, `WriteAsJsonAsync`, `ReadFromJsonAsync` and any other API.",
            Flags = new[]
            {
                "`new Regex(pattern)`, `new Regex(pattern, options)`, `new Regex(pattern, options, timeout)` whose pattern (and options) are compile-time "
                    + "constants, in a method, local function, lambda or property accessor",
                "`new XmlSerializer(...)` with any constructor other than `XmlSerializer(Type)` and `XmlSerializer(Type, string)` (the two the runtime "
                    + "caches), in a method, local function, lambda or property accessor",
                "`new JsonSerializerOptions(...)` (also with an object initializer) in a method, local function, lambda or property accessor, passed, "
                    + "directly or through a local assigned only once, to a `JsonSerializerOptions` parameter of a method that is not on "
                    + "`System.Text.Json.JsonSerializer`",
            },
            Ignores = new[]
            {
                "initializers of static and instance fields and properties, static and instance constructors, and assignment into a static field or property "
                    + "(`=` or `??=`): built once per type or per instance",
                "a static `Main` and top-level statements themselves (run once per process); lambdas inside them are still reported",
                "startup code (a method that takes `IServiceCollection`, `IApplicationBuilder`, `WebApplicationBuilder`, `IHostBuilder`, "
                    + "`IHostApplicationBuilder` or `IWebHostBuilder`, or extends a registration builder interface such as `IMvcBuilder`), LINQ lambdas run "
                    + "inside such code, and helpers whose every call in the compilation (up to three callers up) runs once in one of these ways; a helper "
                    + "called from a controller, page or hub constructor is still reported",
                "`new Regex(pattern)` whose pattern or options are not compile-time constants (a per-call pattern cannot be hoisted as is), and the static "
                    + "`Regex.IsMatch`/`Match`/`Replace` methods (they use the runtime's regex cache)",
                "`XmlSerializer(Type)` and `XmlSerializer(Type, string defaultNamespace)`: the runtime caches their generated assemblies",
                "`new JsonSerializerOptions` used with `JsonSerializer.*` (CA1869's), options whose initializer reads a parameter or local (they depend on "
                    + "the call), options stored anywhere but a local, and options only configured and returned (a factory)",
                "lambdas converted to expression trees",
            },
            Fix = "Build the object once: `private static readonly Regex OrderId = new(\"^[A-Z]{3}-\\\\d+$\", RegexOptions.Compiled);` or, better, a "
                + "`[GeneratedRegex(\"...\")] private static partial Regex OrderId();`; a `static readonly XmlSerializer` (or a dictionary of them keyed by "
                + "the extra types); a `static readonly JsonSerializerOptions` (or the one configured in DI via `IOptions<JsonOptions>`). A code fix "
                + "(PerfGate.CodeFixes: IDE, `perfgate fix`, `dotnet format analyzers --diagnostics PG3001`) replaces a `new Regex(...)` whose arguments "
                + "are all compile-time constants with one shared regex per pattern and options in the enclosing type: a member that already holds it (a "
                + "`static readonly Regex` field or a `[GeneratedRegex]` method, so three identical call sites share one), else a `[GeneratedRegex(...)] "
                + "private static partial Regex SlugifyRegex();` when the framework has the attribute (.NET 7+), the language is C# 11 or later and the "
                + "type (with the types around it) can be made `partial`, else a `private static readonly Regex` field named after the member; a Regex is "
                + "immutable and thread-safe, so sharing it keeps behaviour. It is not offered for `XmlSerializer`/`JsonSerializerOptions` (their "
                + "instances can be configured after construction) or when an argument (a `TimeSpan` timeout) is not a constant.",
            FlaggedExample = "public bool IsOrderId(string value) =>\n"
                + "    new Regex(\"^[A-Z]{3}-\\\\d+$\").IsMatch(value);\n"
                + "\n"
                + "public Task<Rate?> GetRateAsync(string code) =>\n"
                + "    _http.GetFromJsonAsync<Rate>($\"rates/{code}\", new JsonSerializerOptions(JsonSerializerDefaults.Web));",
            FixedExample = "[GeneratedRegex(\"^[A-Z]{3}-\\\\d+$\")]\n"
                + "private static partial Regex OrderId();\n"
                + "public bool IsOrderId(string value) => OrderId().IsMatch(value);\n"
                + "\n"
                + "private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);\n"
                + "public Task<Rate?> GetRateAsync(string code) => _http.GetFromJsonAsync<Rate>($\"rates/{code}\", Web);",
            Tags = new[] { "performance", "memory", "caching" },
        };
    }

    /// <summary>
    /// PG3001: <c>new Regex(constant)</c>, the leaking <c>XmlSerializer</c> constructors, and
    /// <c>new JsonSerializerOptions</c> handed to a non-<c>JsonSerializer</c> API, where they run on every
    /// call (method bodies, local functions, lambdas, accessors) instead of once.
    /// </summary>
    public sealed class DoNotBuildExpensiveObjectPerCallAnalyzer : PerfGateRule
    {
        public DoNotBuildExpensiveObjectPerCallAnalyzer()
            : base(CachingRules.ExpensiveObjectCreatedPerCall)
        {
        }

        internal override void Start(RuleContext rule)
        {
            Compilation compilation = rule.Compilation;
            INamedTypeSymbol? regex = rule.Types.Regex;
            INamedTypeSymbol? xmlSerializer = rule.Types.XmlSerializer;
            INamedTypeSymbol? jsonOptions = rule.Types.JsonSerializerOptions;
            INamedTypeSymbol? jsonSerializer = rule.Types.JsonSerializer;
            INamedTypeSymbol? type = rule.Types.Type;
            INamedTypeSymbol? lambdaExpression = rule.Types.LambdaExpression;
            if (regex == null && xmlSerializer == null && jsonOptions == null) return;
            var perCall = new PerCallCreation(compilation, isWebAssembly: false);

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var creation = (IObjectCreationOperation)operationContext.Operation;
                ITypeSymbol? created = creation.Type;
                if (created == null || creation.Constructor == null) return;

                string what;
                string why;
                if (SymbolEqualityComparer.Default.Equals(created, regex))
                {
                    // Only a constant pattern (and options) can be hoisted as is.
                    if (creation.Arguments.Length == 0) return;
                    foreach (IArgumentOperation argument in creation.Arguments)
                    {
                        if (argument.Parameter?.Type.SpecialType == SpecialType.System_String || argument.Parameter?.Type.TypeKind == TypeKind.Enum)
                        {
                            if (!argument.Value.ConstantValue.HasValue) return;
                        }
                    }

                    what = "'new Regex(...)' with a constant pattern";
                    why = "the pattern is parsed (and with RegexOptions.Compiled, compiled to IL) every time; use a static readonly Regex or [GeneratedRegex]";
                }
                else if (SymbolEqualityComparer.Default.Equals(created, xmlSerializer))
                {
                    ImmutableArray<IParameterSymbol> parameters = creation.Constructor.Parameters;
                    bool cached = parameters.Length >= 1 && parameters[0].Type.IsType(type)
                        && (parameters.Length == 1 || (parameters.Length == 2 && parameters[1].Type.SpecialType == SpecialType.System_String));
                    if (cached) return;
                    what = "'new XmlSerializer(...)' with extra types, overrides or a root";
                    why = "this constructor generates and loads a new serialization assembly each time, which is never unloaded (a memory leak); "
                        + "keep one static instance per configuration";
                }
                else if (SymbolEqualityComparer.Default.Equals(created, jsonOptions))
                {
                    if (DependsOnCallState(creation)) return;
                    if (!FlowsOnlyToNonSerializerApi(creation, jsonOptions!, jsonSerializer)) return;
                    what = "'new JsonSerializerOptions(...)'";
                    why = "each instance rebuilds the reflection metadata of every type it serializes; "
                        + "keep one static readonly instance (or the one configured in DI)";
                }
                else
                {
                    return;
                }

                if (IsInExpressionTree(creation, lambdaExpression)) return;
                string? member = perCall.FindPerCallMember(creation, operationContext.ContainingSymbol);
                if (member == null) return;
                rule.Report(operationContext.ReportDiagnostic, creation.Syntax.GetLocation(), what, member, why);
            }, OperationKind.ObjectCreation);
        }

        private static bool IsInExpressionTree(IOperation operation, INamedTypeSymbol? lambdaExpression)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation)
                {
                    IOperation? parent = current.Parent;
                    while (parent is IDelegateCreationOperation || parent is IConversionOperation)
                    {
                        if (parent.Type.InheritsFromOrEquals(lambdaExpression)) return true;
                        parent = parent.Parent;
                    }
                }
            }

            return false;
        }

        /// <summary>Options built from parameters, locals or instance state depend on the call: not hoistable as is.</summary>
        private static bool DependsOnCallState(IObjectCreationOperation creation) =>
            creation.Descendants().Any(operation =>
                operation is IParameterReferenceOperation
                || operation is ILocalReferenceOperation
                || (operation is IInstanceReferenceOperation instance && instance.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance));

        /// <summary>
        /// The new options reach at least one <c>JsonSerializerOptions</c> parameter of a method that is not on
        /// <c>JsonSerializer</c> (those are CA1869's), directly or through a local assigned once, and go nowhere
        /// else (not stored, returned or captured).
        /// </summary>
        private static bool FlowsOnlyToNonSerializerApi(IObjectCreationOperation creation, INamedTypeSymbol jsonOptions, INamedTypeSymbol? jsonSerializer)
        {
            IOperation value = creation;
            while (value.Parent is IConversionOperation) value = value.Parent;

            if (value.Parent is IArgumentOperation directArgument)
                return IsNonSerializerOptionsArgument(directArgument, jsonOptions, jsonSerializer);

            if (!(value.Parent is IVariableInitializerOperation initializer) || !(initializer.Parent is IVariableDeclaratorOperation declarator))
                return false;
            ILocalSymbol local = declarator.Symbol;
            if (local.RefKind != RefKind.None) return false;

            IOperation root = creation.OperationRoot();
            bool sawApi = false;
            foreach (ILocalReferenceOperation reference in root.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
                if (IsInsideLambdaOrLocalFunction(reference, declarator)) return false; // captured: may outlive the call

                IOperation use = reference;
                while (use.Parent is IConversionOperation) use = use.Parent;
                switch (use.Parent)
                {
                    case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.None:
                        if (!argument.Parameter.Type.IsType(jsonOptions)) return false;
                        if (IsNonSerializerOptionsArgument(argument, jsonOptions, jsonSerializer)) sawApi = true;
                        break;
                    case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                        // options.Converters.Add(...), options.WriteIndented = true: configuration.
                        break;
                    case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, use):
                        if (invocation.TargetMethod.Name != "MakeReadOnly") return false;
                        break;
                    default:
                        return false;
                }
            }

            return sawApi;
        }

        private static bool IsNonSerializerOptionsArgument(IArgumentOperation argument, INamedTypeSymbol jsonOptions, INamedTypeSymbol? jsonSerializer)
        {
            if (argument.Parameter == null || !argument.Parameter.Type.IsType(jsonOptions)) return false;
            IMethodSymbol? method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation construction => construction.Constructor,
                _ => null,
            };
            return method != null && !method.ContainingType.IsType(jsonSerializer);
        }

        private static bool IsInsideLambdaOrLocalFunction(IOperation reference, IOperation declaration)
        {
            for (IOperation? current = reference.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    // Declared inside the same lambda/local function: not a capture.
                    for (IOperation? d = declaration.Parent; d != null; d = d.Parent)
                    {
                        if (ReferenceEquals(d, current)) return false;
                    }

                    return true;
                }
            }

            return false;
        }
    }
}

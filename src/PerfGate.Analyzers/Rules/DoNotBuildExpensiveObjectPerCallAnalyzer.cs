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
            DefaultLevel = RuleLevel.Note,
            Precision = "low",
            MeasuredPrecision = "3 of 19 sampled findings were true on 18 real open-source applications, 14 of them unseen by its authors when judged (each "
                + "finding judged by reading the code, build/oss-trial); most false ones were objects built in code that runs rarely (an import, an "
                + "admin page), once per process, or behind a cache. So it is a note by default: raise it with `rules: { PG3001: warning }` where "
                + "it fits your code.",
            Description = "Some objects are expensive to build and cheap to share: a `Regex` parses (and, with `RegexOptions.Compiled`, compiles) its pattern "
                + "in its constructor; an `XmlSerializer` built with any constructor other than `(Type)` or `(Type, string)` generates and loads a new "
                + "serialization assembly that is never unloaded (a memory leak per call); a `JsonSerializerOptions` instance owns the reflection metadata "
                + "cache of every type it serializes, so a fresh one per call re-reflects every type. Built once per call of a request handler, they cost CPU "
                + "and memory on every request. Relation to CA1869: the .NET analyzer CA1869 reports a `new JsonSerializerOptions` used only as an argument "
                + "of `JsonSerializer.Serialize`/`Deserialize`, but it is a suggestion by default and does not show in a build; PerfGate reports that shape "
                + "itself unless the build turns CA1869 on as a warning or an error (`CA1869: warning` in `perfgate.yml`), and always reports what CA1869 "
                + "does not look at: options handed to `HttpClient`/`HttpContent` JSON extensions, `JsonContent.Create`, `Results.Json`, "
                + "`WriteAsJsonAsync`, `ReadFromJsonAsync` and any other API, and options returned by a factory method that callers use once per call.",
            Flags = new[]
            {
                "`new Regex(pattern)`, `new Regex(pattern, options)`, `new Regex(pattern, options, timeout)` whose pattern (and options) are compile-time "
                    + "constants, in a method, local function, lambda or property accessor",
                "`new XmlSerializer(...)` with any constructor other than `XmlSerializer(Type)` and `XmlSerializer(Type, string)` (the two the runtime "
                    + "caches), in a method, local function, lambda or property accessor",
                "`new Regex(pattern, options)` whose options are a constant that includes `RegexOptions.Compiled` and whose pattern is not a constant "
                    + "(drawn from a rule table, a setting), used only for matching where it is built (not kept in a field): compiled to IL for one use",
                "`new JsonSerializerOptions(...)` (also with an object initializer) in a method, local function, lambda or property accessor, passed, "
                    + "directly or through a local assigned only once, to a `JsonSerializerOptions` parameter of a method that is not on "
                    + "`System.Text.Json.JsonSerializer`, or of one that is when CA1869 is not on as a warning or an error in the build",
                "`new JsonSerializerOptions(...)` configured and returned by a factory method (`public static JsonSerializerOptions GetOptions()`) when "
                    + "some caller (followed through factories that adjust and return it, two levels up) passes the result to a serializer or an API on "
                    + "every call instead of keeping it; the message names that caller",
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
                "`new Regex(pattern)` whose pattern or options are not compile-time constants and that is not compiled (`RegexOptions.Compiled`): a "
                    + "per-call pattern cannot be hoisted as is and parsing it is cheap; a compiled one kept in a field or returned; and the static "
                    + "`Regex.IsMatch`/`Match`/`Replace` methods, also with `RegexOptions.Compiled` (the runtime's regex cache compiles a pattern once "
                    + "while it stays among the last `Regex.CacheSize`, 15 by default)",
                "`XmlSerializer(Type)` and `XmlSerializer(Type, string defaultNamespace)`: the runtime caches their generated assemblies",
                "`new JsonSerializerOptions` used with `JsonSerializer.*` when the build turns CA1869 on as a warning or an error (it reports them), "
                    + "options whose initializer reads a parameter or local (they depend on the call), options stored anywhere but a local (a factory that "
                    + "keeps its result in a static field and returns it, as a memo), and factories whose callers all keep the result (a `static readonly` "
                    + "field, a constructor, startup code) or cannot all be seen (used as a delegate, virtual, interface methods)",
                "for the varying compiled `Regex`, CA1869's `JsonSerializer` shape and factories: code run rarely (test methods, `catch` clauses, "
                    + "handlers whose action or controller carries `[Authorize(Roles/Policy = ...)]` naming an admin or host role, and private helpers "
                    + "only those call) and, for `JsonSerializer`, methods that also write a file (settings and exports written to disk now and then) or "
                    + "send an HTTP request (the round trip dwarfs the options' cost)",
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
            MethodCallSites callSites = rule.Services.CallSites;
            INamedTypeSymbol? file = rule.Types.File;
            IoCallClassifier classifier = rule.Services.Summaries.Classifier;

            rule.Start.RegisterOperationAction(operationContext =>
            {
                var creation = (IObjectCreationOperation)operationContext.Operation;
                ITypeSymbol? created = creation.Type;
                if (created == null || creation.Constructor == null) return;

                string what;
                string why;
                if (SymbolEqualityComparer.Default.Equals(created, regex))
                {
                    if (creation.Arguments.Length == 0) return;
                    bool constant = true;
                    foreach (IArgumentOperation argument in creation.Arguments)
                    {
                        if (argument.Parameter?.Type.SpecialType == SpecialType.System_String || argument.Parameter?.Type.TypeKind == TypeKind.Enum)
                        {
                            if (!argument.Value.ConstantValue.HasValue) constant = false;
                        }
                    }

                    if (constant)
                    {
                        // A constant pattern (and options) can be hoisted as is.
                        what = "'new Regex(...)' with a constant pattern";
                        why = "the pattern is parsed (and with RegexOptions.Compiled, compiled to IL) every time; use a static readonly Regex or "
                            + "[GeneratedRegex]";
                    }
                    else
                    {
                        // A pattern that varies cannot be hoisted, but compiling it to IL for one use is the expensive part.
                        if (!IsCompiledWithConstantOptions(creation) || !UsedOnlyForMatching(creation, regex!)) return;
                        if (AdminOnlyCode.IsRarelyRun(creation, operationContext.ContainingSymbol, callSites)) return;
                        what = "'new Regex(pattern, RegexOptions.Compiled)' with a pattern that is not a constant";
                        why = "the pattern is parsed and compiled to IL (about a millisecond, and code that is never collected on .NET Framework) for this "
                            + "one use; call the static Regex.IsMatch/Match/Replace(input, pattern, options), whose cache keeps recent patterns, or keep one "
                            + "Regex per pattern";
                    }
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
                    why = "each instance rebuilds the reflection metadata of every type it serializes; "
                        + "keep one static readonly instance (or the one configured in DI)";
                    switch (Flow(creation, jsonOptions!, jsonSerializer))
                    {
                        case OptionsFlow.NonSerializerApi:
                            what = "'new JsonSerializerOptions(...)'";
                            break;
                        case OptionsFlow.SerializerApi when !IsReportedByCa1869(compilation, creation.Syntax.SyntaxTree, operationContext.CancellationToken):
                            // Settings and exports serialized to a file are written once in a while, not per request.
                            if (WritesFiles(creation.OperationRoot(), file)) return;
                            // Next to an HTTP round trip in the same method, rebuilding the metadata is noise (a marketplace listing).
                            if (CallsHttp(creation.OperationRoot(), classifier)) return;
                            if (AdminOnlyCode.IsRarelyRun(creation, operationContext.ContainingSymbol, callSites)) return;
                            what = "'new JsonSerializerOptions(...)'";
                            break;
                        case OptionsFlow.Returned when operationContext.ContainingSymbol is IMethodSymbol factory
                            && factory.MethodKind == MethodKind.Ordinary && factory.ReturnType.IsType(jsonOptions):
                            // A factory: the options are built per call of whoever calls it without keeping the result.
                            if (IsInExpressionTree(creation, lambdaExpression) || IsInsideLambdaOrLocalFunction(creation, creation.OperationRoot())) return;
                            string? caller = PerCallCallerOfFactory(factory, jsonOptions!, jsonSerializer, perCall, callSites, FactoryDepth);
                            if (caller == null) return;
                            rule.Report(operationContext.ReportDiagnostic, creation.Syntax.GetLocation(),
                                "'new JsonSerializerOptions(...)' returned by '" + factory.Name + "'", caller, why);
                            return;
                        default:
                            return;
                    }
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

        /// <summary>How far factories that return options built by another factory are followed to their callers.</summary>
        private const int FactoryDepth = 2;

        private enum OptionsFlow
        {
            Other,
            NonSerializerApi,
            SerializerApi,
            Returned,
        }

        /// <summary>
        /// Where new options go, directly or through a local assigned once, when they go nowhere else (not stored or captured): a
        /// <c>JsonSerializerOptions</c> parameter of a method that is not on <c>JsonSerializer</c>, one on <c>JsonSerializer</c> (CA1869's
        /// shape), or out of the method (<c>return options;</c> after configuring it: a factory).
        /// </summary>
        private static OptionsFlow Flow(IOperation created, INamedTypeSymbol jsonOptions, INamedTypeSymbol? jsonSerializer)
        {
            IOperation value = created;
            while (value.Parent is IConversionOperation) value = value.Parent;

            if (value.Parent is IArgumentOperation directArgument) return ArgumentFlow(directArgument, jsonOptions, jsonSerializer);
            if (value.Parent is IReturnOperation) return OptionsFlow.Returned;
            if (!(value.Parent is IVariableInitializerOperation initializer) || !(initializer.Parent is IVariableDeclaratorOperation declarator))
                return OptionsFlow.Other;
            ILocalSymbol local = declarator.Symbol;
            if (local.RefKind != RefKind.None) return OptionsFlow.Other;

            IOperation root = created.OperationRoot();
            OptionsFlow flow = OptionsFlow.Other;
            foreach (ILocalReferenceOperation reference in root.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
                if (IsInsideLambdaOrLocalFunction(reference, declarator)) return OptionsFlow.Other; // captured: may outlive the call

                IOperation use = reference;
                while (use.Parent is IConversionOperation) use = use.Parent;
                switch (use.Parent)
                {
                    case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.None:
                        if (!argument.Parameter.Type.IsType(jsonOptions)) return OptionsFlow.Other;
                        flow = Strongest(flow, ArgumentFlow(argument, jsonOptions, jsonSerializer));
                        break;
                    case IReturnOperation _:
                        flow = Strongest(flow, OptionsFlow.Returned);
                        break;
                    case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                        // options.Converters.Add(...), options.WriteIndented = true: configuration.
                        break;
                    case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, use):
                        if (invocation.TargetMethod.Name != "MakeReadOnly") return OptionsFlow.Other;
                        break;
                    default:
                        return OptionsFlow.Other;
                }
            }

            return flow;
        }

        /// <summary>Returned options are judged at their callers; passed to a serializer or another API, where they are used here.</summary>
        private static OptionsFlow Strongest(OptionsFlow current, OptionsFlow next)
        {
            if (current == OptionsFlow.Returned || next == OptionsFlow.Returned) return OptionsFlow.Returned;
            if (current == OptionsFlow.NonSerializerApi || next == OptionsFlow.NonSerializerApi) return OptionsFlow.NonSerializerApi;
            return next == OptionsFlow.Other ? current : next;
        }

        private static OptionsFlow ArgumentFlow(IArgumentOperation argument, INamedTypeSymbol jsonOptions, INamedTypeSymbol? jsonSerializer)
        {
            if (IsNonSerializerOptionsArgument(argument, jsonOptions, jsonSerializer)) return OptionsFlow.NonSerializerApi;
            if (argument.Parameter != null && argument.Parameter.Type.IsType(jsonOptions) && argument.Parent is IInvocationOperation call
                && call.TargetMethod.ContainingType.IsType(jsonSerializer))
                return OptionsFlow.SerializerApi;
            return OptionsFlow.Other;
        }

        /// <summary>
        /// The member that calls the options factory <paramref name="factory"/> on every call and uses the result there (passes it to a serializer or
        /// an API) instead of keeping it in a field; callers that return it (another factory) are followed up to <paramref name="depth"/> levels.
        /// Null when every caller keeps the result, runs once, or the callers cannot all be seen.
        /// </summary>
        private static string? PerCallCallerOfFactory(IMethodSymbol factory, INamedTypeSymbol jsonOptions, INamedTypeSymbol? jsonSerializer,
            PerCallCreation perCall, MethodCallSites callSites, int depth)
        {
            foreach ((IInvocationOperation call, ISymbol container) in callSites.Find(factory))
            {
                switch (Flow(call, jsonOptions, jsonSerializer))
                {
                    case OptionsFlow.Returned:
                        if (depth > 0 && container is IMethodSymbol outer && outer.MethodKind == MethodKind.Ordinary && outer.ReturnType.IsType(jsonOptions))
                        {
                            string? further = PerCallCallerOfFactory(outer, jsonOptions, jsonSerializer, perCall, callSites, depth - 1);
                            if (further != null) return further;
                        }

                        break;
                    case OptionsFlow.SerializerApi:
                    case OptionsFlow.NonSerializerApi:
                        if (AdminOnlyCode.IsRarelyRun(call, container, callSites)) break;
                        string? member = perCall.FindPerCallMember(call, container);
                        if (member != null) return member;
                        break;
                }
            }

            return null;
        }

        /// <summary>
        /// CA1869 reports options used only with <c>JsonSerializer</c> when the build turns it on as a warning or an error (the policy's
        /// <c>CA1869: warning</c> writes that into the compiler config); otherwise PG3001 reports them itself.
        /// </summary>
        private static bool IsReportedByCa1869(Compilation compilation, SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
        {
            const string Id = "CA1869";
            ReportDiagnostic level = ReportDiagnostic.Default;
            SyntaxTreeOptionsProvider? provider = compilation.Options.SyntaxTreeOptionsProvider;
            if (provider != null && (provider.TryGetDiagnosticValue(tree, Id, cancellationToken, out ReportDiagnostic perFile)
                || provider.TryGetGlobalDiagnosticValue(Id, cancellationToken, out perFile)))
                level = perFile;
            else if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(Id, out ReportDiagnostic specific))
                level = specific;
            return level == ReportDiagnostic.Warn || level == ReportDiagnostic.Error;
        }

        /// <summary>The method writes a file (<c>File.Write*</c>, <c>File.Create</c>, <c>new FileStream</c>): a settings or export write.</summary>
        private static bool WritesFiles(IOperation root, INamedTypeSymbol? file) =>
            root.Descendants().Any(operation =>
                (operation is IInvocationOperation call && call.TargetMethod.ContainingType.IsType(file)
                    && (call.TargetMethod.Name.StartsWith("Write", StringComparison.Ordinal)
                        || call.TargetMethod.Name.StartsWith("Create", StringComparison.Ordinal)
                        || call.TargetMethod.Name.StartsWith("Append", StringComparison.Ordinal)))
                || (operation is IObjectCreationOperation creation && creation.Type?.Name == "FileStream"));

        private static bool CallsHttp(IOperation root, IoCallClassifier classifier) =>
            root.Descendants().OfType<IInvocationOperation>().Any(call => classifier.Classify(call) == IoKind.Http);

        /// <summary><c>RegexOptions</c> given as a constant that includes <c>Compiled</c>.</summary>
        private static bool IsCompiledWithConstantOptions(IObjectCreationOperation creation)
        {
            const int Compiled = 8; // RegexOptions.Compiled
            foreach (IArgumentOperation argument in creation.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind != TypeKind.Enum) continue;
                object? options = argument.Value.ConstantValue.HasValue ? argument.Value.ConstantValue.Value : null;
                if (options == null) return false;
                return (Convert.ToInt64(options, System.Globalization.CultureInfo.InvariantCulture) & Compiled) != 0;
            }

            return false;
        }

        /// <summary>The regex is only matched against here (directly, or through a local used only as the receiver of its methods): not kept.</summary>
        private static bool UsedOnlyForMatching(IObjectCreationOperation creation, INamedTypeSymbol regex)
        {
            IOperation value = creation;
            while (value.Parent is IConversionOperation) value = value.Parent;
            if (value.Parent is IInvocationOperation direct && ReferenceEquals(direct.Instance, value)) return direct.TargetMethod.ContainingType.IsType(regex);
            if (!(value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })) return false;

            bool used = false;
            foreach (ILocalReferenceOperation reference in creation.OperationRoot().Descendants().OfType<ILocalReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol)) continue;
                if (IsInsideLambdaOrLocalFunction(reference, declarator)) return false;
                if (!(reference.Parent is IInvocationOperation call) || !ReferenceEquals(call.Instance, reference)
                    || !call.TargetMethod.ContainingType.IsType(regex))
                    return false;
                used = true;
            }

            return used;
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

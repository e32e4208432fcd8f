using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG3002: <c>IMemoryCache</c> entries under computed keys with no expiration, in a compilation that
    /// configures no <c>SizeLimit</c>.
    /// </summary>
    public sealed class BoundInMemoryCacheEntriesAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(CachingRules.UnboundedCache);

        private static readonly ImmutableHashSet<string> ExpirationMembers = ImmutableHashSet.Create(
            "AbsoluteExpiration", "AbsoluteExpirationRelativeToNow", "SlidingExpiration", "SetAbsoluteExpiration",
            "SetSlidingExpiration", "SetOptions", "ExpirationTokens", "AddExpirationToken");

        private static readonly ImmutableHashSet<string> NeutralEntryMethods = ImmutableHashSet.Create(
            "SetSize", "SetPriority", "SetValue", "RegisterPostEvictionCallback");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                Compilation compilation = start.Compilation;
                INamedTypeSymbol? extensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.CacheExtensions");
                INamedTypeSymbol? entryOptions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions");
                if (extensions == null) return;
                PolicyOptions policy = PolicyOptions.From(start.Options);
                var sizeLimited = new Lazy<bool>(() => AssignsSizeLimit(compilation), LazyThreadSafetyMode.ExecutionAndPublication);

                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (!method.ContainingType.IsType(extensions)) return;

                    string how;
                    if (method.Name == "Set")
                    {
                        // Set(cache, key, value) has 3 parameters; the others carry an expiration, a token or options.
                        if (method.Parameters.Length == 3) how = "with no expiration";
                        else if (method.Parameters.Length == 4 && method.Parameters[3].Type.IsType(entryOptions)
                                 && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 3)?.Value.WithoutConversions() is IObjectCreationOperation created
                                 && !SetsExpiration(created.Initializer))
                            how = "with MemoryCacheEntryOptions that set no expiration";
                        else return;
                    }
                    else if (method.Name == "GetOrCreate" || method.Name == "GetOrCreateAsync")
                    {
                        IOperation? factory = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "factory")?.Value.WithoutConversions();
                        if (factory is IDelegateCreationOperation creation) factory = creation.Target;
                        if (!(factory is IAnonymousFunctionOperation lambda) || lambda.Symbol.Parameters.Length != 1) return;
                        if (invocation.Arguments.Any(a => a.Parameter?.Type.IsType(entryOptions) == true && !(a.Value is IDefaultValueOperation) && !a.IsImplicit)) return;
                        if (ConfiguresExpiration(lambda)) return;
                        how = "from a factory that sets no expiration";
                    }
                    else
                    {
                        return;
                    }

                    IOperation? key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key")?.Value.WithoutConversions();
                    if (key == null || key.ConstantValue.HasValue) return;
                    if (sizeLimited.Value) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name,
                        "adds an IMemoryCache entry under a computed key " + how + ", and no MemoryCacheOptions.SizeLimit is configured",
                        "set an expiration (AbsoluteExpirationRelativeToNow, SlidingExpiration) or a SizeLimit with entry sizes"));
                }, OperationKind.Invocation);
            });
        }

        private static bool SetsExpiration(IObjectOrCollectionInitializerOperation? initializer) =>
            initializer != null && initializer.Initializers.OfType<IAssignmentOperation>().Any(assignment =>
                assignment.Target is IPropertyReferenceOperation property && ExpirationMembers.Contains(property.Property.Name));

        /// <summary>The factory touches an expiration member of its entry, or hands the entry to anything (it may configure it).</summary>
        private static bool ConfiguresExpiration(IAnonymousFunctionOperation lambda)
        {
            IParameterSymbol entry = lambda.Symbol.Parameters[0];
            foreach (IParameterReferenceOperation reference in lambda.Body.Descendants().OfType<IParameterReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Parameter, entry)) continue;
                IOperation? parent = reference.Parent;
                while (parent is IConversionOperation) parent = parent.Parent;
                switch (parent)
                {
                    case IPropertyReferenceOperation property:
                        if (ExpirationMembers.Contains(property.Property.Name)) return true;
                        break; // entry.Size = 1, entry.Priority = ...: not an expiration
                    case IArgumentOperation { Parent: IInvocationOperation call }:
                        if (ExpirationMembers.Contains(call.TargetMethod.Name)) return true;
                        if (!NeutralEntryMethods.Contains(call.TargetMethod.Name)) return true; // handed elsewhere: may configure it
                        break;
                    default:
                        return true; // stored, returned, captured: unknown
                }
            }

            return false;
        }

        private static bool AssignsSizeLimit(Compilation compilation)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && ((assignment.Left as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText == "SizeLimit"
                            || (assignment.Left as IdentifierNameSyntax)?.Identifier.ValueText == "SizeLimit"))
                        return true; // MemoryCacheOptions.SizeLimit (by name: any SizeLimit assignment keeps the rule silent)
                }
            }

            return false;
        }
    }
}

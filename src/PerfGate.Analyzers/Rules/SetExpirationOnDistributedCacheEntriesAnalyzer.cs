using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// PG3005: an <c>IDistributedCache</c> write with no options, or with options proven to carry no expiration.
    /// </summary>
    public sealed class SetExpirationOnDistributedCacheEntriesAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(CachingRules.DistributedCacheEntryWithoutExpiration);

        private static readonly ImmutableHashSet<string> WriteMethods = ImmutableHashSet.Create("Set", "SetAsync", "SetString", "SetStringAsync");

        private static readonly ImmutableHashSet<string> ExpirationMembers = ImmutableHashSet.Create(
            "AbsoluteExpiration", "AbsoluteExpirationRelativeToNow", "SlidingExpiration", "SetAbsoluteExpiration", "SetSlidingExpiration");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? cache = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.IDistributedCache");
                INamedTypeSymbol? extensions = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions");
                INamedTypeSymbol? options = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions");
                INamedTypeSymbol? lambdaExpression = start.Compilation.GetTypeByMetadataName("System.Linq.Expressions.LambdaExpression");
                if (cache == null || options == null) return;
                PolicyOptions policy = PolicyOptions.From(start.Options);

                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (!WriteMethods.Contains(method.Name)) return;
                    if (!method.ContainingType.IsType(cache) && !method.ContainingType.IsType(extensions)) return;

                    IArgumentOperation? optionsArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter != null && a.Parameter.Type.IsType(options));
                    string how;
                    if (optionsArgument == null)
                    {
                        how = "without DistributedCacheEntryOptions";
                    }
                    else
                    {
                        if (!HasNoExpiration(optionsArgument.Value, options!)) return;
                        how = "with DistributedCacheEntryOptions that set no expiration";
                    }

                    if (IsInExpressionTree(invocation, lambdaExpression)) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, DiagnosticLocations.ForInvocation(invocation.Syntax), method.Name, how));
                }, OperationKind.Invocation);
            });
        }

        private static bool IsInExpressionTree(IOperation operation, INamedTypeSymbol? lambdaExpression)
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

        /// <summary>Proven: a <c>new DistributedCacheEntryOptions()</c> (directly, or in a local whose every use is seen) that never gets an expiration.</summary>
        private static bool HasNoExpiration(IOperation value, INamedTypeSymbol optionsType)
        {
            value = value.WithoutConversions();
            if (value is IObjectCreationOperation creation)
                return creation.Type.IsType(optionsType) && !SetsExpiration(creation.Initializer);

            if (!(value is ILocalReferenceOperation reference)) return false;
            ILocalSymbol local = reference.Local;
            IOperation root = value.OperationRoot();

            IVariableDeclaratorOperation? declaration = root.Descendants().OfType<IVariableDeclaratorOperation>()
                .FirstOrDefault(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local));
            if (declaration == null || local.RefKind != RefKind.None) return false;
            IOperation? initial = declaration.Initializer?.Value.WithoutConversions();
            if (!(initial is IObjectCreationOperation created) || !created.Type.IsType(optionsType) || SetsExpiration(created.Initializer)) return false;

            foreach (IOperation operation in root.Descendants())
            {
                switch (operation)
                {

                    case ILocalReferenceOperation use when SymbolEqualityComparer.Default.Equals(use.Local, local):
                        if (use.IsCapturedFrom(declaration)) return false;
                        IOperation parent = use.Parent!;
                        while (parent is IConversionOperation) parent = parent.Parent!;
                        switch (parent)
                        {
                            case IArgumentOperation argument:
                                if (argument.Parameter == null || argument.Parameter.RefKind != RefKind.None) return false;
                                // options.SetSlidingExpiration(...) as an extension call: the receiver is an argument.
                                if (argument.Parent is IInvocationOperation call && ExpirationMembers.Contains(call.TargetMethod.Name)) return false;
                                if (!argument.Parameter.Type.IsType(optionsType)) return false;
                                if (!(argument.Parent is IInvocationOperation write && WriteMethods.Contains(write.TargetMethod.Name))) return false;
                                break;
                            case IPropertyReferenceOperation property:
                                if (ExpirationMembers.Contains(property.Property.Name)) return false;
                                break;
                            case IInvocationOperation invocation when ExpirationMembers.Contains(invocation.TargetMethod.Name):
                                return false;
                            case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, use):
                                return false;
                            default:
                                return false;
                        }

                        break;
                }
            }

            return true;
        }

        private static bool SetsExpiration(IObjectOrCollectionInitializerOperation? initializer) =>
            initializer != null && initializer.Initializers.OfType<IAssignmentOperation>().Any(assignment =>
                assignment.Target is IPropertyReferenceOperation property && ExpirationMembers.Contains(property.Property.Name));
    }
}

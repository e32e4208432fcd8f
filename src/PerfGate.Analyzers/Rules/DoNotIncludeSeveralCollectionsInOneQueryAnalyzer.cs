using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerfGate.Analyzers
{
    /// <summary>PG1013: two or more collection <c>Include</c>s in one single query: the join multiplies rows (cartesian explosion).</summary>
    public sealed class DoNotIncludeSeveralCollectionsInOneQueryAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(DataAccessRules.CartesianExplosion);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EfQueryProvenance? provenance = EfQueryProvenance.TryCreate(start.Compilation);
                INamedTypeSymbol? enumerable = start.Compilation.GetTypeByMetadataName("System.Collections.IEnumerable");
                if (provenance == null || enumerable == null) return;
                var ef = new EfExecution(start.Compilation, provenance);
                PolicyOptions policy = PolicyOptions.From(start.Options);
                Compilation compilation = start.Compilation;
                // A context configured with UseQuerySplittingBehavior(...) anywhere decides for every query: stay silent.
                var globallyConfigured = new System.Lazy<bool>(() =>
                {
                    foreach (SyntaxTree tree in compilation.SyntaxTrees)
                    {
                        if (tree.GetText().ToString().Contains("UseQuerySplittingBehavior")) return true;
                    }

                    return false;
                }, LazyThreadSafetyMode.ExecutionAndPublication);

                start.RegisterOperationAction(operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    IOperation? query = ef.ExecutedQuery(invocation);
                    if (query == null || ef.IsInsideExpressionTree(invocation)) return;

                    var collectionIncludes = new List<IInvocationOperation>();
                    foreach (IInvocationOperation step in provenance.ComposingChain(query))
                    {
                        string name = step.TargetMethod.Name;
                        if (name == "AsSplitQuery" || name == "AsSingleQuery") return; // decided explicitly
                        if (name == "Include" && IsCollectionNavigation(step, enumerable)) collectionIncludes.Add(step);
                    }

                    if (collectionIncludes.Count < 2 || globallyConfigured.Value) return;
                    if (policy.IsExcluded(invocation.Syntax.SyntaxTree)) return;
                    // The chain is outermost first: the last collection Include is the first one written.
                    IInvocationOperation second = collectionIncludes[collectionIncludes.Count - 2];
                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule, DiagnosticLocations.ForInvocation(second.Syntax), collectionIncludes.Count, invocation.TargetMethod.Name));
                }, OperationKind.Invocation);
            });
        }

        /// <summary><c>Include(o =&gt; o.Lines)</c> where the navigation is a collection (string includes are unknown: not counted).</summary>
        private static bool IsCollectionNavigation(IInvocationOperation include, INamedTypeSymbol enumerable)
        {
            if (include.TargetMethod.TypeArguments.Length != 2) return false;
            ITypeSymbol navigation = include.TargetMethod.TypeArguments[1];
            if (navigation.SpecialType == SpecialType.System_String) return false;
            foreach (INamedTypeSymbol implemented in navigation.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, enumerable)) return true;
            }

            return SymbolEqualityComparer.Default.Equals(navigation, enumerable);
        }
    }
}

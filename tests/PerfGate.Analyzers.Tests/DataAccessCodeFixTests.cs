using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>Code-fix test over the shared EF Core model (<see cref="ShopModel"/>, real EF types) as a second file.</summary>
    internal sealed class ShopCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public ShopCodeFixTest(string source, string fixedSource)
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(TestReferences.All);
            FixedState.AdditionalReferences.AddRange(TestReferences.All);
            TestCode = source;
            FixedCode = fixedSource;
            TestState.Sources.Add(("/0/ShopModel.cs", ShopModel.Source));
            FixedState.Sources.Add(("/0/ShopModel.cs", ShopModel.Source));
        }

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            ReachArguments.Complete(TestState);
            ReachArguments.Complete(FixedState);
            ReachArguments.Complete(BatchFixedState);
            return base.RunImplAsync(cancellationToken);
        }

        public static DiagnosticResult Diagnostic() => new DiagnosticResult(System.Linq.Enumerable.Single(new TAnalyzer().SupportedDiagnostics));

        public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            var test = new ShopCodeFixTest<TAnalyzer, TCodeFix>(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }
    }
}

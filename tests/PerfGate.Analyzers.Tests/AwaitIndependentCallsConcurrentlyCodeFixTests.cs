using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PerfGate.CodeFixes;
using PerfGate.Analyzers.Tests.Verifiers;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AwaitIndependentCallsConcurrentlyCodeFixTests
    {
        private sealed class Test
            : CSharpCodeFixTest<AwaitIndependentCallsConcurrentlyAnalyzer, AwaitIndependentCallsConcurrentlyCodeFixProvider, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = new ReferenceAssemblies("net10.0");
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                FixedState.AdditionalReferences.AddRange(TestReferences.All);
            }

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                ReachArguments.Complete(TestState);
                ReachArguments.Complete(FixedState);
                return base.RunImplAsync(cancellationToken);
            }
        }

        private const string U = @"using System.Net.Http;
using System.Threading.Tasks;
";

        [Test]
        public Task TwoDeclarations_BecomeWhenAll()
        {
            var test = new Test
            {
                TestCode = U + @"
public sealed class Dashboard(HttpClient http)
{
    public async Task<string> BuildAsync(int id)
    {
        var profile = await http.{|#0:GetStringAsync(""profiles/"" + id)|};
        await http.{|#1:GetStringAsync(""ping"")|};
        return profile;
    }
}",
                FixedCode = U + @"
public sealed class Dashboard(HttpClient http)
{
    public async Task<string> BuildAsync(int id)
    {
        var profileTask = http.GetStringAsync(""profiles/"" + id);
        var task2Task = http.GetStringAsync(""ping"");
        await Task.WhenAll(profileTask, task2Task);
        var profile = await profileTask;
        return profile;
    }
}",
            };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(RuleDescriptorsForTests.PG2003).WithLocation(0).WithLocation(1)
                .WithArguments("GetStringAsync", "GetStringAsync", "HttpClient.GetStringAsync; HttpClient.GetStringAsync"));
            return test.RunAsync(CancellationToken.None);
        }

        [Test]
        public Task ConfigureAwait_GetsNoFix()
        {
            string code = U + @"
public sealed class Dashboard(HttpClient http)
{
    public async Task<string> BuildAsync(int id)
    {
        var a = await http.{|#0:GetStringAsync(""a"")|}.ConfigureAwait(false);
        var b = await http.{|#1:GetStringAsync(""b"")|}.ConfigureAwait(false);
        return a + b;
    }
}";
            var test = new Test { TestCode = code, FixedCode = code };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(RuleDescriptorsForTests.PG2003).WithLocation(0).WithLocation(1)
                .WithArguments("GetStringAsync", "GetStringAsync", "HttpClient.GetStringAsync; HttpClient.GetStringAsync"));
            return test.RunAsync(CancellationToken.None);
        }
    }

    internal static class RuleDescriptorsForTests
    {
        public static readonly Microsoft.CodeAnalysis.DiagnosticDescriptor PG2003 =
            System.Linq.Enumerable.Single(new AwaitIndependentCallsConcurrentlyAnalyzer().SupportedDiagnostics);
    }
}

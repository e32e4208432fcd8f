using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PerfGate.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Runs an analyzer on markup sources (<c>[|...|]</c>, <c>{|PG1001:...|}</c>) against the .NET 10
    /// reference assemblies, the real EF Core assemblies and the real Stripe.net/OpenAI SDKs, all from local files (no downloads at test time).
    /// </summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic() => new DiagnosticResult(new TAnalyzer().SupportedDiagnostics.Single());

        /// <summary>Verifies that exactly the marked spans (and <paramref name="expected"/>) are reported.</summary>
        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, with the shared EF Core model (<see cref="ShopModel"/>) as a second file.</summary>
        public static Task VerifyWithModelAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.TestState.Sources.Add(("/0/ShopModel.cs", ShopModel.Source));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = new ReferenceAssemblies("net10.0");
                TestState.AdditionalReferences.AddRange(TestReferences.All);
            }
        }
    }

    internal static class TestReferences
    {
        private static readonly Lazy<MetadataReference[]> s_all = new Lazy<MetadataReference[]>(Load);

        public static IReadOnlyList<MetadataReference> All => s_all.Value;

        private static MetadataReference[] Load()
        {
            // EF Core and the Microsoft.Extensions assemblies its public surface mentions, copied beside the tests.
            string directory = Path.GetDirectoryName(typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.Location)!;
            IEnumerable<MetadataReference> ef = Directory.EnumerateFiles(directory, "Microsoft.EntityFrameworkCore*.dll")
                .Concat(Directory.EnumerateFiles(directory, "Microsoft.Extensions.*.dll"))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
            // Stripe.net and the OpenAI SDK (with System.ClientModel and Newtonsoft.Json, which their public surface mentions).
            IEnumerable<MetadataReference> sdks = new[] { "Stripe.net.dll", "OpenAI.dll", "System.ClientModel.dll", "System.Memory.Data.dll", "Newtonsoft.Json.dll" }
                .Select(name => Path.Combine(directory, name))
                .Where(File.Exists)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
            return Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().Concat(ef).Concat(sdks).ToArray();
        }
    }
}

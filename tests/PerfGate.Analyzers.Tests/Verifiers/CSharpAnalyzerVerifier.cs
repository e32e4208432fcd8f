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

        /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, with the shared EF Core model (<see cref="ShopModel"/>) as a second
        /// file.</summary>
        public static Task VerifyWithModelAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.TestState.Sources.Add(("/0/ShopModel.cs", ShopModel.Source));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>
        /// Verifies against the ASP.NET Core shared framework (the SDK's <c>Microsoft.AspNetCore.App.Ref</c> pack,
        /// which also carries Microsoft.Extensions.Caching.*) and StackExchange.Redis, instead of EF Core.
        /// </summary>
        public static Task VerifyWebAsync(string source, params DiagnosticResult[] expected) =>
            VerifyWebAsync(new[] { source }, expected);

        public static Task VerifyWebAsync(string[] sources, params DiagnosticResult[] expected)
        {
            var test = new Test(TestReferences.Web);
            for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(("/0/Test" + i + ".cs", sources[i]));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>As <see cref="VerifyWebAsync(string, DiagnosticResult[])"/>, plus EF Core, Stripe.net and OpenAI (endpoints over real data and
        /// SDKs).</summary>
        public static Task VerifyWebWithDataAsync(string source, params DiagnosticResult[] expected) => VerifyWebWithDataAsync(new[] { source }, expected);

        public static Task VerifyWebWithDataAsync(string[] sources, params DiagnosticResult[] expected)
        {
            var test = new Test(TestReferences.WebWithData);
            for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(("/0/Test" + i + ".cs", sources[i]));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
                : this(TestReferences.All)
            {
            }

            public Test(IReadOnlyList<MetadataReference> references)
            {
                ReferenceAssemblies = new ReferenceAssemblies("net10.0");
                TestState.AdditionalReferences.AddRange(references);
            }

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                ReachArguments.Complete(TestState);
                return base.RunImplAsync(cancellationToken);
            }
        }
    }

    internal static class TestReferences
    {
        private static readonly Lazy<MetadataReference[]> s_all = new Lazy<MetadataReference[]>(Load);

        private static readonly Lazy<MetadataReference[]> s_web = new Lazy<MetadataReference[]>(LoadWeb);

        private static readonly Lazy<MetadataReference[]> s_webWithData = new Lazy<MetadataReference[]>(() =>
            s_web.Value.Concat(EfAndSdks(includeExtensions: false)).ToArray());

        public static IReadOnlyList<MetadataReference> All => s_all.Value;

        /// <summary><see cref="Web"/> plus EF Core, Stripe.net and OpenAI (the shared framework's Microsoft.Extensions.* win).</summary>
        public static IReadOnlyList<MetadataReference> WebWithData => s_webWithData.Value;

        /// <summary>.NET 10 + ASP.NET Core reference assemblies (SDK pack) + StackExchange.Redis, the HttpClient resilience packages and their
        /// dependencies.</summary>
        public static IReadOnlyList<MetadataReference> Web => s_web.Value;

        /// <summary><c>packs/Microsoft.AspNetCore.App.Ref/&lt;newest&gt;/ref/net10.0</c> of the dotnet that runs the tests.</summary>
        public static string AspNetCoreReferenceDirectory()
        {
            // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet
            string runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
            string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
            string pack = Path.Combine(root, "packs", "Microsoft.AspNetCore.App.Ref");
            string? version = Directory.Exists(pack)
                ? Directory.EnumerateDirectories(pack)
                    .Where(dir => Directory.Exists(Path.Combine(dir, "ref", "net10.0")))
                    .OrderBy(dir => Version.TryParse(Path.GetFileName(dir).Split('-')[0], out Version? v) ? v : new Version(0, 0), Comparer<Version>.Default)
                    .LastOrDefault()
                : null;
            if (version == null) throw new DirectoryNotFoundException("No Microsoft.AspNetCore.App.Ref pack with ref/net10.0 under " + pack);
            return Path.Combine(version, "ref", "net10.0");
        }

        private static MetadataReference[] LoadWeb()
        {
            string aspNet = AspNetCoreReferenceDirectory();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var references = new List<MetadataReference>();
            foreach (string path in Directory.EnumerateFiles(aspNet, "*.dll").OrderBy(path => path, StringComparer.Ordinal))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
                references.Add(MetadataReference.CreateFromFile(path));
            }

            // StackExchange.Redis, Microsoft.Extensions.Http.Resilience/Polly and the assemblies their public surface mentions, copied beside the tests;
            // anything the shared framework already has comes from the framework.
            string bin = Path.GetDirectoryName(typeof(StackExchange.Redis.IDatabase).Assembly.Location)!;
            foreach (string file in new[]
            {
                "StackExchange.Redis.dll", "Pipelines.Sockets.Unofficial.dll",
                "Microsoft.Extensions.Http.Resilience.dll", "Microsoft.Extensions.Resilience.dll", "Polly.Core.dll", "Polly.Extensions.dll",
                "Microsoft.Extensions.Http.Polly.dll", "Polly.dll",
            })
            {
                string path = Path.Combine(bin, file);
                if (File.Exists(path) && names.Add(Path.GetFileNameWithoutExtension(path))) references.Add(MetadataReference.CreateFromFile(path));
            }

            return Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().Concat(references).ToArray();
        }

        private static MetadataReference[] Load() =>
            Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().Concat(EfAndSdks(includeExtensions: true)).ToArray();

        private static IEnumerable<MetadataReference> EfAndSdks(bool includeExtensions)
        {
            // EF Core and the Microsoft.Extensions assemblies its public surface mentions, copied beside the tests.
            string directory = Path.GetDirectoryName(typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.Location)!;
            IEnumerable<string> ef = Directory.EnumerateFiles(directory, "Microsoft.EntityFrameworkCore*.dll");
            if (includeExtensions) ef = ef.Concat(Directory.EnumerateFiles(directory, "Microsoft.Extensions.*.dll"));
            // Stripe.net and the OpenAI SDK (with System.ClientModel and Newtonsoft.Json, which their public surface mentions).
            IEnumerable<string> sdks = new[] { "Stripe.net.dll", "OpenAI.dll", "System.ClientModel.dll", "System.Memory.Data.dll", "Newtonsoft.Json.dll" }
                .Select(name => Path.Combine(directory, name))
                .Where(File.Exists);
            return ef.OrderBy(path => path, StringComparer.Ordinal).Concat(sdks)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray();
        }
    }
}

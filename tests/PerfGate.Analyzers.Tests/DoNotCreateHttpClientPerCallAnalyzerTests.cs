using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCreateHttpClientPerCallAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotCreateHttpClientPerCallAnalyzerTests
    {
        /// <summary>What PG2002's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2002", ExampleScaffolds.Sdk + @"
public sealed class Rates
{
" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task UsingDeclarationInAsyncMethod_IsReportedWithMethodName() => Verify.VerifyAsync(U + @"
public sealed class RatesClient
{
    public async Task<string> GetRateAsync(string currency, CancellationToken ct)
    {
        using var client = {|#0:new HttpClient()|};
        return await client.GetStringAsync($""https://rates.example/{currency}"", ct);
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'GetRateAsync'"));

        [Test]
        public Task HandlerOverloadAndTargetTypedNew_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Downloader
{
    public Task<byte[]> DownloadAsync(Uri uri)
    {
        HttpClient client = {|#0:new(new SocketsHttpHandler(), disposeHandler: true)|};
        return client.GetByteArrayAsync(uri);
    }

    public HttpClient Create() => {|#1:new HttpClient(new HttpClientHandler())|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'DownloadAsync'"),
            Verify.Diagnostic().WithLocation(1).WithArguments("'Create'"));

        [Test]
        public Task LocalFunctionLambdaAndAccessor_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Webhooks
{
    private static readonly Func<HttpClient> Factory = () => {|#0:new HttpClient()|};

    public HttpClient Client => {|#1:new HttpClient()|};

    public Task SendAsync(Uri target)
    {
        return Post();

        Task Post()
        {
            var client = {|#2:new HttpClient()|};
            return client.PostAsync(target, new StringContent(""{}""));
        }
    }

    public Func<Task> Later(Uri target) => async () =>
    {
        using var client = {|#3:new HttpClient()|};
        await client.GetAsync(target);
    };
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'Factory'"),
            Verify.Diagnostic().WithLocation(1).WithArguments("'Client'"),
            Verify.Diagnostic().WithLocation(2).WithArguments("'Post'"),
            Verify.Diagnostic().WithLocation(3).WithArguments("'Later'"));

        [Test]
        public Task InstanceFieldAssignedInMethod_IsReported() => Verify.VerifyAsync(U + @"
public sealed class Reconnecting
{
    private HttpClient _client;

    public void Reset()
    {
        _client = [|new HttpClient()|];
    }
}");

        [Test]
        public Task LambdaInTopLevelStatements_IsColdByDefault_AndReportedWhenThePolicyAsks()
        {
            // The lambda makes a client per call, but only startup calls it: cold code, silent unless reach.cold says report.
            const string Program = @"using System;
using System.Net.Http;
using System.Threading.Tasks;

var startupClient = new HttpClient();
Func<Task<string>> handler = async () =>
{
    using var client = {|#0:new HttpClient()|};
    return await client.GetStringAsync(""https://example.org"");
};
await handler();
";
            var silent = new Verifiers.CSharpAnalyzerVerifier<DoNotCreateHttpClientPerCallAnalyzer>.Test { TestCode =
                Program.Replace("{|#0:", "").Replace("|}", "") };
            silent.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            var reported = new Verifiers.CSharpAnalyzerVerifier<DoNotCreateHttpClientPerCallAnalyzer>.Test { TestCode = Program };
            reported.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            reported.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.reach.cold = report\n"));
            reported.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0)
                .WithArguments("'top-level statements'", " [cold: reached only from startup (top-level statements)]"));
            return Task.WhenAll(silent.RunAsync(), reported.RunAsync());
        }

        // Seen in an open-source trial: a webhook client that owns an HttpClient, built anew for every message.
        [Test]
        public Task OwnerBuiltPerCallOrPerRequest_IsReportedThroughTheOwner() => Verify.VerifyAsync(U + @"
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }

public sealed class WebhookClient
{
    private readonly Uri _url;
    private readonly HttpClient _http = {|#0:new HttpClient()|};
    public WebhookClient(Uri url) => _url = url;
    public Task PostAsync(string text) => _http.PostAsync(_url, new StringContent(text));
}

public sealed class Notifier
{
    public Task NotifyAsync(Uri url, string text) => new WebhookClient(url).PostAsync(text);
}

public sealed class StatusClient
{
    private readonly HttpClient _http;
    public StatusClient() => _http = {|#1:new HttpClient()|};
}

public sealed class StatusController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private readonly HttpClient _http = {|#2:new HttpClient()|};
    private readonly StatusClient _status = new StatusClient();
}

public sealed class SharedClient
{
    private readonly HttpClient _http = new HttpClient();
    private static readonly SharedClient Instance = new SharedClient();
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'NotifyAsync' (through new WebhookClient(...), which builds its own)"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "'StatusController' (created per request) (through new StatusClient(...), which builds its own)",
                    " [reached from StatusController (created per request) via new StatusClient]"),
            Verify.Diagnostic().WithLocation(2).WithArguments(
                "'StatusController' (created per request)", " [reached from StatusController (created per request)]"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task StaticAndInstanceInitializers_AreSilent() => Verify.VerifyAsync(U + @"
public sealed class Clients
{
    private static readonly HttpClient s_shared = new HttpClient();
    private static HttpClient SharedProperty { get; } = new();
    private readonly HttpClient _own = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
    private static readonly Lazy<HttpClient> s_lazy = new Lazy<HttpClient>(() => new HttpClient());
}");

        [Test]
        public Task Constructors_AreSilent() => Verify.VerifyAsync(U + @"
public sealed class GitHubClient
{
    private static readonly HttpClient s_client;
    private readonly HttpClient _client;

    static GitHubClient() { s_client = new HttpClient(); }

    public GitHubClient(Uri baseAddress)
    {
        _client = new HttpClient { BaseAddress = baseAddress };
    }
}");

        [Test]
        public Task LazyStaticInitialisation_IsSilent() => Verify.VerifyAsync(U + @"
public static class Shared
{
    private static HttpClient s_client;
    private static HttpClient s_other;
    private static HttpClient s_third;
    private static HttpClient s_fourth;

    public static HttpClient Client => s_client ??= new HttpClient();

    public static HttpClient Other()
    {
        if (s_other == null) s_other = new HttpClient();
        return s_other;
    }

    public static HttpClient Third() => s_third = s_third ?? new HttpClient();

    public static HttpClient Fourth() => LazyInitializer.EnsureInitialized(ref s_fourth, () => new HttpClient());
}

public sealed class PerInstance
{
    private HttpClient _client;
    public HttpClient Client => _client ??= new HttpClient();
}");

        [Test]
        public Task SubclassesAndEntryPoint_AreSilent() => Verify.VerifyAsync(U + @"
public sealed class TracingClient : HttpClient
{
    public TracingClient() : base(new HttpClientHandler()) { }
}

public static class Program
{
    public static TracingClient Create() => new TracingClient();

    public static async Task Main()
    {
        using var client = new HttpClient();
        await client.GetStringAsync(""https://example.org"");
    }
}");

        [Test]
        public Task SingletonFactoryIsSilent_TransientFactoryIsReported() => Verify.VerifyAsync(U + @"using Microsoft.Extensions.DependencyInjection;

public static class Registration
{
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.AddSingleton(_ => new HttpClient());
        return services.AddTransient(_ => {|#0:new HttpClient()|});
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("the AddTransient factory (once per resolution)"));

        [Test]
        public Task FactoryMethodRegisteredAsASingleton_IsSilent_AsATransientItIsReported() => Verify.VerifyAsync(U + @"
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

public static class Registration
{
    // BaGetter's mirror client: one HttpClient per process, the advice's own fix.
    public static IServiceCollection AddMirror(this IServiceCollection services)
    {
        services.TryAddSingleton(HttpClientFactory);
        services.AddTransient(PerResolution);
        return services;
    }

    private static HttpClient HttpClientFactory(IServiceProvider provider)
    {
        var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip });
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    private static HttpClient PerResolution(IServiceProvider provider) => {|#0:new HttpClient()|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'PerResolution'"));

        [Test]
        public Task ScopedFactoryInServerApp_IsReportedAsTheFactory() => Verify.VerifyAsync(U + @"using Microsoft.Extensions.DependencyInjection;

public static class Registration
{
    public static void AddClients(IServiceCollection services) =>
        services.AddScoped(sp => {|#0:new HttpClient { BaseAddress = new Uri(""https://api.example/"") }|});
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("the AddScoped factory (once per request scope)"));

        [Test]
        public Task ScopedFactoryInBlazorWebAssembly_IsSilent()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<DoNotCreateHttpClientPerCallAnalyzer>.Test
            {
                TestCode = @"using System;
using System.Net.Http;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.Extensions.DependencyInjection;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.Services.AddScoped(sp => new HttpClient { BaseAddress = new Uri(""https://localhost/"") });
",
            };
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            string wasm = typeof(Microsoft.AspNetCore.Components.WebAssembly.Hosting.WebAssemblyHostBuilder).Assembly.Location;
            test.TestState.AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(wasm));
            foreach (string name in new[] { "Microsoft.AspNetCore.Components.dll", "Microsoft.JSInterop.dll", "Microsoft.AspNetCore.Components.Web.dll" })
            {
                string path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(wasm)!, name);
                if (System.IO.File.Exists(path)) test.TestState.AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(path));
            }

            return test.RunAsync();
        }

        [Test]
        public Task FileExcludedByPolicy_IsSilent()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<DoNotCreateHttpClientPerCallAnalyzer>.Test();
            test.TestState.Sources.Add(("/src/Migrations/M.cs", U + @"
public sealed class M
{
    public Task<string> Get() => new HttpClient().GetStringAsync(""https://example.org"");
}"));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.root = /src\nperfgate.exclude = **/Migrations/**\n"));
            return test.RunAsync();
        }
    }
}

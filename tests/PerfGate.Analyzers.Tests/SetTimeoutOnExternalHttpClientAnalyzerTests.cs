using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.SetTimeoutOnExternalHttpClientAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class SetTimeoutOnExternalHttpClientAnalyzerTests
    {
        /// <summary>What PG2005's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2005", ExampleScaffolds.Sdk + @"using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

public sealed class ShippingRates
{
    public ShippingRates(HttpClient http) { }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
" + ExampleScaffolds.Marker + @"
        builder.Build().Run();
    }
}
");

        private const string U = @"using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Polly;
";

        private const string Clients = @"
public sealed class RatesClient
{
    private readonly HttpClient _http;
    public RatesClient(HttpClient http) => _http = http;
    public Task<string> GetAsync(CancellationToken ct) => _http.GetStringAsync(""rates"", ct);
}
public sealed class TimedClient
{
    private readonly HttpClient _http;
    public TimedClient(HttpClient http) { _http = http; _http.Timeout = TimeSpan.FromSeconds(5); }
}
public sealed class DeadlineClient(HttpClient http)
{
    public async Task<string> GetAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        return await http.GetStringAsync(""x"", cts.Token);
    }
}
public interface IRates { }
public sealed class Rates(HttpClient http) : IRates { }
";

        private const string Registration = "has no resilience handler and no Timeout";
        private const string RegistrationFix = "set Timeout where it is configured, or add AddStandardResilienceHandler() sized to the API (it gives "
            + "each attempt 10 s and retries POSTs unless Retry.DisableForUnsafeHttpMethods())";
        private const string Kept = "keeps the default Timeout and none of its requests pass a CancellationToken";
        private const string KeptFix = "set Timeout where it is created or pass a CancellationToken with a deadline";

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Bare(int location, string label) =>
            Verify.Diagnostic().WithLocation(location).WithArguments("The HttpClient registered by " + label, Registration, RegistrationFix);

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task RegistrationsWithoutTimeoutOrResilience_AreReported() => Verify.VerifyWebAsync(U + @"
public static class Setup
{
    public static void Configure(IServiceCollection services)
    {
        services.{|#0:AddHttpClient<RatesClient>(c => c.BaseAddress = new Uri(""https://rates.example/""))|};
        services.{|#1:AddHttpClient<IRates, Rates>()|}.SetHandlerLifetime(TimeSpan.FromMinutes(5));
        var builder = services.{|#2:AddHttpClient<RatesClient>(""second"")|};
        builder.ConfigureHttpClient(c => c.DefaultRequestHeaders.Add(""X-Api"", ""1""));
    }
}" + Clients,
            Bare(0, "AddHttpClient<RatesClient>"),
            Bare(1, "AddHttpClient<IRates, Rates>"),
            Bare(2, "AddHttpClient<RatesClient>"));

        [Test]
        public Task NamedClientWithoutTimeout_IsReported() => Verify.VerifyWebAsync(U + @"
public static class Setup
{
    public static void Configure(IServiceCollection services)
    {
        services.{|#0:AddHttpClient(""github"", c => c.BaseAddress = new Uri(""https://api.github.com/""))|};
        services.{|#1:AddHttpClient(""pooled"")|}
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        services.{|#2:AddHttpClient(""plain"")|}.ConfigurePrimaryHttpMessageHandler<HttpClientHandler>();
    }
}",
            Bare(0, "AddHttpClient(\"github\")"),
            Bare(1, "AddHttpClient(\"pooled\")"),
            Bare(2, "AddHttpClient(\"plain\")"));

        [Test]
        public Task KeptClientWithDefaultTimeoutAndNoToken_IsReported() => Verify.VerifyWebAsync(U + @"
public sealed class Geocoder
{
    private static readonly HttpClient s_http = {|#0:new HttpClient()|};
    private readonly HttpClient _http = {|#1:new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })|};

    public async Task<string> LookupAsync(string address)
    {
        s_http.DefaultRequestHeaders.UserAgent.ParseAdd(""shop/1.0"");
        var text = await s_http.GetStringAsync(""https://geo.example/?q="" + address);
        var json = await _http.GetFromJsonAsync<string[]>(""https://geo.example/batch"", CancellationToken.None);
        return text + json;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("The HttpClient kept in 'Geocoder.s_http'", Kept, KeptFix),
            Verify.Diagnostic().WithLocation(1).WithArguments("The HttpClient kept in 'Geocoder._http'", Kept, KeptFix));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task LoopbackClientsToTheAppsOwnApi_AreNotReported() => Verify.VerifyWebAsync(U + @"
using Microsoft.AspNetCore.Http;

public static class Setup
{
    // Oqtane's server-side client for its own API: the base address is the current request's.
    public static void Configure(IServiceCollection services)
    {
        services.AddHttpClient(""self"", (provider, client) =>
        {
            var accessor = provider.GetRequiredService<IHttpContextAccessor>();
            if (accessor.HttpContext != null)
                client.BaseAddress = new Uri(accessor.HttpContext.Request.Scheme + ""://"" + accessor.HttpContext.Request.Host);
        });
        services.AddHttpClient(""local"", c => c.BaseAddress = new Uri(""http://localhost:5000/""));
        services.{|#0:AddHttpClient(""partner"", c => c.BaseAddress = new Uri(""https://partner.example/""))|};
    }
}", Bare(0, "AddHttpClient(\"partner\")"));

        [Test]
        public Task ResilienceHandlersAndTimeouts_AreNotReported() => Verify.VerifyWebAsync(U + @"
public static class Setup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddHttpClient<RatesClient>(c => c.BaseAddress = new Uri(""https://rates.example/"")).AddStandardResilienceHandler();
        services.AddHttpClient(""hedged"").AddStandardHedgingHandler();
        services.AddHttpClient(""custom"").AddResilienceHandler(""p"", b => b.AddTimeout(TimeSpan.FromSeconds(2)));
        services.AddHttpClient(""polly"").AddTransientHttpErrorPolicy(p => p.RetryAsync(3));
        services.AddHttpClient(""policy"").AddPolicyHandler(Policy.TimeoutAsync<HttpResponseMessage>(5));
        services.AddHttpClient(""timeout"", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(""configured"").SetHandlerLifetime(TimeSpan.FromMinutes(1)).ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(10));
        var later = services.AddHttpClient(""later"");
        later.AddStandardResilienceHandler();
        services.AddHttpClient<TimedClient>();
        services.AddHttpClient<DeadlineClient>();
        services.AddHttpClient();
    }
}" + Clients);

        [Test]
        public Task GlobalDefaults_CoverEveryRegistration() => Verify.VerifyWebAsync(new[]
        {
            U + @"
public static class ServiceDefaults
{
    public static IServiceCollection AddServiceDefaults(this IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
}",
            U + @"
public static class Setup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddServiceDefaults();
        services.AddHttpClient<RatesClient>(c => c.BaseAddress = new Uri(""https://rates.example/""));
        services.AddHttpClient(""github"");
    }
}" + Clients,
        });

        [Test]
        public Task EscapingBuildersAndUnknownSteps_AreNotReported() => Verify.VerifyWebAsync(U + @"
public static class Setup
{
    public static IHttpClientBuilder AddRates(this IServiceCollection services) => services.AddHttpClient<RatesClient>();

    public static void Configure(IServiceCollection services)
    {
        services.AddRates().AddStandardResilienceHandler();
        Harden(services.AddHttpClient(""passed""));
        var kept = services.AddHttpClient(""captured"");
        Action later = () => kept.AddStandardResilienceHandler();
        services.AddHttpClient(""handler"").AddHttpMessageHandler<TimeoutHandler>();
        services.AddHttpClient(""custom"").AddCompanyDefaults();
        services.AddHttpClient(""method-group"", Configure);
        services.AddHttpClient(""passes-client"", c => Configure(c));
        services.AddHttpClient(""primary"").ConfigurePrimaryHttpMessageHandler(() => new TimeoutHandler());
    }

    private static void Harden(IHttpClientBuilder builder) => builder.AddStandardResilienceHandler();
    private static void Configure(HttpClient client) => client.Timeout = TimeSpan.FromSeconds(3);
    public static IHttpClientBuilder AddCompanyDefaults(this IHttpClientBuilder builder) => builder;
}
public sealed class TimeoutHandler : DelegatingHandler { }" + Clients);

        [Test]
        public Task NamedClients_AreNotReported_WhenTheCompilationBoundsCallsElsewhere() => Verify.VerifyWebAsync(U + @"
public static class Setup
{
    public static void Configure(IServiceCollection services) => services.AddHttpClient(""github"");
}
public sealed class GitHub(IHttpClientFactory factory)
{
    public Task<string> GetAsync()
    {
        var client = factory.CreateClient(""github"");
        client.Timeout = TimeSpan.FromSeconds(5);
        return client.GetStringAsync(""repos"");
    }
}");

        [Test]
        public Task KeptClientsThatAreBounded_EscapeOrArePublic_AreNotReported() => Verify.VerifyWebAsync(U + @"
public sealed class Geocoder
{
    private static readonly HttpClient s_timed = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly HttpClient s_setLater = new HttpClient();
    private static readonly HttpClient s_withToken = new HttpClient();
    private static readonly HttpClient s_passedOn = new HttpClient();
    private static readonly HttpClient s_delegating = new HttpClient(new TimeoutHandler());
    private static readonly HttpClient s_unused = new HttpClient();
    public static readonly HttpClient Shared = new HttpClient();
    private readonly HttpClient _injected;
    private HttpClient _perCall;

    static Geocoder() => s_setLater.Timeout = TimeSpan.FromSeconds(5);
    public Geocoder(HttpClient injected) => _injected = injected;

    public async Task<string> LookupAsync(string address, CancellationToken ct)
    {
        var a = await s_timed.GetStringAsync(""https://geo.example/a"");
        var b = await s_setLater.GetStringAsync(""https://geo.example/b"");
        var c = await s_withToken.GetStringAsync(""https://geo.example/c"");
        var d = await s_withToken.GetStringAsync(""https://geo.example/d"", ct);
        var e = await new Wrapper(s_passedOn).GetAsync();
        var f = await s_delegating.GetStringAsync(""https://geo.example/f"");
        var g = await Shared.GetStringAsync(""https://geo.example/g"");
        var h = await _injected.GetStringAsync(""https://geo.example/h"");
        _perCall = new HttpClient(); // PG2002 reports it
        var i = await _perCall.GetStringAsync(""https://geo.example/i"");
        return a + b + c + d + e + f + g + h + i;
    }
}
public sealed class Wrapper(HttpClient http) { public Task<string> GetAsync() => http.GetStringAsync(""x""); }
public sealed class TimeoutHandler : DelegatingHandler { }");

        [Test]
        public Task TestProjects_AreNotReported()
        {
            var test = new Verify.Test(TestReferences.Web)
            {
                TestCode = U + @"
public sealed class ApiTests
{
    private static readonly HttpClient s_http = new HttpClient();
    public static void Configure(IServiceCollection services) => services.AddHttpClient<ApiTests>();
    public Task<string> PingAsync() => s_http.GetStringAsync(""http://localhost/ping"");
}",
            };
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location));
            return test.RunAsync();
        }

        /// <summary>
        /// Aspire's shape: ServiceDefaults is another project (a file reference in the build) that calls
        /// ConfigureHttpClientDefaults; the app only calls builder.AddServiceDefaults(). A library built against the
        /// resilience package may have configured every client; one built without it cannot have added resilience.
        /// </summary>
        [TestCase("http.AddStandardResilienceHandler()", 0)]
        [TestCase("http.SetHandlerLifetime(TimeSpan.FromMinutes(1))", 1)]
        public async Task DefaultsConfiguredInAReferencedLibrary(string defaults, int expected)
        {
            var library = CSharpCompilation.Create("ServiceDefaults",
                new[] { CSharpSyntaxTree.ParseText(U + @"
public static class ServiceDefaultsExtensions
{
    public static IServiceCollection AddServiceDefaults(this IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(http => " + defaults + @");
}") },
                TestReferences.Web,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            Assert.That(library.Emit(image).Success, Is.True);

            var app = CSharpCompilation.Create("App",
                new[] { CSharpSyntaxTree.ParseText(U + @"
public static class Setup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddServiceDefaults();
        services.AddHttpClient(""github"");
    }
}") },
                TestReferences.Web.Append(MetadataReference.CreateFromImage(image.ToArray())),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<Diagnostic> diagnostics = await app
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SetTimeoutOnExternalHttpClientAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();
            Assert.That(diagnostics, Has.Length.EqualTo(expected), string.Join("\n", diagnostics));
        }
    }
}

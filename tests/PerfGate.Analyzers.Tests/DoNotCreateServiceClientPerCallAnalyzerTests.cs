using System.Threading;
using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCreateServiceClientPerCallAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotCreateServiceClientPerCallAnalyzerTests
    {
        /// <summary>What PG2004's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2004", ExampleScaffolds.Sdk + @"
public sealed class Checkout
{
    private readonly string _apiKey = ""sk_test_"" + Environment.MachineName;

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Stripe;
using OpenAI;
using OpenAI.Chat;
";

        private const string Mvc = @"
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task SdkClientsBuiltPerCall_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Payments
{
    public async Task<string> ChargeAsync(string key, long amount)
    {
        var client = {|#0:new StripeClient(key)|};
        var intents = new PaymentIntentService(client);
        return (await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = amount })).Id;
    }

    public ChatClient Chat(string key) => {|#1:new ChatClient(""gpt-4o-mini"", key)|};

    public static void Register(IServiceCollection services, string key) =>
        services.AddScoped(_ => {|#2:new OpenAIClient(key)|});
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("StripeClient", "'ChargeAsync'"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ChatClient", "'Chat'"),
            Verify.Diagnostic().WithLocation(2).WithArguments("OpenAIClient", "the AddScoped factory (once per request scope)"));

        [Test]
        public Task ClientBuiltInControllerConstructor_IsReportedAsPerRequest() => Verify.VerifyAsync(U + Mvc + @"
public sealed class PayController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private readonly StripeClient _field = {|#0:new StripeClient(""sk_test"")|};
    private readonly ChatClient _chat;
    public PayController() => _chat = {|#1:new ChatClient(""gpt-4o-mini"", ""key"")|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(
                "StripeClient", "'PayController' (created per request)", " [reached from PayController (created per request)]"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "ChatClient", "'PayController' (created per request)", " [reached from PayController (created per request)]"));

        [Test]
        public Task PolicyClientTypes_AreReported()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<DoNotCreateServiceClientPerCallAnalyzer>.Test
            {
                TestCode = @"namespace My.Sdk { public sealed class VideoClient { } }
public sealed class Transcoder
{
    public object Start() => {|#0:new My.Sdk.VideoClient()|};
}",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nperfgate.PG2004.clientTypes = Not.There,My.Sdk.VideoClient\n"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("VideoClient", "'Start'"));
            return test.RunAsync(CancellationToken.None);
        }

        // Seen in an open-source trial: helpers that build a client only for startup code and singleton factories
        // (a Redis multiplexer factory, a certificate download while registering data protection).
        [Test]
        public Task HelpersCalledOnlyOnce_AreNotReported_HelpersCalledPerCallAre() => Verify.VerifyAsync(U + Mvc + @"
public static class PaymentSetup
{
    public static IServiceCollection AddPayments(this IServiceCollection services, string key)
    {
        services.AddSingleton(_ => CreateClient(key));
        Warmup(key);
        var certificates = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(new[] { ""a"", ""b"" }, k => DownloadCertificate(k)));
        return services;
    }

    public static IMvcLikeBuilder AddCertificate(this IMvcLikeBuilder builder) { DownloadCertificate(""c""); return builder; }

    private static StripeClient CreateClient(string key) => new StripeClient(key);

    private static void Warmup(string key) => DownloadCertificate(key);

    public static string DownloadCertificate(string key)
    {
        var client = new StripeClient(key);
        return client.ToString();
    }
}

public interface IMvcLikeBuilder { }

public sealed class Checkout
{
    public string Pay(string key) => Build(key).ToString();
    private static StripeClient Build(string key) => {|#0:new StripeClient(key)|};
}

public sealed class PayController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private readonly StripeClient _client;
    public PayController() => _client = Make();
    private static StripeClient Make() => {|#1:new StripeClient(""sk"")|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("StripeClient", "'Build'"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                "StripeClient", "'Make'", " [reached from PayController (created per request) via PayController.Make]"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task ClientsBuiltOnce_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class Payments
{
    private static readonly StripeClient Shared = new StripeClient(""sk"");
    private static ChatClient? s_chat;
    private readonly Lazy<OpenAIClient> _openAi = new Lazy<OpenAIClient>(() => new OpenAIClient(""key""));
    private readonly StripeClient _own;

    public Payments(string key) => _own = new StripeClient(key);

    public ChatClient Chat() => s_chat ??= new ChatClient(""gpt-4o-mini"", ""key"");

    public static void Register(IServiceCollection services) =>
        services.AddSingleton(_ => new StripeClient(""sk""));

    public HttpClient Http() => new HttpClient();
}");
    }
}

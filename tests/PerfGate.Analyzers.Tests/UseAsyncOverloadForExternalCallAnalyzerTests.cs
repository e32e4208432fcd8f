using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseAsyncOverloadForExternalCallAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseAsyncOverloadForExternalCallAnalyzerTests
    {
        /// <summary>What PG2007's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2007", ExampleScaffolds.Sdk + @"
public sealed class Signup
{
    private readonly CustomerService _customers = new CustomerService(new StripeClient(""sk_test_"" + Environment.MachineName));
    private readonly Shop.ShopContext _db;

    public Signup(Shop.ShopContext db) => _db = db;

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Stripe;
using OpenAI.Chat;
using File = System.IO.File;
";

        private const string Mvc = @"
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task SyncSdkHttpAndFileCallsInAsyncMethod_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Signup(CustomerService customers, ChatClient chat, HttpClient http)
{
    public async Task<string> RegisterAsync(string email)
    {
        var customer = customers.{|#0:Create(new CustomerCreateOptions { Email = email })|};
        var answer = chat.{|#1:CompleteChat(""hello"")|};
        using var response = http.{|#2:Send(new HttpRequestMessage(HttpMethod.Get, ""x""))|};
        var template = File.{|#3:ReadAllText(""welcome.txt"")|};
        await Task.Yield();
        return customer.Id + template;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Create", "Stripe", "async method 'RegisterAsync'", "CreateAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("CompleteChat", "OpenAI", "async method 'RegisterAsync'", "CompleteChatAsync"),
            Verify.Diagnostic().WithLocation(2).WithArguments("Send", "HTTP", "async method 'RegisterAsync'", "SendAsync"),
            Verify.Diagnostic().WithLocation(3).WithArguments("ReadAllText", "file", "async method 'RegisterAsync'", "ReadAllTextAsync"));

        /// <summary>A synchronous helper that only async code calls holds that caller's pool thread; one that a console tool also calls does not.</summary>
        [Test]
        public Task SyncCallInHelperOnlyAsyncCodeCalls_IsReported() => Verify.VerifyAsync(U + @"
public sealed class Templates(HttpClient http)
{
    public async Task<string> RenderAsync(string name)
    {
        await Task.Yield();
        return Load(name) + Fetch(name);
    }

    private static string Load(string name) => File.{|#0:ReadAllText(name)|};

    public string Fetch(string name) => new StreamReader(http.Send(new HttpRequestMessage(HttpMethod.Get, name)).Content.ReadAsStream()).ReadToEnd();

    public static void Main() => Console.WriteLine(new Templates(new HttpClient()).Fetch(""x""));
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ReadAllText", "file", "'Load', which only async code calls (async method 'RenderAsync')",
                "ReadAllTextAsync"));

        [Test]
        public Task SyncCallInRequestHandler_IsReported() => Verify.VerifyAsync(U + Mvc + @"
public sealed class RatesController : Microsoft.AspNetCore.Mvc.ControllerBase
{
#pragma warning disable SYSLIB0014
    public string Get() => new WebClient().{|#0:DownloadString(""https://rates.example"")|};
#pragma warning restore SYSLIB0014
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(
                "DownloadString", "HTTP", "request handler 'Get'", "DownloadStringTaskAsync", " [reached from RatesController.Get]"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task SyncCodeOffRequestPathAndAsyncCalls_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class Tool(CustomerService customers, HttpClient http)
{
    public static void Main() => Console.WriteLine(File.ReadAllText(""x""));

    public string Sync() => customers.Create(new CustomerCreateOptions()).Id;

    public async Task<string> GoodAsync()
    {
        var customer = await customers.CreateAsync(new CustomerCreateOptions());
        var exists = File.Exists(""x"");
        Func<string> later = () => File.ReadAllText(""y"");
        foreach (var c in customers.ListAutoPaging()) Console.WriteLine(c.Id);
        return customer.Id + await http.GetStringAsync(""x"");
    }
}");
    }
}

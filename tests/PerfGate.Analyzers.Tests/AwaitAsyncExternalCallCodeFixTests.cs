using System.Threading;
using System.Threading.Tasks;
using PerfGate.CodeFixes;
using Verify = PerfGate.Analyzers.Tests.ShopCodeFixTest<
    PerfGate.Analyzers.UseAsyncOverloadForExternalCallAnalyzer, PerfGate.CodeFixes.AwaitAsyncExternalCallCodeFixProvider>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AwaitAsyncExternalCallCodeFixTests
    {
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

        [Test]
        public Task SdkHttpAndFileCalls_BecomeAwaitedAsyncCalls_WithTheTokenByName() => Verify.VerifyAsync(U + @"
public sealed class Signup(CustomerService customers, HttpClient http)
{
    public async Task<string> RegisterAsync(string email, CancellationToken ct)
    {
        var customer = customers.{|#0:Create(new CustomerCreateOptions { Email = email })|};
        using var response = http.{|#1:Send(new HttpRequestMessage(HttpMethod.Get, ""x""))|};
        var template = File.{|#2:ReadAllText(""welcome.txt"")|};
        await Task.Yield();
        return customer.Id + template + response.StatusCode;
    }

#pragma warning disable SYSLIB0014
    public async Task<string> RatesAsync()
    {
        await Task.Yield();
        return new WebClient().{|#3:DownloadString(""https://rates.example"")|};
    }
#pragma warning restore SYSLIB0014
}", U + @"
public sealed class Signup(CustomerService customers, HttpClient http)
{
    public async Task<string> RegisterAsync(string email, CancellationToken ct)
    {
        var customer = await customers.CreateAsync(new CustomerCreateOptions { Email = email }, cancellationToken: ct);
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, ""x""), cancellationToken: ct);
        var template = await File.ReadAllTextAsync(""welcome.txt"", cancellationToken: ct);
        await Task.Yield();
        return customer.Id + template + response.StatusCode;
    }

#pragma warning disable SYSLIB0014
    public async Task<string> RatesAsync()
    {
        await Task.Yield();
        return await new WebClient().DownloadStringTaskAsync(""https://rates.example"");
    }
#pragma warning restore SYSLIB0014
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("Create", "Stripe", "async method 'RegisterAsync'", "CreateAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Send", "HTTP", "async method 'RegisterAsync'", "SendAsync"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ReadAllText", "file", "async method 'RegisterAsync'", "ReadAllTextAsync"),
            Verify.Diagnostic().WithLocation(3).WithArguments("DownloadString", "HTTP", "async method 'RatesAsync'", "DownloadStringTaskAsync"));

        [Test]
        public Task SyncRequestHandlerAndRewriteThatWouldNotCompile_GetNoFix()
        {
            // A sync handler would have to become async (its callers change); CompleteChat("hello") binds to the
            // params overload, which has no token, so the rewrite does not compile and is not offered.
            string code = U + @"
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }

public sealed class RatesController(CustomerService customers, ChatClient chat) : Microsoft.AspNetCore.Mvc.ControllerBase
{
    public string Get() => customers.{|#0:Get(""cus_1"")|}.Id;

    public async Task<string> AskAsync(CancellationToken ct)
    {
        await Task.Yield();
        return chat.{|#1:CompleteChat(""hello"")|}.Value.Content[0].Text;
    }
}";
            var test = new ShopCodeFixTest<UseAsyncOverloadForExternalCallAnalyzer, AwaitAsyncExternalCallCodeFixProvider>(code, code);
            test.ExpectedDiagnostics.Add(
                Verify.Diagnostic().WithLocation(0).WithArguments("Get", "Stripe", "request handler 'Get'", "GetAsync", " [reached from RatesController.Get]"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("CompleteChat", "OpenAI", "async method 'AskAsync'",
                "CompleteChatAsync", " [reached from RatesController.AskAsync]"));
            test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
            return test.RunAsync(CancellationToken.None);
        }
    }
}

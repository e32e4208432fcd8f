using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.AwaitIndependentCallsConcurrentlyAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AwaitIndependentCallsConcurrentlyAnalyzerTests
    {
        /// <summary>What PG2003's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2003", ExampleScaffolds.Sdk + @"
public sealed record Profile(string Name);

public sealed record Rates(decimal Eur);

public sealed class ProfileClient
{
    private readonly HttpClient _http;

    public ProfileClient(HttpClient http) => _http = http;

    public Task<Profile?> GetProfileAsync(string userId, CancellationToken ct) => _http.GetFromJsonAsync<Profile>(""profiles/"" + userId, ct);
}

public sealed class Dashboard
{
    private readonly ProfileClient _profiles;
    private readonly HttpClient _http;

    public Dashboard(ProfileClient profiles, HttpClient http)
    {
        _profiles = profiles;
        _http = http;
    }

    public async Task<(Profile?, Rates?)> Run(string userId, CancellationToken ct)
    {
" + ExampleScaffolds.Marker + @"
        return (profile, rates);
    }
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task TwoIndependentHttpReads_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Dashboard(HttpClient http)
{
    public async Task<string> BuildAsync(int userId, CancellationToken ct)
    {
        var profile = await http.{|#0:GetStringAsync($""profiles/{userId}"", ct)|};
        var orders = await http.{|#1:GetStringAsync($""orders?user={userId}"", ct)|}.ConfigureAwait(false);
        return profile + orders;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetStringAsync", "GetStringAsync",
                "HttpClient.GetStringAsync; HttpClient.GetStringAsync"));

        [Test]
        public Task StripeOpenAiAndWrapperReads_AreReported() => Verify.VerifyAsync(U + @"
using Stripe;
public sealed class RatesClient(HttpClient http)
{
    public Task<string> GetRatesAsync() => http.GetStringAsync(""rates"");
}
public sealed class Checkout(CustomerService customers, RatesClient rates)
{
    public async Task<string> PrepareAsync(string customerId)
    {
        Customer customer = await customers.{|#0:GetAsync(customerId)|};
        string r = await rates.{|#1:GetRatesAsync()|};
        return customer.Email + r;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetAsync", "GetRatesAsync",
                "CustomerService.GetAsync; GetRatesAsync → HttpClient.GetStringAsync"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task DependentWritesAndSeparatedCalls_AreNotReported() => Verify.VerifyAsync(U + @"
using Stripe;
public sealed class Flows(HttpClient http, CustomerService customers)
{
    public async Task<string> DependentAsync(int id)
    {
        var link = await http.GetStringAsync(""links/"" + id);
        var body = await http.GetStringAsync(link);
        return body;
    }

    public async Task WritesAsync()
    {
        await http.PostAsync(""a"", new StringContent(""x""));
        await http.PostAsync(""b"", new StringContent(""y""));
        var c = await customers.CreateAsync(new CustomerCreateOptions());
        var d = await customers.CreateAsync(new CustomerCreateOptions());
    }

    public async Task<string> SeparatedAsync()
    {
        var a = await http.GetStringAsync(""a"");
        Console.WriteLine(a);
        var b = await http.GetStringAsync(""b"");
        return b;
    }

    public async Task<string> AlreadyConcurrentAsync()
    {
        var a = http.GetStringAsync(""a"");
        var b = http.GetStringAsync(""b"");
        await Task.WhenAll(a, b);
        return await a + await b;
    }
}");

        [Test]
        public Task DatabaseCalls_AreNotReported() => Verify.VerifyWithModelAsync(Verifiers.ShopModel.Usings + @"
public sealed class Orders(ShopContext db)
{
    public async Task<int> CountAsync()
    {
        var a = await db.Orders.ToListAsync();
        var b = await db.Customers.ToListAsync();
        return a.Count + b.Count;
    }
}");
    }
}

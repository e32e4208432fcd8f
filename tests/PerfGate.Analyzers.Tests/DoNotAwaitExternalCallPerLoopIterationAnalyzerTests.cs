using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotAwaitExternalCallPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotAwaitExternalCallPerLoopIterationAnalyzerTests
    {
        /// <summary>What PG2001's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2001", ExampleScaffolds.Sdk + @"
public sealed class CustomerDirectory
{
    private readonly CustomerService _customers = new CustomerService(new StripeClient(""sk_test"" + Environment.MachineName));

    public async Task<IReadOnlyCollection<Customer>> Run(List<string> customerIds, CancellationToken ct)
    {
" + ExampleScaffolds.Marker + @"
        return result;
    }
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task HttpClientAwaitedInForeach_IsReported() => Verify.VerifyAsync(U + @"
public sealed class Rates(HttpClient http)
{
    public async Task<List<string>> GetAllAsync(IEnumerable<string> currencies, CancellationToken ct)
    {
        var result = new List<string>();
        foreach (var currency in currencies)
        {
            result.Add(await http.{|#0:GetStringAsync($""rates/{currency}"", ct)|}.ConfigureAwait(false));
        }
        return result;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("GetStringAsync", "foreach loop", "HttpClient.GetStringAsync"));

        [Test]
        public Task StripeAndOpenAiAwaitedInLoops_AreReported() => Verify.VerifyAsync(U + @"
using Stripe;
using OpenAI.Embeddings;
public sealed class Billing(CustomerService customers, EmbeddingClient embeddings)
{
    public async Task SyncAsync(string[] ids, CancellationToken ct)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            Customer c = await customers.{|#0:GetAsync(ids[i], cancellationToken: ct)|};
            Console.WriteLine(c.Email);
        }
    }

    public async Task EmbedAsync(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            var embedding = await embeddings.{|#1:GenerateEmbeddingAsync(text)|};
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("GetAsync", "for loop", "CustomerService.GetAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("GenerateEmbeddingAsync", "foreach loop", "EmbeddingClient.GenerateEmbeddingAsync"));

        [Test]
        public Task WrapperThroughInterface_IsReportedWithChain() => Verify.VerifyAsync(U + @"
public interface IProfileClient { Task<string> GetProfileAsync(int id); }
public sealed class ProfileClient(HttpClient http) : IProfileClient
{
    public Task<string> GetProfileAsync(int id) => {|#1:Fetch(id)|};
    private Task<string> Fetch(int id) => http.{|#2:GetStringAsync(""profiles/"" + id)|};
}
public sealed class Report(IProfileClient profiles)
{
    public async Task RunAsync(int[] ids)
    {
        foreach (var id in ids)
        {
            var profile = await profiles.{|#0:GetProfileAsync(id)|};
        }
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("GetProfileAsync", "foreach loop",
                "ProfileClient.GetProfileAsync → ProfileClient.Fetch → HttpClient.GetStringAsync"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task DependentIterations_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class Pager(HttpClient http)
{
    public async Task CursorAsync(int[] pages)
    {
        string cursor = """";
        foreach (var page in pages)
        {
            cursor = await http.GetStringAsync(""items?after="" + cursor);
        }
    }

    public async Task<string> FirstMatchAsync(string[] urls)
    {
        foreach (var url in urls)
        {
            var body = await http.GetStringAsync(url);
            if (body.Length > 0) return body;
        }
        return """";
    }

    public async Task UntilEmptyAsync(string[] urls)
    {
        foreach (var url in urls)
        {
            var body = await http.GetStringAsync(url);
            if (body.Length == 0) break;
        }
    }

    public async Task WhileAsync()
    {
        string next = ""items"";
        while (next != null)
        {
            var body = await http.GetStringAsync(next);
            next = body.Length > 10 ? null : body;
        }
    }
}");

        // Seen in an open-source trial: a local function that skips ids it has already resolved.
        [Test]
        public Task LocalFunctionSharingMethodState_IsNotReported() => Verify.VerifyAsync(U + @"
public sealed class Coupons(HttpClient http)
{
    public async Task<List<string>> ResolveAsync(IEnumerable<string> ids)
    {
        var seen = new HashSet<string>();
        var names = new List<string>();
        async Task ResolveAndAddAsync(string id)
        {
            if (!seen.Add(id)) return;
            names.Add(await http.GetStringAsync($""coupons/{id}""));
        }

        foreach (var id in ids) await ResolveAndAddAsync(id);
        return names;
    }

    public async Task<List<string>> StatelessAsync(IEnumerable<string> ids)
    {
        var names = new List<string>();
        async Task<string> FetchAsync(string id)
        {
            var path = $""coupons/{id}"";
            return await http.{|#1:GetStringAsync(path)|};
        }

        foreach (var id in ids) names.Add(await {|#0:FetchAsync(id)|});
        return names;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("FetchAsync", "foreach loop", "FetchAsync → HttpClient.GetStringAsync"));

        [Test]
        public Task ConcurrentPacedAndDatabaseCalls_AreNotReported() => Verify.VerifyWithModelAsync(Verifiers.ShopModel.Usings + @"
using System.Net.Http;
public sealed class Fine(HttpClient http, ShopContext db)
{
    public async Task ConcurrentAsync(string[] urls)
    {
        var tasks = new List<Task<string>>();
        foreach (var url in urls) tasks.Add(http.GetStringAsync(url));
        await Task.WhenAll(urls.Select(async url => await http.GetStringAsync(url)));
        await Parallel.ForEachAsync(urls, async (url, ct) => await http.GetStringAsync(url, ct));
    }

    public async Task RateLimitedAsync(string[] urls)
    {
        for (int i = 0; i < urls.Length; i++)
        {
            await http.GetStringAsync(urls[i]);
            await Task.Delay(100);
        }
    }

    private async Task<string> LoadAndFetchAsync(int id)
    {
        var order = await db.Orders.FindAsync(id);
        return await http.GetStringAsync(""x/"" + order!.Id);
    }

    public async Task MixedAsync(int[] ids)
    {
        foreach (var id in ids) await LoadAndFetchAsync(id);
    }
}");

        [Test]
        public Task FakeImplementation_IsNotReported() => Verify.VerifyAsync(U + @"
public interface IProfileClient { Task<string> GetProfileAsync(int id); }
public sealed class ProfileClient(HttpClient http) : IProfileClient
{
    public Task<string> GetProfileAsync(int id) => http.GetStringAsync(""profiles/"" + id);
}
public sealed class CachedProfiles : IProfileClient
{
    public Task<string> GetProfileAsync(int id) => Task.FromResult(""cached"");
}
public sealed class Report(IProfileClient profiles)
{
    public async Task RunAsync(int[] ids)
    {
        foreach (var id in ids) await profiles.GetProfileAsync(id);
    }
}");
    }
}

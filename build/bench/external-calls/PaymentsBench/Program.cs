// Why PG2001 and PG2003 matter, on the sample's own code: wall time of samples/Payments' serial methods and their
// concurrent twins, with the real Stripe.net StripeClient and OpenAI ChatClient talking HTTP to a local Kestrel server
// that answers like Stripe and OpenAI after a fixed latency. Prints medians and the requests each version sent.
// Run: dotnet run -c Release --project build/bench/external-calls/PaymentsBench -- [latencyMs=100] [customers=20] [rounds=5]
extern alias payments;

using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using payments::Payments.Services;
using PerfGate.Tests.Shared;
using Stripe;

int latencyMs = args.Length > 0 ? int.Parse(args[0]) : 100;
int customers = args.Length > 1 ? int.Parse(args[1]) : 20;
int rounds = args.Length > 2 ? int.Parse(args[2]) : 5;

await using FakePaymentProviders providers = await FakePaymentProviders.StartAsync(TimeSpan.FromMilliseconds(latencyMs));
var stripe = new StripeClient("sk_test_bench", httpClient: new SystemNetHttpClient(new HttpClient(), maxNetworkRetries: 0), apiBase: providers.StripeApiBase);
var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = providers.OpenAiEndpoint });
var directory = new CustomerDirectory(stripe);
var dashboard = new CustomerDashboard(stripe, chat);
string[] ids = Enumerable.Range(1, customers).Select(i => "cus_" + i).ToArray();

await dashboard.GetConcurrentAsync("cus_warmup", CancellationToken.None); // JIT, connections

async Task<(double Median, int Requests)> Time(Func<Task> run)
{
    var samples = new List<double>();
    int requests = 0;
    for (int i = 0; i < rounds; i++)
    {
        providers.ClearRequests();
        var watch = Stopwatch.StartNew();
        await run();
        samples.Add(watch.Elapsed.TotalMilliseconds);
        requests = providers.Requests.Count;
    }
    samples.Sort();
    return (samples[samples.Count / 2], requests);
}

var serialLoop = await Time(() => directory.GetSerialAsync(ids, CancellationToken.None));
var boundedLoop = await Time(() => directory.GetConcurrentAsync(ids, CancellationToken.None));
var serialDashboard = await Time(() => dashboard.GetSerialAsync("cus_42", CancellationToken.None));
var whenAllDashboard = await Time(() => dashboard.GetConcurrentAsync("cus_42", CancellationToken.None));

Console.WriteLine($"samples/Payments against fake Stripe/OpenAI: latency {latencyMs} ms, {customers} customers, median of {rounds} rounds");
Console.WriteLine($"PG2001 CustomerDirectory  GetSerialAsync {serialLoop.Median,7:F0} ms ({serialLoop.Requests} requests)   GetConcurrentAsync (8 in flight) {boundedLoop.Median,7:F0} ms ({boundedLoop.Requests} requests)   x{serialLoop.Median / boundedLoop.Median:F1}");
Console.WriteLine($"PG2003 CustomerDashboard  GetSerialAsync {serialDashboard.Median,7:F0} ms ({serialDashboard.Requests} requests)   GetConcurrentAsync (Task.WhenAll) {whenAllDashboard.Median,7:F0} ms ({whenAllDashboard.Requests} requests)   x{serialDashboard.Median / whenAllDashboard.Median:F1}");

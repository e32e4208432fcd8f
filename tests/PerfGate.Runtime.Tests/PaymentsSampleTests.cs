extern alias payments;

using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using PaymentsProgram = payments::Program;

namespace PerfGate.Runtime.Tests;

/// <summary>
/// samples/Payments against a real Kestrel server that impersonates the Stripe and OpenAI HTTP APIs: the real
/// Stripe.net StripeClient (apiBase) and OpenAI ChatClient (Endpoint) call it over loopback. The serial endpoints
/// PerfGate reports (PG2001, PG2003) and their concurrent twins must answer the same and send the same requests.
/// No timings here: build/bench/external-calls/PaymentsBench measures them.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PaymentsSampleTests
{
    private FakePaymentProviders _providers = null!;
    private WebApplicationFactory<PaymentsProgram> _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _providers = await FakePaymentProviders.StartAsync(TimeSpan.FromMilliseconds(20));
        _factory = new WebApplicationFactory<PaymentsProgram>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Stripe:ApiBase", _providers.StripeApiBase);
            builder.UseSetting("OpenAI:Endpoint", _providers.OpenAiEndpoint.ToString());
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_factory != null) await _factory.DisposeAsync();
        if (_providers != null) await _providers.DisposeAsync();
    }

    private async Task<(JsonElement Body, string[] Requests)> CallAsync(string path)
    {
        _providers.ClearRequests();
        using HttpClient client = _factory.CreateClient();
        using HttpResponseMessage response = await client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path + ": " + text);
        return (JsonDocument.Parse(text).RootElement.Clone(), _providers.Requests.OrderBy(r => r, StringComparer.Ordinal).ToArray());
    }

    [Test]
    public async Task Customer_lookup_serial_and_bounded_concurrent_return_the_same_customers_with_the_same_Stripe_requests()
    {
        string[] ids = Enumerable.Range(1, 6).Select(i => "cus_" + i).ToArray();
        var serial = await CallAsync("/api/customers/serial?ids=" + string.Join(",", ids));
        var concurrent = await CallAsync("/api/customers/concurrent?ids=" + string.Join(",", ids));

        Assert.That(serial.Body.EnumerateArray().Select(c => c.GetProperty("id").GetString()), Is.EqualTo(ids));
        Assert.That(serial.Body.EnumerateArray().Select(c => c.GetProperty("email").GetString()), Is.EqualTo(ids.Select(id => id + "@example.com")));
        Assert.That(concurrent.Body.GetRawText(), Is.EqualTo(serial.Body.GetRawText()), "same answer, in the same order");
        Assert.That(serial.Requests, Is.EqualTo(ids.Select(id => "GET /v1/customers/" + id).OrderBy(r => r, StringComparer.Ordinal)));
        Assert.That(concurrent.Requests, Is.EqualTo(serial.Requests), "the concurrent version sends exactly the same requests");
    }

    [Test]
    public async Task Dashboard_serial_and_WhenAll_return_the_same_dashboard_with_the_same_Stripe_and_OpenAI_requests()
    {
        var serial = await CallAsync("/api/customers/cus_42/dashboard/serial");
        var concurrent = await CallAsync("/api/customers/cus_42/dashboard/concurrent");

        Assert.That(serial.Body.GetProperty("customerId").GetString(), Is.EqualTo("cus_42"));
        Assert.That(serial.Body.GetProperty("email").GetString(), Is.EqualTo("cus_42@example.com"));
        Assert.That(serial.Body.GetProperty("recentPayments")[0].GetProperty("id").GetString(), Is.EqualTo("pi_cus_42_1"));
        Assert.That(serial.Body.GetProperty("recentPayments")[0].GetProperty("amount").GetInt64(), Is.EqualTo(1250));
        Assert.That(serial.Body.GetProperty("greeting").GetString(), Is.EqualTo("Welcome back!"));
        Assert.That(concurrent.Body.GetRawText(), Is.EqualTo(serial.Body.GetRawText()));
        Assert.That(serial.Requests, Is.EqualTo(new[]
        {
            "GET /v1/customers/cus_42",
            "GET /v1/payment_intents?customer=cus_42&limit=5",
            "POST /v1/chat/completions",
        }));
        Assert.That(concurrent.Requests, Is.EqualTo(serial.Requests));
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PerfGate.Tests.Shared;

/// <summary>
/// A real Kestrel server that answers the parts of the Stripe and OpenAI HTTP APIs samples/Payments calls
/// (<c>GET /v1/customers/{id}</c>, <c>GET /v1/payment_intents</c>, <c>POST /v1/payment_intents</c>,
/// <c>POST /v1/chat/completions</c>) after a fixed artificial latency, and records every request it gets.
/// Linked into the runtime tests and the external-calls benchmark.
/// </summary>
internal sealed class FakePaymentProviders : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _requests = new();
    private LocalApi _api = null!;

    private FakePaymentProviders()
    {
    }

    /// <summary>The value for StripeClient's <c>apiBase</c> (Stripe.net appends <c>/v1/...</c>).</summary>
    public string StripeApiBase => _api.Address.TrimEnd('/');

    /// <summary>The value for <c>OpenAIClientOptions.Endpoint</c> (the SDK appends <c>/chat/completions</c>).</summary>
    public Uri OpenAiEndpoint => new(_api.Address + "v1");

    /// <summary>Every request so far as <c>METHOD /path?query</c>, in arrival order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public void ClearRequests() => _requests.Clear();

    public static async Task<FakePaymentProviders> StartAsync(TimeSpan latency)
    {
        var fake = new FakePaymentProviders();
        fake._api = await LocalApi.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                fake._requests.Enqueue(context.Request.Method + " " + context.Request.Path + context.Request.QueryString);
                await Task.Delay(latency, context.RequestAborted); // the provider's round trip
                await next(context);
            });
            app.MapGet("/v1/customers/{id}", (string id) => Json(Customer(id)));
            app.MapGet("/v1/payment_intents", (string customer) =>
                Json($$"""{"object":"list","url":"/v1/payment_intents","has_more":false,"data":[{{PaymentIntent("pi_" + customer + "_1", 1250, "succeeded")}}]}"""));
            app.MapPost("/v1/payment_intents", async (HttpRequest request) =>
            {
                IFormCollection form = await request.ReadFormAsync();
                return Json(PaymentIntent("pi_" + form["customer"], long.Parse(form["amount"]!), "requires_payment_method"));
            });
            app.MapPost("/v1/chat/completions", () => Json(
                """{"id":"chatcmpl-fake","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Welcome back!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}"""));
        });
        return fake;
    }

    private static string Customer(string id) => $$"""{"id":"{{id}}","object":"customer","email":"{{id}}@example.com","livemode":false}""";

    private static string PaymentIntent(string id, long amount, string status) =>
        $$"""{"id":"{{id}}","object":"payment_intent","amount":{{amount}},"currency":"eur","status":"{{status}}","livemode":false}""";

    private static IResult Json(string body) => Results.Text(body, "application/json");

    public ValueTask DisposeAsync() => _api.DisposeAsync();
}

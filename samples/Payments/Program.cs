using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using Payments.Clients;
using Payments.Endpoints;
using Payments.Services;
using Stripe;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

// One Stripe client and one OpenAI client for the whole process, both over IHttpClientFactory clients that
// carry a resilience pipeline. Their endpoints come from configuration (the tests point them at a local server).
builder.Services.AddHttpClient("stripe").AddStandardResilienceHandler();
builder.Services.AddSingleton<IStripeClient>(sp => new StripeClient(
    apiKey: config["Stripe:ApiKey"] ?? "sk_test_sample",
    httpClient: new SystemNetHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient("stripe"), maxNetworkRetries: 0),
    apiBase: config["Stripe:ApiBase"]));
builder.Services.AddSingleton(_ => new ChatClient(
    config["OpenAI:Model"] ?? "gpt-4o-mini",
    new ApiKeyCredential(config["OpenAI:ApiKey"] ?? "sk-sample"),
    new OpenAIClientOptions { Endpoint = new Uri(config["OpenAI:Endpoint"] ?? "https://api.openai.com/v1") }));

builder.Services.AddSingleton<CustomerDirectory>();
builder.Services.AddSingleton<CustomerDashboard>();
builder.Services.AddSingleton<Checkout>();
builder.Services.AddSingleton<ReceiptService>();
builder.Services.AddSingleton<TaxRatesClient>();
builder.Services.AddSingleton<GeoLookup>();
builder.Services.AddSingleton<AddressValidator>();

builder.Services.AddHttpClient<FxRatesClient>(c => c.BaseAddress = new Uri(config["FxApi:BaseUrl"] ?? "https://fx.example.com/"))
    .AddStandardResilienceHandler();
builder.Services.AddHttpClient<FraudScoreClient>(c => c.BaseAddress = new Uri(config["FraudApi:BaseUrl"] ?? "https://fraud.example.com/")); // PerfGate PG2005

var app = builder.Build();
app.MapCustomerEndpoints();
app.MapCheckoutEndpoints();
app.MapGet("/", () => "Payments: see /api/customers and /api/orders");
app.Run();

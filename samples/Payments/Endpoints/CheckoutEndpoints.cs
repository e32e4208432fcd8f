using Payments.Clients;
using Payments.Services;

namespace Payments.Endpoints;

public static class CheckoutEndpoints
{
    public static void MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orders/pay", async (Order order, Checkout checkout, FraudScoreClient fraud, CancellationToken ct) =>
        {
            int score = await fraud.ScoreAsync(order.CustomerId, order.AmountCents, ct);
            return score > 80 ? Results.Conflict("review") : Results.Ok(await checkout.PayOnceAsync(order, ct));
        });
        app.MapGet("/api/payments/{id}/status", (string id, Checkout checkout, CancellationToken ct) => checkout.GetStatusProperlyAsync(id, ct));
        app.MapGet("/api/charges/{id}/receipt", (string id, ReceiptService receipts, CancellationToken ct) => receipts.GetReceiptUrlSharedAsync(id, ct));
        app.MapGet("/api/fx/{currency}", (string currency, FxRatesClient fx, CancellationToken ct) => fx.GetRateAsync(currency, ct));
        app.MapGet("/api/addresses/validate", (string q, AddressValidator validator, CancellationToken ct) => validator.ValidateAsync(q, ct));

        // The shapes PerfGate reports, each on the request path that makes it matter.
        app.MapPost("/api/orders/pay/unkeyed", (Order order, Checkout checkout, CancellationToken ct) => checkout.PayAsync(order, ct));
        app.MapPost("/api/customers/register", (string email, Checkout checkout, CancellationToken ct) => checkout.RegisterAsync(email, ct));
        app.MapGet("/api/payments/{id}/status/blocking", (string id, Checkout checkout, CancellationToken ct) => checkout.GetStatusAsync(id, ct));
        app.MapGet("/api/charges/{id}/receipt/per-call", (string id, ReceiptService receipts, CancellationToken ct) => receipts.GetReceiptUrlAsync(id, ct));
        app.MapGet("/api/tax/{country}", (string country, TaxRatesClient tax, CancellationToken ct) => tax.GetVatAsync(country, ct));
    }
}

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
    }
}

using Stripe;

namespace Payments.Services;

/// <summary>Sends the receipt link of a payment.</summary>
public sealed class ReceiptService(IStripeClient stripe, IConfiguration configuration)
{
    /// <summary>A new StripeClient (and HTTP pipeline) on every call.</summary>
    public async Task<string?> GetReceiptUrlAsync(string chargeId, CancellationToken ct)
    {
        var client = new StripeClient(configuration["Stripe:ApiKey"]); // PerfGate PG2004
        var charge = await new ChargeService(client).GetAsync(chargeId, cancellationToken: ct);
        return charge.ReceiptUrl;
    }

    /// <summary>Clean: the process-wide client from DI.</summary>
    public async Task<string?> GetReceiptUrlSharedAsync(string chargeId, CancellationToken ct)
    {
        var charge = await new ChargeService(stripe).GetAsync(chargeId, cancellationToken: ct);
        return charge.ReceiptUrl;
    }
}

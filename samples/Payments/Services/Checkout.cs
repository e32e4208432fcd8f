using Stripe;

namespace Payments.Services;

/// <summary>Takes payment for an order.</summary>
public sealed class Checkout(IStripeClient stripe)
{
    private readonly PaymentIntentService _intents = new(stripe);
    private readonly CustomerService _customers = new(stripe);

    /// <summary>A retry (timeout, double submit, job rerun) charges the customer twice: Stripe sees a new request.</summary>
    public async Task<string> PayAsync(Order order, CancellationToken ct)
    {
        var intent = await _intents.CreateAsync(new PaymentIntentCreateOptions { Amount = order.AmountCents, Currency = "eur", Customer = order.CustomerId }, cancellationToken: ct); // PerfGate PG2008
        return intent.Id;
    }

    /// <summary>Clean: the key is derived from the order, so a retry returns the first payment.</summary>
    public async Task<string> PayOnceAsync(Order order, CancellationToken ct)
    {
        var intent = await _intents.CreateAsync(
            new PaymentIntentCreateOptions { Amount = order.AmountCents, Currency = "eur", Customer = order.CustomerId },
            new RequestOptions { IdempotencyKey = $"order-{order.Id}-payment" },
            ct);
        return intent.Id;
    }

    /// <summary>A synchronous Stripe call inside an async method holds a pool thread for the whole round trip.</summary>
    public async Task<string> RegisterAsync(string email, CancellationToken ct)
    {
        var customer = _customers.Create(new CustomerCreateOptions { Email = email }); // PerfGate PG2007
        await Task.Yield();
        return customer.Id;
    }

    /// <summary>Clean: the async overload.</summary>
    public async Task<string> RegisterAsyncProperly(string email, CancellationToken ct)
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Email = email }, cancellationToken: ct);
        return customer.Id;
    }

    /// <summary>Blocks a pool thread until Stripe answers.</summary>
    public async Task<string> GetStatusAsync(string intentId, CancellationToken ct)
    {
        await Task.Yield();
        var intent = _intents.GetAsync(intentId, cancellationToken: ct).Result; // PerfGate PG2006
        return intent.Status;
    }

    /// <summary>Clean: awaited.</summary>
    public async Task<string> GetStatusProperlyAsync(string intentId, CancellationToken ct)
    {
        var intent = await _intents.GetAsync(intentId, cancellationToken: ct);
        return intent.Status;
    }
}

public sealed record Order(int Id, string CustomerId, long AmountCents);

using System.Collections.Concurrent;
using Stripe;

namespace Payments.Services;

/// <summary>Looks up Stripe customers by id for the back office.</summary>
public sealed class CustomerDirectory(IStripeClient stripe)
{
    private readonly CustomerService _customers = new(stripe);

    /// <summary>One Stripe round trip after the other: N customers wait N round trips.</summary>
    public async Task<IReadOnlyList<CustomerSummary>> GetSerialAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var result = new List<CustomerSummary>();
        foreach (string id in ids)
        {
            var customer = await _customers.GetAsync(id, cancellationToken: ct); // PerfGate PG2001
            result.Add(new CustomerSummary(customer.Id, customer.Email));
        }

        return result;
    }

    /// <summary>Clean: the same requests, at most 8 in flight (Stripe's rate limits stay respected).</summary>
    public async Task<IReadOnlyList<CustomerSummary>> GetConcurrentAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new ConcurrentDictionary<string, CustomerSummary>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            var customer = await _customers.GetAsync(id, cancellationToken: token);
            found[id] = new CustomerSummary(customer.Id, customer.Email);
        });
        return ids.Select(id => found[id]).ToList();
    }
}

public sealed record CustomerSummary(string Id, string Email);

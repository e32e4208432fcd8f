using System.Collections.Concurrent;
using OrderService.Clients;

namespace OrderService.Services;

/// <summary>
/// Shipping estimates for a basket: each external-call pattern PerfGate reports, next to its clean counterpart.
/// </summary>
public sealed class ShippingEstimateService(ShippingQuotesClient shipping, CurrencyRatesClient rates)
{
    // PerfGate PG2001: one shipping quote awaited per postcode, one after the other, though no quote needs another.
    public async Task<List<ShippingQuote>> QuoteSeriallyAsync(IReadOnlyList<string> postcodes, int itemCount, CancellationToken ct)
    {
        var quotes = new List<ShippingQuote>();
        foreach (string postcode in postcodes)
        {
            quotes.Add(await shipping.GetQuoteAsync(postcode, itemCount, ct));
        }

        return quotes;
    }

    // Clean: bounded concurrency.
    public async Task<List<ShippingQuote>> QuoteConcurrentlyAsync(IReadOnlyList<string> postcodes, int itemCount, CancellationToken ct)
    {
        var quotes = new ConcurrentBag<ShippingQuote>();
        await Parallel.ForEachAsync(postcodes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (postcode, token) => quotes.Add(await shipping.GetQuoteAsync(postcode, itemCount, token)));
        return quotes.ToList();
    }

    // PerfGate PG2003: two independent rate lookups awaited in sequence; their latencies add up.
    public async Task<decimal> CrossRateSeriallyAsync(string from, string to, CancellationToken ct)
    {
        decimal fromRate = await rates.GetRateAsync(from, ct);
        decimal toRate = await rates.GetRateAsync(to, ct);
        return toRate / fromRate;
    }

    // Clean: both lookups in flight together.
    public async Task<decimal> CrossRateConcurrentlyAsync(string from, string to, CancellationToken ct)
    {
        Task<decimal> fromTask = rates.GetRateAsync(from, ct);
        Task<decimal> toTask = rates.GetRateAsync(to, ct);
        await Task.WhenAll(fromTask, toTask);
        return await toTask / await fromTask;
    }

    // Clean: dependent calls (the second needs the first's result) stay sequential.
    public async Task<ShippingQuote> QuoteInLocalCurrencyAsync(string postcode, string currency, CancellationToken ct)
    {
        decimal rate = await rates.GetRateAsync(currency, ct);
        ShippingQuote quote = await shipping.GetQuoteAsync(postcode, (int)rate, ct);
        return quote with { Price = quote.Price * rate };
    }
}

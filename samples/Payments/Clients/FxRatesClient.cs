using System.Net.Http.Json;

namespace Payments.Clients;

/// <summary>Clean typed client: registered with AddStandardResilienceHandler (timeouts, retries, circuit breaker).</summary>
public sealed class FxRatesClient(HttpClient http)
{
    public async Task<decimal> GetRateAsync(string currency, CancellationToken ct)
    {
        var rates = await http.GetFromJsonAsync<Dictionary<string, decimal>>($"rates?base=EUR&symbols={Uri.EscapeDataString(currency)}", ct);
        return rates?.GetValueOrDefault(currency) ?? throw new InvalidOperationException($"No rate for {currency}.");
    }
}

using System.Net.Http.Json;

namespace OrderService.Clients;

/// <summary>Looks up USD exchange rates from the rates API.</summary>
public sealed class CurrencyRatesClient(IConfiguration configuration)
{
    private readonly Uri _baseAddress = new(configuration["RatesApi:BaseUrl"] ?? "https://rates.example.com/");

    public async Task<decimal> GetRateAsync(string currency, CancellationToken ct)
    {
        if (string.Equals(currency, "USD", StringComparison.OrdinalIgnoreCase))
        {
            return 1m;
        }

        using var client = new HttpClient(); // PerfGate PG2002: a new client and connection pool per call
        client.BaseAddress = _baseAddress;
        var response = await client.GetFromJsonAsync<RateResponse>($"latest?base=USD&symbols={Uri.EscapeDataString(currency)}", ct);
        return response?.Rates.GetValueOrDefault(currency.ToUpperInvariant())
            ?? throw new InvalidOperationException($"No rate for {currency}.");
    }

    private sealed record RateResponse(Dictionary<string, decimal> Rates);
}

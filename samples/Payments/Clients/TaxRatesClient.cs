namespace Payments.Clients;

/// <summary>Looks up VAT rates.</summary>
public sealed class TaxRatesClient(IConfiguration configuration)
{
    private readonly Uri _baseAddress = new(configuration["TaxApi:BaseUrl"] ?? "https://tax.example.com/");

    /// <summary>A new HttpClient, and a new connection pool, per call (see FxRatesClient for the clean shape).</summary>
    public async Task<string> GetVatAsync(string country, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = _baseAddress }; // PerfGate PG2002
        return await client.GetStringAsync($"vat/{Uri.EscapeDataString(country)}", ct);
    }
}

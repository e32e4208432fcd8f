using System.Net.Http.Json;

namespace OrderService.Clients;

/// <summary>
/// Typed client for the shipping-quotes API. Not flagged: the HttpClient comes from
/// IHttpClientFactory (registered with AddHttpClient&lt;ShippingQuotesClient&gt; in Program.cs).
/// </summary>
public sealed class ShippingQuotesClient(HttpClient http)
{
    public async Task<ShippingQuote> GetQuoteAsync(string postcode, int itemCount, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("quotes", new QuoteRequest(postcode, itemCount), ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ShippingQuote>(ct)
            ?? throw new InvalidOperationException("The shipping API returned an empty quote.");
    }

    private sealed record QuoteRequest(string Postcode, int ItemCount);
}

public sealed record ShippingQuote(string Carrier, decimal Price, int EstimatedDays);

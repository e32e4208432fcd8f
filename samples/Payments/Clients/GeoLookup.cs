namespace Payments.Clients;

/// <summary>Geocodes billing addresses through a public API.</summary>
public sealed class GeoLookup
{
    // Shared once (not PG2002), but with HttpClient's default 100 s timeout and no CancellationToken on its calls.
    private static readonly HttpClient s_http = new() { BaseAddress = new Uri("https://geo.example.com/") }; // PerfGate PG2005

    public Task<string> LookupAsync(string address) => s_http.GetStringAsync($"search?q={Uri.EscapeDataString(address)}");
}

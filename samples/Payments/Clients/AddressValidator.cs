namespace Payments.Clients;

/// <summary>Clean counterpart of GeoLookup: one shared client with an explicit timeout, and the caller's token.</summary>
public sealed class AddressValidator
{
    private static readonly HttpClient s_http = new() { BaseAddress = new Uri("https://address.example.com/"), Timeout = TimeSpan.FromSeconds(5) };

    public Task<string> ValidateAsync(string address, CancellationToken ct) =>
        s_http.GetStringAsync($"validate?q={Uri.EscapeDataString(address)}", ct);
}

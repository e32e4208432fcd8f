using System.Net.Http.Json;

namespace Payments.Clients;

/// <summary>
/// Typed client for a fraud-scoring API, registered in Program.cs with no resilience handler and no Timeout (PG2005
/// is reported at that registration): when the API hangs, every checkout waits 100 s.
/// </summary>
public sealed class FraudScoreClient(HttpClient http)
{
    public async Task<int> ScoreAsync(string customerId, long amountCents, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("score", new { customerId, amountCents }, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<int>(ct);
    }
}

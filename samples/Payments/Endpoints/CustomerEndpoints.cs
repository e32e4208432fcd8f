using Payments.Services;

namespace Payments.Endpoints;

/// <summary>Each read endpoint twice: the serial shape PerfGate reports and its concurrent twin. Same requests, same answer.</summary>
public static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/customers/serial", (string ids, CustomerDirectory directory, CancellationToken ct) =>
            directory.GetSerialAsync(Split(ids), ct));
        app.MapGet("/api/customers/concurrent", (string ids, CustomerDirectory directory, CancellationToken ct) =>
            directory.GetConcurrentAsync(Split(ids), ct));
        app.MapGet("/api/customers/{id}/dashboard/serial", (string id, CustomerDashboard dashboard, CancellationToken ct) =>
            dashboard.GetSerialAsync(id, ct));
        app.MapGet("/api/customers/{id}/dashboard/concurrent", (string id, CustomerDashboard dashboard, CancellationToken ct) =>
            dashboard.GetConcurrentAsync(id, ct));
    }

    private static string[] Split(string ids) => ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using Shop.Data;
using Shop.Data.Repositories;

namespace Shop.Api.Services;

public sealed class InvoiceService(IOrderRepository orders)
{
    public Task<Order?> GetOrderAsync(int id, CancellationToken ct) => orders.FindAsync(id, ct);

    public async Task<decimal> TotalAsync(IReadOnlyList<int> orderIds, CancellationToken ct)
    {
        decimal total = 0;
        foreach (var id in orderIds)
        {
            var order = await GetOrderAsync(id, ct); // PerfGate PG1002: GetOrderAsync -> OrderRepository.FindAsync -> DbSet<Order>.FindAsync
            total += order?.Total ?? 0;
        }
        return total;
    }

    public async Task<decimal> TotalInOneQueryAsync(IReadOnlyList<int> orderIds, CancellationToken ct)
    {
        var loaded = await orders.GetByIdsAsync(orderIds, ct);
        return loaded.Sum(o => o.Total);
    }
}

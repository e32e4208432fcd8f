using Microsoft.EntityFrameworkCore;

namespace Shop.Data.Repositories;

public interface IOrderRepository
{
    Task<Order?> FindAsync(int id, CancellationToken ct = default);
    Task<List<Order>> GetByIdsAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default);
    Task<List<Order>> GetPageAsync(int page, int size, CancellationToken ct = default);
    Task<List<Order>> GetRecentPageAsync(int page, int size, CancellationToken ct = default);
    Task<Order?> GetWithDetailsAsync(int id, CancellationToken ct = default);
    Task<Order?> GetWithDetailsSplitAsync(int id, CancellationToken ct = default);
    Task<List<Order>> GetForCustomerAsync(int customerId, CancellationToken ct = default);
    Task<List<Order>> GetForCustomerOnceAsync(int customerId, CancellationToken ct = default);
}

public sealed class OrderRepository(ShopDbContext db) : IOrderRepository
{
    // One order by key: fine on its own, an N+1 when a caller loops over it (PG1002 reports the caller).
    public async Task<Order?> FindAsync(int id, CancellationToken ct = default) =>
        await db.Orders.FindAsync([id], ct);

    // The set-based counterpart: one query for all ids.
    public Task<List<Order>> GetByIdsAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default) =>
        db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync(ct);

    public Task<List<Order>> GetPageAsync(int page, int size, CancellationToken ct = default) =>
        db.Orders.Where(o => o.Total > 0).Skip(page * size).Take(size).ToListAsync(ct); // PerfGate PG1008: pages without an order; PG1012: no index on Total

    public Task<List<Order>> GetRecentPageAsync(int page, int size, CancellationToken ct = default) =>
        db.Orders.OrderByDescending(o => o.PlacedAtUtc).ThenBy(o => o.Id).Skip(page * size).Take(size).ToListAsync(ct);

    public Task<Order?> GetWithDetailsAsync(int id, CancellationToken ct = default) =>
        db.Orders
            .Include(o => o.Lines)
            .Include(o => o.Payments) // PerfGate PG1013: lines x payments rows
            .FirstOrDefaultAsync(o => o.Id == id, ct);

    public Task<Order?> GetWithDetailsSplitAsync(int id, CancellationToken ct = default) =>
        db.Orders
            .Include(o => o.Lines)
            .Include(o => o.Payments)
            .AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == id, ct);

    public async Task<List<Order>> GetForCustomerAsync(int customerId, CancellationToken ct = default)
    {
        var query = db.Orders.Where(o => o.CustomerId == customerId);
        if (!await query.AnyAsync(ct)) return new List<Order>();
        return await query.ToListAsync(ct); // PerfGate PG1011: the same query again
    }

    public async Task<List<Order>> GetForCustomerOnceAsync(int customerId, CancellationToken ct = default)
    {
        var orders = await db.Orders.Where(o => o.CustomerId == customerId).ToListAsync(ct);
        return orders;
    }
}

using Microsoft.EntityFrameworkCore;

namespace Shop.Data.Repositories;

public sealed class Maintenance(ShopDbContext db)
{
    public async Task ZeroEmptyOrdersAsync(DateTime cutoff, CancellationToken ct = default)
    {
        var old = await db.Orders.Where(o => o.PlacedAtUtc < cutoff && o.Lines.Count == 0).ToListAsync(ct);
        foreach (var order in old) // PerfGate PG1006: load, mutate one by one, save
        {
            order.Total = 0;
        }
        await db.SaveChangesAsync(ct);
    }

    public Task<int> ZeroEmptyOrdersInOneStatementAsync(DateTime cutoff, CancellationToken ct = default) =>
        db.Orders.Where(o => o.PlacedAtUtc < cutoff && o.Lines.Count == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Total, 0m), ct);
}

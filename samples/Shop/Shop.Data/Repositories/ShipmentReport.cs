using Microsoft.EntityFrameworkCore;

namespace Shop.Data.Repositories;

public sealed class ShipmentReport(ShopDbContext db)
{
    public async Task<decimal> ShippedValueAsync(CancellationToken ct = default)
    {
        decimal total = 0;
        foreach (var shipment in await db.Shipments.ToListAsync(ct))
            total += shipment.Order?.Total ?? 0; // PerfGate PG1003: one lazy load per shipment
        return total;
    }

    public async Task<decimal> ShippedValueIncludedAsync(CancellationToken ct = default)
    {
        decimal total = 0;
        foreach (var shipment in await db.Shipments.Include(s => s.Order).ToListAsync(ct))
            total += shipment.Order?.Total ?? 0;
        return total;
    }

    public async Task<string?> CarrierOfAsync(int id, CancellationToken ct = default)
    {
        var shipment = await db.Shipments.FirstOrDefaultAsync(s => s.Id == id, ct); // silent: one row of 7 columns is not worth a projection (PG1004 reports lists and wide rows)
        return shipment == null ? null : shipment.Carrier;
    }

    public Task<string?> CarrierOfProjectedAsync(int id, CancellationToken ct = default) =>
        db.Shipments.Where(s => s.Id == id).Select(s => (string?)s.Carrier).FirstOrDefaultAsync(ct);
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Shop.Data;

namespace Shop.Api.Controllers;

// The EF Core model (entities, indexes, the ILazyLoader constructor) lives in Shop.Data; these queries run here.
// Shop.Data's compile records its model facts as assembly metadata, so PerfGate sees them in this project too.
[ApiController]
[Route("api/shipments")]
public sealed class ShipmentsController(ShopDbContext db) : ControllerBase
{
    [HttpGet("value")]
    public async Task<decimal> ShippedValue(string carrier, CancellationToken ct)
    {
        decimal total = 0;
        var shipments = await db.Shipments.Where(s => s.Carrier == carrier).ToListAsync(ct); // PerfGate PG1012: no index led by Carrier
        foreach (var shipment in shipments)
            total += shipment.Order?.Total ?? 0; // PerfGate PG1003: Shipment.Order is lazy-loaded per shipment
        return total;
    }

    [HttpGet("value/included")]
    public async Task<decimal> ShippedValueIncluded(int orderId, CancellationToken ct)
    {
        decimal total = 0;
        var shipments = await db.Shipments.Include(s => s.Order).Where(s => s.OrderId == orderId).ToListAsync(ct);
        foreach (var shipment in shipments)
            total += shipment.Order?.Total ?? 0;
        return total;
    }
}

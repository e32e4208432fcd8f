using Microsoft.EntityFrameworkCore;
using OrderService.Data;
using OrderService.Models;

namespace OrderService.Services;

/// <summary>Read-only reports over orders. Each report exists twice: the N+1 version and the fix.</summary>
public sealed class OrderReportService(ShopDbContext db)
{
    private readonly ShopDbContext _db = db;

    public async Task<List<OrderSummary>> GetRecentOrderSummariesSlowAsync(int take, CancellationToken ct)
    {
        var orders = await _db.Orders.AsNoTracking().OrderByDescending(o => o.PlacedAtUtc).Take(take).ToListAsync(ct);

        var summaries = new List<OrderSummary>();
        foreach (var order in orders)
        {
            var customer = await _db.Customers.FirstAsync(c => c.Id == order.CustomerId, ct); // PerfGate PG1001: one query per order
            summaries.Add(new OrderSummary(order.Id, order.PlacedAtUtc, customer.Name, customer.Email));
        }

        return summaries;
    }

    // Not flagged: the customers are loaded with one query before the loop, then looked up in memory.
    public async Task<List<OrderSummary>> GetRecentOrderSummariesAsync(int take, CancellationToken ct)
    {
        var orders = await _db.Orders.AsNoTracking().OrderByDescending(o => o.PlacedAtUtc).Take(take).ToListAsync(ct);

        var ids = orders.Select(o => o.CustomerId).Distinct().ToList();
        var customers = await _db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

        var summaries = new List<OrderSummary>();
        foreach (var order in orders)
        {
            var customer = customers[order.CustomerId];
            summaries.Add(new OrderSummary(order.Id, order.PlacedAtUtc, customer.Name, customer.Email));
        }

        return summaries;
    }

    public List<BackorderRow> GetBackordersSlow()
    {
        var openOrders = _db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Open).ToList();

        // The Select runs over a List<Order> (LINQ to Objects), so its lambda runs once per order.
        return openOrders
            .Select(o => new BackorderRow(
                o.Id,
                _db.OrderLines.Count(l => l.OrderId == o.Id && l.Product!.Stock < l.Quantity))) // PerfGate PG1001: one COUNT per order
            .ToList();
    }

    // Not flagged: one grouped query, then an in-memory Select that only reads a dictionary.
    public async Task<List<BackorderRow>> GetBackordersAsync(CancellationToken ct)
    {
        var openOrders = await _db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Open).ToListAsync(ct);

        var ids = openOrders.Select(o => o.Id).ToList();
        var counts = await _db.OrderLines
            .Where(l => ids.Contains(l.OrderId) && l.Product!.Stock < l.Quantity)
            .GroupBy(l => l.OrderId)
            .Select(g => new { OrderId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.OrderId, x => x.Count, ct);

        return openOrders.Select(o => new BackorderRow(o.Id, counts.GetValueOrDefault(o.Id))).ToList();
    }

    // Not flagged: o.Lines.Count() sits in an expression tree (IQueryable.Select); EF Core turns it
    // into a correlated sub-query of the single SQL statement, so nothing runs per order.
    public Task<List<OrderLineCount>> GetLineCountsAsync(CancellationToken ct) =>
        _db.Orders
            .OrderBy(o => o.Id)
            .Select(o => new OrderLineCount(o.Id, o.Lines.Count()))
            .ToListAsync(ct);

    // PG1001 stays silent here (the query runs inside CountAvailableAsync on an IQueryable<Product>
    // parameter, not proven in that method), but it is an N+1 all the same: PG1002 follows the call
    // and reports it from CountAvailableAsync's I/O summary.
    public async Task<Dictionary<string, int>> GetAvailabilityByCategoryAsync(CancellationToken ct)
    {
        var categories = await _db.Products.Select(p => p.Category).Distinct().OrderBy(c => c).ToListAsync(ct);

        var result = new Dictionary<string, int>();
        foreach (var category in categories)
        {
            result[category] = await CountAvailableAsync(_db.Products, category, ct); // PerfGate PG1002
        }

        return result;
    }

    private static Task<int> CountAvailableAsync(IQueryable<Product> products, string category, CancellationToken ct) =>
        products.CountAsync(p => p.Category == category && p.Stock > 0, ct);
}

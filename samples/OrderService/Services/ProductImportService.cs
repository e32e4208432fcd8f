using OrderService.Data;
using OrderService.Models;

namespace OrderService.Services;

/// <summary>Bulk product import from a JSON array of rows.</summary>
public sealed class ProductImportService(ShopDbContext db)
{
    private readonly ShopDbContext _db = db;

    public async Task<int> ImportOneByOneAsync(IReadOnlyList<ProductImportRow> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            _db.Products.Add(ToProduct(row));
            await _db.SaveChangesAsync(ct); // PerfGate PG1005: one round trip and transaction per product
        }

        return rows.Count;
    }

    // Not flagged: add everything, then save once (EF Core batches the INSERTs in one transaction).
    public async Task<int> ImportAsync(IReadOnlyList<ProductImportRow> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            _db.Products.Add(ToProduct(row));
        }

        await _db.SaveChangesAsync(ct);
        return rows.Count;
    }

    private static Product ToProduct(ProductImportRow row) => new()
    {
        Sku = row.Sku,
        Name = row.Name,
        Category = row.Category,
        Price = row.Price,
        Stock = row.Stock,
    };
}

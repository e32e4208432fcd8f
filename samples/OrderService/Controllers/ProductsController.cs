using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OrderService.Data;
using OrderService.Models;
using OrderService.Services;

namespace OrderService.Controllers;

[ApiController]
[Route("api/products")]
public sealed class ProductsController(ShopDbContext db, ProductImportService import) : ControllerBase
{
    [HttpGet]
    public Task<List<ProductDto>> List([FromQuery] string? category, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking();
        if (!string.IsNullOrEmpty(category))
        {
            query = query.Where(p => p.Category == category);
        }

        return query
            .OrderBy(p => p.Sku)
            .Select(p => new ProductDto(p.Id, p.Sku, p.Name, p.Category, p.Price, p.Stock))
            .ToListAsync(ct);
    }

    // Saves once after adding every row.
    [HttpPost("import")]
    public async Task<ActionResult<object>> Import(List<ProductImportRow> rows, CancellationToken ct) =>
        new { Imported = await import.ImportAsync(rows, ct) };

    // The original endpoint, kept for old clients: saves after every row (see ProductImportService).
    [HttpPost("import/one-by-one")]
    public async Task<ActionResult<object>> ImportOneByOne(List<ProductImportRow> rows, CancellationToken ct) =>
        new { Imported = await import.ImportOneByOneAsync(rows, ct) };
}

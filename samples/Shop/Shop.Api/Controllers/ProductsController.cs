using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Shop.Data;

namespace Shop.Api.Controllers;

[ApiController]
[Route("api/products")]
public sealed class ProductsController(ShopDbContext db) : ControllerBase
{
    [HttpGet("all")]
    public async Task<IActionResult> All(CancellationToken ct) =>
        Ok(await db.Products.ToListAsync(ct)); // PerfGate PG1007: the whole table in one response; PG1009: tracked for nothing; PG4003: entities as the payload

    [HttpGet]
    public async Task<IActionResult> Page(int page = 0, int size = 50, CancellationToken ct = default)
    {
        size = Math.Clamp(size, 1, 100);
        return Ok(await db.Products.AsNoTracking().OrderBy(p => p.Id).Skip(page * size).Take(size).ToListAsync(ct)); // PerfGate PG4003: Product entities as the payload
    }
}

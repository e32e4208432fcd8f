using Microsoft.AspNetCore.Mvc;
using Shop.Api.Services;
using Shop.Data;
using Shop.Data.Repositories;

namespace Shop.Api.Controllers;

[ApiController]
[Route("api/orders")]
public sealed class OrdersController(IOrderRepository orders, InvoiceService invoices) : ControllerBase
{
    [HttpGet("statuses")]
    public async Task<IActionResult> Statuses([FromQuery] int[] ids, CancellationToken ct)
    {
        var result = new List<object>();
        foreach (var id in ids)
        {
            var order = await orders.FindAsync(id, ct); // PerfGate PG1002: the repository lives in Shop.Data
            result.Add(new { id, found = order != null });
        }
        return Ok(result);
    }

    [HttpGet("statuses/batched")]
    public async Task<IActionResult> StatusesBatched([FromQuery] int[] ids, CancellationToken ct)
    {
        var found = (await orders.GetByIdsAsync(ids, ct)).Select(o => o.Id).ToHashSet();
        return Ok(ids.Select(id => new { id, found = found.Contains(id) }));
    }

    [HttpGet("total")]
    public async Task<decimal> Total([FromQuery] int[] ids, CancellationToken ct) => await invoices.TotalInOneQueryAsync(ids, ct);

    [HttpGet("{id:int}")]
    public async Task<ActionResult<Order>> Get(int id, CancellationToken ct) =>
        await orders.GetWithDetailsSplitAsync(id, ct) is { } order ? order : NotFound(); // the order graph as the payload: PG4003 misses it since its Include sits in Shop.Data (a known gap)
}

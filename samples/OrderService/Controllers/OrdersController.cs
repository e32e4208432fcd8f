using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OrderService.Clients;
using OrderService.Data;
using OrderService.Models;
using OrderService.Services;

namespace OrderService.Controllers;

[ApiController]
[Route("api/orders")]
public sealed class OrdersController(ShopDbContext db) : ControllerBase
{
    [HttpGet]
    public Task<List<OrderDto>> List([FromQuery] int page = 1, [FromQuery] int pageSize = 20, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        return Project(db.Orders.AsNoTracking().OrderByDescending(o => o.PlacedAtUtc).ThenBy(o => o.Id))
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(ct);
    }

    [HttpGet("{id:int}")]
    public async Task<ActionResult<OrderDto>> Get(int id, CancellationToken ct)
    {
        var order = await Project(db.Orders.AsNoTracking().Where(o => o.Id == id)).FirstOrDefaultAsync(ct);
        return order is null ? NotFound() : order;
    }

    [HttpPost]
    public async Task<ActionResult<OrderDto>> Place(NewOrder request, [FromServices] OrderPlacementService placement, CancellationToken ct)
    {
        try
        {
            var order = await placement.PlaceAsync(request, ct);
            var created = await Project(db.Orders.AsNoTracking().Where(o => o.Id == order.Id)).FirstAsync(ct);
            return CreatedAtAction(nameof(Get), new { id = order.Id }, created);
        }
        catch (OrderPlacementException ex)
        {
            return ValidationProblem(ex.Message);
        }
    }

    [HttpGet("{id:int}/total")]
    public async Task<ActionResult<object>> Total(int id, [FromQuery] string currency, [FromServices] CurrencyRatesClient rates, CancellationToken ct)
    {
        var order = await Project(db.Orders.AsNoTracking().Where(o => o.Id == id)).FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return NotFound();
        }

        try
        {
            var rate = await rates.GetRateAsync(currency, ct);
            return new { order.Id, Currency = currency.ToUpperInvariant(), Total = Math.Round(order.Total * rate, 2) };
        }
        catch (HttpRequestException)
        {
            return Problem("The rates service is unavailable.", statusCode: StatusCodes.Status502BadGateway);
        }
    }

    [HttpGet("{id:int}/shipping-quote")]
    public async Task<ActionResult<ShippingQuote>> ShippingQuote(int id, [FromServices] ShippingQuotesClient shipping, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new { o.ShippingPostcode, Items = o.Lines.Sum(l => l.Quantity) })
            .FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return NotFound();
        }

        try
        {
            return await shipping.GetQuoteAsync(order.ShippingPostcode, order.Items, ct);
        }
        catch (HttpRequestException)
        {
            return Problem("The shipping service is unavailable.", statusCode: StatusCodes.Status502BadGateway);
        }
    }

    // One SQL statement with the lines joined in; the nested Select is part of the expression tree.
    private static IQueryable<OrderDto> Project(IQueryable<Order> orders) =>
        orders.Select(o => new OrderDto(
            o.Id,
            o.CustomerId,
            o.PlacedAtUtc,
            o.Status,
            o.Lines.Sum(l => l.UnitPrice * l.Quantity),
            o.Lines.Select(l => new OrderLineDto(l.ProductId, l.Product!.Name, l.Quantity, l.UnitPrice)).ToList()));
}

using Microsoft.EntityFrameworkCore;
using OrderService.Data;
using OrderService.Models;

namespace OrderService.Services;

public sealed class OrderPlacementException(string message) : Exception(message);

/// <summary>Places an order: validates the customer and products, reserves stock, saves once.</summary>
public sealed class OrderPlacementService(ShopDbContext db, TimeProvider clock)
{
    public async Task<Order> PlaceAsync(NewOrder request, CancellationToken ct)
    {
        if (request.Lines.Count == 0)
        {
            throw new OrderPlacementException("An order needs at least one line.");
        }

        if (!await db.Customers.AnyAsync(c => c.Id == request.CustomerId, ct))
        {
            throw new OrderPlacementException($"Customer {request.CustomerId} does not exist.");
        }

        // All products in one query, then stock checks in memory.
        var productIds = request.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var order = new Order
        {
            CustomerId = request.CustomerId,
            PlacedAtUtc = clock.GetUtcNow().UtcDateTime,
            Status = OrderStatus.Open,
            ShippingPostcode = request.ShippingPostcode,
        };

        foreach (var line in request.Lines)
        {
            if (!products.TryGetValue(line.ProductId, out var product))
            {
                throw new OrderPlacementException($"Product {line.ProductId} does not exist.");
            }

            if (line.Quantity <= 0)
            {
                throw new OrderPlacementException($"Quantity for product {line.ProductId} must be positive.");
            }

            product.Stock = Math.Max(0, product.Stock - line.Quantity);
            order.Lines.Add(new OrderLine { ProductId = product.Id, Quantity = line.Quantity, UnitPrice = product.Price });
        }

        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);
        return order;
    }
}

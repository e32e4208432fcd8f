using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Shop.Data;

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public List<Order> Orders { get; set; } = new();
}

public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public DateTime PlacedAtUtc { get; set; }
    public decimal Total { get; set; }
    public List<OrderLine> Lines { get; set; } = new();
    public List<Payment> Payments { get; set; } = new();
}

public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
}

public class Payment
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public decimal Amount { get; set; }
}

public class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public decimal Price { get; set; }
}

// Lazy loading without proxies: EF Core injects the loader through the private constructor.
public class Shipment
{
    private readonly ILazyLoader? _lazyLoader;
    private Order? _order;

    public Shipment() { }
    private Shipment(ILazyLoader lazyLoader) => _lazyLoader = lazyLoader;

    public int Id { get; set; }
    public int OrderId { get; set; }
    public string Carrier { get; set; } = "";
    public string TrackingNumber { get; set; } = "";
    public decimal WeightKg { get; set; }
    public DateTime ShippedAtUtc { get; set; }
    public DateTime? DeliveredAtUtc { get; set; }

    public Order? Order
    {
        get => _lazyLoader == null ? _order : _lazyLoader.Load(this, ref _order);
        set => _order = value;
    }
}

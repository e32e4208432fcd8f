namespace OrderService.Models;

public enum OrderStatus
{
    Open,
    Shipped,
    Cancelled,
}

public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public DateTime PlacedAtUtc { get; set; }
    public OrderStatus Status { get; set; }
    public string ShippingPostcode { get; set; } = "";

    public List<OrderLine> Lines { get; set; } = [];
}

namespace OrderService.Models;

public class Customer
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string Country { get; set; } = "US";

    public List<Order> Orders { get; set; } = [];
}

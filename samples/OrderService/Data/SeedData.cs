using OrderService.Models;

namespace OrderService.Data;

public static class SeedData
{
    /// <summary>Creates the database on first run and adds a small, deterministic catalogue.</summary>
    public static void EnsureSeeded(ShopDbContext db)
    {
        db.Database.EnsureCreated();
        if (db.Customers.Any())
        {
            return;
        }

        var customers = new List<Customer>
        {
            new() { Name = "Ada Lovelace", Email = "ada@example.com", Country = "GB" },
            new() { Name = "Grace Hopper", Email = "grace@example.com" },
            new() { Name = "Edsger Dijkstra", Email = "edsger@example.com", Country = "NL" },
            new() { Name = "Barbara Liskov", Email = "barbara@example.com" },
        };

        var products = new List<Product>
        {
            new() { Sku = "KB-001", Name = "Mechanical keyboard", Category = "peripherals", Price = 89.00m, Stock = 25 },
            new() { Sku = "MS-002", Name = "Wireless mouse", Category = "peripherals", Price = 29.50m, Stock = 0 },
            new() { Sku = "MN-003", Name = "27\" monitor", Category = "displays", Price = 249.99m, Stock = 7 },
            new() { Sku = "CB-004", Name = "USB-C cable", Category = "cables", Price = 9.99m, Stock = 140 },
            new() { Sku = "DK-005", Name = "Docking station", Category = "peripherals", Price = 159.00m, Stock = 0 },
        };

        var start = new DateTime(2025, 1, 6, 9, 0, 0, DateTimeKind.Utc);
        var orders = new List<Order>();
        for (var i = 0; i < 12; i++)
        {
            var order = new Order
            {
                Customer = customers[i % customers.Count],
                PlacedAtUtc = start.AddHours(i * 7),
                Status = i < 8 ? OrderStatus.Shipped : OrderStatus.Open,
                ShippingPostcode = $"1{i:000}",
            };
            for (var j = 0; j <= i % 3; j++)
            {
                var product = products[(i + j) % products.Count];
                order.Lines.Add(new OrderLine { Product = product, Quantity = 1 + j, UnitPrice = product.Price });
            }

            orders.Add(order);
        }

        db.AddRange(customers);
        db.AddRange(products);
        db.AddRange(orders);
        db.SaveChanges();
    }
}

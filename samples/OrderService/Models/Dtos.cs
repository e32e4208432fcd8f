namespace OrderService.Models;

public sealed record OrderSummary(int OrderId, DateTime PlacedAtUtc, string CustomerName, string CustomerEmail);

public sealed record BackorderRow(int OrderId, int BackorderedLines);

public sealed record OrderLineCount(int OrderId, int LineCount);

public sealed record ProductImportRow(string Sku, string Name, string Category, decimal Price, int Stock);

public sealed record NewOrderLine(int ProductId, int Quantity);

public sealed record NewOrder(int CustomerId, string ShippingPostcode, List<NewOrderLine> Lines);

public sealed record OrderDto(int Id, int CustomerId, DateTime PlacedAtUtc, OrderStatus Status, decimal Total, List<OrderLineDto> Lines);

public sealed record OrderLineDto(int ProductId, string ProductName, int Quantity, decimal UnitPrice);

public sealed record ProductDto(int Id, string Sku, string Name, string Category, decimal Price, int Stock);

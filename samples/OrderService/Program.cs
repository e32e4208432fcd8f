using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using OrderService.Clients;
using OrderService.Data;
using OrderService.Endpoints;
using OrderService.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDbContext<ShopDbContext>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Shop") ?? "Data Source=orderservice.db"));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<OrderReportService>();
builder.Services.AddScoped<ProductImportService>();
builder.Services.AddScoped<OrderPlacementService>();
builder.Services.AddSingleton<CurrencyRatesClient>();
builder.Services.AddScoped<ShippingEstimateService>();

builder.Services.AddHttpClient<ShippingQuotesClient>(client =>
{
    client.BaseAddress = new Uri(builder.Configuration["ShippingApi:BaseUrl"] ?? "https://shipping.example.com/");
    client.Timeout = TimeSpan.FromSeconds(10);
});

builder.Services.AddControllers()
    .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddProblemDetails();

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    SeedData.EnsureSeeded(scope.ServiceProvider.GetRequiredService<ShopDbContext>());
}

app.UseExceptionHandler();
app.MapControllers();
app.MapReports();
app.MapGet("/api/shipping/quotes", (string postcodes, int items, ShippingEstimateService estimates, CancellationToken ct) =>
    estimates.QuoteSeriallyAsync(postcodes.Split(','), items, ct));
app.MapGet("/api/shipping/cross-rate", (string from, string to, ShippingEstimateService estimates, CancellationToken ct) =>
    estimates.CrossRateSeriallyAsync(from, to, ct));
app.MapGet("/", () => "OrderService: see /api/orders, /api/products and /api/reports");

app.Run();

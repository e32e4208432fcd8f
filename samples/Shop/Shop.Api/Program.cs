using Microsoft.EntityFrameworkCore;
using Shop.Api.Services;
using Shop.Data;
using Shop.Data.Repositories;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDbContext<ShopDbContext>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Shop") ?? "Data Source=shop.db"));
builder.Services.AddScoped<IOrderRepository, OrderRepository>();
builder.Services.AddScoped<ProductRepository>();
builder.Services.AddScoped<InvoiceService>();
builder.Services.AddControllers();

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.EnsureCreated();
}

app.MapControllers();
app.MapGet("/api/customers", async (ShopDbContext db, int page, CancellationToken ct) =>
    await db.Customers.OrderBy(c => c.Id).Skip(page * 50).Take(50).ToListAsync(ct)); // PerfGate PG4003: Customer entities as the payload
app.MapPost("/api/invoices/total", (int[] orderIds, InvoiceService invoices, CancellationToken ct) => invoices.TotalAsync(orderIds, ct));
app.MapGet("/", () => "Shop: see /api/orders and /api/products");

app.Run();

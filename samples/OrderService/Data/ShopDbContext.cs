using Microsoft.EntityFrameworkCore;
using OrderService.Models;

namespace OrderService.Data;

public class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.Property(c => c.Name).HasMaxLength(200);
            customer.Property(c => c.Email).HasMaxLength(320);
            customer.HasIndex(c => c.Email).IsUnique();
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.Property(p => p.Sku).HasMaxLength(32);
            product.HasIndex(p => p.Sku).IsUnique();
            product.HasIndex(p => p.Category);
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustomerId);
            order.HasMany(o => o.Lines).WithOne(l => l.Order).HasForeignKey(l => l.OrderId);
            order.Property(o => o.Status).HasConversion<string>();
            order.HasIndex(o => o.PlacedAtUtc);
        });

        modelBuilder.Entity<OrderLine>()
            .HasOne(l => l.Product).WithMany(p => p.Lines).HasForeignKey(l => l.ProductId);
    }
}

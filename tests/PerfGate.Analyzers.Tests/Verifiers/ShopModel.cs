namespace PerfGate.Analyzers.Tests.Verifiers
{
    /// <summary>A small, realistic EF Core model the data-access tests compile against (real EF types).</summary>
    internal static class ShopModel
    {
        /// <summary>Usings the tests' own sources start with.</summary>
        public const string Usings = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Shop;
";

        public const string Source = @"using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;

namespace Shop
{
    public class Customer
    {
        public int Id { get; set; }
        public string Name { get; set; } = """";
        public List<Order> Orders { get; set; } = new List<Order>();
    }

    public class Order
    {
        public int Id { get; set; }
        public int CustomerId { get; set; }
        public Customer Customer { get; set; }
        public string Status { get; set; } = ""new"";
        public decimal Total { get; set; }
        public List<OrderLine> Lines { get; set; } = new List<OrderLine>();
    }

    public class OrderLine
    {
        public int Id { get; set; }
        public int OrderId { get; set; }
        public int ProductId { get; set; }
        public int Quantity { get; set; }
    }

    public class Product
    {
        public int Id { get; set; }
        public string Name { get; set; } = """";
        public decimal Price { get; set; }
    }

    public class ShopContext : DbContext
    {
        public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }

        public DbSet<Customer> Customers { get; set; }
        public DbSet<Order> Orders { get; set; }
        public DbSet<OrderLine> OrderLines { get; set; }
        public DbSet<Product> Products => Set<Product>();
    }

    public interface IOrderRepository
    {
        IQueryable<Order> Query();
    }
}
";
    }
}

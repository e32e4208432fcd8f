using System;

namespace PerfGate.Tests.Shared;

/// <summary>
/// The user code the CLI and MSBuild integration tests build: one N+1 (flagged) beside its batched neighbour (clean), one
/// per-call HttpClient beside a shared one (with a timeout, so PG2005 is quiet too). Linked into both test projects.
/// </summary>
internal static class ShopSources
{
    public const string Orders = """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public sealed class Order { public int Id { get; set; } public int CustomerId { get; set; } }
        public sealed class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }

        public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Customer> Customers => Set<Customer>();
        }

        public sealed class OrderReport(ShopContext db)
        {
            public async Task<List<string>> CustomerNamesAsync(IReadOnlyList<Order> orders)
            {
                var names = new List<string>();
                foreach (var order in orders)
                {
                    var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId);
                    names.Add(customer.Name);
                }
                return names;
            }

            public async Task<Dictionary<int, Customer>> CustomersAsync(IReadOnlyList<Order> orders)
            {
                var ids = orders.Select(o => o.CustomerId).ToList();
                return await db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
            }
        }
        """;

    public const string Rates = """
        namespace Shop;

        public static class Rates
        {
            private static readonly HttpClient Shared = new() { Timeout = TimeSpan.FromSeconds(10) };

            public static async Task<string> GetAsync(string currency)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync("https://rates.invalid/" + currency);
            }

            public static Task<string> GetSharedAsync(string currency) =>
                Shared.GetStringAsync("https://rates.invalid/" + currency);
        }
        """;

    public const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>1-based line and column of the first occurrence of <paramref name="marker"/>.</summary>
    public static (int Line, int Column) PositionOf(string source, string marker)
    {
        int index = source.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0) throw new ArgumentException($"'{marker}' is not in the source");
        string before = source.Substring(0, index);
        int line = before.Split('\n').Length;
        int column = index - (before.LastIndexOf('\n') + 1) + 1;
        return (line, column);
    }
}

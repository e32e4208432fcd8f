using Microsoft.EntityFrameworkCore;

namespace Shop.Data.Repositories;

public sealed class ProductRepository(ShopDbContext db)
{
    public async Task<int> CountExpensiveAsync(decimal threshold, CancellationToken ct = default) =>
        (await db.Products.ToListAsync(ct)).Count(p => p.Price > threshold); // PerfGate PG1010: counted in memory

    public Task<int> CountExpensiveInSqlAsync(decimal threshold, CancellationToken ct = default) =>
        db.Products.CountAsync(p => p.Price > threshold, ct);

    public async Task<Product?> FindByNameAsync(string name, CancellationToken ct = default)
    {
        await Task.Yield();
        return db.Products.FirstOrDefault(p => p.Name == name); // PerfGate PG1014: blocks inside async
    }

    public Task<Product?> FindByNameAwaitedAsync(string name, CancellationToken ct = default) =>
        db.Products.FirstOrDefaultAsync(p => p.Name == name, ct);

    public async Task AddAsync(Product product, CancellationToken ct = default)
    {
        db.Products.Add(product); // synchronous Add is fine
        await db.SaveChangesAsync(ct);
    }
}

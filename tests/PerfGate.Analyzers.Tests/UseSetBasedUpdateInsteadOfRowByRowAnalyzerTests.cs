using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseSetBasedUpdateInsteadOfRowByRowAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseSetBasedUpdateInsteadOfRowByRowAnalyzerTests
    {
        /// <summary>What PG1006's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1006", ExampleScaffolds.Data + @"
public sealed class Archive
{
    public async Task Run(ShopContext db, DateTime cutoff)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = ShopModel.Usings;

        [Test]
        public Task UpdatesAndDeletesOfLoadedEntities_ThenSave_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Maintenance
{
    public async Task ArchiveAsync(ShopContext db, string status)
    {
        var stale = await db.Orders.Where(o => o.Total == 0).ToListAsync();
        {|#0:foreach (var order in stale)|}
        {
            order.Status = status;
            order.Total = order.Total * 2 + 1;
        }
        await db.SaveChangesAsync();
    }

    public void Purge(ShopContext db)
    {
        {|#1:foreach (var line in db.OrderLines.Where(l => l.Quantity == 0).ToList())|}
            db.OrderLines.Remove(line);
        db.SaveChanges();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("This loop updates each loaded 'Order' one by one and then saves", "ExecuteUpdateAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("This loop deletes each loaded 'OrderLine' one by one and then saves", "ExecuteDeleteAsync"));

        [Test]
        public Task EntityLoadedOnlyToDelete_AndQueryHandedToRemoveRange_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class Cleanup
{
    private readonly ShopContext _db;
    public Cleanup(ShopContext db) => _db = db;

    public async Task DeleteOrderAsync(int id)
    {
        var order = await _db.Orders.Where(o => o.Id == id).{|#0:FirstOrDefaultAsync()|}.ConfigureAwait(false);
        if (order is null)
        {
            return;
        }

        _db.Remove(order);
        await _db.SaveChangesAsync().ConfigureAwait(false);
    }

    public async Task DeleteFromFactoryAsync(IDbContextFactory<ShopContext> factory, string status)
    {
        var dbContext = await factory.CreateDbContextAsync().ConfigureAwait(false);
        await using (dbContext.ConfigureAwait(false))
        {
            var order = await dbContext.Orders
                .Where(o => o.Status == status)
                .{|#4:FirstOrDefaultAsync()|}
                .ConfigureAwait(false);

            if (order is null)
            {
                return;
            }

            dbContext.Remove(order);

            await dbContext.SaveChangesAsync().ConfigureAwait(false);
        }
    }

    public void DeleteProduct(int id)
    {
        var product = _db.Products.{|#1:Find(id)|};
        if (product != null) _db.Products.Remove(product);
        _db.SaveChanges();
    }

    public async Task PurgeAsync(DateTime cutoff)
    {
        var stale = _db.Orders.Where(o => o.Total == 0);
        _db.{|#2:RemoveRange(stale)|};
        _db.OrderLines.{|#3:RemoveRange(await _db.OrderLines.Where(l => l.Quantity == 0).ToListAsync())|};
        await _db.SaveChangesAsync();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'FirstOrDefaultAsync' loads a 'Order' only to remove it and save", "ExecuteDeleteAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("'Find' loads a 'Product' only to remove it and save", "ExecuteDeleteAsync"),
            Verify.Diagnostic().WithLocation(4).WithArguments("'FirstOrDefaultAsync' loads a 'Order' only to remove it and save", "ExecuteDeleteAsync"),
            Verify.Diagnostic().WithLocation(2)
                .WithArguments("'RemoveRange' loads every 'Order' the query matches to delete them one by one", "ExecuteDeleteAsync"),
            Verify.Diagnostic().WithLocation(3)
                .WithArguments("'RemoveRange' loads every 'OrderLine' the query matches to delete them one by one", "ExecuteDeleteAsync"));

        [Test]
        public Task DeletesThatReadTheEntityOrAreNotSaved_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Cleanup
{
    private readonly ShopContext _db;
    public Cleanup(ShopContext db) => _db = db;

    public async Task<string> DeleteAndReportAsync(int id)
    {
        var order = await _db.Orders.FirstOrDefaultAsync(o => o.Id == id);
        if (order == null) return ""missing"";
        _db.Remove(order);
        await _db.SaveChangesAsync();
        return order.Status;   // read after the delete
    }

    public async Task DeleteWithLinesAsync(int id)
    {
        var order = await _db.Orders.Include(o => o.Lines).FirstAsync(o => o.Id == id);   // the lines go with it
        _db.Remove(order);
        await _db.SaveChangesAsync();
    }

    public void MarkOnly(int id)
    {
        var order = _db.Orders.First(o => o.Id == id);
        _db.Remove(order);   // saved by the caller
    }

    public void RemoveGiven(List<Order> orders)
    {
        _db.RemoveRange(orders);
        _db.SaveChanges();
    }

    public void RemoveFirstPage()
    {
        _db.RemoveRange(_db.Orders.OrderBy(o => o.Id).Take(100));
        _db.SaveChanges();
    }
}");

        [Test]
        public Task ApplicationsThatHookSaveChanges_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class SoftDeletingContext : DbContext
{
    public DbSet<Order> Orders { get; set; }
    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State == EntityState.Deleted)) entry.State = EntityState.Modified;
        return base.SaveChangesAsync(cancellationToken);
    }
}

public sealed class Cleanup
{
    public async Task DeleteAsync(SoftDeletingContext db, int id)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id);
        if (order is not null) db.Remove(order);
        await db.SaveChangesAsync();
    }
}");

        [Test]
        public Task AHookOnModifiedEntries_SilencesUpdatesButNotDeletes() => Verify.VerifyWithModelAsync(U + @"
public sealed class StampingContext : DbContext
{
    public DbSet<Order> Orders { get; set; }
    public override int SaveChanges()
    {
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State == EntityState.Modified)) entry.Property(""Status"").IsModified = true;
        return base.SaveChanges();
    }
}

public sealed class Cleanup
{
    public void Archive(StampingContext db)
    {
        foreach (var order in db.Orders.Where(o => o.Total == 0).ToList()) order.Status = ""archived"";
        db.SaveChanges();
    }

    public void Delete(StampingContext db, int id)
    {
        var order = db.Orders.{|#0:SingleOrDefault(o => o.Id == id)|};
        if (order == null) return;
        db.Orders.Remove(order);
        db.SaveChanges();
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("'SingleOrDefault' loads a 'Order' only to remove it and save", "ExecuteDeleteAsync"));

        [Test]
        public Task ConditionsCallsProjectionsNoSaveAndInMemory_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Maintenance
{
    private static string Normalize(string s) => s.Trim();

    public async Task RunAsync(ShopContext db, List<Order> inMemory)
    {
        foreach (var order in await db.Orders.ToListAsync())
        {
            if (order.Total > 10) order.Status = ""big"";
        }
        foreach (var order in await db.Orders.ToListAsync())
        {
            order.Status = Normalize(order.Status);
        }
        foreach (var order in await db.Orders.Include(o => o.Lines).ToListAsync())
        {
            order.Status = ""x"";
        }
        foreach (var order in inMemory)
        {
            order.Status = ""x"";
        }
        await db.SaveChangesAsync();

        foreach (var order in await db.Orders.ToListAsync())
        {
            order.Status = ""never saved here"";
        }
    }

    public async Task OtherLoopsAsync(ShopContext db)
    {
        var loaded = await db.Orders.ToListAsync();
        for (int i = 0; i < loaded.Count; i++) loaded[i].Status = ""for loops are not analyzed"";
        int n = 0;
        while (n < loaded.Count) { loaded[n].Total = 0; n++; }
        do { n--; } while (n > 0);
        await db.SaveChangesAsync();
    }
}");
    }
}

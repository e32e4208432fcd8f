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
            Verify.Diagnostic().WithLocation(0).WithArguments("updates", "Order", "ExecuteUpdateAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("deletes", "OrderLine", "ExecuteDeleteAsync"));

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

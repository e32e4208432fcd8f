using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PerfGate.Analyzers.Tests.Verifiers;
using Pg1001 = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotExecuteQueryPerLoopIterationAnalyzer>;
using Pg1002 = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCallDatabaseMethodPerLoopIterationAnalyzer>;
using Pg1005 = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCallSaveChangesPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    /// <summary>
    /// The shared loop model (<see cref="LoopContext"/>, <see cref="LoopCardinality"/>): which loops are item loops, and which calls in
    /// them run once, once per key, once per batch or once per event. Checked through the rules that ask it (PG1001, PG1002, PG1005);
    /// the shapes are the ones the OSS tuning trial judged false, and their item-loop twins stay reported.
    /// </summary>
    public sealed class LoopCardinalityTests
    {
        private const string U = ShopModel.Usings;

        // ---- batches and drains -------------------------------------------------------------------

        [Test]
        public Task DrainLoopOnTheCountOfATakeBatch_IsOneBatchPerPass() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class OrderArchive
{
    private readonly ShopContext _db;
    public OrderArchive(ShopContext db) => _db = db;

    // Purge job: delete archived orders 100 at a time until none are left.
    public int Purge()
    {
        int deleted = 0;
        var orders = _db.Orders.Where(o => o.Status == ""archived"").OrderBy(o => o.Id).Take(100).ToList();
        while (orders.Count > 0)
        {
            _db.Orders.RemoveRange(orders);
            _db.SaveChanges();
            deleted += orders.Count;
            orders = _db.Orders.Where(o => o.Status == ""archived"").OrderBy(o => o.Id).Take(100).ToList();
        }

        return deleted;
    }

    public async Task PurgeUntilEmptyAsync(CancellationToken ct)
    {
        while (true)
        {
            var batch = await _db.Orders.Where(o => o.Status == ""archived"").Take(500).ToListAsync(ct);
            if (batch.Count == 0) break;
            _db.Orders.RemoveRange(batch);
            await _db.SaveChangesAsync(ct);
        }
    }
}");

        [Test]
        public Task DrainLoop_SaveChangesPerBatch_IsSilent() => Pg1005.VerifyWithModelAsync(U + @"
public sealed class OrderArchive
{
    public void Purge(ShopContext db)
    {
        var orders = db.Orders.Where(o => o.Status == ""archived"").OrderBy(o => o.Id).Take(100).ToList();
        while (orders.Count > 0)
        {
            db.Orders.RemoveRange(orders);
            db.SaveChanges();
            orders = db.Orders.Where(o => o.Status == ""archived"").OrderBy(o => o.Id).Take(100).ToList();
        }
    }
}");

        [Test]
        public Task QueueOfItems_IsStillAnItemLoop() => Pg1005.VerifyWithModelAsync(U + @"
public sealed class OrderIntake
{
    public void Accept(ShopContext db, Queue<Order> pending)
    {
        while (pending.Count > 0)
        {
            db.Orders.Add(pending.Dequeue());
            db.{|#0:SaveChanges()|};
        }
    }
}", Pg1005.Diagnostic().WithLocation(0).WithArguments("SaveChanges", "while loop"));

        [Test]
        public Task SkipPageTimesSizeInTheLoop_IsOneBatchPerPass() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class Exporter
{
    public async Task ExportAsync(ShopContext db, Func<List<Order>, Task> write, CancellationToken ct)
    {
        const int PageSize = 1000;
        var pages = (await db.Orders.CountAsync(ct) + PageSize - 1) / PageSize;
        for (var page = 0; page < pages; page++)
        {
            var rows = await db.Orders.OrderBy(o => o.Id).Skip(page * PageSize).Take(PageSize).ToListAsync(ct);
            await write(rows);
        }
    }
}");

        [Test]
        public Task PagingThroughARepository_IsOneBatchPerPass() => Pg1002.VerifyWithModelAsync(U + @"
public sealed class PageParams
{
    public int PageNumber { get; set; } = 1;
    public int PageSize { get; set; } = 50;
}

public static class Paging
{
    public static Task<List<T>> PageAsync<T>(IQueryable<T> source, int pageNumber, int pageSize) =>
        source.Skip((pageNumber - 1) * pageSize).Take(pageSize).ToListAsync();
}

public interface IOrderRepository
{
    Task<List<Order>> GetPageAsync(int customerId, PageParams page);
    Task<List<Order>> GetBatchAsync(int batch, CancellationToken ct);
}

public sealed class OrderRepository : IOrderRepository
{
    private const int BatchSize = 200;
    private readonly ShopContext _db;
    public OrderRepository(ShopContext db) => _db = db;

    public Task<List<Order>> GetPageAsync(int customerId, PageParams page) =>
        Paging.PageAsync(_db.Orders.Where(o => o.CustomerId == customerId).OrderBy(o => o.Id), page.PageNumber, page.PageSize);

    public Task<List<Order>> GetBatchAsync(int batch, CancellationToken ct) =>
        _db.Orders.OrderBy(o => o.Id).Skip(batch * BatchSize).Take(BatchSize).ToListAsync(ct);
}

public sealed class CoverRefresh
{
    private readonly IOrderRepository _orders;
    public CoverRefresh(IOrderRepository orders) => _orders = orders;

    // Kavita's chunked refresh and BaGetter's batched import: one page per pass, the batching the rules recommend.
    public async Task RefreshAsync(int customerId, int totalChunks, int chunkSize)
    {
        for (var chunk = 1; chunk <= totalChunks; chunk++)
        {
            var orders = await _orders.GetPageAsync(customerId, new PageParams { PageNumber = chunk, PageSize = chunkSize });
            foreach (var order in orders) order.Status = ""refreshed"";
        }
    }

    public async Task ImportAsync(int batches, CancellationToken ct)
    {
        for (var batch = 0; batch < batches; batch++)
        {
            foreach (var order in await _orders.GetBatchAsync(batch, ct)) order.Total += 1;
        }
    }

    // The same call with a value that does not change per pass is a repeated query, not paging.
    public async Task<int> CountAsync(IReadOnlyList<int> customerIds)
    {
        int count = 0;
        foreach (var customerId in customerIds)
        {
            count += (await _orders.{|#0:GetPageAsync(customerId, new PageParams())|}).Count;
        }

        return count;
    }
}", Pg1002.Diagnostic().WithLocation(0).WithArguments("GetPageAsync", "foreach loop",
                "OrderRepository.GetPageAsync \u2192 Paging.PageAsync \u2192 IQueryable<T>.ToListAsync")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        // ---- event pumps and retries --------------------------------------------------------------

        [Test]
        public Task EventAndMessagePumps_RunOncePerMessage() => Pg1001.VerifyWithModelAsync(U + @"
using System.Threading.Channels;

public sealed record OrderPlaced(int OrderId);

public interface IMessageReceiver
{
    Task<OrderPlaced?> ReceiveMessageAsync(CancellationToken ct);
}

public sealed class OrderEventsWorker
{
    private readonly Channel<OrderPlaced> _channel = Channel.CreateUnbounded<OrderPlaced>();
    private readonly ShopContext _db;
    private readonly IMessageReceiver _receiver;
    public OrderEventsWorker(ShopContext db, IMessageReceiver receiver) { _db = db; _receiver = receiver; }

    public async Task ConsumeAsync(CancellationToken ct)
    {
        await foreach (var placed in _channel.Reader.ReadAllAsync(ct))
        {
            var order = await _db.Orders.FindAsync(new object[] { placed.OrderId }, ct);
        }
    }

    public async Task PumpAsync(CancellationToken ct)
    {
        while (await _channel.Reader.WaitToReadAsync(ct))
        {
            while (_channel.Reader.TryRead(out var placed))
            {
                var order = await _db.Orders.FirstAsync(o => o.Id == placed.OrderId, ct);
            }
        }
    }

    public async Task ReceiveAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var message = await _receiver.ReceiveMessageAsync(ct);
            if (message == null) continue;
            var order = await _db.Orders.FirstOrDefaultAsync(o => o.Id == message.OrderId, ct);
        }
    }

    public async IAsyncEnumerable<OrderPlaced> PlacedOrders([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            yield return await _channel.Reader.ReadAsync(ct);
        }
    }

    public async Task ListenAsync(CancellationToken ct)
    {
        await foreach (var placed in PlacedOrders(ct))
        {
            var total = await _db.Orders.Where(o => o.Id == placed.OrderId).SumAsync(o => o.Total, ct);
        }
    }
}");

        [Test]
        public Task AnAppQueueWhoseImplementationsReturnAChannelReader_IsAPump_AStreamOfRowsIsNot() => Pg1001.VerifyWithModelAsync(U + @"
using System.Threading.Channels;

public sealed record LabelRequest(int CustomerId);

// FinanceManager's labelling queue: the controller writes, a hosted service reads until the app stops.
public interface ILabelQueue
{
    ValueTask QueueAsync(LabelRequest request, CancellationToken ct);
    IAsyncEnumerable<LabelRequest> ReadAll(CancellationToken ct);
}

public sealed class LabelQueue : ILabelQueue
{
    private readonly Channel<LabelRequest> _channel = Channel.CreateBounded<LabelRequest>(512);
    public ValueTask QueueAsync(LabelRequest request, CancellationToken ct) => _channel.Writer.WriteAsync(request, ct);
    public IAsyncEnumerable<LabelRequest> ReadAll(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

public interface ICustomerRows
{
    IAsyncEnumerable<Customer> All();
}

public sealed class CustomerRows : ICustomerRows
{
    private readonly List<Customer> _loaded;
    public CustomerRows(List<Customer> loaded) => _loaded = loaded;
    public IAsyncEnumerable<Customer> All() => Each();

    private async IAsyncEnumerable<Customer> Each()
    {
        foreach (var customer in _loaded)
        {
            await Task.Yield();
            yield return customer;
        }
    }
}

public sealed class LabelWorker
{
    private readonly ILabelQueue _queue;
    private readonly ICustomerRows _rows;
    private readonly ShopContext _db;
    public LabelWorker(ILabelQueue queue, ICustomerRows rows, ShopContext db) { _queue = queue; _rows = rows; _db = db; }

    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var request in _queue.ReadAll(ct))
        {
            var customer = await _db.Customers.FirstAsync(c => c.Id == request.CustomerId, ct);
        }

        await foreach (var customer in _rows.All())
        {
            var orders = await _db.Orders.{|#0:CountAsync(o => o.CustomerId == customer.Id, ct)|};
        }
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("CountAsync", "await foreach loop"));

        [Test]
        public Task RetryLoops_AreNotItemLoops() => Pg1005.VerifyWithModelAsync(U + @"
public sealed class StockUpdater
{
    public async Task ReserveAsync(ShopContext db, int orderId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var order = await db.Orders.FirstAsync(o => o.Id == orderId, ct);
                order.Status = ""reserved"";
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    // An item loop with a try/catch per item is still an item loop.
    public async Task AcceptAllAsync(ShopContext db, List<Order> orders, CancellationToken ct)
    {
        foreach (var order in orders)
        {
            try
            {
                db.Orders.Add(order);
                await db.{|#0:SaveChangesAsync(ct)|};
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}", Pg1005.Diagnostic().WithLocation(0).WithArguments("SaveChangesAsync", "foreach loop"));

        // ---- fixed and configured sets ------------------------------------------------------------

        [Test]
        public Task ParameterEveryCallerFillsWithALiteralSet_IsNotAnItemLoop() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class Labels
{
    private readonly ShopContext _db;
    public Labels(ShopContext db) => _db = db;

    public Task<int> DeleteOneAsync(string label) => DeleteAsync(new[] { label });
    public Task<int> DeleteTwoAsync(string a, string b) => DeleteAsync(new List<string> { a, b });
    public Task<int> CountOneAsync(int id) => CountAsync(id);

    private async Task<int> DeleteAsync(IEnumerable<string> labels)
    {
        int total = 0;
        foreach (var label in labels) total += await _db.Orders.CountAsync(o => o.Status == label);
        return total;
    }

    private async Task<int> CountAsync(params int[] ids)
    {
        int total = 0;
        foreach (var id in ids) total += await _db.Orders.CountAsync(o => o.CustomerId == id);
        return total;
    }

    // One caller hands it query results: an item loop.
    public async Task<int> AllAsync() => await SumAsync(await _db.Customers.Select(c => c.Id).ToListAsync());
    public Task<int> SomeAsync(int id) => SumAsync(new List<int> { id });

    private async Task<int> SumAsync(List<int> ids)
    {
        int total = 0;
        foreach (var id in ids) total += await _db.Orders.{|#0:CountAsync(o => o.CustomerId == id)|};
        return total;
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("CountAsync", "foreach loop"));

        [Test]
        public Task SameNamedMethodsOfTwoTypes_EachJudgedByItsOwnCallers() => Pg1001.VerifyWithModelAsync(U + @"
internal sealed class OrderLabels
{
    private readonly ShopContext _db;
    public OrderLabels(ShopContext db) => _db = db;

    internal async Task<int> DeleteAsync(IEnumerable<string> labels)
    {
        int total = 0;
        foreach (var label in labels) total += await _db.Orders.CountAsync(o => o.Status == label);
        return total;
    }
}

internal sealed class CustomerLabels
{
    private readonly ShopContext _db;
    public CustomerLabels(ShopContext db) => _db = db;

    internal async Task<int> DeleteAsync(IEnumerable<string> labels)
    {
        int total = 0;
        foreach (var label in labels) total += await _db.Orders.{|#0:CountAsync(o => o.Status == label)|};
        return total;
    }
}

// Both methods are searched through the same names: each keeps its own callers (a literal set for orders, query results for customers).
public sealed class LabelCleanup
{
    private readonly ShopContext _db;
    public LabelCleanup(ShopContext db) => _db = db;

    public async Task<int> RunAsync()
    {
        var orders = new OrderLabels(_db);
        var customers = new CustomerLabels(_db);
        int total = await orders.DeleteAsync(new[] { ""stale"" });
        total += await orders.DeleteAsync(new List<string> { ""old"", ""void"" });
        total += await customers.DeleteAsync(await _db.Orders.Select(o => o.Status).ToListAsync());
        return total;
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("CountAsync", "foreach loop"));

        [Test]
        public Task ConstantAndConfiguredSets_AreNotItemLoops() => Pg1001.VerifyWithModelAsync(U + @"
using Microsoft.Extensions.Options;

public enum OrderState { New, Paid, Shipped }

public sealed class DashboardOptions
{
    public List<string> Statuses { get; set; } = new();
}

public sealed class Dashboard
{
    private static readonly string[] Tracked = { ""new"", ""paid"", ""shipped"" };
    private readonly ShopContext _db;
    private readonly DashboardOptions _settings;
    private readonly IOptions<DashboardOptions> _options;

    public Dashboard(ShopContext db, IOptions<DashboardOptions> options)
    {
        _db = db;
        _options = options;
        _settings = options.Value;
    }

    public async Task<Dictionary<string, int>> CountsAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        foreach (var status in new[] { ""new"", ""paid"" }) counts[status] = await _db.Orders.CountAsync(o => o.Status == status, ct);
        foreach (var status in Tracked) counts[status] = await _db.Orders.CountAsync(o => o.Status == status, ct);
        foreach (var state in Enum.GetValues<OrderState>()) counts[state.ToString()] = await _db.Orders.CountAsync(o => o.Status == state.ToString(), ct);
        foreach (var status in _options.Value.Statuses) counts[status] = await _db.Orders.CountAsync(o => o.Status == status, ct);
        foreach (var status in _settings.Statuses.Where(s => s.Length > 0)) counts[status] = await _db.Orders.CountAsync(o => o.Status == status, ct);
        for (var day = 0; day < 7; day++) counts[""d"" + day] = await _db.Orders.CountAsync(o => o.Id % 7 == day, ct);
        return counts;
    }

    // A collection that comes from the request or the database is an item loop.
    public async Task<int> CountAsync(List<string> statuses, CancellationToken ct)
    {
        int total = 0;
        foreach (var status in statuses) total += await _db.Orders.{|#0:CountAsync(o => o.Status == status, ct)|};
        var customers = await _db.Customers.ToListAsync(ct);
        for (var i = 0; i < customers.Count; i++) total += await _db.Orders.{|#1:CountAsync(o => o.CustomerId == customers[i].Id, ct)|};
        return total;
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("CountAsync", "foreach loop"),
            Pg1001.Diagnostic().WithLocation(1).WithArguments("CountAsync", "for loop"));

        [Test]
        public Task RegisteredImplementationsOfAService_AreNotItemLoops_ButACollectionOfEntitiesIs() => Pg1002.VerifyWithModelAsync(U + @"
public interface IRescanProvider
{
    Task MarkForScanAsync(int folderId);
}

public sealed class ThumbnailRescan : IRescanProvider
{
    private readonly ShopContext _db;
    public ThumbnailRescan(ShopContext db) => _db = db;
    public Task MarkForScanAsync(int folderId) => _db.Orders.Where(o => o.CustomerId == folderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, ""scan""));
}

public abstract class JobSource
{
    public abstract Task<int> PendingAsync();
}

public sealed class OrderRepository
{
    private readonly ShopContext _db;
    public OrderRepository(ShopContext db) => _db = db;
    public Task<Order?> FindAsync(int id) => _db.Orders.FirstOrDefaultAsync(o => o.Id == id);
}

// Damselfly's rescan service: dependency injection hands in the few registered providers (thumbnails, metadata, faces).
public sealed class RescanService
{
    private readonly IEnumerable<IRescanProvider> _providers;
    private readonly OrderRepository _orders;
    public RescanService(IEnumerable<IRescanProvider> providers, OrderRepository orders) { _providers = providers; _orders = orders; }

    public Task MarkFolderAsync(int folderId)
    {
        var providers = _providers.Where(p => p is not ThumbnailRescan);
        return Task.WhenAll(providers.Select(p => p.MarkForScanAsync(folderId)));
    }

    public async Task MarkAllAsync(int folderId)
    {
        foreach (var provider in _providers) await provider.MarkForScanAsync(folderId);
    }

    // An entity collection handed to a constructor is data, not a service set.
    public async Task<int> CountAsync(List<int> orderIds)
    {
        int found = 0;
        foreach (int id in orderIds) if (await _orders.{|#0:FindAsync(id)|} != null) found++;
        await Task.WhenAll(orderIds.Select(id => _orders.{|#1:FindAsync(id)|}));
        return found;
    }
}

public sealed class JobPump(IReadOnlyList<JobSource> sources)
{
    public async Task<int> PendingAsync()
    {
        int pending = 0;
        foreach (var source in sources) pending += await source.PendingAsync();
        return pending;
    }
}

public sealed class OrderBatch(IReadOnlyList<Order> orders, OrderRepository repository)
{
    public async Task<int> ReloadAsync()
    {
        int found = 0;
        foreach (var order in orders) if (await repository.{|#2:FindAsync(order.Id)|} != null) found++;
        return found;
    }
}",
            FindPerItem(0, "foreach loop"), FindPerItem(1, "Select lambda"), FindPerItem(2, "foreach loop"));

        private static DiagnosticResult FindPerItem(int location, string iteration) =>
            Pg1002.Diagnostic().WithLocation(location).WithArguments("FindAsync", iteration, "FindAsync \u2192 DbSet<Order>.FirstOrDefaultAsync")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Test]
        public Task WalksUpAChainAndProbesUntilFree_AreNotItemLoops_ButAQueueOrAnInMemoryListIs() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class CategoryTree
{
    private readonly ShopContext _db;
    public CategoryTree(ShopContext db) => _db = db;

    // SmartStore's cycle check on a category save: each pass needs the parent the previous pass read.
    public async Task<bool> HasCycleAsync(int id, int? parentId)
    {
        while (parentId != null)
        {
            if (parentId == id) return true;
            var parent = await _db.Customers.FirstAsync(c => c.Id == parentId);
            parentId = parent.Id > 1 ? parent.Id - 1 : null;
        }

        return false;
    }

    // Blogifier's slug for a new post: probe until one is free (one query unless the title is taken).
    public async Task<string> FreeSlugAsync(string title)
    {
        string slug = title.ToLowerInvariant();
        int suffix = 2;
        while (await _db.Products.AnyAsync(p => p.Name == slug)) slug = title.ToLowerInvariant() + suffix++;
        return slug;
    }

    // Work items taken from a queue, and an in-memory chain: one query per item.
    public async Task<int> LoadAsync(Queue<int> pending, Order? head)
    {
        int loaded = 0;
        while (pending.Count > 0)
        {
            int next = pending.Dequeue();
            if (await _db.Customers.{|#0:FirstOrDefaultAsync(c => c.Id == next)|} != null) loaded++;
        }

        var current = head;
        while (current != null)
        {
            if (await _db.Customers.{|#1:FirstOrDefaultAsync(c => c.Id == current.CustomerId)|} != null) loaded++;
            current = current.Id > 0 ? null : current;
        }

        return loaded;
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("FirstOrDefaultAsync", "while loop"),
            Pg1001.Diagnostic().WithLocation(1).WithArguments("FirstOrDefaultAsync", "while loop"));

        // ---- memos and per-key guards -------------------------------------------------------------

        [Test]
        public Task MemoizedInTheLoop_RunsOnce() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class SiteProvisioning
{
    public async Task CreateAsync(ShopContext db, List<OrderLine> template, CancellationToken ct)
    {
        List<Product>? products = null;
        Customer[]? customers = null;
        foreach (var line in template)
        {
            if (products == null) products = await db.Products.ToListAsync(ct);
            customers ??= await db.Customers.ToArrayAsync(ct);
            line.Quantity = products.Count + customers.Length;
        }
    }

    // The memo must outlive the pass: declared inside the loop it runs every time.
    public async Task FreshEachPassAsync(ShopContext db, List<OrderLine> template, CancellationToken ct)
    {
        foreach (var line in template)
        {
            List<Product>? products = null;
            if (products == null) products = await db.Products.{|#0:ToListAsync(ct)|};
            line.Quantity = products.Count;
        }
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "foreach loop"));

        [Test]
        public Task OncePerDistinctKey_IsNotPerItem() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class InvoiceBuilder
{
    public async Task<decimal> TotalAsync(ShopContext db, List<OrderLine> lines, CancellationToken ct)
    {
        var prices = new Dictionary<int, decimal>();
        var seen = new HashSet<int>();
        decimal total = 0;
        foreach (var line in lines)
        {
            if (!prices.TryGetValue(line.ProductId, out var price))
            {
                price = (await db.Products.FirstAsync(p => p.Id == line.ProductId, ct)).Price;
                prices[line.ProductId] = price;
            }

            if (seen.Add(line.OrderId))
            {
                total += await db.Orders.Where(o => o.Id == line.OrderId).SumAsync(o => o.Total, ct);
            }

            total += price * line.Quantity;
        }

        foreach (var line in lines)
        {
            if (!seen.Add(line.ProductId)) continue;
            total += (await db.Products.FindAsync(new object[] { line.ProductId }, ct))!.Price;
        }

        return total;
    }

    // A member of the item is not a memo: every line has its own.
    public async Task LoadAsync(ShopContext db, List<Order> orders, CancellationToken ct)
    {
        foreach (var order in orders)
        {
            if (order.Customer == null) order.Customer = await db.Customers.{|#0:FirstAsync(c => c.Id == order.CustomerId, ct)|};
        }
    }
}", Pg1001.Diagnostic().WithLocation(0).WithArguments("FirstAsync", "foreach loop"));

        [Test]
        public Task SavePerItemThatRecordsASend_IsSilent_APlainOrMediatorSavePerItemIsNot() => Pg1005.VerifyWithModelAsync(U + @"
public interface IMailer { Task SendAsync(string to, string body, CancellationToken ct); }

public sealed class NotificationJob
{
    // Oqtane's NotificationJob: mark each notification delivered right after its mail went out, so a crash mid-batch resends nothing.
    public async Task DeliverAsync(ShopContext db, IMailer mailer, List<Order> pending, CancellationToken ct)
    {
        foreach (var order in pending)
        {
            try
            {
                await mailer.SendAsync(""customer@example.com"", ""Order "" + order.Id, ct);
                order.Status = ""notified"";
                await db.SaveChangesAsync(ct);
            }
            catch (InvalidOperationException)
            {
                order.Status = ""failed"";
            }
        }
    }

    public async Task MarkAsync(ShopContext db, List<Order> pending, CancellationToken ct)
    {
        foreach (var order in pending)
        {
            order.Status = ""seen"";
            await db.{|#0:SaveChangesAsync(ct)|};
        }
    }

    // SimplCommerce's OrderCancellationBackgroundService: MediatR runs the handlers in this process, so the save records no outside effect.
    public async Task CancelAsync(ShopContext db, MediatR.IMediator mediator, List<Order> pending, CancellationToken ct)
    {
        foreach (var order in pending)
        {
            order.Status = ""canceled"";
            await mediator.Publish(order, ct);
            await db.{|#1:SaveChangesAsync(ct)|};
        }
    }
}

namespace MediatR
{
    public interface IMediator { Task Publish(object notification, CancellationToken cancellationToken = default); }
}", Pg1005.Diagnostic().WithLocation(0).WithArguments("SaveChangesAsync", "foreach loop"),
            Pg1005.Diagnostic().WithLocation(1).WithArguments("SaveChangesAsync", "foreach loop"));

        [Test]
        public Task ErrorPathsOfAPass_AreNotPerItem() => Pg1002.VerifyWithModelAsync(U + @"
public enum LogLevel { Trace, Information, Warning, Error }

public sealed class AuditLog
{
    private readonly ShopContext _db;
    public AuditLog(ShopContext db) => _db = db;
    public void Log(LogLevel level, string message) { _db.Add(new OrderLine { Quantity = (int)level }); _db.SaveChanges(); }
}

public sealed class ClaimMapper
{
    // Oqtane's external login: an error entry only for a misconfigured mapping, and per item only when an item fails.
    public void Map(AuditLog log, ShopContext db, List<string> mappings, List<Order> orders)
    {
        foreach (var mapping in mappings)
        {
            if (!mapping.Contains(':')) log.Log(LogLevel.Error, ""Mapping "" + mapping + "" is not in the format 'claim:profile'"");
        }

        foreach (var order in orders)
        {
            try { order.Total += 1; }
            catch (InvalidOperationException) { log.Log(LogLevel.Information, ""Order "" + order.Id + "" failed""); }
        }

        foreach (var order in orders) log.{|#0:Log(LogLevel.Information, ""Order "" + order.Id + "" seen"")|};
    }
}", Pg1002.Diagnostic().WithLocation(0).WithArguments("Log", "foreach loop", "Log \u2192 ShopContext.SaveChanges")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        [Test]
        public Task CallsRightBeforeLeavingTheLoop_RunOnce_OnesAContinueCanSkipPastAreReported() => Pg1005.VerifyWithModelAsync(U + @"
public sealed class Scrobbler
{
    // Kavita's ScrobblingService: an expired token is recorded once, then the whole run stops.
    public async Task<int> ProcessAsync(ShopContext db, List<Order> events, CancellationToken ct)
    {
        var processed = 0;
        foreach (var evt in events)
        {
            if (evt.Status == ""expired"")
            {
                db.Add(new OrderLine { Quantity = evt.Id });
                await db.SaveChangesAsync(ct);
                return 0;
            }

            if (evt.Total < 0)
            {
                await db.SaveChangesAsync(ct);
                break;
            }

            processed++;
        }

        return processed;
    }

    public async Task MarkAsync(ShopContext db, List<Order> orders, CancellationToken ct)
    {
        foreach (var order in orders)
        {
            order.Status = ""seen"";
            await db.{|#0:SaveChangesAsync(ct)|};
            if (order.Total > 0) continue;
            return;
        }

        foreach (var order in orders)
        {
            foreach (var line in order.Lines)
            {
                await db.{|#1:SaveChangesAsync(ct)|};
                break; // leaves the inner loop only: once per order
            }
        }
    }
}", Pg1005.Diagnostic().WithLocation(0).WithArguments("SaveChangesAsync", "foreach loop"),
            Pg1005.Diagnostic().WithLocation(1).WithArguments("SaveChangesAsync", "foreach loop"));

        [Test]
        public Task ContainsOfAnIQueryableInsideAnExpressionTree_IsOneQuery() => Pg1001.VerifyWithModelAsync(U + @"
public sealed class Search
{
    public Task<List<Order>> OrdersWithOnlyActiveProductsAsync(ShopContext db, CancellationToken ct)
    {
        var activeIds = db.Products.Where(p => p.Price > 0).Select(p => p.Id);
        return db.Orders.Where(o => o.Lines.All(l => activeIds.Contains(l.ProductId))).ToListAsync(ct);
    }
}");
    }
}

using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.UseProjectionForFewColumnsAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class UseProjectionForFewColumnsAnalyzerTests
    {
        /// <summary>What PG1004's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1004", ExampleScaffolds.Data + @"
public sealed class Totals
{
    public async Task<decimal> Run(ShopContext db, int id)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        /// <summary>A wide entity (8 scalar columns) and a narrow one (3).</summary>
        private const string Model = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

public class Invoice
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public string Number { get; set; } = """";
    public decimal Amount { get; set; }
    public decimal Tax { get; set; }
    public DateTime IssuedAtUtc { get; set; }
    public string Notes { get; set; } = """";
    public string Status { get; set; } = """";
    public Customer Customer { get; set; }
}

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = """";
    public string Email { get; set; } = """";
}

public class BillingContext : DbContext
{
    public DbSet<Invoice> Invoices { get; set; }
    public DbSet<Customer> Customers { get; set; }
}
";

        [Test]
        public Task FewScalarReads_AreReported() => Verify.VerifyAsync(Model + @"
public sealed class Reports
{
    private readonly BillingContext _db;
    public Reports(BillingContext db) => _db = db;

    public async Task<decimal> TotalAsync(int customerId)
    {
        var invoices = await _db.Invoices.Where(i => i.CustomerId == customerId).{|#0:ToListAsync()|};
        decimal total = 0;
        foreach (var invoice in invoices)
        {
            if (invoice.Status == ""paid"") total += invoice.Amount;
        }
        return total + invoices.Sum(i => i.Tax) + invoices.Count;
    }

    // One row with its navigation loaded to read one column: the Include's join and graph are the waste.
    public string NumberOf(int id)
    {
        var invoice = _db.Invoices.Include(i => i.Customer).AsNoTracking().{|#1:FirstOrDefault(i => i.Id == id)|};
        return invoice == null ? """" : invoice.Number;
    }

    // One narrow row of scalar columns (Kavita's AppUserProgress lookup): reading it whole costs nothing measurable.
    public string StatusOf(int id)
    {
        var invoice = _db.Invoices.AsNoTracking().FirstOrDefault(i => i.Id == id);
        return invoice == null ? """" : invoice.Status;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("ToListAsync", "Invoice", 8, "Amount, Status, Tax"),
            Verify.Diagnostic().WithLocation(1).WithArguments("FirstOrDefault", "Invoice", 8, "Number"));

        [Test]
        public Task EscapesWritesManyColumnsNarrowEntitiesAndProjections_AreSilent() => Verify.VerifyAsync(Model + @"
public sealed class Billing
{
    private readonly BillingContext _db;
    private List<Invoice> _cache = new List<Invoice>();
    public Billing(BillingContext db) => _db = db;

    public Task<List<Invoice>> Returned() => _db.Invoices.ToListAsync();

    public async Task<List<Invoice>> ReturnedLocal()
    {
        var invoices = await _db.Invoices.ToListAsync();
        return invoices;
    }

    public async Task Stored() => _cache = await _db.Invoices.ToListAsync();

    public async Task<int> Passed()
    {
        var invoices = await _db.Invoices.ToListAsync();
        return Count(invoices);
    }

    public async Task<int> EntityPassed()
    {
        var invoices = await _db.Invoices.ToListAsync();
        int n = 0;
        foreach (var invoice in invoices) n += Weight(invoice);
        return n;
    }

    public async Task Modified(int id)
    {
        var invoice = await _db.Invoices.FirstAsync(i => i.Id == id);
        invoice.Status = ""void"";
    }

    public async Task<decimal> ReadThenSaved(int id)
    {
        var invoice = await _db.Invoices.FirstAsync(i => i.Id == id);
        await _db.SaveChangesAsync();
        return invoice.Amount;
    }

    public async Task<string> ManyColumns(int id)
    {
        var i = await _db.Invoices.FirstAsync(x => x.Id == id);
        return $""{i.Number} {i.Amount} {i.Tax} {i.Status}"";
    }

    public async Task<string> Navigation(int id)
    {
        var i = await _db.Invoices.Include(x => x.Customer).FirstAsync(x => x.Id == id);
        return i.Number + i.Customer.Name;
    }

    public async Task<string> Narrow(int id)
    {
        var c = await _db.Customers.FirstAsync(x => x.Id == id);
        return c.Name;
    }

    public Task<List<decimal>> Projected() => _db.Invoices.Select(i => i.Amount).ToListAsync();

    public async Task<List<Invoice>> FilteredInMemory()
    {
        var invoices = await _db.Invoices.ToListAsync();
        var paid = invoices.Where(i => i.Status == ""paid"").ToList();
        return paid;
    }

    public async Task<decimal> Reassigned(bool all)
    {
        var invoices = await _db.Invoices.ToListAsync();
        if (!all) invoices = new List<Invoice>();
        return invoices.Sum(i => i.Amount);
    }

    public async Task<string> WholeEntityUsed(int id)
    {
        var i = await _db.Invoices.FirstAsync(x => x.Id == id);
        return i.ToString() + i.Number;
    }

    private static int Count(List<Invoice> invoices) => invoices.Count;
    private static int Weight(Invoice invoice) => invoice.Id;
}");
            /// <summary>A wide table (12 scalar columns and a column of tag ids), a wide configuration table, a narrow table, and a data layer
        /// whose parameterless methods return every row: EF Core, Dapper with constant SQL, and a generic repository's <c>All()</c>.</summary>
        private const string WholeTableModel = @"using System;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

public class Series
{
    public int Id { get; set; }
    public int TvdbId { get; set; }
    public string Title { get; set; } = """";
    public string CleanTitle { get; set; } = """";
    public string Path { get; set; } = """";
    public string Overview { get; set; } = """";
    public string Network { get; set; } = """";
    public int Year { get; set; }
    public int Runtime { get; set; }
    public bool Monitored { get; set; }
    public DateTime Added { get; set; }
    public DateTime? LastInfoSync { get; set; }
    public List<int> Tags { get; set; } = new List<int>();
}

public class IndexerDefinition
{
    public int Id { get; set; }
    public string Name { get; set; } = """";
    public string Implementation { get; set; } = """";
    public string ConfigContract { get; set; } = """";
    public bool EnableRss { get; set; }
    public bool EnableAutomaticSearch { get; set; }
    public bool EnableInteractiveSearch { get; set; }
    public int Priority { get; set; }
    public int SeasonSearchMaximumSingleEpisodeAge { get; set; }
    public int DownloadClientId { get; set; }
    public string Message { get; set; } = """";
    public List<int> Tags { get; set; } = new List<int>();
}

public class Genre
{
    public int Id { get; set; }
    public string Title { get; set; } = """";
    public string NormalizedTitle { get; set; } = """";
}

public class MediaContext : DbContext
{
    public DbSet<Series> Series { get; set; }
    public DbSet<IndexerDefinition> Indexers { get; set; }
    public DbSet<Genre> Genres { get; set; }
}

public interface ISeriesRepository
{
    List<Series> All();
    Task<List<Series>> AllAsync();
    List<Series> Monitored();
}

public sealed class SeriesRepository : ISeriesRepository
{
    private readonly MediaContext _db;
    public SeriesRepository(MediaContext db) => _db = db;
    public List<Series> All() => _db.Series.AsNoTracking().OrderBy(s => s.Title).ToList();
    public Task<List<Series>> AllAsync() => _db.Series.ToListAsync();
    public List<Series> Monitored() => _db.Series.Where(s => s.Monitored).ToList();
}

public interface ISeriesService
{
    List<Series> GetAllSeries();
    List<Series> GetMonitoredSeries();
    List<IndexerDefinition> GetIndexers();
    List<Genre> GetGenres();
}

public sealed class SeriesService : ISeriesService
{
    private readonly ISeriesRepository _repository;
    private readonly MediaContext _db;
    public SeriesService(ISeriesRepository repository, MediaContext db) { _repository = repository; _db = db; }
    public List<Series> GetAllSeries() => _repository.All().ToList();
    public List<Series> GetMonitoredSeries() => _repository.Monitored();
    public List<IndexerDefinition> GetIndexers() => _db.Indexers.ToList();
    public List<Genre> GetGenres() => _db.Genres.ToList();
}

public sealed class SeriesReader
{
    private readonly IDbConnection _connection;
    public SeriesReader(IDbConnection connection) => _connection = connection;

    public async Task<List<Series>> LoadEverySeriesAsync() => (await _connection.QueryAsync<Series>(""SELECT * FROM Series"")).ToList();

    public async Task<List<Series>> LoadMonitoredAsync() =>
        (await _connection.QueryAsync<Series>(""SELECT * FROM Series WHERE Monitored = 1"")).ToList();
}

// A data layer of its own (Sonarr's BasicRepository<T>): All() builds its SQL at run time; the name and the I/O summary tell.
public class BasicRepository<TModel> where TModel : class, new()
{
    private readonly IDbConnection _connection;
    private readonly string _table;
    public BasicRepository(IDbConnection connection, string table) { _connection = connection; _table = table; }
    protected List<TModel> Query(string sql) => _connection.QueryAsync<TModel>(sql).GetAwaiter().GetResult().ToList();
    public virtual IEnumerable<TModel> All() => Query(""SELECT * FROM "" + _table);
}

public sealed class CachedSeriesService
{
    private readonly IMemoryCache _cache;
    private readonly ISeriesRepository _repository;
    public CachedSeriesService(IMemoryCache cache, ISeriesRepository repository) { _cache = cache; _repository = repository; }
    public List<Series> GetAllSeries() => _cache.GetOrCreate(""series"", e => _repository.All())!;
}
" + Dapper + @"
";

        private const string Dapper = @"
namespace Dapper
{
    public static class SqlMapper
    {
        public static Task<IEnumerable<T>> QueryAsync<T>(this System.Data.IDbConnection connection, string sql, object param = null) =>
            throw new NotImplementedException();
    }
}";

        [Test]
        public Task EveryRowThroughAMethod_TestedForOneKeyOrReadForFewColumns_IsReported() => Verify.VerifyAsync(WholeTableModel + @"
public sealed class SeriesExistsValidator
{
    private readonly ISeriesService _series;
    public SeriesExistsValidator(ISeriesService series) => _series = series;

    // Sonarr's validator: every series, every column, to test one TVDB id.
    public bool IsValid(int tvdbId) => !_series.{|#0:GetAllSeries()|}.Exists(s => s.TvdbId == tvdbId);
}

public sealed class TagDetails
{
    private readonly ISeriesRepository _repository;
    private readonly SeriesReader _reader;
    private readonly BasicRepository<Series> _basic;
    public TagDetails(ISeriesRepository repository, SeriesReader reader, BasicRepository<Series> basic)
    {
        _repository = repository;
        _reader = reader;
        _basic = basic;
    }

    public async Task<List<int>> SeriesIdsFor(int tagId)
    {
        var series = await _repository.{|#1:AllAsync()|};
        return series.Where(s => s.Tags.Contains(tagId)).Select(s => s.Id).ToList();
    }

    public async Task<List<string>> Paths()
    {
        var paths = new List<string>();
        foreach (var show in await _reader.{|#2:LoadEverySeriesAsync()|})
        {
            paths.Add(show.Id + "":"" + show.Path);
        }
        return paths;
    }

    public bool Added(IEnumerable<int> tvdbIds)
    {
        var existing = _basic.{|#3:All()|};
        return tvdbIds.All(id => existing.Any(s => s.TvdbId == id));
    }
}",
            Verify.Diagnostic().WithLocation(0).WithArguments("GetAllSeries (every row of the table)", "Series", 12, "TvdbId"),
            Verify.Diagnostic().WithLocation(1).WithArguments("AllAsync (every row of the table)", "Series", 12, "Id, Tags"),
            Verify.Diagnostic().WithLocation(2).WithArguments("LoadEverySeriesAsync (every row of the table)", "Series", 12, "Id, Path"),
            Verify.Diagnostic().WithLocation(3).WithArguments("All (every row of the table)", "Series", 12, "TvdbId"));

        [Test]
        public Task EveryRowThroughAMethod_FilteredCachedConfigurationNarrowOrUsedWhole_IsSilent() => Verify.VerifyAsync(WholeTableModel + @"
public sealed class Callers
{
    private readonly ISeriesService _series;
    private readonly SeriesReader _reader;
    private readonly CachedSeriesService _cached;
    public Callers(ISeriesService series, SeriesReader reader, CachedSeriesService cached)
    {
        _series = series;
        _reader = reader;
        _cached = cached;
    }

    // The method filters in its query: the rows are the ones asked for.
    public bool MonitoredExists(int tvdbId) => _series.GetMonitoredSeries().Exists(s => s.TvdbId == tvdbId);
    public async Task<bool> MonitoredRead(int tvdbId) => (await _reader.LoadMonitoredAsync()).Any(s => s.TvdbId == tvdbId);

    // Behind a cache: loaded once per expiry.
    public bool CachedExists(int tvdbId) => _cached.GetAllSeries().Exists(s => s.TvdbId == tvdbId);

    // A configuration table (a handful of rows) and a narrow one (three columns).
    public List<int> IndexerIds(int tagId) => _series.GetIndexers().Where(i => i.Tags.Contains(tagId)).Select(i => i.Id).ToList();
    public bool GenreExists(string title) => _series.GetGenres().Exists(g => g.Title == title);

    // The rows flow on whole: returned, passed, a row taken out, or more than three columns read.
    public List<Series> Returned() => _series.GetAllSeries();
    public int Passed() => Count(_series.GetAllSeries());
    public Series? Found(int tvdbId) => _series.GetAllSeries().FirstOrDefault(s => s.TvdbId == tvdbId);
    public List<string> Described() =>
        _series.GetAllSeries().Select(s => s.Title + s.Network + s.Year + s.Overview).ToList();

    private static int Count(List<Series> series) => series.Count;
}");
    }
}

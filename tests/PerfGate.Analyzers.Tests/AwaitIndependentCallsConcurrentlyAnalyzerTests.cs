using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.AwaitIndependentCallsConcurrentlyAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class AwaitIndependentCallsConcurrentlyAnalyzerTests
    {
        /// <summary>What PG2003's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2003", ExampleScaffolds.Sdk + @"
public sealed record Profile(string Name);

public sealed record Rates(decimal Eur);

public sealed class ProfileClient
{
    private readonly HttpClient _http;

    public ProfileClient(HttpClient http) => _http = http;

    public Task<Profile?> GetProfileAsync(string userId, CancellationToken ct) => _http.GetFromJsonAsync<Profile>(""profiles/"" + userId, ct);
}

public sealed class Dashboard
{
    private readonly ProfileClient _profiles;
    private readonly HttpClient _http;

    public Dashboard(ProfileClient profiles, HttpClient http)
    {
        _profiles = profiles;
        _http = http;
    }

    public async Task<(Profile?, Rates?)> Run(string userId, CancellationToken ct)
    {
" + ExampleScaffolds.Marker + @"
        return (profile, rates);
    }
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task TwoIndependentHttpReads_AreReported() => Verify.VerifyAsync(U + @"
public sealed class Dashboard(HttpClient http)
{
    public async Task<string> BuildAsync(int userId, CancellationToken ct)
    {
        var profile = await http.{|#0:GetStringAsync($""profiles/{userId}"", ct)|};
        var orders = await http.{|#1:GetStringAsync($""orders?user={userId}"", ct)|}.ConfigureAwait(false);
        return profile + orders;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetStringAsync", "GetStringAsync",
                "HttpClient.GetStringAsync; HttpClient.GetStringAsync"));

        [Test]
        public Task StripeOpenAiAndWrapperReads_AreReported() => Verify.VerifyAsync(U + @"
using Stripe;
public sealed class RatesClient(HttpClient http)
{
    public Task<string> GetRatesAsync() => http.GetStringAsync(""rates"");
}
public sealed class Checkout(CustomerService customers, RatesClient rates)
{
    public async Task<string> PrepareAsync(string customerId)
    {
        Customer customer = await customers.{|#0:GetAsync(customerId)|};
        string r = await rates.{|#1:GetRatesAsync()|};
        return customer.Email + r;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetAsync", "GetRatesAsync",
                "CustomerService.GetAsync; GetRatesAsync → HttpClient.GetStringAsync"));

        [Test]
        public Task WrapperReadsAreJudgedByWhatTheyDo_NotByTheirName() => Verify.VerifyAsync(U + @"
public sealed class FxClient(HttpClient http)
{
    // Named like nothing in particular, but its whole body is one GET.
    public Task<string> RatesAsync(string currency) => http.GetStringAsync(""rates/"" + currency);
    public async Task<string> HolidaysAsync(int year)
    {
        string raw = await http.GetStringAsync(""holidays/"" + year);
        return raw.Trim();
    }
}
public sealed class Quote(FxClient fx)
{
    public async Task<string> BuildAsync()
    {
        var rates = await fx.{|#0:RatesAsync(""EUR"")|};
        var holidays = await fx.{|#1:HolidaysAsync(2025)|};
        return rates + holidays;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("RatesAsync", "HolidaysAsync",
                "RatesAsync → HttpClient.GetStringAsync; HolidaysAsync → HttpClient.GetStringAsync"));

        /// <summary>Database reads through repositories that open their own connection or context per call (Dapper over a data source,
        /// IDbContextFactory, a scope per call as in bitwarden's EF repositories): safe to overlap, unlike two reads of one DbContext.</summary>
        [Test]
        public Task ReadsOnConnectionsOfTheirOwn_AreReported() => Verify.VerifyWithModelAsync("using Dapper;\nusing System.Data.Common;\n"
            + "using Microsoft.Extensions.DependencyInjection;\n" + Verifiers.ShopModel.Usings + DapperStub + @"
public interface IOrderReader { Task<List<Order>> GetOpenOrdersAsync(int customerId); }
public interface ICustomerReader { Task<Customer> GetCustomerAsync(int id); }
public sealed class EfOrderReader(IDbContextFactory<ShopContext> contexts) : IOrderReader
{
    public async Task<List<Order>> GetOpenOrdersAsync(int customerId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.Status == ""open"").ToListAsync();
    }
}
public sealed class ScopedOrderReader(IServiceScopeFactory scopes) : IOrderReader
{
    public async Task<List<Order>> GetOpenOrdersAsync(int customerId)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = GetDatabaseContext(scope);
            var open = await (from o in db.Orders join c in db.Customers on o.CustomerId equals c.Id
                              where c.Id == customerId select o).ToListAsync();
            return open;
        }
    }
    private static ShopContext GetDatabaseContext(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<ShopContext>();
}
public sealed class DapperCustomerReader(DbDataSource dataSource) : ICustomerReader
{
    public async Task<Customer> GetCustomerAsync(int id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QueryFirstAsync<Customer>(""select * from customers where id = @id"", new { id });
    }
}
public sealed class CustomerPage(IOrderReader orders, ICustomerReader customers)
{
    public async Task<string> ShowAsync(int customerId)
    {
        var open = await orders.{|#0:GetOpenOrdersAsync(customerId)|};
        var customer = await customers.{|#1:GetCustomerAsync(customerId)|};
        return customer.Name + open.Count;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetOpenOrdersAsync", "GetCustomerAsync",
                "ScopedOrderReader.GetOpenOrdersAsync → IQueryable<Order>.ToListAsync (own connection per call); "
                + "DapperCustomerReader.GetCustomerAsync → DbConnection.QueryFirstAsync (own connection per call)"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task DependentWritesAndSeparatedCalls_AreNotReported() => Verify.VerifyAsync(U + @"
using Stripe;
public sealed class Flows(HttpClient http, CustomerService customers)
{
    public async Task<string> DependentAsync(int id)
    {
        var link = await http.GetStringAsync(""links/"" + id);
        var body = await http.GetStringAsync(link);
        return body;
    }

    public async Task WritesAsync()
    {
        await http.PostAsync(""a"", new StringContent(""x""));
        await http.PostAsync(""b"", new StringContent(""y""));
        var c = await customers.CreateAsync(new CustomerCreateOptions());
        var d = await customers.CreateAsync(new CustomerCreateOptions());
    }

    public async Task<string> SeparatedAsync()
    {
        var a = await http.GetStringAsync(""a"");
        Console.WriteLine(a);
        var b = await http.GetStringAsync(""b"");
        return b;
    }

    public async Task<string> AlreadyConcurrentAsync()
    {
        var a = http.GetStringAsync(""a"");
        var b = http.GetStringAsync(""b"");
        await Task.WhenAll(a, b);
        return await a + await b;
    }
}");

        [Test]
        public Task DatabaseCalls_AreNotReported() => Verify.VerifyWithModelAsync(Verifiers.ShopModel.Usings + @"
public sealed class Orders(ShopContext db)
{
    public async Task<int> CountAsync()
    {
        var a = await db.Orders.ToListAsync();
        var b = await db.Customers.ToListAsync();
        return a.Count + b.Count;
    }
}");

        /// <summary>Repositories over the request's DbContext (a field), a context the caller hands in, a write through an own context, and
        /// reads under an ambient TransactionScope: none may overlap.</summary>
        [Test]
        public Task ReadsThatShareAContextOrWrite_AreNotReported() => Verify.VerifyWithModelAsync("using System.Transactions;\n"
            + Verifiers.ShopModel.Usings + @"
public sealed class SharedReader(ShopContext db)
{
    public Task<List<Order>> GetOrdersAsync(int id) => db.Orders.Where(o => o.CustomerId == id).ToListAsync();
    public Task<Customer> GetCustomerAsync(int id) => db.Customers.FirstAsync(c => c.Id == id);
}
public sealed class OwnReader(IDbContextFactory<ShopContext> contexts)
{
    public async Task<List<Order>> GetOrdersAsync(int id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Orders.Where(o => o.CustomerId == id).ToListAsync();
    }
    public async Task<Customer> GetCustomerAsync(int id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Customers.FirstAsync(c => c.Id == id);
    }
    public async Task<Customer> GetOrCreateCustomerAsync(int id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id);
        if (customer == null) { customer = new Customer { Id = id }; db.Customers.Add(customer); await db.SaveChangesAsync(); }
        return customer;
    }
    public Task<List<Order>> GetOrdersAsync(ShopContext db, int id) => db.Orders.Where(o => o.CustomerId == id).ToListAsync();
    public Task<Customer> GetCustomerAsync(ShopContext db, int id) => db.Customers.FirstAsync(c => c.Id == id);
}
public sealed class Pages(SharedReader shared, OwnReader own, ShopContext db)
{
    public async Task<int> SharedAsync(int id)
    {
        var orders = await shared.GetOrdersAsync(id);
        var customer = await shared.GetCustomerAsync(id);
        return orders.Count + customer.Id;
    }

    public async Task<int> HandedInAsync(int id)
    {
        var orders = await own.GetOrdersAsync(db, id);
        var customer = await own.GetCustomerAsync(db, id);
        return orders.Count + customer.Id;
    }

    public async Task<int> WriteAsync(int id)
    {
        var customer = await own.GetOrCreateCustomerAsync(id);
        var orders = await own.GetOrdersAsync(id);
        return orders.Count + customer.Id;
    }

    public async Task<int> InTransactionAsync(int id)
    {
        using var tx = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled);
        var orders = await own.GetOrdersAsync(id);
        var customer = await own.GetCustomerAsync(id);
        tx.Complete();
        return orders.Count + customer.Id;
    }
}");

        /// <summary>Wrappers named like reads that keep state (a token the next call uses) or write (a GET-or-create): their order matters.</summary>
        [Test]
        public Task WrappersThatKeepStateOrWrite_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class PartnerClient(HttpClient http)
{
    private string? _token;
    public async Task<string> GetTokenAsync() => _token = await http.GetStringAsync(""token"");
    public Task<string> GetOrdersAsync() => http.GetStringAsync(""orders?token="" + _token);
    public async Task<string> GetOrCreateCartAsync()
    {
        var response = await http.PostAsync(""carts"", new StringContent(""{}""));
        return await response.Content.ReadAsStringAsync();
    }
    public Task<string> GetPricesAsync() => http.GetStringAsync(""prices"");
}
public sealed class Sync(PartnerClient partner)
{
    public async Task<string> RunAsync()
    {
        await partner.GetTokenAsync();
        var orders = await partner.GetOrdersAsync();
        return orders;
    }

    public async Task<string> CartAsync()
    {
        var cart = await partner.GetOrCreateCartAsync();
        var prices = await partner.GetPricesAsync();
        return cart + prices;
    }
}");

        private const string DapperStub = DoNotCallDatabaseMethodPerLoopIterationAnalyzerTests.DapperStub;
    }
}

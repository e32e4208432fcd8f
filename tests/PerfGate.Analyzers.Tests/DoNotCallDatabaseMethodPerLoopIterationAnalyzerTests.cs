using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PerfGate.Analyzers.Tests.Verifiers;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotCallDatabaseMethodPerLoopIterationAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotCallDatabaseMethodPerLoopIterationAnalyzerTests
    {
        /// <summary>What PG1002's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG1002", ExampleScaffolds.Data + @"
public sealed class OrderRepository
{
    private readonly ShopContext _db;

    public OrderRepository(ShopContext db) => _db = db;

    public async Task<Order> GetOrderAsync(int id) => (await _db.Orders.FindAsync(id))!;

    public Task<List<Order>> GetOrdersAsync(List<int> ids) => _db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync();
}

public sealed class Invoices
{
    private readonly OrderRepository _orders;

    public Invoices(OrderRepository orders) => _orders = orders;

    public async Task Run(List<int> orderIds, List<decimal> totals)
    {
" + ExampleScaffolds.Marker + @"
    }
}
");

        private const string U = ShopModel.Usings;

        private const string Repositories = @"
public interface IOrders
{
    Task<Order> FindAsync(int id);
    Task<List<Order>> FindManyAsync(IReadOnlyCollection<int> ids);
}

public sealed class OrderRepository : IOrders
{
    private readonly ShopContext _db;
    public OrderRepository(ShopContext db) => _db = db;
    public async Task<Order> FindAsync(int id) => await _db.Orders.{|#9:FindAsync(id)|};
    public Task<List<Order>> FindManyAsync(IReadOnlyCollection<int> ids) => _db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync();
}

public sealed class OrderService
{
    private readonly IOrders _orders;
    public OrderService(IOrders orders) => _orders = orders;
    public Task<Order> GetOrderAsync(int id) => _orders.{|#8:FindAsync(id)|};
}
";

        private static DiagnosticResult Diagnostic(int location, string method, string iteration, string chain, string? reach = null) =>
            Verify.Diagnostic().WithLocation(location)
                .WithArguments(reach == null ? new object[] { method, iteration, chain } : new object[] { method, iteration, chain, reach })
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task ServiceThroughInjectedInterface_NamesTheChain_WithRelatedLocations() => Verify.VerifyWithModelAsync(U + Repositories + @"
public sealed class Totals
{
    public async Task<decimal> SumAsync(OrderService service, int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids)
        {
            total += (await service.{|#0:GetOrderAsync(id)|}).Total;
        }
        return total;
    }
}",
            Verify.Diagnostic().WithLocation(0).WithLocation(8).WithLocation(9)
                .WithArguments("GetOrderAsync", "foreach loop", "GetOrderAsync \u2192 OrderRepository.FindAsync \u2192 DbSet<Order>.FindAsync"));

        [Test]
        public Task InterfaceCallDirectlyInLoop_StartsAtTheImplementation() => Verify.VerifyWithModelAsync(U + Repositories + @"
public sealed class Totals
{
    private readonly IOrders _orders;
    public Totals(IOrders orders) => _orders = orders;

    public async Task<decimal> SumAsync(List<int> ids)
    {
        decimal total = 0;
        for (int i = 0; i < ids.Count; i++) total += (await _orders.{|#0:FindAsync(ids[i])|}).Total;
        return total;
    }
}",
            Diagnostic(0, "FindAsync", "for loop", "OrderRepository.FindAsync \u2192 DbSet<Order>.FindAsync"));

        [Test]
        public Task SelectLambda_LocalFunction_AndSaveChangesHelper_AreReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class OrderSync
{
    private readonly ShopContext _db;
    public OrderSync(ShopContext db) => _db = db;

    private void Touch(Order order)
    {
        order.Status = ""seen"";
        _db.SaveChanges();
    }

    public async Task RunAsync(List<Order> orders, List<int> customerIds)
    {
        var names = customerIds.Select(id => {|#0:NameOf(id)|}).ToList();
        foreach (var order in orders)
        {
            {|#1:Touch(order)|};
            await {|#2:LoadAsync(order.Id)|};
        }

        async Task<Customer> LoadAsync(int id) => await _db.Customers.FirstAsync(c => c.Id == id);
    }

    private string NameOf(int id) => _db.Customers.Where(c => c.Id == id).Select(c => c.Name).Single();
}",
            Diagnostic(0, "NameOf", "Select lambda", "NameOf \u2192 IQueryable<string>.Single"),
            Diagnostic(1, "Touch", "foreach loop", "Touch \u2192 ShopContext.SaveChanges"),
            Diagnostic(2, "LoadAsync", "foreach loop", "LoadAsync \u2192 DbSet<Customer>.FirstAsync"));

        [Test]
        public Task DapperAndAdoNet_DirectlyOrThroughAMethod_AreReported() => Verify.VerifyWithModelAsync("using Dapper;\n" + U + DapperStub + @"
public sealed class LegacyReports
{
    private readonly System.Data.IDbConnection _connection;
    private readonly System.Data.Common.DbConnection _db;
    public LegacyReports(System.Data.IDbConnection connection, System.Data.Common.DbConnection db) { _connection = connection; _db = db; }

    private async Task<int> CountAsync(int id)
    {
        using var command = _db.CreateCommand();
        command.CommandText = ""select count(*) from lines where order_id = "" + id;
        return (int)(await command.ExecuteScalarAsync())!;
    }

    public async Task RunAsync(int[] ids)
    {
        foreach (var id in ids)
        {
            await _connection.{|#0:QueryFirstAsync<int>(""select 1"")|};
            await {|#1:CountAsync(id)|};
        }
    }
}",
            Diagnostic(0, "QueryFirstAsync", "foreach loop", "IDbConnection.QueryFirstAsync"),
            Diagnostic(1, "CountAsync", "foreach loop", "CountAsync \u2192 DbCommand.ExecuteScalarAsync"));

        // ---- not flagged ---------------------------------------------------------------------

        [Test]
        public Task DirectEfQueriesInTheLoop_AreLeftToPG1001() => Verify.VerifyWithModelAsync(U + @"
public sealed class Direct
{
    public async Task RunAsync(ShopContext db, int[] ids)
    {
        foreach (var id in ids)
        {
            await db.Orders.FindAsync(id);
            await db.SaveChangesAsync();
        }
    }
}");

        [Test]
        public Task InterfaceWithAnInMemoryImplementation_IsSilent() => Verify.VerifyWithModelAsync(U + Repositories + @"
public sealed class CachedOrders : IOrders
{
    private readonly Dictionary<int, Order> _cache = new Dictionary<int, Order>();
    public Task<Order> FindAsync(int id) => Task.FromResult(_cache[id]);
    public Task<List<Order>> FindManyAsync(IReadOnlyCollection<int> ids) => Task.FromResult(ids.Select(id => _cache[id]).ToList());
}

public sealed class Totals
{
    public async Task<decimal> SumAsync(IOrders orders, int[] ids)
    {
        decimal total = 0;
        foreach (var id in ids) total += (await orders.FindAsync(id)).Total;
        return total;
    }
}");

        [Test]
        public Task PureMethods_SetBasedCallsBeforeTheLoop_DelegatesAndConditions_AreSilent() => Verify.VerifyWithModelAsync(U + Repositories + @"
public sealed class Clean
{
    private readonly ShopContext _db;
    private readonly Func<int, Task<Order>> _load;
    public Clean(ShopContext db, Func<int, Task<Order>> load) { _db = db; _load = load; }

    private static decimal WithTax(decimal amount) => amount * 1.2m;
    private Task<bool> HasWorkAsync() => _db.Orders.AnyAsync(o => o.Status == ""new"");

    public async Task<decimal> RunAsync(OrderRepository repository, int[] ids)
    {
        var orders = await repository.FindManyAsync(ids);
        decimal total = 0;
        foreach (var order in orders) total += WithTax(order.Total);
        foreach (var id in ids) total += (await _load(id)).Total;
        while (await HasWorkAsync()) { total++; }
        return total;
    }
}");

        [Test]
        public Task ExpressionTreeLambdas_AndRecursion_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Translated
{
    private readonly ShopContext _db;
    public Translated(ShopContext db) => _db = db;

    public static bool IsBig(decimal total) => total > 100;

    public int Walk(int depth) => depth == 0 ? 0 : Walk(depth - 1) + 1;

    public List<bool> Run() => _db.Orders.Select(o => IsBig(o.Total)).ToList();

    public int RunRecursive(int[] items)
    {
        int sum = 0;
        foreach (var item in items) sum += Walk(item);
        return sum;
    }
}");

        [Test]
        public Task PollingLoopsPacedByATimer_AreSilent() => Verify.VerifyWithModelAsync(U + @"
public sealed class Poller
{
    private readonly ShopContext _db;
    public Poller(ShopContext db) => _db = db;
    private Task<int> DispatchAsync() => _db.Orders.CountAsync(o => o.Status == ""pending"");

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await DispatchAsync();
            await Task.Delay(1000, ct);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(ct))
        {
            await DispatchAsync();
            await _db.Orders.CountAsync();
        }
    }
}");

        /// <summary>
        /// Database-backed settings read per item through a property getter; memoized getters, getters of types that keep a cache, indexers
        /// and plain properties stay silent.
        /// </summary>
        [Test]
        public Task SettingsPropertyBackedByTheDatabase_ReadPerItem_IsReported() => Verify.VerifyWithModelAsync(U + @"
public sealed class SiteSettings
{
    private readonly ShopContext _db;
    private Customer? _owner;
    public SiteSettings(ShopContext db) => _db = db;
    public string OwnerName => _db.Customers.Where(c => c.Id == 1).Select(c => c.Name).{|#9:Single()|};
    public Customer Owner => _owner ??= _db.Customers.First(c => c.Id == 1);
    public int PageSize { get; set; } = 20;
}

public sealed class CachedNames
{
    private readonly ShopContext _db;
    private readonly Microsoft.Extensions.Caching.Memory.IMemoryCache _cache;
    public CachedNames(ShopContext db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache) { _db = db; _cache = cache; }
    public string this[int id] => _db.Customers.Where(c => c.Id == id).Select(c => c.Name).Single();
    public string OwnerName => _cache.TryGetValue(""owner"", out object? name) ? (string)name! : _db.Customers.Select(c => c.Name).First();
}

public sealed class Labels
{
    public List<string> Build(SiteSettings settings, CachedNames names, List<Order> orders)
    {
        var labels = new List<string>();
        foreach (var order in orders)
        {
            labels.Add({|#0:settings.OwnerName|} + "" "" + settings.Owner.Name + "" "" + settings.PageSize + "" "" + order.Id);
            labels.Add(names[order.Id] + names.OwnerName);
        }
        return labels;
    }
}",
            Diagnostic(0, "OwnerName", "foreach loop", "OwnerName \u2192 IQueryable<string>.Single"));

        private const string IdentityUsings = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
public sealed class AppUser : IdentityUser { public DateTime CreatedAt { get; set; } }
public sealed record UserListItem(string Id, string Email, IList<string> Roles);
";

        /// <summary>Connapse's admin user list (roles per listed user) and a controller asking IsInRoleAsync per user through a helper.</summary>
        [Test]
        public Task IdentityStoreReadsPerUser_OnRequestPaths_AreReported() => Verify.VerifyWebWithDataAsync(IdentityUsings + @"
public static class AuthEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet(""/users"", async ([FromServices] UserManager<AppUser> userManager) =>
        {
            var users = await userManager.Users.OrderBy(u => u.CreatedAt).ToListAsync();
            var result = new List<UserListItem>(users.Count);
            foreach (var user in users)
            {
                var roles = await userManager.{|#0:GetRolesAsync(user)|};
                result.Add(new UserListItem(user.Id, user.Email ?? """", roles));
            }
            return Results.Ok(result);
        });
    }
}
public sealed class AdminsController : ControllerBase
{
    private readonly UserManager<AppUser> _users;
    public AdminsController(UserManager<AppUser> users) => _users = users;

    private Task<bool> IsAdminAsync(AppUser user) => _users.IsInRoleAsync(user, ""Admin"");

    [HttpGet]
    public async Task<IActionResult> Get(List<string> ids)
    {
        var admins = new List<string>();
        foreach (var id in ids)
        {
            var user = await _users.{|#1:FindByIdAsync(id)|};
            if (user != null && await {|#2:IsAdminAsync(user)|}) admins.Add(id);
        }
        return Ok(admins);
    }
}",
            Diagnostic(0, "GetRolesAsync", "foreach loop", "UserManager<AppUser>.GetRolesAsync", " [reached from GET /users]"),
            Diagnostic(1, "FindByIdAsync", "foreach loop", "UserManager<AppUser>.FindByIdAsync", " [reached from GET AdminsController.Get]"),
            Diagnostic(2, "IsAdminAsync", "foreach loop", "IsAdminAsync \u2192 UserManager<AppUser>.IsInRoleAsync",
                " [reached from GET AdminsController.Get]"));

        /// <summary>
        /// VirtoCommerce's shape: the app registers a UserManager subclass whose FindByIdAsync answers from memory, so a call through
        /// UserManager&lt;T&gt; runs the override, not Identity's store read; a subclass that still reads the store keeps the finding.
        /// </summary>
        [Test]
        public Task IdentityReadOverriddenByTheApp_IsJudgedByTheOverride() => Verify.VerifyWebWithDataAsync(IdentityUsings + @"
public sealed class CachedUserManager : UserManager<AppUser>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AppUser> _known = new();
    public CachedUserManager(IUserStore<AppUser> store) : base(store, null!, null!, null!, null!, null!, null!, null!, null!) { }
    public override Task<AppUser?> FindByIdAsync(string userId) => Task.FromResult(_known.TryGetValue(userId, out var user) ? user : null);
}
public sealed class AuditingRoleManager : RoleManager<IdentityRole>
{
    public AuditingRoleManager(IRoleStore<IdentityRole> store) : base(store, null!, null!, null!, null!) { }
    public override async Task<IdentityRole?> FindByIdAsync(string roleId) { Console.WriteLine(roleId); return await base.FindByIdAsync(roleId); }
}
public sealed class AccessController : ControllerBase
{
    private readonly UserManager<AppUser> _users;
    private readonly RoleManager<IdentityRole> _roles;
    public AccessController(UserManager<AppUser> users, RoleManager<IdentityRole> roles) { _users = users; _roles = roles; }

    [HttpGet]
    public async Task<IActionResult> Get(List<string> ids)
    {
        var found = new List<string>();
        foreach (var id in ids)
        {
            if (await _users.FindByIdAsync(id) != null) found.Add(id);
            if (await _roles.{|#0:FindByIdAsync(id)|} != null) found.Add(id);
        }
        return Ok(found);
    }
}",
            Diagnostic(0, "FindByIdAsync", "foreach loop", "AuditingRoleManager.FindByIdAsync \u2192 RoleManager<IdentityRole>.FindByIdAsync",
                " [reached from GET AccessController.Get]"));

        /// <summary>
        /// Startup seeding of a few roles (no request reaches it), writes and getters that read the user in hand, and Connapse's fix (one
        /// join for every user-role pair) stay silent.
        /// </summary>
        [Test]
        public Task IdentitySeedingWritesAndInMemoryGetters_AreNotReported() => Verify.VerifyWebWithDataAsync(IdentityUsings + @"
public sealed class UserRoleRow { public int Id { get; set; } public string UserId { get; set; } = """"; public string RoleName { get; set; } = """"; }
public sealed class AppDb(DbContextOptions<AppDb> options) : DbContext(options) { public DbSet<UserRoleRow> UserRoles => Set<UserRoleRow>(); }
public static class Seed
{
    public static async Task SeedRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var name in new[] { ""Admin"", ""User"" })
        {
            if (!await roles.RoleExistsAsync(name)) await roles.CreateAsync(new IdentityRole(name));
        }
    }
}
public sealed class UsersController : ControllerBase
{
    private readonly UserManager<AppUser> _users;
    private readonly AppDb _db;
    public UsersController(UserManager<AppUser> users, AppDb db) { _users = users; _db = db; }

    [HttpPost]
    public async Task<IActionResult> Import(List<AppUser> imported)
    {
        foreach (var user in imported)
        {
            await _users.CreateAsync(user);
            var email = await _users.GetEmailAsync(user);
        }
        return Ok();
    }

    [HttpGet]
    public async Task<IActionResult> List()
    {
        var users = await _users.Users.ToListAsync();
        var pairs = await _db.UserRoles.AsNoTracking().Select(ur => new { ur.UserId, ur.RoleName }).ToListAsync();
        var byUser = pairs.ToLookup(p => p.UserId, p => p.RoleName);
        return Ok(users.Select(u => new UserListItem(u.Id, u.Email ?? """", byUser[u.Id].ToList())));
    }
}");

        internal const string DapperStub = @"
namespace Dapper
{
    public static class SqlMapper
    {
        public static Task<T> QueryFirstAsync<T>(this System.Data.IDbConnection connection, string sql, object param = null) =>
            throw new NotImplementedException();
        public static Task<IEnumerable<T>> QueryAsync<T>(this System.Data.IDbConnection connection, string sql, object param = null) =>
            throw new NotImplementedException();
    }
}
";
    }
}

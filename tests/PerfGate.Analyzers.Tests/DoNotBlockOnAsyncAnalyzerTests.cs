using System.Threading.Tasks;
using PerfGate.Analyzers.Tests.Examples;
using Verify = PerfGate.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PerfGate.Analyzers.DoNotBlockOnAsyncAnalyzer>;

namespace PerfGate.Analyzers.Tests
{
    public sealed class DoNotBlockOnAsyncAnalyzerTests
    {
        /// <summary>What PG2006's documented examples need around them to compile (RuleExampleTests).</summary>
        internal static readonly Scaffold ExampleScaffold = new Scaffold("PG2006", ExampleScaffolds.Web + @"
public sealed record User(int Id);

public sealed class Users
{
    public Task<User> GetUserAsync(int id) => Task.FromResult(new User(id));
}

public sealed class UsersController : ControllerBase
{
    private readonly Users _users;

    public UsersController(Users users) => _users = users;

" + ExampleScaffolds.Marker + @"
}
");

        private const string U = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
";

        private const string Mvc = @"
namespace Microsoft.AspNetCore.Mvc
{
    public interface IActionResult { }
    public abstract class ControllerBase { }
}
";

        // ---- flagged -------------------------------------------------------------------------

        [Test]
        public Task BlockingInAsyncMethod_IsReported() => Verify.VerifyAsync(U + @"
public sealed class Service(HttpClient http)
{
    public async Task<string> GetAsync()
    {
        var a = {|#0:http.GetStringAsync(""a"").Result|};
        {|#1:http.GetAsync(""b"").Wait()|};
        var c = {|#2:http.GetStringAsync(""c"").ConfigureAwait(false).GetAwaiter().GetResult()|};
        {|#3:Thread.Sleep(100)|};
        await Task.Yield();
        return a + c;
    }

    public Func<Task> Later() => async () => {|#4:Task.WaitAll(Task.Delay(1))|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(".Result", "async method 'GetAsync'"),
            Verify.Diagnostic().WithLocation(1).WithArguments(".Wait()", "async method 'GetAsync'"),
            Verify.Diagnostic().WithLocation(2).WithArguments(".GetAwaiter().GetResult()", "async method 'GetAsync'"),
            Verify.Diagnostic().WithLocation(3).WithArguments("Thread.Sleep", "async method 'GetAsync'"),
            Verify.Diagnostic().WithLocation(4).WithArguments("Task.WaitAll", "async lambda in 'Later'"));

        [Test]
        public Task BlockingInSyncRequestPath_IsReported() => Verify.VerifyAsync(U + Mvc + @"
public sealed class UsersController(HttpClient http) : Microsoft.AspNetCore.Mvc.ControllerBase
{
    public string Get(int id) => {|#0:http.GetStringAsync(""users/"" + id).Result|};
    public string Other() => Helper();
    private string Helper() => {|#1:http.GetStringAsync(""x"").GetAwaiter().GetResult()|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(".Result", "request handler 'Get'", " [reached from UsersController.Get]"),
            Verify.Diagnostic().WithLocation(1).WithArguments(
                ".GetAwaiter().GetResult()", "'Helper', which a request handler calls", " [reached from UsersController.Other via UsersController.Helper]"));

        // ---- not flagged ---------------------------------------------------------------------

        /// <summary>A synchronous mapper that only an async provider calls blocks that provider's pool thread (jellyfin's TVDB provider before
        /// its fix), also one level further up.</summary>
        [Test]
        public Task BlockingInSyncHelpersOnlyAsyncCodeCalls_IsReported() => Verify.VerifyAsync(U + @"
public sealed class SeriesResult { public DateTime? EndDate { get; set; } }
public sealed class TvdbClient(HttpClient http)
{
    public Task<string> GetEpisodesPageAsync(int id, CancellationToken ct) => http.GetStringAsync(""series/"" + id + ""/episodes"", ct);
}
public sealed class SeriesProvider(TvdbClient tvdb)
{
    public async Task<SeriesResult> GetMetadata(int id, CancellationToken ct)
    {
        var result = new SeriesResult();
        await Task.Yield();
        MapSeriesToResult(result, id);
        return result;
    }

    private void MapSeriesToResult(SeriesResult result, int id)
    {
        var page = {|#0:tvdb.GetEpisodesPageAsync(id, CancellationToken.None).Result|};
        result.EndDate = page.Length > 0 ? DateTime.UtcNow : null;
        Normalize(result, id);
    }

    private void Normalize(SeriesResult result, int id) => {|#1:tvdb.GetEpisodesPageAsync(id, CancellationToken.None).Wait()|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(".Result", "'MapSeriesToResult', which only async code calls (async method 'GetMetadata')"),
            Verify.Diagnostic().WithLocation(1).WithArguments(".Wait()", "'Normalize', which only async code calls (async method 'GetMetadata')"));

        /// <summary>Getters that rendering reads: a Blazor component's and a Razor Page model's.</summary>
        [Test]
        public Task BlockingInGettersReadWhileRendering_IsReported() => Verify.VerifyWebAsync(U + @"
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.RazorPages;
public sealed class Prices(HttpClient http)
{
    public Task<string> GetAsync() => http.GetStringAsync(""prices"");
}
public sealed class PriceBadge : ComponentBase
{
    [Inject] public Prices Prices { get; set; } = default!;
    public string Label => {|#0:Prices.GetAsync().Result|};
}
public sealed class PricesModel(Prices prices) : PageModel
{
    public string Current => {|#1:prices.GetAsync().GetAwaiter().GetResult()|};
}",
            Verify.Diagnostic().WithLocation(0).WithArguments(".Result", "the getter of 'Label', which rendering reads"),
            Verify.Diagnostic().WithLocation(1).WithArguments(".GetAwaiter().GetResult()", "the getter of 'Current', which rendering reads"));

        /// <summary>A helper that some synchronous code calls too (a console entry point), or that runs inside Task.Run, is not known to block
        /// an async caller.</summary>
        [Test]
        public Task HelpersWithSyncOrUnknownCallers_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class Importer(HttpClient http)
{
    public static void Main() => new Importer(new HttpClient()).Load(""x"");

    public async Task RunAsync()
    {
        await Task.Yield();
        Load(""a"");
        await Task.Run(() => Refresh(""b""));
    }

    public void Load(string key) => http.GetStringAsync(key).Wait();

    private void Refresh(string key) => http.GetStringAsync(key).Wait();

    public string Label => http.GetStringAsync(""label"").Result;
}
namespace Xunit { public sealed class FactAttribute : Attribute { } }
public sealed class ImporterTests
{
    [Xunit.Fact]
    public async Task Loads()
    {
        await Task.Yield();
        CreateHandler();
    }

    private static string CreateHandler() => new HttpClient().GetStringAsync(""x"").Result;
}");

        [Test]
        public Task CompletedTasksSyncCodeAndExpressionTrees_AreNotReported() => Verify.VerifyAsync(U + @"
public sealed class Fine(HttpClient http)
{
    public async Task<string> AfterWhenAllAsync()
    {
        var a = http.GetStringAsync(""a"");
        var b = http.GetStringAsync(""b"");
        await Task.WhenAll(a, b);
        var tasks = new[] { a, b };
        return a.Result + b.GetAwaiter().GetResult() + string.Concat(tasks.Select(t => t.Result));
    }

    public async Task<int> CheckedAsync(Task<int> t)
    {
        if (t.IsCompletedSuccessfully) return t.Result;
        return await Task.FromResult(1).ConfigureAwait(false) + Task.FromResult(2).Result;
    }

    public string Sync() => http.GetStringAsync(""sync"").Result;

    public async Task<Expression<Func<Task<int>, int>>> TreeAsync()
    {
        await Task.Yield();
        return t => t.Result;
    }

    public static void Main() => Thread.Sleep(10);
}");
    }
}

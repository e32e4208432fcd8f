using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Evidence;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;

namespace PerfGate.Runtime.Tests;

/// <summary>
/// The sample's N+1 endpoint and its fixed twin, driven through WebApplicationFactory with capture on, then evaluated
/// by PerfGate.Core exactly as <c>perfgate check</c> does (budgets.traces) — on SQLite and on PostgreSQL.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.PostgreSql)]
public sealed class SampleCaptureTests(Database database)
{
    private static readonly string SampleFolder =
        Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../samples/OrderService"));
    private static string ReportService => Path.Combine(SampleFolder, "Services", "OrderReportService.cs");

    private TempFolder _folder = null!;
    private LocalApi _api = null!;
    private ShopFactory _factory = null!;
    private Func<Task>? _drop;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        string connection;
        if (database == Database.PostgreSql) (connection, _drop) = await PostgresServer.CreateDatabaseAsync();
        else connection = "Data Source=" + Path.Combine(_folder.Path, "shop.db");
        _api = await ShopApis.StartAsync();
        _factory = new ShopFactory(database, connection, _api.Address);
        _ = _factory.Server; // builds the host and seeds the database before anything is captured
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_factory != null) await _factory.DisposeAsync();
        if (_api != null) await _api.DisposeAsync();
        if (_drop != null) await _drop();
        _folder?.Dispose();
    }

    private static int LineOf(string file, string marker) =>
        Array.FindIndex(File.ReadAllLines(file), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

    private async Task<BudgetOutcome> CaptureAsync(string name, params string[] requests)
    {
        string trace = Path.Combine(_folder.Path, "traces", name + ".otlp.json");
        using (PerfGateCapture.Start(trace, new PerfGateCaptureOptions { ServiceName = "OrderService" }))
        {
            using HttpClient client = _factory.CreateClient();
            foreach (string request in requests)
            {
                using HttpResponseMessage response = await client.GetAsync(request);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), request + ": " + await response.Content.ReadAsStringAsync());
            }
        }
        Assert.That(File.Exists(trace), "the capture writes its file on dispose");
        Assert.That(File.ReadAllText(trace), Does.Not.Contain("Username="), "connection strings are never written");
        string policyPath = Path.Combine(_folder.Path, name + ".yml");
        File.WriteAllText(policyPath, $"version: 1\nbudgets:\n  traces:\n    - files: \"traces/{name}.otlp.json\"\n      queriesPerRequest: {{ max: 5 }}\n");
        PolicyLoadResult loaded = PolicyLoader.Load(policyPath);
        Assert.That(loaded.Errors, Is.Empty);
        return BudgetEvaluator.Evaluate(loaded.Policy!, _folder.Path);
    }

    [Test]
    public async Task The_N_plus_one_endpoint_yields_PG5001_at_the_loop_line()
    {
        BudgetOutcome outcome = await CaptureAsync("slow", "/api/reports/recent-orders/slow?take=10");

        Finding finding = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.NPlusOneQueriesAtRuntime);
        Assert.That(finding.FilePath, Is.EqualTo(ReportService));
        Assert.That(finding.Region!.StartLine, Is.EqualTo(LineOf(ReportService, "PerfGate PG1001: one query per order")));
        Assert.That(finding.Level, Is.EqualTo(RuleLevel.Error));
        Assert.That(finding.Message, Does.StartWith("GET /api/reports/recent-orders/slow: 10 queries of one shape in one request ("));
        Assert.That(finding.Message, Does.Contain("Customers"));

        Finding budget = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.RequestBudgetExceeded);
        Assert.That(budget.Message, Is.EqualTo("GET /api/reports/recent-orders/slow: 11 queries in one request, over the budget of 5 (queriesPerRequest)"));
        Assert.That(outcome.Traces.Single().Requests, Is.EqualTo(1));
        Assert.That(outcome.Traces.Single().DbCalls, Is.EqualTo(11));
    }

    [Test]
    public async Task The_fixed_twin_yields_nothing()
    {
        BudgetOutcome outcome = await CaptureAsync("fixed", "/api/reports/recent-orders?take=10", "/api/reports/backorders");
        Assert.That(outcome.Findings, Is.Empty, string.Join("\n", outcome.Findings.Select(f => f.Message)));
        Assert.That(outcome.Traces.Single().Requests, Is.EqualTo(2));
        Assert.That(outcome.Traces.Single().DbCalls, Is.EqualTo(4));
    }

    [Test]
    public async Task The_static_PG1001_at_the_same_line_is_confirmed_at_run_time()
    {
        BudgetOutcome outcome = await CaptureAsync("confirm", "/api/reports/recent-orders/slow?take=10");
        // The sample's static findings as the analyzers report them (samples/OrderService/expected-findings.txt).
        var staticFindings = File.ReadAllLines(Path.Combine(SampleFolder, "expected-findings.txt"))
            .Select(l => l.Split(' ', ':'))
            .Select(p => new Finding(
                p[0], RuleLevel.Error, "static finding", Path.Combine(SampleFolder, p[1]), new SourceRegion(int.Parse(p[2]), 1, int.Parse(p[2]), 1)))
            .ToList();
        GateResult result = new GateResult(GatePolicy.Default(_folder.Path), staticFindings, new Dictionary<string, ReportedRule>()).WithBudgets(outcome);

        Finding confirmed = result.Findings.Single(f => f.ConfirmedAtRuntime != null);
        Assert.That((confirmed.RuleId, confirmed.Region!.StartLine), Is.EqualTo(("PG1001", LineOf(ReportService, "PerfGate PG1001: one query per order"))));
        Assert.That(confirmed.Message, Is.EqualTo("static finding — seen at run time: 10 queries in GET /api/reports/recent-orders/slow"));
    }

    [Test]
    public async Task The_written_file_is_OTLP_JSON_with_requests_db_and_http_spans_linked()
    {
        await CaptureAsync("otlp", "/api/reports/recent-orders/slow?take=5", "/api/orders/1/total?currency=EUR",
            "/api/orders/1/shipping-quote", "/api/orders/2/shipping-quote");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder.Path, "traces", "otlp.otlp.json")));
        var spans = document.RootElement.GetProperty("resourceSpans")[0].GetProperty("scopeSpans").EnumerateArray()
            .SelectMany(s => s.GetProperty("spans").EnumerateArray()).ToList();
        string Attr(JsonElement span, string key) => span.GetProperty("attributes").EnumerateArray()
            .Where(a => a.GetProperty("key").GetString() == key)
            .Select(a => a.GetProperty("value").EnumerateObject().First().Value.ToString()).FirstOrDefault() ?? "";

        // The local API runs in this process too: its request is a server span under the sample's HTTP client span.
        var all = spans.Where(s => s.GetProperty("kind").GetInt32() == 2).ToList();
        Assert.That(all.Select(s => Attr(s, "http.route")), Is.EquivalentTo(new[]
        {
            "/api/reports/recent-orders/slow", "/api/orders/{id:int}/total", "/latest",
            "/api/orders/{id:int}/shipping-quote", "/api/orders/{id:int}/shipping-quote", "/quotes", "/quotes",
        }));
        var servers = all.Where(s => Attr(s, "http.route").StartsWith("/api/", StringComparison.Ordinal)).ToList();
        var serverIds = servers.Select(s => s.GetProperty("spanId").GetString()).ToHashSet();

        var db = spans.Where(s => Attr(s, "db.query.text").Length > 0).ToList();
        Assert.That(db, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(db.Select(s => Attr(s, "db.system.name")).Distinct(), Is.EqualTo(new[] { database == Database.PostgreSql ? "postgresql" : "sqlite" }));
        var efSpans = db.Where(s => serverIds.Contains(s.GetProperty("parentSpanId").GetString())).ToList();
        Assert.That(efSpans, Has.Count.EqualTo(9), "1 + 5 queries of the report, 1 of the total and 1 per quote, each under its request");

        var calls = spans.Where(s => s.GetProperty("kind").GetInt32() == 3 && Attr(s, "url.full").Length > 0).ToList();
        Assert.That(calls, Has.Count.EqualTo(3));
        JsonElement http = calls.Single(s => Attr(s, "url.full").Contains("latest", StringComparison.Ordinal));
        Assert.That(Attr(http, "url.full"), Is.EqualTo(_api.Address + "latest?*"), ".NET redacts query strings");
        Assert.That(Attr(http, "perfgate.url.hash"), Has.Length.EqualTo(8));
        Assert.That(serverIds, Does.Contain(http.GetProperty("parentSpanId").GetString()));
        Assert.That(all.Single(s => Attr(s, "http.route") == "/latest").GetProperty("parentSpanId").GetString(),
            Is.EqualTo(http.GetProperty("spanId").GetString()));
        // The call site of an HTTP call is the user frame on the stack when the client's activity starts. A brand-new
        // SocketsHttpHandler (the rates client's `new HttpClient()` per call, PG2002) starts it after an async hop,
        // so only the pooled IHttpClientFactory client's second call carries it.
        string shipping = Path.Combine(SampleFolder, "Clients", "ShippingQuotesClient.cs");
        JsonElement quote = calls.Where(s => Attr(s, "url.full").EndsWith("/quotes", StringComparison.Ordinal)).Last();
        Assert.That(Attr(quote, "code.filepath"), Is.EqualTo(shipping));
        Assert.That(Attr(quote, "code.lineno"), Is.EqualTo(LineOf(shipping, "PostAsJsonAsync").ToString()));
        Assert.That(Attr(quote, "http.request.method"), Is.EqualTo("POST"));
        Assert.That(Attr(http, "http.response.status_code"), Is.EqualTo("200"));
        Assert.That(long.Parse(http.GetProperty("endTimeUnixNano").GetString()!),
            Is.GreaterThanOrEqualTo(long.Parse(http.GetProperty("startTimeUnixNano").GetString()!)));
    }
}

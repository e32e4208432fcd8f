using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;
using PerfGate.Analyzers;
using PerfGate.Core.Budgets;
using PerfGate.Core.Gate;
using PerfGate.Core.Policy;

namespace PerfGate.Runtime.Tests;

/// <summary>
/// Outbound HTTP evidence from real Kestrel servers: a front end (this assembly's code, so its frames are the call
/// sites) that calls an upstream API once per item, fetches a large uncompressed document, and makes two independent
/// slow calls one after the other.
/// </summary>
public sealed class HttpCaptureTests
{
    private static readonly HttpClient Upstream = new();

    [Test]
    public async Task N_plus_one_API_calls_large_responses_and_serial_calls_are_found_with_their_call_sites()
    {
        await using LocalApi api = await LocalApi.StartAsync(app =>
        {
            app.MapGet("/items/{id:int}", (int id) => Results.Json(new { id }));
            app.MapGet("/catalog", () => Results.Text(new string('x', 600 * 1024), "application/json"));
            app.MapGet("/slow/{name}", async (string name) => { await Task.Delay(150); return Results.Json(new { name }); });
        });
        await using LocalApi front = await LocalApi.StartAsync(app =>
        {
            app.MapGet("/orders", async () =>
            {
                for (int id = 1; id <= 10; id++) await FetchItemAsync(api.Address, id);
                return Results.Ok();
            });
            app.MapGet("/catalog", async () => Results.Text(await FetchCatalogAsync(api.Address)));
            app.MapGet("/dashboard", async () =>
            {
                await Upstream.GetStringAsync(api.Address + "slow/rates");
                await Upstream.GetStringAsync(api.Address + "slow/quotes");
                return Results.Ok();
            });
        });

        using var folder = new TempFolder();
        string trace = Path.Combine(folder.Path, "traces", "http.otlp.json");
        var options = new PerfGateCaptureOptions { IsUserAssembly = a => a == typeof(HttpCaptureTests).Assembly };
        using (PerfGateCapture.Start(trace, options))
        {
            using var client = new HttpClient();
            foreach (string path in new[] { "orders", "catalog", "dashboard" })
                (await client.GetAsync(front.Address + path)).EnsureSuccessStatusCode();
        }

        string policy = folder.Write(
            "perfgate.yml", "version: 1\nrules:\n  PG5005: warning\nbudgets:\n  traces:\n    - files: \"traces/*.json\"\n      callsPerRequest: { max: 5 }\n");
        BudgetOutcome outcome = BudgetEvaluator.Evaluate(PolicyLoader.Load(policy).Policy!, folder.Path);

        Finding nPlusOne = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.NPlusOneApiCallsAtRuntime);
        Assert.That(nPlusOne.Message,
            Does.StartWith("GET /orders: 10 calls of one shape in one request (10 distinct parameter sets): GET " + api.Address + "items/*"));
        Assert.That(nPlusOne.Level, Is.EqualTo(RuleLevel.Error));
        Assert.That(nPlusOne.FilePath, Does.EndWith("HttpCaptureTests.cs"));
        Assert.That(nPlusOne.Region!.StartLine, Is.EqualTo(FetchItemLine));

        Finding budget = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.RequestBudgetExceeded);
        Assert.That(budget.Message, Is.EqualTo("GET /orders: 10 outbound HTTP calls in one request, over the budget of 5 (callsPerRequest)"));

        // Served by both servers under the same route (merged), and received by the front end at its call site.
        var large = outcome.Findings.Where(f => f.RuleId == RuleIdentifiers.LargeResponseAtRuntime).OrderBy(f => f.Message.Length).ToList();
        Assert.That(large.Select(f => f.Message), Is.EqualTo(new[]
        {
            "GET /catalog returned 600 kB without compression (no content-encoding); compress it or page it (seen in 2 requests)",
            $"GET /catalog: GET {api.Address}catalog returned 600 kB without compression (no content-encoding); compress it or page it",
        }));
        Assert.That(large[1].FilePath, Does.EndWith("HttpCaptureTests.cs"));

        Finding serial = outcome.Findings.Single(f => f.RuleId == RuleIdentifiers.SerialHttpCallsAtRuntime);
        Assert.That(serial.Message, Does.StartWith("GET /dashboard: 2 HTTP calls ran one after another"));
        Assert.That(serial.Level, Is.EqualTo(RuleLevel.Warning));

        Assert.That(outcome.Findings.Select(f => f.RuleId).Distinct().Count(), Is.EqualTo(4),
            string.Join("\n", outcome.Findings.Select(f => f.RuleId + " " + f.Message)));
    }

    private static int FetchItemLine;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task FetchItemAsync(string api, int id)
    {
        FetchItemLine = CurrentLine() + 1;
        using HttpResponseMessage response = await Upstream.GetAsync(api + "items/" + id);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> FetchCatalogAsync(string api) => await Upstream.GetStringAsync(api + "catalog");

    private static int CurrentLine([CallerLineNumber] int line = 0) => line;
}

// Why PG2001 and PG2003 matter: wall time of serial vs concurrent awaits against a real local HTTP
// endpoint (HttpListener on loopback) that answers after a fixed artificial latency.
// Run: dotnet run build/bench/external-calls/SerialVsConcurrent.cs -- [latencyMs=100] [items=20] [rounds=3]
using System.Diagnostics;
using System.Net;

int latencyMs = args.Length > 0 ? int.Parse(args[0]) : 100;
int items = args.Length > 1 ? int.Parse(args[1]) : 20;
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;

int port = Random.Shared.Next(20000, 40000);
string prefix = $"http://127.0.0.1:{port}/";
using var listener = new HttpListener();
listener.Prefixes.Add(prefix);
listener.Start();
_ = Task.Run(async () =>
{
    while (listener.IsListening)
    {
        HttpListenerContext context;
        try { context = await listener.GetContextAsync(); } catch { break; }
        _ = Task.Run(async () =>
        {
            await Task.Delay(latencyMs); // the third party's latency
            byte[] body = "{\"ok\":true}"u8.ToArray();
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
    }
});

using var http = new HttpClient { BaseAddress = new Uri(prefix) };
await http.GetStringAsync("warmup");

async Task<double> Time(Func<Task> run)
{
    var samples = new List<double>();
    for (int i = 0; i < rounds; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        samples.Add(watch.Elapsed.TotalMilliseconds);
    }
    samples.Sort();
    return samples[samples.Count / 2];
}

string[] ids = Enumerable.Range(1, items).Select(i => i.ToString()).ToArray();

// PG2001: one call awaited per iteration.
double serialLoop = await Time(async () =>
{
    foreach (string id in ids) await http.GetStringAsync("items/" + id);
});
double boundedLoop = await Time(() => Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 },
    async (id, ct) => await http.GetStringAsync("items/" + id, ct)));

// PG2003: two independent reads in sequence vs Task.WhenAll.
double serialPair = await Time(async () =>
{
    await http.GetStringAsync("profile");
    await http.GetStringAsync("orders");
});
double whenAllPair = await Time(async () =>
{
    Task<string> profile = http.GetStringAsync("profile");
    Task<string> orders = http.GetStringAsync("orders");
    await Task.WhenAll(profile, orders);
});

Console.WriteLine($"latency {latencyMs} ms, {items} items, median of {rounds} rounds");
Console.WriteLine($"PG2001 loop   serial {serialLoop,8:F0} ms   Parallel.ForEachAsync(8) {boundedLoop,8:F0} ms   x{serialLoop / boundedLoop:F1}");
Console.WriteLine($"PG2003 pair   serial {serialPair,8:F0} ms   Task.WhenAll             {whenAllPair,8:F0} ms   x{serialPair / whenAllPair:F1}");
listener.Stop();

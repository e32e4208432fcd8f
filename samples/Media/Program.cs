using System.Threading.Channels;
using Microsoft.AspNetCore.RateLimiting;
using Media.Data;
using Media.Endpoints;
using Media.Services;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddDistributedMemoryCache();
builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
    ConnectionMultiplexer.Connect(builder.Configuration["Redis"] ?? "127.0.0.1:6379,abortConnect=false"));
builder.Services.AddSingleton<ProfileCache>();
builder.Services.AddSingleton<CatalogCache>();
builder.Services.AddSingleton<SlugService>();
builder.Services.AddSingleton(new VideoStore(Path.Combine(Path.GetTempPath(), "media-sample")));
builder.Services.AddSingleton<Transcoder>();
builder.Services.AddDbContext<MediaDbContext>(options => options.UseSqlite(builder.Configuration.GetConnectionString("Media") ?? "Data Source=media.db"));
builder.Services.Configure<CatalogOptions>(builder.Configuration.GetSection("Catalog"));
builder.Services.AddHybridCache();
// The plans API is a third party: a hung call must not hold the request for the default 100 s (PG2005).
builder.Services.AddHttpClient<CatalogReads>(client => client.Timeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton(Channel.CreateBounded<TranscodeJob>(100));
builder.Services.AddHostedService<TranscodeWorker>();

// One policy for uploads: at most 4 at a time, 8 queued.
builder.Services.AddRateLimiter(options => options.AddConcurrencyLimiter("uploads", limiter =>
{
    limiter.PermitLimit = 4;
    limiter.QueueLimit = 8;
}));

var app = builder.Build(); // PerfGate PG4004 (note by default; perfgate.yml raises request-handling rules): JSON APIs, no response compression
app.UseRateLimiter();
app.MapControllers();
UploadEndpoints.Map(app);
ProfileEndpoints.Map(app);
app.Run();

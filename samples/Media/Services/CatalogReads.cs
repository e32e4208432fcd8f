using Media.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Media.Services;

public sealed class CatalogOptions
{
    public string PlansUrl { get; set; } = "https://billing.example/api/plans";
}

public sealed record Plan(string Id, string Name, decimal MonthlyPrice);

/// <summary>Reads that are the same for every request: the category list and the subscription plans.</summary>
public sealed class CatalogReads(MediaDbContext db, HttpClient http, HybridCache cache, IOptions<CatalogOptions> options)
{
    private static readonly HybridCacheEntryOptions FiveMinutes = new() { Expiration = TimeSpan.FromMinutes(5) };

    public Task<List<CategoryDto>> AllCategoriesAsync(CancellationToken cancellationToken) =>
        db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new CategoryDto(c.Id, c.Name)).ToListAsync(cancellationToken); // PerfGate PG3003

    /// <summary>Clean: the same query, cached for five minutes.</summary>
    public async Task<List<CategoryDto>> AllCategoriesCachedAsync(CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync("categories",
            async ct => await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new CategoryDto(c.Id, c.Name)).ToListAsync(ct),
            FiveMinutes, cancellationToken: cancellationToken);

    public async Task<Plan[]> PlansAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<Plan[]>(options.Value.PlansUrl, cancellationToken) ?? []; // PerfGate PG3003

    /// <summary>Clean: depends on the request (a route parameter), so there is nothing shared to cache.</summary>
    public Task<List<VideoSummary>> ByCategoryAsync(int categoryId, CancellationToken cancellationToken) =>
        db.Videos.AsNoTracking()
            .Where(v => v.CategoryId == categoryId)
            .OrderBy(v => v.Id)
            .Take(50)
            .Select(v => new VideoSummary(v.Id, v.Title, v.Category.Name, v.Renditions.Count))
            .ToListAsync(cancellationToken);
}

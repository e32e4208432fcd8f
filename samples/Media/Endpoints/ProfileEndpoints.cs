using Media.Services;

namespace Media.Endpoints;

public static class ProfileEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/profiles", async (string ids, ProfileCache cache) =>
            Results.Ok(await cache.GetManyAsync(ids.Split(','))));
        app.MapGet("/profiles/batched", async (string ids, ProfileCache cache) =>
            Results.Ok(await cache.GetManyBatchedAsync(ids.Split(','))));
        app.MapGet("/catalog/{id}", async (string id, CatalogCache catalog) =>
            Results.Ok(await catalog.GetOrAddAsync(id)));
        app.MapGet("/slug", (string title, SlugService slugs) => Results.Ok(slugs.Slugify(title)));
    }
}

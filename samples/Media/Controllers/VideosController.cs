using Media.Data;
using Media.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Media.Controllers;

[ApiController]
[Route("api/videos")]
public sealed class VideosController(MediaDbContext db, CatalogReads catalog) : ControllerBase
{
    [HttpGet("{id:int}")]
    public async Task<ActionResult<Video>> Get(int id, CancellationToken cancellationToken)
    {
        Video? video = await db.Videos.AsNoTracking().Include(v => v.Renditions).FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        return video is null ? NotFound() : video; // PerfGate PG4003: the entity and its renditions are the payload
    }

    /// <summary>Clean: a projection of the columns the client shows.</summary>
    [HttpGet("{id:int}/summary")]
    public async Task<ActionResult<VideoSummary>> Summary(int id, CancellationToken cancellationToken)
    {
        VideoSummary? summary = await db.Videos.AsNoTracking()
            .Where(v => v.Id == id)
            .Select(v => new VideoSummary(v.Id, v.Title, v.Category.Name, v.Renditions.Count))
            .FirstOrDefaultAsync(cancellationToken);
        return summary is null ? NotFound() : summary;
    }

    [HttpGet("categories")]
    public async Task<IActionResult> Categories(CancellationToken cancellationToken) => Ok(await catalog.AllCategoriesAsync(cancellationToken));

    [HttpGet("categories/cached")]
    public async Task<IActionResult> CategoriesCached(CancellationToken cancellationToken) => Ok(await catalog.AllCategoriesCachedAsync(cancellationToken));

    [HttpGet("categories/{categoryId:int}")]
    public async Task<IActionResult> ByCategory(int categoryId, CancellationToken cancellationToken) => Ok(await catalog.ByCategoryAsync(categoryId, cancellationToken));

    [HttpGet("plans")]
    public async Task<IActionResult> Plans(CancellationToken cancellationToken) => Ok(await catalog.PlansAsync(cancellationToken));

    [HttpGet("{name}/thumbnail")]
    public IActionResult Thumbnail(string name) => Ok(ThumbnailIndex.PathFor(name));

    [HttpPost("{name}/thumbnail")]
    public IActionResult RequestThumbnail(string name)
    {
        ThumbnailIndex.MarkPending(name);
        return Accepted();
    }
}

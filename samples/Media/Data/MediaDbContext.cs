using Microsoft.EntityFrameworkCore;

namespace Media.Data;

public sealed class MediaDbContext(DbContextOptions<MediaDbContext> options) : DbContext(options)
{
    public DbSet<Video> Videos => Set<Video>();
    public DbSet<Category> Categories => Set<Category>();
}

public class Video
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string StoragePath { get; set; } = "";
    public int CategoryId { get; set; }
    public Category Category { get; set; } = null!;
    public List<Rendition> Renditions { get; set; } = [];
}

public class Rendition
{
    public int Id { get; set; }
    public int VideoId { get; set; }
    public string Format { get; set; } = "";
    public long SizeBytes { get; set; }
}

public class Category
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public sealed record CategoryDto(int Id, string Name);

public sealed record VideoSummary(int Id, string Title, string Category, int Renditions);

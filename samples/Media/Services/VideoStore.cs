namespace Media.Services;

public sealed class VideoStore(string root)
{
    /// <summary>Buffers the whole upload in memory before writing it.</summary>
    public async Task<long> SaveBufferedAsync(IFormFile file)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer); // PerfGate PG4002: the whole video sits in memory
        Directory.CreateDirectory(root);
        await File.WriteAllBytesAsync(Path.Combine(root, Path.GetRandomFileName()), buffer.ToArray());
        return buffer.Length;
    }

    /// <summary>Clean: streams the upload to disk.</summary>
    public async Task<long> SaveAsync(IFormFile file)
    {
        Directory.CreateDirectory(root);
        await using var target = File.Create(Path.Combine(root, Path.GetRandomFileName()));
        await file.CopyToAsync(target);
        return target.Length;
    }

    public string PathOf(string name) => Path.Combine(root, Path.GetFileName(name));
}

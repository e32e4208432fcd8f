using System.Collections.Concurrent;

namespace Media.Services;

/// <summary>Thumbnail paths per video name, kept in static dictionaries.</summary>
public static class ThumbnailIndex
{
    private static readonly ConcurrentDictionary<string, string> Paths = new();
    private static readonly ConcurrentDictionary<string, string> Pending = new();

    public static string PathFor(string name) =>
        Paths.GetOrAdd(name, n => Path.Combine("thumbnails", n + ".jpg")); // PerfGate PG3002: one entry per name ever asked for

    /// <summary>Clean: an entry lives only until the thumbnail is done.</summary>
    public static void MarkPending(string name) => Pending[name] = DateTime.UtcNow.ToString("O");

    public static void MarkDone(string name) => Pending.TryRemove(name, out _);
}

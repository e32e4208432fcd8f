using System.Text.RegularExpressions;

namespace Media.Services;

public sealed partial class SlugService
{
    public string Slugify(string title) =>
        new Regex("[^a-z0-9]+").Replace(title.ToLowerInvariant(), "-"); // PerfGate PG3001

    /// <summary>Clean: the pattern is compiled once, at build time.</summary>
    public string SlugifyGenerated(string title) => NonSlug().Replace(title.ToLowerInvariant(), "-");

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}

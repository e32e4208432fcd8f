using System;
using System.Collections.Generic;

namespace PerfGate.Core.Traces;

/// <summary>
/// Route templates a policy names (<c>budgets.traces[].routes</c>). They win over the id heuristics of
/// <see cref="UrlTemplate"/>: a slug such as <c>/products/blue-shirt</c> looks like a word, not an id, so only the
/// team knows it is a parameter. <c>{name}</c> matches one path segment, <c>{*name}</c> the rest of the path;
/// a template with a scheme and host matches only that host, one starting with <c>/</c> any host.
/// </summary>
public sealed class RouteTemplates
{
    public static readonly RouteTemplates None = new(Array.Empty<string>());

    private readonly List<(string? Authority, string[] Segments, string Text)> _templates = new();

    public RouteTemplates(IEnumerable<string> templates)
    {
        foreach (string template in templates)
        {
            var (authority, path) = Split(template);
            _templates.Add((authority, Segments(path), template));
        }
    }

    public bool IsEmpty => _templates.Count == 0;

    /// <summary>True when a valid template: it starts with <c>/</c>, <c>http://</c> or <c>https://</c>.</summary>
    public static bool IsValid(string template) =>
        template.StartsWith("/", StringComparison.Ordinal)
        || template.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || template.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first template that matches <paramref name="url"/> (a full URL or a path), as the policy wrote it.</summary>
    public string? Match(string url)
    {
        if (_templates.Count == 0) return null;
        int cut = url.IndexOfAny(new[] { '?', '#' });
        var (authority, path) = Split(cut >= 0 ? url.Substring(0, cut) : url);
        string[] segments = Segments(path);
        foreach (var template in _templates)
        {
            if (template.Authority != null && !string.Equals(template.Authority, authority, StringComparison.OrdinalIgnoreCase)) continue;
            if (Matches(template.Segments, segments)) return template.Text;
        }
        return null;
    }

    private static bool Matches(string[] template, string[] segments)
    {
        for (int i = 0; i < template.Length; i++)
        {
            string part = template[i];
            if (part.StartsWith("{*", StringComparison.Ordinal)) return true;
            if (i >= segments.Length) return false;
            bool parameter = part.StartsWith("{", StringComparison.Ordinal) && part.EndsWith("}", StringComparison.Ordinal);
            if (!parameter && !string.Equals(part, segments[i], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return template.Length == segments.Length;
    }

    private static (string? Authority, string Path) Split(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return (null, url);
        int slash = url.IndexOf('/', scheme + 3);
        return slash < 0 ? (url, "/") : (url.Substring(0, slash), url.Substring(slash));
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}

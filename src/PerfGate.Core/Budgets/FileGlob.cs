using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;

namespace PerfGate.Core.Budgets;

/// <summary>
/// Expands a policy's file glob (the <c>paths.exclude</c> dialect) relative to the policy's folder:
/// the leading segments without wildcards name the folder to search, the rest is matched below it.
/// Results are sorted ordinally so evaluation is deterministic.
/// </summary>
public static class FileGlob
{
    public static IReadOnlyList<string> Expand(string baseDirectory, string pattern)
    {
        string normalized = pattern.Replace('\\', '/').Trim();
        if (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
        if (normalized.IndexOfAny(new[] { '*', '?' }) < 0)
        {
            string single = Path.GetFullPath(Path.Combine(baseDirectory, normalized));
            return File.Exists(single) ? new[] { single } : Array.Empty<string>();
        }

        string[] segments = normalized.Split('/');
        int literal = 0;
        while (literal < segments.Length - 1 && segments[literal].IndexOfAny(new[] { '*', '?' }) < 0) literal++;
        string prefix = string.Join("/", segments.Take(literal));
        string root = Path.GetFullPath(Path.Combine(baseDirectory, prefix.Length == 0 ? "." : prefix));
        if (normalized.StartsWith("/", StringComparison.Ordinal) && prefix.Length == 0) root = "/";
        string rest = string.Join("/", segments.Skip(literal));
        if (!Directory.Exists(root)) return Array.Empty<string>();

        // A rest without '/' is matched in the root folder only (PathGlob alone would match it at any depth).
        bool anyDepth = rest.Contains("**", StringComparison.Ordinal) || rest.Contains('/');
        PathGlob glob = PathGlob.Parse(anyDepth ? rest : "/" + rest);
        var option = anyDepth ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        try
        {
            return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = option == SearchOption.AllDirectories, IgnoreInaccessible = true })
                .Where(file => PathGlob.RelativeTo(root, file) is { } relative && glob.IsMatch(relative))
                .OrderBy(file => file, StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}

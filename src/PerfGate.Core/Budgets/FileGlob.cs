using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerfGate.Analyzers;
using PerfGate.Core.IO;

namespace PerfGate.Core.Budgets;

/// <summary>
/// Expands a policy's file glob (the <c>paths.exclude</c> dialect) relative to the policy's folder:
/// the leading segments without wildcards name the folder to search, the rest is matched below it.
/// Only regular files inside the repository (<see cref="InputScope"/>) come back, each real folder searched once
/// (<see cref="DirectoryWalker"/>); results are sorted ordinally so evaluation is deterministic.
/// </summary>
public static class FileGlob
{
    private static readonly char[] Wildcards = { '*', '?' };

    public static IReadOnlyList<string> Expand(string baseDirectory, string pattern)
    {
        InputScope scope = InputScope.Around(baseDirectory);
        var (root, rest) = Split(baseDirectory, pattern);
        if (!scope.Contains(root)) return Array.Empty<string>();
        if (rest == null) return RegularFile.Exists(root) ? new[] { root } : Array.Empty<string>();
        if (NativeFileSystem.Kind(root) != FileKind.Directory) return Array.Empty<string>();

        // A rest without '/' is matched in the root folder only (PathGlob alone would match it at any depth).
        bool anyDepth = rest.Contains("**", StringComparison.Ordinal) || rest.Contains('/');
        PathGlob glob = PathGlob.Parse(anyDepth ? rest : "/" + rest);
        return DirectoryWalker.Walk(root, scope, file => PathGlob.RelativeTo(root, file) is { } relative && glob.IsMatch(relative),
            recurse: anyDepth).Files;
    }

    /// <summary>
    /// The folder a glob searches (its leading segments without wildcards) and the rest to match below it; for a literal
    /// path, the file itself and null. Full paths; a pattern that starts with '/' is absolute.
    /// </summary>
    public static (string Root, string? Below) Split(string baseDirectory, string pattern)
    {
        string normalized = pattern.Replace('\\', '/').Trim();
        if (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
        if (normalized.IndexOfAny(Wildcards) < 0) return (Path.GetFullPath(Path.Combine(baseDirectory, normalized)), null);

        string[] segments = normalized.Split('/');
        int literal = 0;
        while (literal < segments.Length - 1 && segments[literal].IndexOfAny(Wildcards) < 0) literal++;
        string prefix = string.Join("/", segments.Take(literal));
        string root = Path.GetFullPath(Path.Combine(baseDirectory, prefix.Length == 0 ? "." : prefix));
        if (normalized.StartsWith("/", StringComparison.Ordinal) && prefix.Length == 0) root = Path.GetPathRoot(Path.GetFullPath(baseDirectory)) ?? "/";
        return (root, string.Join("/", segments.Skip(literal)));
    }
}

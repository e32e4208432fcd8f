using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PerfGate.Core.IO;

/// <summary>A file a walk found but did not return, and why (a FIFO, a broken link, a link out of the repository).</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>What a walk returned: regular files in path order, and the candidates it left out.</summary>
public sealed record WalkResult(IReadOnlyList<string> Files, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Lists the regular files below a folder for the folder scan, globs and the benchmark locator. A repository may hold symbolic
/// links: each real folder is visited once (a link to a parent or <c>self -&gt; .</c> is seen again and left), links that lead
/// out of the <see cref="InputScope"/> are not followed, and a candidate that is not a regular file — a FIFO, a device, a
/// broken or looping link — is reported in <see cref="WalkResult.Skipped"/> instead of being opened. Deterministic: entries are
/// visited in ordinal order and files come back sorted.
/// </summary>
public static class DirectoryWalker
{
    /// <param name="root">The folder to walk.</param>
    /// <param name="scope">Where links may lead; null: the folder's repository (<see cref="InputScope.Around"/>).</param>
    /// <param name="isCandidate">Whether a file's path is wanted (checked before anything is asked of the file system about it).</param>
    /// <param name="skipFolder">Whether a folder's path is left out with everything below it.</param>
    /// <param name="recurse">False: the root's own files only.</param>
    public static WalkResult Walk(string root, InputScope? scope, Func<string, bool> isCandidate, Func<string, bool>? skipFolder = null, bool recurse = true)
    {
        scope ??= InputScope.Around(root);
        var files = new List<string>();
        var skipped = new List<SkippedFile>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        string start = Path.GetFullPath(root);
        if (NativeFileSystem.RealPathOf(start) is { } realStart && NativeFileSystem.Kind(start) == FileKind.Directory)
        {
            visited.Add(realStart);
            pending.Push(start);
        }
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedFile(folder, "the folder cannot be listed: " + e.Message));
                continue;
            }
            var subfolders = new List<string>();
            foreach (FileSystemInfo entry in entries)
            {
                string path = entry.FullName;
                bool isLink = entry.Attributes.HasFlag(FileAttributes.ReparsePoint);
                if (entry is DirectoryInfo || isLink && NativeFileSystem.Kind(path) == FileKind.Directory)
                {
                    if (!recurse || skipFolder?.Invoke(path) == true || isLink && !scope.Contains(path)) continue;
                    // A folder seen before through another path (a link to a parent, self -> .) is not walked again.
                    if (NativeFileSystem.RealPathOf(path) is { } real && visited.Add(real)) subfolders.Add(path);
                    continue;
                }
                if (!isCandidate(path)) continue;
                FileKind kind = NativeFileSystem.Kind(path);
                if (kind != FileKind.Regular)
                {
                    skipped.Add(new SkippedFile(path, kind == FileKind.Missing && isLink
                        ? "a symbolic link to nothing (its target is missing, or the links loop)"
                        : new NotARegularFileException(path, kind).Message));
                    continue;
                }
                if (isLink && !scope.Contains(path))
                {
                    skipped.Add(new SkippedFile(path, scope.Refusal(path)));
                    continue;
                }
                files.Add(path);
            }
            // Depth first, in name order.
            for (int i = subfolders.Count - 1; i >= 0; i--) pending.Push(subfolders[i]);
        }
        files.Sort(StringComparer.Ordinal);
        return new WalkResult(files, skipped);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PerfGate.Core.IO;

/// <summary>
/// The folders PerfGate reads paths from when an input names them: a SARIF result's file (to hash its line), a budget's
/// benchmark results, baseline folder, load-test summary or trace files. A pull request writes those names, so they are
/// confined to the repository (the folder holding <c>.git</c>, else the policy's or the scan's folder) plus the folders the
/// CI configuration lists in <c>PERFGATE_INPUT_FOLDERS</c> (separated by <see cref="Path.PathSeparator"/>): the policy itself
/// cannot widen its reach. Paths are compared after resolving symbolic links, so a link inside the repository that points
/// outside it stays outside.
/// </summary>
public sealed class InputScope
{
    /// <summary>The environment variable that lists more folders inputs may be read from.</summary>
    public const string AllowedFoldersVariable = "PERFGATE_INPUT_FOLDERS";

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static readonly List<string> Allowed = new();
    private readonly string[] _realFolders;

    private InputScope(IReadOnlyList<string> folders)
    {
        Folders = folders;
        _realFolders = folders.Select(f => WithSeparator(RealPathOfPossiblyMissing(f))).Distinct().ToArray();
    }

    /// <summary>The folders, as given (for messages).</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>The repository around <paramref name="directory"/> (or <paramref name="directory"/> itself outside git) and the allowed folders.</summary>
    public static InputScope Around(string directory) => Of(RepositoryRoot.Find(directory, directory));

    /// <summary>
    /// Adds a folder the host itself names (a CLI option such as <c>collect --out</c>: the command line is the CI's word, not
    /// the pull request's) to every scope of this process.
    /// </summary>
    public static void Allow(string folder)
    {
        lock (Allowed) Allowed.Add(Path.GetFullPath(folder));
    }

    /// <summary><paramref name="root"/>, the folders of <see cref="AllowedFoldersVariable"/> and those the host allowed.</summary>
    public static InputScope Of(string root)
    {
        var folders = new List<string> { Path.GetFullPath(root) };
        lock (Allowed) folders.AddRange(Allowed);
        string? allowed = Environment.GetEnvironmentVariable(AllowedFoldersVariable);
        if (!string.IsNullOrWhiteSpace(allowed))
            folders.AddRange(allowed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(f => Path.GetFullPath(f)));
        return new InputScope(folders);
    }

    /// <summary>True when <paramref name="path"/>, its symbolic links resolved, lies in one of the folders (it may not exist yet).</summary>
    public bool Contains(string path)
    {
        string real = WithSeparator(RealPathOfPossiblyMissing(path));
        return _realFolders.Any(folder => real.StartsWith(folder, PathComparison));
    }

    /// <summary>Why <paramref name="path"/> is not read, for a PG0003 message.</summary>
    public string Refusal(string path) =>
        $"'{path}' is outside the repository ({Folders[0]}): PerfGate reads inputs named by a policy or a log only inside it"
        + $" (list other folders in {AllowedFoldersVariable})";

    /// <summary>
    /// The real path of <paramref name="path"/>: of the deepest part that exists, with the rest appended (a file about to be
    /// written, a glob's folder that is not there yet). The rest holds no <c>..</c>: <see cref="Path.GetFullPath(string)"/> removed them.
    /// </summary>
    internal static string RealPathOfPossiblyMissing(string path)
    {
        string full = Path.GetFullPath(path);
        string? existing = full;
        var missing = new Stack<string>();
        while (existing != null)
        {
            string? real = NativeFileSystem.RealPathOf(existing);
            if (real != null) return missing.Aggregate(real, Path.Combine);
            // A dangling link resolves to nothing: it and everything below it stays as written.
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing);
        }
        return full;
    }

    private static string WithSeparator(string folder) =>
        folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
}

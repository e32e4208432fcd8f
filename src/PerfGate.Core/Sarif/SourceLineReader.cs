using System;
using System.IO;

namespace PerfGate.Core.Sarif;

/// <summary>
/// Reads one line of a source file, splitting lines the way the C# compiler numbers them
/// (CR, LF, CRLF, U+0085, U+2028, U+2029). Keeps only the last file read: the writer visits
/// results grouped by file, so memory stays bounded by the largest file. Reads only regular files inside the
/// repository, as <see cref="Baseline.LineHashCache"/> does: the paths come from SARIF logs.
/// </summary>
internal sealed class SourceLineReader
{
    private readonly IO.InputScope _scope;
    private string? _path;
    private string[]? _lines;

    public SourceLineReader(string repositoryRoot) => _scope = IO.InputScope.Of(repositoryRoot);

    /// <summary>The 1-based <paramref name="line"/> of <paramref name="path"/>, or null when unreadable or out of range.</summary>
    public string? GetLine(string path, int line)
    {
        if (!string.Equals(_path, path, StringComparison.Ordinal))
        {
            _path = path;
            _lines = _scope.Contains(path) ? Load(path) : null;
        }

        if (_lines is null || line < 1 || line > _lines.Length)
        {
            return null;
        }

        return _lines[line - 1];
    }

    private static string[]? Load(string path)
    {
        string text;
        try
        {
            text = IO.RegularFile.ReadAllText(path, Baseline.LineHash.MaxFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        return text.Split(new[] { "\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029" }, StringSplitOptions.None);
    }
}

using System;
using System.IO;
using System.Text;

namespace PerfGate.Core.Sarif;

/// <summary>
/// Reads one line of a source file, splitting lines the way the C# compiler numbers them
/// (CR, LF, CRLF, U+0085, U+2028, U+2029). Keeps only the last file read: the writer visits
/// results grouped by file, so memory stays bounded by the largest file.
/// </summary>
internal sealed class SourceLineReader
{
    private string? _path;
    private string[]? _lines;

    /// <summary>The 1-based <paramref name="line"/> of <paramref name="path"/>, or null when unreadable or out of range.</summary>
    public string? GetLine(string path, int line)
    {
        if (!string.Equals(_path, path, StringComparison.Ordinal))
        {
            _path = path;
            _lines = Load(path);
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
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        return text.Split(new[] { "\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029" }, StringSplitOptions.None);
    }
}

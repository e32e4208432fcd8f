using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PerfGate.Core.Baseline;

/// <summary>
/// GitHub code scanning's <c>partialFingerprints.primaryLocationLineHash</c>, computed the way the
/// CodeQL Action's <c>fingerprints.ts</c> does: a rolling hash (base 37, 64-bit wrap-around) over
/// the first 100 characters of the file from the start of each line on, with spaces and tabs
/// skipped and CR, LF and CRLF normalised to LF; the end of the file is marker 65535 followed by
/// zeros. The value is the unsigned hash in lower-case hex without leading zeros, then
/// <c>:N</c>, the occurrence of that hash value among the lines of the file so far (1-based).
/// </summary>
public static class LineHash
{
    public const string Key = "primaryLocationLineHash";

    private const int BlockSize = 100;
    private const long Mod = 37;
    private const int Eof = 65535;

    private static readonly long FirstMod = ComputeFirstMod();

    private static long ComputeFirstMod()
    {
        long value = 1;
        for (int i = 0; i < BlockSize; i++) value = unchecked(value * Mod);
        return value;
    }

    /// <summary>The hash of every line, index 0 for line 1. The text is taken as is (no BOM removed, as Node keeps it).</summary>
    public static IReadOnlyList<string> Compute(string text)
    {
        var hashes = new List<string>();
        var window = new int[BlockSize];
        var lineNumbers = new int[BlockSize];
        Array.Fill(lineNumbers, -1);
        long hashRaw = 0;
        int index = 0, lineNumber = 0;
        bool lineStart = true, prevCr = false;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);

        void Output()
        {
            string value = unchecked((ulong)hashRaw).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            counts.TryGetValue(value, out int count);
            counts[value] = ++count;
            int line = lineNumbers[index];
            while (hashes.Count < line) hashes.Add(string.Empty);
            hashes[line - 1] = value + ":" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            lineNumbers[index] = -1;
        }

        void Update(int current)
        {
            int begin = window[index];
            window[index] = current;
            hashRaw = unchecked(Mod * hashRaw + current - FirstMod * begin);
            index = (index + 1) % BlockSize;
        }

        void Process(int current)
        {
            if (current == ' ' || current == '\t' || (prevCr && current == '\n'))
            {
                prevCr = false;
                return;
            }
            if (current == '\r')
            {
                current = '\n';
                prevCr = true;
            }
            else
            {
                prevCr = false;
            }
            if (lineNumbers[index] != -1) Output();
            if (lineStart)
            {
                lineStart = false;
                lineNumber++;
                lineNumbers[index] = lineNumber;
            }
            if (current == '\n') lineStart = true;
            Update(current);
        }

        foreach (char c in text) Process(c);
        Process(Eof);
        for (int i = 0; i < BlockSize; i++)
        {
            if (lineNumbers[index] != -1) Output();
            Update(0);
        }
        return hashes;
    }

    /// <summary>Larger source files are not hashed (their findings fall back to the symbol or message identity).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Reads a file as UTF-8 (keeping a BOM character, as the Action does) and hashes its lines; null when unreadable, not a
    /// regular file (a FIFO, <c>/dev/zero</c>) or larger than <see cref="MaxFileBytes"/>.
    /// </summary>
    public static IReadOnlyList<string>? ComputeFile(string path)
    {
        try
        {
            byte[] bytes = IO.RegularFile.ReadAllBytes(path, MaxFileBytes);
            return Compute(new UTF8Encoding(false, false).GetString(bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>
/// Line hashes of files, each file read once. A finding's file comes from a SARIF log (a pull request can write
/// <c>file:///etc/passwd</c>), so only files inside the repository are read (<see cref="IO.InputScope"/>).
/// </summary>
public sealed class LineHashCache
{
    private readonly Dictionary<string, IReadOnlyList<string>?> _files = new(StringComparer.Ordinal);
    private readonly IO.InputScope _scope;

    public LineHashCache(string repositoryRoot) => _scope = IO.InputScope.Of(repositoryRoot);

    /// <summary>The hash of the 1-based <paramref name="line"/> of <paramref name="fullPath"/>, or null (also outside the repository).</summary>
    public string? Get(string fullPath, int line)
    {
        if (!_files.TryGetValue(fullPath, out var hashes))
        {
            hashes = _scope.Contains(fullPath) ? LineHash.ComputeFile(fullPath) : null;
            _files[fullPath] = hashes;
        }
        if (hashes is null || line < 1 || line > hashes.Count) return null;
        string value = hashes[line - 1];
        return value.Length == 0 ? null : value;
    }
}

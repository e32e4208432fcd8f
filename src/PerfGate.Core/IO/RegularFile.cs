using System;
using System.IO;
using System.Text;

namespace PerfGate.Core.IO;

/// <summary>
/// An input named by a path is read only when it is a regular file (after following symbolic links): a FIFO would block the
/// open until some writer appears, <c>/dev/zero</c> never ends, a folder is no file. Anything else is a
/// <see cref="NotARegularFileException"/>, an <see cref="IOException"/>, which every reader already reports as unreadable.
/// </summary>
public static class RegularFile
{
    /// <summary>True when <paramref name="path"/> names a regular file, following symbolic links.</summary>
    public static bool Exists(string path) => NativeFileSystem.Kind(path) == FileKind.Regular;

    /// <summary>
    /// Throws <see cref="NotARegularFileException"/> (or <see cref="FileNotFoundException"/>) unless <paramref name="path"/> is a regular file.
    /// </summary>
    public static void Require(string path)
    {
        FileKind kind = NativeFileSystem.Kind(path);
        if (kind == FileKind.Regular) return;
        if (kind == FileKind.Missing)
        {
            bool brokenLink = NativeFileSystem.LinkKind(path) == FileKind.SymbolicLink;
            throw new FileNotFoundException(brokenLink
                ? $"'{path}' is a symbolic link to nothing (its target is missing, or the links loop)"
                : $"Could not find file '{path}'.", path);
        }
        throw new NotARegularFileException(path, kind);
    }

    /// <summary>Opens a regular file for reading; checked by name before the open and on the open file after it.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        Require(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
        FileKind opened = NativeFileSystem.Kind(stream.SafeFileHandle);
        if (opened != FileKind.Regular)
        {
            stream.Dispose();
            throw new NotARegularFileException(path, opened);
        }
        return stream;
    }

    /// <summary>The bytes of a regular file, refusing one larger than <paramref name="maxBytes"/> before reading it.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes = long.MaxValue)
    {
        using FileStream stream = OpenRead(path, 1);
        long length = stream.Length;
        if (length > maxBytes)
            throw new IOException($"'{path}' is {length:N0} bytes, more than the {maxBytes:N0} PerfGate reads from such a file");
        if (length > Array.MaxLength) throw new IOException($"'{path}' is too large to read ({length:N0} bytes)");
        byte[] bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The text of a regular file (UTF-8 unless a BOM says otherwise).</summary>
    public static string ReadAllText(string path, long maxBytes = long.MaxValue)
    {
        byte[] bytes = ReadAllBytes(path, maxBytes);
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

/// <summary>A path that names something other than a regular file: a FIFO, a device, a socket or a folder.</summary>
public sealed class NotARegularFileException : IOException
{
    public NotARegularFileException(string path, FileKind kind)
        : base($"'{path}' is {Describe(kind)}, not a regular file; PerfGate reads only regular files")
    {
        Path = path;
        Kind = kind;
    }

    public string Path { get; }
    public FileKind Kind { get; }

    /// <summary>What a path is when it is not a regular file, for messages ("a FIFO (named pipe)").</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };
}

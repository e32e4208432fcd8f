using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PerfGate.Core.IO;

/// <summary>What a path names, after following symbolic links (or not, for <see cref="NativeFileSystem.LinkKind"/>).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}

/// <summary>
/// The POSIX facts .NET has no public API for: a file's type (a FIFO or a device is not a regular file, and opening a FIFO
/// blocks until a writer comes), its owner, the real path behind symbolic links, and fsync of a folder. On Unix they come from
/// the runtime's own native shim (libSystem.Native, shipped with every .NET runtime: the <c>SystemNative_*</c> functions behind
/// <see cref="File"/> and <see cref="FileStream"/>); its <c>FileStatus</c> starts with Flags, Mode, Uid, Gid and Size in every
/// .NET since Core 3.0, and only those are read. On Windows, attributes answer the same questions less precisely.
/// </summary>
public static class NativeFileSystem
{
    private const string Shim = "libSystem.Native";

    // S_IFMT and the file types, as the shim reports them (its own constants, equal to Linux's).
    private const int TypeMask = 0xF000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharacter = 0x2000;
    private const int TypeDirectory = 0x4000;
    private const int TypeBlock = 0x6000;
    private const int TypeRegular = 0x8000;
    private const int TypeLink = 0xA000;
    private const int TypeSocket = 0xC000;

    /// <summary>The head of the shim's FileStatus; the buffer is larger than any .NET's struct so newer fields have room.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 512)]
    private struct FileStatus
    {
        [FieldOffset(4)] public int Mode;
        [FieldOffset(8)] public uint Uid;
        [FieldOffset(12)] public uint Gid;
        [FieldOffset(16)] public long Size;
    }

    [DllImport(Shim, EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

    [DllImport(Shim, EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

    [DllImport(Shim, EntryPoint = "SystemNative_FStat", SetLastError = true)]
    private static extern int FStat(SafeFileHandle handle, out FileStatus status);

    [DllImport(Shim, EntryPoint = "SystemNative_RealPath", SetLastError = true)]
    private static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport(Shim, EntryPoint = "SystemNative_Free")]
    private static extern void Free(IntPtr pointer);

    [DllImport(Shim, EntryPoint = "SystemNative_Open", SetLastError = true)]
    private static extern IntPtr Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport(Shim, EntryPoint = "SystemNative_FSync", SetLastError = true)]
    private static extern int FSync(IntPtr fd);

    [DllImport(Shim, EntryPoint = "SystemNative_Close", SetLastError = true)]
    private static extern int Close(IntPtr fd);

    [DllImport(Shim, EntryPoint = "SystemNative_GetEUid")]
    private static extern uint GetEUid();

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    private static bool IsUnix => !OperatingSystem.IsWindows();

    /// <summary>What <paramref name="path"/> is, following symbolic links (a broken or looping link is <see cref="FileKind.Missing"/>).</summary>
    public static FileKind Kind(string path)
    {
        if (!IsUnix) return WindowsKind(path, followLinks: true);
        return Stat(path, out FileStatus status) == 0 ? KindOf(status.Mode) : FileKind.Missing;
    }

    /// <summary>What <paramref name="path"/> itself is: a symbolic link is <see cref="FileKind.SymbolicLink"/>.</summary>
    public static FileKind LinkKind(string path)
    {
        if (!IsUnix) return WindowsKind(path, followLinks: false);
        return LStat(path, out FileStatus status) == 0 ? KindOf(status.Mode) : FileKind.Missing;
    }

    /// <summary>What an open file is (it may have changed between a check by name and the open).</summary>
    public static FileKind Kind(SafeFileHandle handle)
    {
        if (!IsUnix) return FileKind.Regular;
        return FStat(handle, out FileStatus status) == 0 ? KindOf(status.Mode) : FileKind.Other;
    }

    /// <summary>The owner, group and permission bits (setuid, setgid and sticky included) of a file, after following links; null on Windows.</summary>
    public static (uint Owner, uint Group, UnixFileMode Mode)? Ownership(string path)
    {
        if (!IsUnix) return null;
        if (Stat(path, out FileStatus status) != 0) throw new IOException($"cannot read the owner of '{path}' (error {Marshal.GetLastPInvokeError()})");
        return (status.Uid, status.Gid, (UnixFileMode)(status.Mode & 0xFFF));
    }

    /// <summary>True when this process runs as root.</summary>
    public static bool IsRoot => IsUnix && GetEUid() == 0;

    /// <summary>Gives <paramref name="path"/> this owner and group; false when the system refuses (not root, or no such call).</summary>
    public static bool TryChangeOwner(string path, uint owner, uint group)
    {
        if (!IsUnix) return true;
        try
        {
            return Chown(path, owner, group) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The absolute path with every symbolic link, <c>.</c> and <c>..</c> resolved; null when it does not exist.</summary>
    public static string? RealPathOf(string path)
    {
        if (!IsUnix)
        {
            string full = Path.GetFullPath(path);
            return File.Exists(full) || Directory.Exists(full) ? full : null;
        }
        IntPtr result = RealPath(path);
        if (result == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            Free(result);
        }
    }

    /// <summary>Flushes a folder's entries to disk (after a rename into it); a no-op where folders cannot be opened.</summary>
    public static void FlushFolder(string folder)
    {
        if (!IsUnix) return;
        const int ReadOnlyCloseOnExec = 0x0010; // PAL_O_RDONLY | PAL_O_CLOEXEC
        IntPtr fd = Open(folder, ReadOnlyCloseOnExec, 0);
        if (fd == (IntPtr)(-1)) return;
        try
        {
            FSync(fd);
        }
        finally
        {
            Close(fd);
        }
    }

    private static FileKind KindOf(int mode) => (mode & TypeMask) switch
    {
        TypeRegular => FileKind.Regular,
        TypeDirectory => FileKind.Directory,
        TypeLink => FileKind.SymbolicLink,
        TypeFifo => FileKind.Fifo,
        TypeCharacter => FileKind.CharacterDevice,
        TypeBlock => FileKind.BlockDevice,
        TypeSocket => FileKind.Socket,
        _ => FileKind.Other,
    };

    private static FileKind WindowsKind(string path, bool followLinks)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists)
        {
            info = new DirectoryInfo(path);
            if (!info.Exists) return FileKind.Missing;
        }
        if (info.LinkTarget != null)
        {
            if (!followLinks) return FileKind.SymbolicLink;
            FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target == null || !target.Exists) return FileKind.Missing;
            info = target;
        }
        if (info.Attributes.HasFlag(FileAttributes.Device)) return FileKind.CharacterDevice;
        return info.Attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory : FileKind.Regular;
    }
}

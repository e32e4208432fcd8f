using System;
using System.IO;

namespace PerfGate.Core.Sarif;

/// <summary>Local paths as SARIF URIs: repo-relative URI references and absolute <c>file:</c> URIs.</summary>
internal static class SarifUris
{
    /// <summary>Full path of a root folder without a trailing separator (unless it is a volume root).</summary>
    public static string NormalizeFolder(string folder) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    /// <summary>
    /// The percent-encoded, forward-slash URI reference of <paramref name="fullPath"/> relative to
    /// <paramref name="rootFolder"/>, or null when the file is not under the root.
    /// </summary>
    public static string? TryMakeRelative(string rootFolder, string fullPath)
    {
        string relative = Path.GetRelativePath(rootFolder, fullPath);
        if (relative == "."
            || Path.IsPathRooted(relative)
            || relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("../", StringComparison.Ordinal))
        {
            return null;
        }

        return EncodePath(ToForwardSlashes(relative));
    }

    /// <summary>An absolute <c>file:</c> URI; folders get a trailing slash so relative references resolve under them.</summary>
    public static string ToFileUri(string fullPath, bool isFolder)
    {
        string path = ToForwardSlashes(fullPath);
        string uri;
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            // UNC: //server/share/rest -> file://server/share/rest
            string rest = path.Substring(2);
            int slash = rest.IndexOf('/');
            string host = slash < 0 ? rest : rest.Substring(0, slash);
            string tail = slash < 0 ? string.Empty : rest.Substring(slash);
            uri = "file://" + host + EncodePath(tail);
        }
        else if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            // Windows drive: C:/dir -> file:///C:/dir (the drive's colon stays literal).
            uri = "file:///" + path.Substring(0, 2) + EncodePath(path.Substring(2));
        }
        else
        {
            uri = "file://" + (path.StartsWith('/') ? string.Empty : "/") + EncodePath(path);
        }

        if (isFolder && !uri.EndsWith('/'))
        {
            uri += "/";
        }

        return uri;
    }

    private static string ToForwardSlashes(string path) =>
        Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Percent-encodes every segment (RFC 3986 unreserved characters stay literal), keeping the slashes.</summary>
    private static string EncodePath(string path)
    {
        string[] segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.EscapeDataString(segments[i]);
        }

        return string.Join('/', segments);
    }
}

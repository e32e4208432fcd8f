using System;
using System.Text;

namespace PerfGate.Core.Traces;

/// <summary>
/// URL → template: scheme, host and port kept, the query string and fragment dropped, and path segments that are
/// identifiers become <c>*</c>: numbers, UUIDs, hex strings, prefixed opaque IDs (<c>cus_NffrFeUfNV2Hib</c>,
/// <c>ch_3MmlLr…</c>) and long mixed letter-digit tokens.
/// </summary>
public static class UrlTemplate
{
    public static string Normalize(string url)
    {
        int cut = url.IndexOfAny(new[] { '?', '#' });
        string path = cut >= 0 ? url.Substring(0, cut) : url;
        int start = 0;
        int scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            int slash = path.IndexOf('/', scheme + 3);
            start = slash < 0 ? path.Length : slash;
        }
        var output = new StringBuilder(path.Length);
        output.Append(path.Substring(0, start).ToLowerInvariant());
        int i = start;
        while (i < path.Length)
        {
            if (path[i] == '/')
            {
                output.Append('/');
                i++;
                continue;
            }
            int end = path.IndexOf('/', i);
            if (end < 0) end = path.Length;
            ReadOnlySpan<char> segment = path.AsSpan(i, end - i);
            if (IsIdentifier(segment)) output.Append('*');
            else output.Append(segment);
            i = end;
        }
        return output.ToString();
    }

    public static bool IsIdentifier(ReadOnlySpan<char> segment)
    {
        if (segment.Length == 0) return false;
        int digits = 0, letters = 0, hex = 0, other = 0;
        foreach (char c in segment)
        {
            if (char.IsAsciiDigit(c)) { digits++; hex++; }
            else if (char.IsAsciiHexDigit(c)) { letters++; hex++; }
            else if (char.IsAsciiLetter(c)) letters++;
            else other++;
        }
        if (digits == segment.Length) return true;
        if (IsUuid(segment)) return true;
        if (other == 0 && hex == segment.Length && segment.Length >= 8 && digits > 0) return true;
        // Prefixed opaque IDs: a short lower-case prefix, '_', then a token (Stripe cus_…, pi_…, OpenAI file-…, chatcmpl-…).
        int separator = segment.IndexOfAny('_', '-');
        if (separator is >= 2 and <= 10)
        {
            ReadOnlySpan<char> prefix = segment.Slice(0, separator), token = segment.Slice(separator + 1);
            if (IsLowerWord(prefix) && token.Length >= 8 && IsAlphanumeric(token) && HasDigitAndLetter(token)) return true;
        }
        // Long tokens mixing letters and digits (base62 IDs, hashes).
        return other == 0 && segment.Length >= 16 && digits >= 2 && letters >= 2;
    }

    private static bool IsUuid(ReadOnlySpan<char> s) =>
        (s.Length == 36 || s.Length == 38 && s[0] == '{') && Guid.TryParse(s, out _);

    private static bool IsLowerWord(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (!char.IsAsciiLetterLower(c)) return false;
        return true;
    }

    private static bool IsAlphanumeric(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }

    private static bool HasDigitAndLetter(ReadOnlySpan<char> s)
    {
        bool digit = false, letter = false;
        foreach (char c in s)
        {
            digit |= char.IsAsciiDigit(c);
            letter |= char.IsAsciiLetter(c);
        }
        return digit && letter;
    }
}

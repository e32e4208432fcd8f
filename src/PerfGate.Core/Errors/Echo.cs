using System.Globalization;

namespace PerfGate.Core.Errors;

/// <summary>
/// Input quoted back in a message. Inputs may be hostile or just huge (a 50 MB scalar in a policy or a log): a message
/// never carries more than a short prefix of them, marked as cut, so errors stay readable and logs stay small.
/// </summary>
public static class Echo
{
    /// <summary>Characters of an input kept in a message.</summary>
    public const int MaxLength = 200;

    /// <summary><paramref name="text"/> itself when short; else its first <paramref name="max"/> characters, "…" and its length.</summary>
    public static string Cap(string? text, int max = MaxLength)
    {
        if (text == null) return "";
        if (text.Length <= max) return text;
        int cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text.Substring(0, cut) + "… (" + text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters)";
    }

    /// <summary><see cref="Cap(string?, int)"/> of UTF-8 bytes, decoding no more of them than a message can show.</summary>
    public static string Cap(System.ReadOnlySpan<byte> utf8, int max = MaxLength)
    {
        if (utf8.Length <= max) return System.Text.Encoding.UTF8.GetString(utf8);
        // A cut inside a multi-byte character decodes to U+FFFD at the end: harmless in a message.
        string head = System.Text.Encoding.UTF8.GetString(utf8.Slice(0, max));
        return head + "… (" + utf8.Length.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";
    }

    /// <summary>
    /// The last line of defence for a whole message (an exception's, a finding's): the parts that quote inputs are capped where
    /// they are written; this keeps a message that slipped through from carrying megabytes into a log.
    /// </summary>
    public static string CapMessage(string message) => message.Length <= MaxMessageLength ? message : Cap(message, MaxMessageLength);

    /// <summary>Characters a message keeps at most (<see cref="CapMessage"/>).</summary>
    public const int MaxMessageLength = 16 * 1024;
}

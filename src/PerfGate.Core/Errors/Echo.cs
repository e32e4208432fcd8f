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
}

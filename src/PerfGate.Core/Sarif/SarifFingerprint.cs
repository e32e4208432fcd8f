using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PerfGate.Core.Sarif;

/// <summary>
/// <c>partialFingerprints["perfgateFingerprint/v1"]</c>: hex SHA-256 over the rule id, the result's
/// URI, the flagged line's text with whitespace collapsed and trimmed, and the ordinal of the result
/// among results with the same (rule, URI, text) in file order. Line numbers are not hashed, so the
/// fingerprint survives lines inserted or removed elsewhere in the file; re-indenting the line does
/// not change it either.
/// </summary>
public static class SarifFingerprint
{
    public const string Key = "perfgateFingerprint/v1";

    public static string Compute(string ruleId, string uri, string normalizedText, int ordinal)
    {
        string input = ruleId + "\n" + uri + "\n" + normalizedText + "\n" + ordinal.ToString(CultureInfo.InvariantCulture);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Collapses every run of whitespace to one space and trims the ends.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

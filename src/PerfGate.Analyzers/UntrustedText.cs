using System;
using System.Globalization;
using System.Text;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// Text that came from an input — a file name, a SARIF or analyzer message, a trace's route, a string literal of the code —
    /// on its way to a place that parses it: a console line a CI runner reads, or Markdown a CI service renders. A pull request
    /// chooses such text, so it must reach those places as text and nothing else.
    /// <list type="bullet">
    /// <item><see cref="ForLog"/>: one line that runs nothing. GitHub runs a line that starts with <c>::</c> after leading spaces
    /// (and the older <c>##[</c> anywhere); Azure Pipelines runs <c>##vso[</c> anywhere in a line; both compare culture-sensitively,
    /// where an invisible character such as U+200B counts as nothing; a terminal acts on ESC. So line breaks, control and
    /// invisible characters become visible escapes (<c>\n</c>, <c>\x1B</c>, <c>\u200B</c>), a leading <c>::</c> becomes
    /// <c>\::</c>, and <c>##vso[</c> / <c>##[</c> become <c>##vso\[</c> / <c>##\[</c>. Applying it twice changes nothing more.</item>
    /// <item><see cref="ForMarkdown"/>: inline Markdown (a table cell, a list item) that renders as the literal text: no link,
    /// image, autolink, HTML, entity, emphasis, math or table break.</item>
    /// <item><see cref="ForJsonOnLog"/>: a JSON document printed on a log, with the same decoded values.</item>
    /// </list>
    /// </summary>
    /// <remarks>netstandard2.0 and free of Roslyn: the analyzers escape their message arguments with it, the core and the hosts
    /// everything else they print. actions/lib/perfgate-report.js implements the same rules for the CI wrappers.</remarks>
    public static class UntrustedText
    {
        /// <summary>Text safe on one console or log line (see the class remarks); null becomes empty.</summary>
        public static string ForLog(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            string visible = EscapeInvisible(text!, newline: null);
            return NeutraliseCommands(visible);
        }

        /// <summary>Inline Markdown that renders as exactly <paramref name="text"/>, on one line; null becomes empty.</summary>
        public static string ForMarkdown(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            string visible = EscapeInvisible(text!, newline: " ");
            var markdown = new StringBuilder(visible.Length + 16);
            for (int i = 0; i < visible.Length; i++)
            {
                char c = visible[i];
                // The ASCII punctuation that starts markup here: links and images need '[' (so '(' and '!' may stay), HTML and
                // autolinks '<', entities '&'; then emphasis, code, tables, math ('$'), strikethrough, headings. GFM also links
                // bare URLs: the ':' of "scheme:/", "mailto:" and "xmpp:", and the '.' of "www.". A backslash always renders them.
                bool escape = c switch
                {
                    '\\' or '`' or '*' or '{' or '}' or '[' or ']' or '<' or '>' or '#' or '|' or '~' or '&' or '$' => true,
                    // Inside a word (snake_case) '_' never emphasises.
                    '_' => !(i > 0 && char.IsLetterOrDigit(visible[i - 1]) && i + 1 < visible.Length && char.IsLetterOrDigit(visible[i + 1])),
                    ':' => i + 1 < visible.Length && visible[i + 1] == '/' || EndsWithWord(visible, i, "mailto") || EndsWithWord(visible, i, "xmpp"),
                    '.' => EndsWithWord(visible, i, "www"),
                    _ => false,
                };
                if (escape) markdown.Append('\\');
                markdown.Append(c);
            }
            return markdown.ToString();
        }

        private static bool EndsWithWord(string text, int end, string word) =>
            end >= word.Length && string.Compare(text, end - word.Length, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

        /// <summary>
        /// A JSON document (SARIF, the JSON report) that goes to a log: <c>##vso[</c> can only occur inside a string, where
        /// <c>##vso\u005B</c> decodes to the same value but is no Azure Pipelines command. JSON writers already escape line breaks.
        /// </summary>
        public static string ForJsonOnLog(string json) => ReplaceBracket(json, AzureCommand, "\\u005B");

        private const string AzureCommand = "##vso[";
        private const string RunnerCommand = "##[";

        private static string NeutraliseCommands(string text)
        {
            string result = ReplaceBracket(text, AzureCommand, "\\[");
            result = ReplaceBracket(result, RunnerCommand, "\\[");
            int start = 0;
            while (start < result.Length && char.IsWhiteSpace(result[start])) start++;
            if (start + 1 < result.Length && result[start] == ':' && result[start + 1] == ':') result = result.Insert(start, "\\");
            return result;
        }

        /// <summary>Line breaks, control characters and characters a culture-sensitive comparison ignores, as visible escapes.</summary>
        private static string EscapeInvisible(string text, string? newline)
        {
            StringBuilder? escaped = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                int codePoint = c;
                int width = 1;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    codePoint = char.ConvertToUtf32(c, text[i + 1]);
                    width = 2;
                }
                string? replacement = c switch
                {
                    '\n' => newline ?? "\\n",
                    '\r' => newline == null ? "\\r" : "",
                    '\t' => newline == null ? null : " ",
                    _ => IsInvisible(codePoint, text, i) ? Visible(codePoint) : null,
                };
                if (replacement == null)
                {
                    escaped?.Append(text, i, width);
                }
                else
                {
                    escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
                    escaped.Append(replacement);
                }
                i += width - 1;
            }
            return escaped?.ToString() ?? text;
        }

        private static string Visible(int codePoint) => codePoint switch
        {
            < 0x100 => "\\x" + codePoint.ToString("X2", CultureInfo.InvariantCulture),
            < 0x10000 => "\\u" + codePoint.ToString("X4", CultureInfo.InvariantCulture),
            _ => "\\U" + codePoint.ToString("X8", CultureInfo.InvariantCulture),
        };

        private static bool IsInvisible(int codePoint, string text, int index)
        {
            UnicodeCategory category = codePoint > 0xFFFF
                ? CharUnicodeInfo.GetUnicodeCategory(text, index)
                : CharUnicodeInfo.GetUnicodeCategory((char)codePoint);
            switch (category)
            {
                case UnicodeCategory.Control:             // C0, DEL, C1 (ESC, NEL)
                case UnicodeCategory.Format:              // zero-width and bidi controls, soft hyphen, BOM, tags
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:           // a lone half of a pair
                    return true;
            }
            // Unicode's Default_Ignorable_Code_Point characters outside those categories (fillers, variation selectors).
            return codePoint is 0x034F or 0x115F or 0x1160 or (>= 0x17B4 and <= 0x17B5) or (>= 0x180B and <= 0x180F) or 0x3164
                or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0x1BCA0 and <= 0x1BCA3)
                or (>= 0x1D173 and <= 0x1D17A) or (>= 0xE0000 and <= 0xE0FFF) or (>= 0x2060 and <= 0x206F);
        }

        /// <summary>Every <paramref name="token"/> (any letter case; it ends in '[') with its '[' written as <paramref name="bracket"/>.</summary>
        private static string ReplaceBracket(string text, string token, string bracket)
        {
            int at = text.IndexOf(token, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return text;
            var result = new StringBuilder(text.Length + 8);
            int from = 0;
            for (; at >= 0; at = text.IndexOf(token, from, StringComparison.OrdinalIgnoreCase))
            {
                result.Append(text, from, at + token.Length - 1 - from).Append(bracket);
                from = at + token.Length;
            }
            return result.Append(text, from, text.Length - from).ToString();
        }
    }
}

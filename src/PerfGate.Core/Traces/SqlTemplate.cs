using System;
using System.Text;

namespace PerfGate.Core.Traces;

/// <summary>
/// SQL → template: comments stripped, string and number literals and every placeholder style
/// (<c>@p0</c>, <c>$1</c>, <c>?</c>, <c>:name</c>, <c>@__order_CustomerId_0</c>) become <c>?</c>, <c>IN (…)</c> lists
/// collapse to <c>IN (?)</c>, whitespace is folded and keywords are upper-cased. Quoted identifiers are kept.
/// </summary>
public static class SqlTemplate
{
    public static string Normalize(string sql) => Normalize(sql, out _);

    /// <summary>The template, and which kinds of values the statement carries (what makes two runs of it the same call).</summary>
    internal static string Normalize(string sql, out SqlValues values)
    {
        values = SqlValues.None;
        var output = new StringBuilder(Math.Min(sql.Length, 4096));
        int i = 0;
        bool pendingSpace = false;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c)) { pendingSpace = output.Length > 0; i++; continue; }
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                pendingSpace = output.Length > 0;
                continue;
            }
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                pendingSpace = output.Length > 0;
                continue;
            }
            if (pendingSpace && NeedsSpace(output, c)) output.Append(' ');
            pendingSpace = false;
            if (c == '\'' || (c is 'N' or 'E' or 'e' or 'n' && i + 1 < sql.Length && sql[i + 1] == '\'' && (i == 0 || !IsWord(sql[i - 1]))))
            {
                if (c != '\'') i++;
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == '\'')
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == '\'') { i += 2; continue; }
                        i++;
                        break;
                    }
                    i++;
                }
                output.Append('?');
                values |= SqlValues.Literals;
                continue;
            }
            if (c is '"' or '`' or '[')
            {
                char close = c == '[' ? ']' : c;
                int end = sql.IndexOf(close, i + 1);
                end = end < 0 ? sql.Length - 1 : end;
                output.Append(sql, i, end - i + 1);
                i = end + 1;
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsDigit(sql[i + 1]) && (i == 0 || !IsWord(sql[i - 1]))))
            {
                if (i > 0 && IsWord(sql[i - 1]) && output.Length > 0 && IsWord(output[output.Length - 1]))
                {
                    output.Append(c);
                    i++;
                    continue;
                }
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.')) i++;
                output.Append('?');
                values |= SqlValues.Literals;
                continue;
            }
            if (c == '@' && i + 1 < sql.Length && sql[i + 1] == '@')
            {
                // @@VERSION, @@ROWCOUNT: a server variable, not a parameter.
                int start = i;
                i += 2;
                while (i < sql.Length && IsWord(sql[i])) i++;
                output.Append(sql, start, i - start);
                continue;
            }
            if ((c == '@' || c == '$') && i + 1 < sql.Length && (IsWord(sql[i + 1])))
            {
                i++;
                while (i < sql.Length && IsWord(sql[i])) i++;
                output.Append('?');
                values |= SqlValues.Placeholders;
                continue;
            }
            if (c == ':' && i + 1 < sql.Length && (char.IsLetter(sql[i + 1]) || sql[i + 1] == '_') && (i == 0 || sql[i - 1] != ':'))
            {
                i++;
                while (i < sql.Length && IsWord(sql[i])) i++;
                output.Append('?');
                values |= SqlValues.Placeholders;
                continue;
            }
            if (c == '?') values |= SqlValues.Placeholders;
            if (IsWord(c))
            {
                int start = i;
                while (i < sql.Length && IsWord(sql[i])) i++;
                string word = sql.Substring(start, i - start);
                output.Append(IsKeyword(word) ? word.ToUpperInvariant() : word);
                continue;
            }
            output.Append(c);
            i++;
        }
        return CollapseLists(output.ToString());
    }

    private static bool NeedsSpace(StringBuilder output, char next)
    {
        char last = output[output.Length - 1];
        if (last is '(' or '.' ) return false;
        if (next is ')' or ',' or '.') return false;
        return true;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    // (?, ?, ?) and (?,?) → (?): IN lists and multi-row VALUES of any length have one template.
    private static string CollapseLists(string text)
    {
        if (!text.Contains("?,", StringComparison.Ordinal) && !text.Contains("? ,", StringComparison.Ordinal)
            && !text.Contains(", ?", StringComparison.Ordinal)) return text;
        var output = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '(')
            {
                int j = i + 1;
                bool onlyPlaceholders = false;
                while (j < text.Length)
                {
                    if (text[j] == '?') onlyPlaceholders = true;
                    else if (text[j] is not (',' or ' ')) break;
                    j++;
                }
                if (onlyPlaceholders && j < text.Length && text[j] == ')')
                {
                    output.Append("(?)");
                    i = j + 1;
                    // VALUES (?), (?), (?) → VALUES (?)
                    while (text.AsSpan(i).StartsWith(", (", StringComparison.Ordinal) && ClosesPlaceholderList(text, i + 3) is int after and > 0) i = after;
                    continue;
                }
            }
            output.Append(text[i]);
            i++;
        }
        return output.ToString();
    }

    // The index after ')' when text[start..] is "?, ?, …)", otherwise -1.
    private static int ClosesPlaceholderList(string text, int start)
    {
        bool any = false;
        int j = start;
        while (j < text.Length && (text[j] is '?' or ',' or ' '))
        {
            any |= text[j] == '?';
            j++;
        }
        return any && j < text.Length && text[j] == ')' ? j + 1 : -1;
    }

    private static bool IsKeyword(string word) => Keywords.Contains(word.ToUpperInvariant());

    private static readonly System.Collections.Generic.HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "BETWEEN", "EXISTS", "JOIN", "INNER", "LEFT",
        "RIGHT", "OUTER", "CROSS", "ON", "AS", "ORDER", "BY", "GROUP", "HAVING", "LIMIT", "OFFSET", "TOP", "DISTINCT", "INSERT",
        "INTO", "VALUES", "UPDATE", "SET", "DELETE", "RETURNING", "UNION", "ALL", "CASE", "WHEN", "THEN", "ELSE", "END", "ASC",
        "DESC", "WITH", "FETCH", "NEXT", "ROWS", "ONLY", "COUNT", "SUM", "AVG", "MIN", "MAX", "CAST",
    };
}

/// <summary>Where a statement's values are: inlined in its text, or behind placeholders whose values the text does not show.</summary>
[Flags]
internal enum SqlValues : byte
{
    None = 0,

    /// <summary>String or number literals: the text itself carries these values.</summary>
    Literals = 1,

    /// <summary><c>$1</c>, <c>?</c>, <c>@p0</c>, <c>:name</c>: values the text does not carry.</summary>
    Placeholders = 2,
}

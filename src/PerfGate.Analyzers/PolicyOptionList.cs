using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// How a list of policy values (exclude globs, rule options) travels through the generated .globalconfig. The
    /// compiler's config parser ends a value at the first <c>;</c> or <c>#</c> (both start a comment), so the values
    /// are joined with <c>,</c> and those four characters are percent-encoded; anything else passes as written.
    /// </summary>
    public static class PolicyOptionList
    {
        private const char Separator = ',';

        public static string Join(IEnumerable<string> values) => string.Join(Separator.ToString(), values.Select(Encode));

        public static IReadOnlyList<string> Split(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return new string[0];
            return text!.Split(Separator).Select(part => Decode(part.Trim())).Where(part => part.Length > 0).ToArray();
        }

        private static string Encode(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (char c in value)
            {
                switch (c)
                {
                    case '%': text.Append("%25"); break;
                    case ',': text.Append("%2C"); break;
                    case ';': text.Append("%3B"); break;
                    case '#': text.Append("%23"); break;
                    default: text.Append(c); break;
                }
            }

            return text.ToString();
        }

        private static string Decode(string value)
        {
            if (value.IndexOf('%') < 0) return value;
            return value.Replace("%2C", ",").Replace("%3B", ";").Replace("%23", "#").Replace("%25", "%");
        }
    }
}

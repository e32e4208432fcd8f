using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// A file's text as one string, made once per syntax tree and shared by every scan (each <c>GetText().ToString()</c> copies the
    /// whole file), and the text test the whole-compilation syntax scans ask first: a file whose text cannot spell a name holds no
    /// node with that name, and most files of an app never name what a scan looks for.
    /// </summary>
    internal static class TreeText
    {
        private static readonly ConditionalWeakTable<SyntaxTree, Entry> s_entries = new ConditionalWeakTable<SyntaxTree, Entry>();

        /// <summary>The text of <paramref name="tree"/>.</summary>
        public static string Of(SyntaxTree tree) => EntryOf(tree).Text;

        /// <summary>
        /// False only when no identifier of <paramref name="tree"/> can be spelled <paramref name="name"/>: the name does not occur in its
        /// text as a whole word. An identifier may be spelled with Unicode escapes or hold formatting characters the compiler ignores;
        /// in such a file the text does not say, and the answer is true.
        /// </summary>
        public static bool MayName(SyntaxTree tree, string name)
        {
            Entry entry = EntryOf(tree);
            return entry.Opaque || ContainsWord(entry.Text, name);
        }

        /// <summary>As <see cref="MayName(SyntaxTree, string)"/>, for any of <paramref name="names"/>.</summary>
        public static bool MayNameAny(SyntaxTree tree, IEnumerable<string> names) =>
            MayNameAnyIn(tree, new TextSpan(0, EntryOf(tree).Text.Length), names);

        /// <summary>As <see cref="MayNameAny(SyntaxTree, IEnumerable{string})"/>, within <paramref name="span"/> of the file.</summary>
        public static bool MayNameAnyIn(SyntaxTree tree, TextSpan span, IEnumerable<string> names)
        {
            Entry entry = EntryOf(tree);
            if (entry.Opaque) return true;
            foreach (string name in names)
            {
                if (ContainsWord(entry.Text, name, span.Start, span.End)) return true;
            }

            return false;
        }

        /// <summary>True when the file may spell an identifier other than as written (Unicode escapes, ignored formatting characters).</summary>
        public static bool IsOpaque(SyntaxTree tree) => EntryOf(tree).Opaque;

        public static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

        private static Entry EntryOf(SyntaxTree tree) => s_entries.GetValue(tree, t => new Entry(t.GetText().ToString()));

        private static bool ContainsWord(string text, string word) => ContainsWord(text, word, 0, text.Length);

        /// <summary>True when <paramref name="word"/> occurs as a whole word inside [<paramref name="from"/>, <paramref name="to"/>).</summary>
        private static bool ContainsWord(string text, string word, int from, int to)
        {
            for (int start = IndexOf(text, word, from, to); start >= 0; start = IndexOf(text, word, start + 1, to))
            {
                int end = start + word.Length;
                if ((start == from || !IsIdentifierPart(text[start - 1])) && (end == to || !IsIdentifierPart(text[end]))) return true;
            }

            return false;
        }

        private static int IndexOf(string text, string word, int from, int to) =>
            to - from < word.Length ? -1 : text.IndexOf(word, from, to - from, StringComparison.Ordinal);

        private sealed class Entry
        {
            public Entry(string text)
            {
                Text = text;
                Opaque = text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0
                    || HasFormatCharacter(text);
            }

            public string Text { get; }

            public bool Opaque { get; }

            private static bool HasFormatCharacter(string text)
            {
                foreach (char c in text)
                {
                    if (c > '\u007f' && char.GetUnicodeCategory(c) == UnicodeCategory.Format) return true;
                }

                return false;
            }
        }
    }
}

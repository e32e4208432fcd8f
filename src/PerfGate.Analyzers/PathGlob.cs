using System;
using System.Collections.Generic;

namespace PerfGate.Analyzers
{
    /// <summary>
    /// The glob dialect of <c>paths.exclude</c>: <c>**</c> spans folders, <c>*</c> and <c>?</c> stay
    /// within one segment, matching is on repo-relative paths with <c>/</c> separators and ignores case
    /// (a policy written on Windows must mean the same on Linux CI).
    /// A pattern without a <c>/</c> matches at any depth, as in .gitignore.
    /// <para>
    /// A policy comes with the pull request, so a pattern may be hostile (<c>*a*a*a*a*a*a*a*a*b</c> took minutes as a
    /// backtracking regex). Matching runs the pattern as a set of states over the path, one character at a time: at most
    /// (pattern length + 1) states per character, whatever the pattern.
    /// </para>
    /// </summary>
    public sealed class PathGlob
    {
        private readonly GlobAutomaton _automaton;
        private readonly bool _matchesPaths;

        private PathGlob(string pattern, GlobAutomaton automaton, bool matchesPaths)
        {
            Pattern = pattern;
            _automaton = automaton;
            _matchesPaths = matchesPaths;
        }

        public string Pattern { get; }

        public static PathGlob Parse(string pattern)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            string normalized = pattern.Replace('\\', '/').Trim();
            if (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
            if (normalized.EndsWith("/", StringComparison.Ordinal)) normalized += "**";
            if (normalized.IndexOf('/') < 0) normalized = "**/" + normalized;
            else if (normalized.StartsWith("/", StringComparison.Ordinal)) normalized = normalized.Substring(1);

            var steps = new List<GlobStep>();
            for (int i = 0; i < normalized.Length; i++)
            {
                char c = normalized[i];
                if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
                {
                    bool slashFollows = i + 2 < normalized.Length && normalized[i + 2] == '/';
                    steps.Add(slashFollows ? GlobStep.Folders : GlobStep.AnyText);
                    i += slashFollows ? 2 : 1;
                }
                else if (c == '*') steps.Add(GlobStep.SegmentText);
                else if (c == '?') steps.Add(GlobStep.SegmentChar);
                else steps.Add(GlobStep.Literal(c));
            }
            return new PathGlob(pattern, new GlobAutomaton(steps), matchesPaths: true);
        }

        /// <summary>
        /// A pattern over plain names (rule IDs): <c>*</c> is any text, <c>?</c> any one character, case ignored.
        /// Linear like <see cref="IsMatch"/>.
        /// </summary>
        public static PathGlob Wildcard(string pattern)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            var steps = new List<GlobStep>();
            foreach (char c in pattern)
                steps.Add(c == '*' ? GlobStep.AnyText : c == '?' ? GlobStep.AnyChar : GlobStep.Literal(c));
            return new PathGlob(pattern, new GlobAutomaton(steps), matchesPaths: false);
        }

        /// <summary>True when <paramref name="relativePath"/> (relative to the policy's folder; a name for a <see cref="Wildcard"/>) matches.</summary>
        public bool IsMatch(string relativePath) =>
            _automaton.Matches(_matchesPaths ? relativePath.Replace('\\', '/').TrimStart('/') : relativePath);

        /// <summary>
        /// <paramref name="fullPath"/> relative to <paramref name="root"/> with <c>/</c> separators,
        /// or null when the file lies outside the root.
        /// </summary>
        public static string? RelativeTo(string root, string fullPath)
        {
            string r = root.Replace('\\', '/').TrimEnd('/') + "/";
            string p = fullPath.Replace('\\', '/');
            return p.StartsWith(r, StringComparison.OrdinalIgnoreCase) ? p.Substring(r.Length) : null;
        }
    }

    /// <summary>One element of a glob: a character, <c>?</c>, <c>*</c>, <c>**</c>, or <c>**/</c> (zero or more whole folders).</summary>
    internal readonly struct GlobStep
    {
        public enum StepKind { Literal, SegmentChar, AnyChar, SegmentText, AnyText, Folders }

        private GlobStep(StepKind kind, char character)
        {
            Kind = kind;
            Character = GlobAutomaton.Fold(character);
        }

        public StepKind Kind { get; }
        public char Character { get; }

        public static GlobStep Literal(char c) => new GlobStep(StepKind.Literal, c);
        public static readonly GlobStep SegmentChar = new GlobStep(StepKind.SegmentChar, '\0');
        public static readonly GlobStep AnyChar = new GlobStep(StepKind.AnyChar, '\0');
        public static readonly GlobStep SegmentText = new GlobStep(StepKind.SegmentText, '\0');
        public static readonly GlobStep AnyText = new GlobStep(StepKind.AnyText, '\0');
        public static readonly GlobStep Folders = new GlobStep(StepKind.Folders, '\0');
    }

    /// <summary>
    /// A glob as a nondeterministic automaton run by keeping the set of live states (Thompson's construction, no
    /// backtracking): time O(path × pattern), memory O(pattern). State <c>i</c> waits at step <c>i</c>; state
    /// <c>steps</c> accepts; a <c>**/</c> step owns a second state (<see cref="_folderOffset"/> + i) for "inside the
    /// folders", which only a <c>/</c> leaves. Up to 64 states (every glob a person writes) live in one <c>ulong</c>, with
    /// each state's closure over steps that read nothing precomputed: no allocation per match.
    /// </summary>
    internal sealed class GlobAutomaton
    {
        private readonly GlobStep[] _steps;
        private readonly int _folderOffset;
        private readonly int _stateCount;
        private readonly ulong[]? _closures; // per state, when _stateCount <= 64

        public GlobAutomaton(List<GlobStep> steps)
        {
            _steps = steps.ToArray();
            _folderOffset = _steps.Length + 1;
            _stateCount = _folderOffset + _steps.Length;
            if (_stateCount <= 64)
            {
                _closures = new ulong[_stateCount];
                var states = new bool[_stateCount];
                for (int state = 0; state < _stateCount; state++)
                {
                    Array.Clear(states, 0, states.Length);
                    AddWithSkips(states, state);
                    for (int other = 0; other < _stateCount; other++)
                        if (states[other]) _closures[state] |= 1UL << other;
                }
            }
        }

        public bool Matches(string text) => _closures != null ? MatchesSmall(text, _closures) : MatchesLarge(text);

        private bool MatchesSmall(string text, ulong[] closures)
        {
            ulong current = closures[0];
            foreach (char raw in text)
            {
                char c = Fold(raw);
                ulong next = 0;
                for (ulong live = current; live != 0; live &= live - 1)
                {
                    int state = TrailingZeros(live);
                    int target = Target(state, c);
                    if (target >= 0) next |= closures[target];
                    if (state >= _folderOffset && c == '/') next |= closures[state - _folderOffset + 1];
                }
                if (next == 0) return false;
                current = next;
            }
            return (current & (1UL << _steps.Length)) != 0;
        }

        private bool MatchesLarge(string text)
        {
            var current = new bool[_stateCount];
            var next = new bool[_stateCount];
            AddWithSkips(current, 0);
            foreach (char raw in text)
            {
                char c = Fold(raw);
                Array.Clear(next, 0, next.Length);
                bool any = false;
                for (int state = 0; state < _stateCount; state++)
                {
                    if (!current[state]) continue;
                    int target = Target(state, c);
                    if (target >= 0) any |= AddWithSkips(next, target);
                    if (state >= _folderOffset && c == '/') any |= AddWithSkips(next, state - _folderOffset + 1);
                }
                if (!any) return false;
                (current, next) = (next, current);
            }
            return current[_steps.Length];
        }

        /// <summary>The state <paramref name="state"/> moves to on reading <paramref name="c"/> (upper case), or -1.</summary>
        private int Target(int state, char c)
        {
            if (state >= _folderOffset) return state; // inside the folders: any character (a '/' may also leave)
            if (state == _steps.Length) return -1;    // accepted, but text remains
            GlobStep step = _steps[state];
            switch (step.Kind)
            {
                case GlobStep.StepKind.Literal: return step.Character == c ? state + 1 : -1;
                case GlobStep.StepKind.SegmentChar: return c != '/' ? state + 1 : -1;
                case GlobStep.StepKind.AnyChar: return state + 1;
                case GlobStep.StepKind.SegmentText: return c != '/' ? state : -1;
                case GlobStep.StepKind.AnyText: return state;
                default: return -1; // a **/ step reads through its folder state
            }
        }

        /// <summary>Adds <paramref name="state"/> and every state reachable from it without reading a character.</summary>
        private bool AddWithSkips(bool[] states, int state)
        {
            var work = new Stack<int>();
            work.Push(state);
            while (work.Count > 0)
            {
                int s = work.Pop();
                if (states[s]) continue;
                states[s] = true;
                if (s >= _folderOffset || s == _steps.Length) continue;
                switch (_steps[s].Kind)
                {
                    case GlobStep.StepKind.SegmentText:
                    case GlobStep.StepKind.AnyText:
                        work.Push(s + 1); // zero characters
                        break;
                    case GlobStep.StepKind.Folders:
                        work.Push(s + 1);                 // zero folders
                        work.Push(_folderOffset + s);     // or some, ending in '/'
                        break;
                }
            }
            return true;
        }

        private static readonly int[] DeBruijn64 =
        {
            0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4, 62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
            63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
        };

        /// <summary>The index of the lowest set bit (netstandard2.0 has no BitOperations).</summary>
        private static int TrailingZeros(ulong value) => DeBruijn64[((value & (~value + 1)) * 0x03F79D71B4CB0A89UL) >> 58];

        internal static char Fold(char c) => c < 128 ? (c >= 'a' && c <= 'z' ? (char)(c - 32) : c) : char.ToUpperInvariant(c);
    }
}

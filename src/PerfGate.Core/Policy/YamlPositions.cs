using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PerfGate.Core.Policy;

/// <summary>
/// Loads YAML so that every way the reader can stop is a position and an expectation. YamlDotNet reports most syntax errors as
/// <see cref="YamlException"/> with a mark, but some inputs stop its scanner with a bare exception (a flow sequence that is
/// never closed, <c>rules: [b</c> then <c>c: d</c>, ends in an InvalidOperationException): those are reported where the
/// scanner stopped, with the flow collection still open named.
/// </summary>
internal static class YamlPositions
{
    /// <summary>A YAML document that could not be read: where, and what was expected.</summary>
    public sealed record Failure(Mark At, string Message);

    public static YamlStream Load(string text, out Failure? failure)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        var parser = new RecordingParser(new Parser(scanner));
        failure = null;
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            failure = new Failure(e.Start, "invalid YAML: " + Describe(e) + (parser.OpenFlow is { } open ? $" ({Unclosed(open)})" : ""));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            Mark at = SafePosition(scanner);
            failure = parser.OpenFlow is { } open
                ? new Failure(at, $"invalid YAML: {Unclosed(open)}: expected '{open.Closing}' before this")
                : new Failure(at, "invalid YAML: the reader cannot go on from here (" + e.Message + ")");
        }
        return stream;
    }

    private static string Unclosed((string Kind, char Opening, char Closing, Mark Start) open) =>
        $"the flow {open.Kind} opened with '{open.Opening}' at line {open.Start.Line}, column {open.Start.Column} is not closed";

    private static Mark SafePosition(Scanner scanner)
    {
        try
        {
            return scanner.CurrentPosition;
        }
        catch (Exception)
        {
            return Mark.Empty;
        }
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes its messages with the position, which the error already carries.
        string message = e.InnerException?.Message ?? e.Message;
        int close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(", StringComparison.Ordinal) && close > 0 ? message.Substring(close + 3) : message;
    }

    /// <summary>Passes events through and remembers the flow collections (<c>[ ]</c>, <c>{ }</c>) still open.</summary>
    private sealed class RecordingParser : IParser
    {
        /// <summary>
        /// Deeper than any policy needs. YamlDotNet's node model loads nested collections recursively, and a few thousand
        /// levels (<c>[[[[…</c>) overflow the stack, which no handler can catch: the reader stops with a position first.
        /// </summary>
        internal const int MaxDepth = 64;

        private readonly IParser _inner;
        private readonly Stack<(string Kind, char Opening, char Closing, Mark Start, bool Flow)> _open = new();

        public RecordingParser(IParser inner) => _inner = inner;

        public ParsingEvent? Current => _inner.Current;

        public (string Kind, char Opening, char Closing, Mark Start)? OpenFlow
        {
            get
            {
                foreach (var open in _open)
                    if (open.Flow) return (open.Kind, open.Opening, open.Closing, open.Start);
                return null;
            }
        }

        public bool MoveNext()
        {
            bool moved = _inner.MoveNext();
            switch (_inner.Current)
            {
                case SequenceStart start:
                    _open.Push(("sequence", '[', ']', start.Start, start.Style == YamlDotNet.Core.Events.SequenceStyle.Flow));
                    break;
                case MappingStart start:
                    _open.Push(("mapping", '{', '}', start.Start, start.Style == YamlDotNet.Core.Events.MappingStyle.Flow));
                    break;
                case SequenceEnd or MappingEnd when _open.Count > 0:
                    _open.Pop();
                    return moved;
            }
            if (_open.Count > MaxDepth)
            {
                var deepest = _open.Peek();
                throw new SemanticErrorException(deepest.Start, deepest.Start,
                    $"collections nested more than {MaxDepth} levels deep; a policy needs a few");
            }
            return moved;
        }
    }
}

using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Json;

/// <summary>
/// Reads a JSON evidence file into <see cref="JsonNode"/>s that remember their line and column.
/// The file is streamed through a small buffer (it grows only for a single token larger than it), and
/// the values of properties named in <c>skip</c> are never materialised, so memory is bounded by what
/// a reader keeps, not by the file (Artillery's <c>intermediate</c> array can be most of a report).
/// </summary>
/// <remarks>Every problem becomes an <see cref="EvidenceException"/> with a position; nothing else escapes.</remarks>
public static class PositionedJsonReader
{
    private const int InitialBufferSize = 64 * 1024;

    public static JsonNode Read(string path, string what, IReadOnlyCollection<string>? skip = null)
    {
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new EvidenceException(path, 0, 0, $"cannot read the {what}: {e.Message}", e);
        }
        using (stream)
        {
            return Read(stream, path, what, skip);
        }
    }

    public static JsonNode Read(Stream stream, string path, string what, IReadOnlyCollection<string>? skip = null)
    {
        var builder = new Builder(path, what, skip ?? Array.Empty<string>());
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            int length = 0;
            bool final = false;
            long bufferStart = 0;
            bool first = true;
            while (true)
            {
                while (!final && length < buffer.Length)
                {
                    int read = ReadSome(stream, buffer, length, path, what);
                    if (read == 0) final = true;
                    length += read;
                }
                int offset = 0;
                if (first)
                {
                    first = false;
                    if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    {
                        offset = 3;
                        builder.SkipBytes(3);
                    }
                }
                int consumed;
                try
                {
                    var reader = new Utf8JsonReader(buffer.AsSpan(offset, length - offset), final, state);
                    while (reader.Read())
                        builder.Token(ref reader, buffer.AsSpan(offset, length - offset), bufferStart + offset);
                    consumed = offset + (int)reader.BytesConsumed;
                    state = reader.CurrentState;
                }
                catch (JsonException e)
                {
                    int line = (int)Math.Min(int.MaxValue - 1, e.LineNumber ?? 0) + 1;
                    int column = (int)Math.Min(int.MaxValue - 1, e.BytePositionInLine ?? 0) + 1;
                    throw new EvidenceException(path, line, column, $"the {what} is not valid JSON: {Trim(e.Message)}", e);
                }
                catch (InvalidOperationException e)
                {
                    throw new EvidenceException(path, builder.Line, 1, $"the {what} cannot be read: {e.Message}", e);
                }
                builder.Advance(buffer.AsSpan(0, consumed), bufferStart);
                if (final) break;
                bufferStart += consumed;
                int remaining = length - consumed;
                if (remaining == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, remaining);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else if (remaining > 0)
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, remaining);
                }
                length = remaining;
            }
            return builder.Root ?? throw new EvidenceException(path, 1, 1, $"the {what} is empty: expected a JSON object");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadSome(Stream stream, byte[] buffer, int offset, string path, string what)
    {
        try
        {
            return stream.Read(buffer, offset, buffer.Length - offset);
        }
        catch (IOException e)
        {
            throw new EvidenceException(path, 0, 0, $"cannot read the {what}: {e.Message}", e);
        }
    }

    private static string Trim(string message)
    {
        // System.Text.Json appends " LineNumber: 3 | BytePositionInLine: 4." which the position already says.
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message.Substring(0, at) : message;
    }

    private sealed class Builder
    {
        private readonly string _path;
        private readonly string _what;
        private readonly IReadOnlyCollection<string> _skip;
        private readonly Stack<JsonNode> _open = new();
        private string? _pendingName;
        private int _skipDepth;

        private long _scanned;
        private long _lineStart;

        public Builder(string path, string what, IReadOnlyCollection<string> skip)
        {
            _path = path;
            _what = what;
            _skip = skip;
        }

        public JsonNode? Root { get; private set; }
        public int Line { get; private set; } = 1;

        public void SkipBytes(int count)
        {
            _scanned += count;
            _lineStart += count;
        }

        public void Token(ref Utf8JsonReader reader, ReadOnlySpan<byte> span, long spanStart)
        {
            long at = spanStart + reader.TokenStartIndex;
            Scan(span, spanStart, at);
            int line = Line;
            int column = (int)Math.Min(int.MaxValue, at - _lineStart + 1);

            if (_skipDepth > 0)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) _skipDepth++;
                else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) _skipDepth--;
                if (_skipDepth == 1 && reader.TokenType is not JsonTokenType.StartObject and not JsonTokenType.StartArray)
                    _skipDepth = 0; // a skipped scalar, or the end of a skipped container
                return;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _pendingName = reader.GetString() ?? "";
                    if (System.Linq.Enumerable.Contains(_skip, _pendingName)) _skipDepth = 1;
                    return;
                case JsonTokenType.StartObject:
                    Open(new JsonObjectNode(line, column));
                    return;
                case JsonTokenType.StartArray:
                    Open(new JsonArrayNode(line, column));
                    return;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    _open.Pop();
                    return;
                case JsonTokenType.String:
                    Attach(new JsonStringNode(line, column, reader.GetString() ?? ""));
                    return;
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out double number) || double.IsInfinity(number))
                        throw new EvidenceException(_path, line, column, $"the {_what} holds a number out of range");
                    Attach(new JsonNumberNode(line, column, number));
                    return;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    Attach(new JsonBooleanNode(line, column, reader.TokenType == JsonTokenType.True));
                    return;
                case JsonTokenType.Null:
                    Attach(new JsonNullNode(line, column));
                    return;
            }
        }

        /// <summary>Counts the line breaks of a consumed block, so positions stay right across buffers.</summary>
        public void Advance(ReadOnlySpan<byte> span, long spanStart) => Scan(span, spanStart, spanStart + span.Length);

        private void Scan(ReadOnlySpan<byte> span, long spanStart, long upTo)
        {
            for (long i = Math.Max(_scanned, spanStart); i < upTo; i++)
            {
                if (span[(int)(i - spanStart)] == (byte)'\n')
                {
                    Line++;
                    _lineStart = i + 1;
                }
            }
            if (upTo > _scanned) _scanned = upTo;
        }

        private void Open(JsonNode node)
        {
            Attach(node);
            _open.Push(node);
        }

        private void Attach(JsonNode node)
        {
            if (_open.Count == 0)
            {
                Root = node;
                return;
            }
            switch (_open.Peek())
            {
                case JsonObjectNode obj:
                    obj.Add(_pendingName ?? "", node);
                    _pendingName = null;
                    break;
                case JsonArrayNode array:
                    array.Add(node);
                    break;
            }
        }
    }
}

using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Traces;

/// <summary>
/// A pull tokenizer over a JSON stream in bounded memory: one buffer that grows only for a single token larger
/// than it (up to <see cref="MaxTokenBytes"/>), several top-level values allowed (JSON lines), and a 1-based line
/// and column for every token so a reader can say where a value has the wrong shape.
/// </summary>
internal sealed class JsonTokenStream : IDisposable
{
    public const int MaxTokenBytes = 64 * 1024 * 1024;
    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer;
    private int _length;
    private int _position;
    private bool _final;
    private JsonReaderState _state;
    private int _line = 1;
    private long _lineStartOffset;
    private long _bufferOffset;
    private int _valueStart, _valueLength;
    private string? _unescaped;

    public JsonTokenStream(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
        _buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        _state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
    }

    public string Path => _path;
    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;
    public int Line { get; private set; }
    public int Column { get; private set; }

    /// <summary>The raw UTF-8 bytes of the current string, property name or number (escapes not applied).</summary>
    public ReadOnlySpan<byte> ValueSpan => _buffer.AsSpan(_valueStart, _valueLength);

    public bool ValueIsEscaped => _unescaped != null;

    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_position, _length - _position), _final, _state);
            bool ok;
            try
            {
                ok = reader.Read();
            }
            catch (JsonException e)
            {
                // Position of the failure: where this reader started plus what it got through on its line.
                Advance((int)reader.BytesConsumed);
                int column = (int)(_bufferOffset + _position - _lineStartOffset) + 1;
                throw new EvidenceException(_path, _line, column, "the trace file is not valid JSON: " + Trim(e.Message), e);
            }
            if (ok)
            {
                int tokenStart = _position + (int)reader.TokenStartIndex;
                CountLines(_position, tokenStart);
                Line = _line;
                Column = (int)(_bufferOffset + tokenStart - _lineStartOffset) + 1;
                TokenType = reader.TokenType;
                _unescaped = null;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName or JsonTokenType.Number)
                {
                    if (reader.ValueIsEscaped) _unescaped = reader.GetString();
                    _valueStart = tokenStart + (reader.TokenType == JsonTokenType.Number ? 0 : 1);
                    _valueLength = reader.ValueSpan.Length;
                }
                int consumed = (int)reader.BytesConsumed;
                CountLines(tokenStart, _position + consumed);
                _position += consumed;
                _state = reader.CurrentState;
                return true;
            }
            if (_final)
            {
                if (reader.BytesConsumed > 0) Advance((int)reader.BytesConsumed);
                TokenType = JsonTokenType.None;
                return false;
            }
            Refill();
        }
    }

    private void Advance(int bytes)
    {
        CountLines(_position, _position + bytes);
        _position += bytes;
    }

    private void CountLines(int from, int to)
    {
        ReadOnlySpan<byte> span = _buffer.AsSpan(from, to - from);
        int count = span.Count((byte)'\n');
        if (count == 0) return;
        _line += count;
        _lineStartOffset = _bufferOffset + from + span.LastIndexOf((byte)'\n') + 1;
    }

    private void Refill()
    {
        // Keep the unread tail; grow when a single token fills the whole buffer.
        int tail = _length - _position;
        if (_position == 0 && _length == _buffer.Length)
        {
            if (_buffer.Length >= MaxTokenBytes)
                throw new EvidenceException(_path, _line, (int)(_bufferOffset - _lineStartOffset) + 1, $"a single JSON value is larger than {MaxTokenBytes / (1024 * 1024)} MiB; the trace file cannot be read in bounded memory");
            byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, tail);
            _bufferOffset += _position;
            _length = tail;
            _position = 0;
        }
        while (_length < _buffer.Length)
        {
            int read;
            try
            {
                read = _stream.Read(_buffer, _length, _buffer.Length - _length);
            }
            catch (IOException e)
            {
                throw new EvidenceException(_path, 0, 0, "cannot read the trace file: " + e.Message, e);
            }
            if (read == 0)
            {
                _final = true;
                break;
            }
            _length += read;
        }
        if (_bufferOffset == 0 && _position == 0 && _length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            _position = 3;
    }

    public string GetString() => _unescaped ?? Encoding.UTF8.GetString(ValueSpan);

    public bool NameIs(ReadOnlySpan<byte> name) => _unescaped == null ? ValueSpan.SequenceEqual(name) : _unescaped == Encoding.UTF8.GetString(name);

    /// <summary>Skips the value that starts at the current token (object and array contents included).</summary>
    public void Skip()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = 1;
        while (depth > 0)
        {
            if (!Read()) throw Unexpected("the rest of the value");
            if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
        }
    }

    public EvidenceException Unexpected(string expected) =>
        new(_path, Line, Column, TokenType == JsonTokenType.None
            ? $"the trace file ends early: expected {expected}"
            : $"expected {expected}, found {Describe(TokenType)}");

    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.PropertyName => "a property name",
        JsonTokenType.EndObject => "the end of an object",
        JsonTokenType.EndArray => "the end of an array",
        _ => "nothing",
    };

    private static string Trim(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message.Substring(0, at) : message;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
    }
}

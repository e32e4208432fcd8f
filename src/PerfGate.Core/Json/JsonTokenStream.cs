using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Text;
using System.Text.Json;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Json;

/// <summary>What a kind of input allows beyond one strict JSON value.</summary>
/// <param name="AllowMultipleValues">Several top-level values (JSON lines, as the OpenTelemetry collector's file exporter writes).</param>
/// <param name="SkipComments">Comments are skipped instead of being syntax errors.</param>
/// <param name="MaxDepth">Nesting limit (0: System.Text.Json's default of 64).</param>
public sealed record JsonStreamOptions(bool AllowMultipleValues = false, bool SkipComments = false, int MaxDepth = 0)
{
    public static JsonStreamOptions Strict { get; } = new();
}

/// <summary>
/// The one pull tokenizer every JSON evidence reader uses (compiler SARIF logs, benchmark and load-test files,
/// traces): the file streams through one buffer that grows only for a single token larger than it (up to
/// <see cref="MaxTokenBytes"/>), a UTF-8 byte order mark is skipped, and every token has a 1-based line and
/// column so a reader can say where a value has the wrong shape.
/// </summary>
/// <remarks>
/// Columns count UTF-8 bytes from the start of the line (a byte order mark is not counted), the unit
/// <see cref="JsonException.BytePositionInLine"/> uses, so syntax errors and shape errors are in one unit.
/// Every problem becomes an <see cref="EvidenceException"/> naming the file; nothing else escapes.
/// </remarks>
public sealed class JsonTokenStream : IDisposable
{
    public const int MaxTokenBytes = 64 * 1024 * 1024;
    private const int InitialBufferBytes = 256 * 1024;
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _length;
    private int _position;
    private bool _final;
    private JsonReaderState _state;
    // Line breaks are counted lazily, once per byte: up to a token when its position is asked for, and before a
    // refill discards what was read. Most tokens are never asked for their position.
    private int _line = 1;
    private long _lineStartOffset;
    private long _countedTo;
    private long _tokenOffset;
    private int _tokenLine, _tokenColumn;
    private bool _located;
    private long _bufferOffset;
    private int _valueStart, _valueLength;
    private string? _unescaped;

    /// <param name="stream">Read forward only; not disposed with this stream.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="what">What the file is, for messages ("trace file", "compiler SARIF log").</param>
    public JsonTokenStream(Stream stream, string path, string what, JsonStreamOptions? options = null)
    {
        options ??= JsonStreamOptions.Strict;
        _stream = stream;
        Path = path;
        What = what;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        _state = new JsonReaderState(new JsonReaderOptions
        {
            AllowMultipleValues = options.AllowMultipleValues,
            CommentHandling = options.SkipComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            MaxDepth = options.MaxDepth,
        });
    }

    /// <summary>
    /// Opens an evidence file for reading; a missing or unreadable file, or one that is not a regular file (a FIFO would block,
    /// <c>/dev/zero</c> never ends), is an error at line 0.
    /// </summary>
    public static Stream OpenFile(string path, string what)
    {
        try
        {
            return IO.RegularFile.OpenRead(path, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new EvidenceException(path, 0, 0, $"cannot read the {what}: {e.Message}", e);
        }
    }

    public string Path { get; }

    /// <summary>What the file is, for messages.</summary>
    public string What { get; }

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>1-based line of the current token.</summary>
    public int Line
    {
        get
        {
            Locate();
            return _tokenLine;
        }
    }

    /// <summary>1-based column of the current token, in UTF-8 bytes.</summary>
    public int Column
    {
        get
        {
            Locate();
            return _tokenColumn;
        }
    }

    /// <summary>The raw UTF-8 bytes of the current string, property name or number (escapes not applied).</summary>
    public ReadOnlySpan<byte> ValueSpan => _buffer.AsSpan(_valueStart, _valueLength);

    public bool ValueIsEscaped => _unescaped != null;

    /// <summary>Moves to the next token; false at the end of the input.</summary>
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
                // The reader's state carries its line and byte position across buffers: exact wherever the error is.
                int line = (int)Math.Min(int.MaxValue - 1, e.LineNumber ?? 0) + 1;
                int column = (int)Math.Min(int.MaxValue - 1, e.BytePositionInLine ?? 0) + 1;
                throw new EvidenceException(Path, line, column, $"the {What} is not valid JSON: {Trim(e.Message)}", e);
            }
            if (ok)
            {
                int tokenStart = _position + (int)reader.TokenStartIndex;
                _tokenOffset = _bufferOffset + tokenStart;
                _located = false;
                TokenType = reader.TokenType;
                _unescaped = null;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName or JsonTokenType.Number)
                {
                    if (reader.ValueIsEscaped) _unescaped = Unescape(ref reader);
                    _valueStart = tokenStart + (reader.TokenType == JsonTokenType.Number ? 0 : 1);
                    _valueLength = reader.ValueSpan.Length;
                }
                _position += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }
            if (_final)
            {
                TokenType = JsonTokenType.None;
                return false;
            }
            Refill();
        }
    }

    private string Unescape(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException e)
        {
            throw Error($"the {What} cannot be read: {e.Message}", e);
        }
    }

    private void Locate()
    {
        if (_located) return;
        CountLinesTo(_tokenOffset);
        _tokenLine = _line;
        _tokenColumn = (int)Math.Min(int.MaxValue, _tokenOffset - _lineStartOffset + 1);
        _located = true;
    }

    /// <summary>Counts the line breaks up to <paramref name="offset"/> (a file offset inside the buffer).</summary>
    private void CountLinesTo(long offset)
    {
        if (offset <= _countedTo) return;
        ReadOnlySpan<byte> span = _buffer.AsSpan((int)(_countedTo - _bufferOffset), (int)(offset - _countedTo));
        int count = span.Count((byte)'\n');
        if (count > 0)
        {
            _line += count;
            _lineStartOffset = _countedTo + span.LastIndexOf((byte)'\n') + 1;
        }
        _countedTo = offset;
    }

    private void Refill()
    {
        // Keep the unread tail; grow when a single token fills the whole buffer.
        if (_position == 0 && _length == _buffer.Length)
        {
            CountLinesTo(_bufferOffset);
            if (_buffer.Length >= MaxTokenBytes)
                throw new EvidenceException(Path, _line, (int)Math.Min(int.MaxValue, _bufferOffset - _lineStartOffset + 1),
                    $"a single JSON value is larger than {MaxTokenBytes / (1024 * 1024)} MiB; the {What} cannot be read in bounded memory");
            byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else if (_position > 0)
        {
            CountLinesTo(_bufferOffset + _position);
            int tail = _length - _position;
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
                throw new EvidenceException(Path, 0, 0, $"cannot read the {What}: {e.Message}", e);
            }
            if (read == 0)
            {
                _final = true;
                break;
            }
            _length += read;
        }
        if (_bufferOffset == 0 && _position == 0 && _buffer.AsSpan(0, _length).StartsWith(Utf8ByteOrderMark))
        {
            // A byte order mark is not part of the first line's columns (editors do not show it).
            _position = 3;
            _lineStartOffset = _countedTo = 3;
        }
    }

    /// <summary>The current string or property name, escapes applied.</summary>
    public string GetString()
    {
        if (_unescaped != null) return _unescaped;
        try
        {
            return StrictUtf8.GetString(ValueSpan);
        }
        catch (DecoderFallbackException e)
        {
            throw Error($"the {What} cannot be read: a string is not valid UTF-8", e);
        }
    }

    public bool NameIs(ReadOnlySpan<byte> name) => _unescaped == null ? ValueSpan.SequenceEqual(name) : _unescaped == Encoding.UTF8.GetString(name);

    /// <summary>The current number as a finite double (as <see cref="Utf8JsonReader.TryGetDouble"/> parses it).</summary>
    public bool TryGetDouble(out double value)
    {
        if (TokenType == JsonTokenType.Number && Utf8Parser.TryParse(ValueSpan, out double parsed, out int used)
            && used == _valueLength && double.IsFinite(parsed))
        {
            value = parsed;
            return true;
        }
        value = 0;
        return false;
    }

    public bool TryGetInt32(out int value)
    {
        if (TokenType == JsonTokenType.Number && Utf8Parser.TryParse(ValueSpan, out int parsed, out int used) && used == _valueLength)
        {
            value = parsed;
            return true;
        }
        value = 0;
        return false;
    }

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

    /// <summary>An error at the current token.</summary>
    public EvidenceException Error(string message, Exception? inner = null) => new(Path, Line, Column, message, inner);

    public EvidenceException Unexpected(string expected) =>
        Error(TokenType == JsonTokenType.None
            ? $"the {What} ends early: expected {expected}"
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
        // System.Text.Json appends " LineNumber: 3 | BytePositionInLine: 4." which the position already says.
        // It also quotes the offending text, which may be most of the file: capped like any echo of an input.
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return Errors.Echo.Cap(at > 0 ? message.Substring(0, at) : message);
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
    }
}

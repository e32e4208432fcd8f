using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Json;

/// <summary>
/// Reads a JSON evidence file into <see cref="PositionedJsonNode"/>s that remember their line and column.
/// The file streams through <see cref="JsonTokenStream"/>, and the values of properties named in <c>skip</c> are
/// never materialised, so memory is bounded by what a reader keeps, not by the file (Artillery's
/// <c>intermediate</c> array can be most of a report).
/// </summary>
/// <remarks>Every problem becomes an <see cref="EvidenceException"/> with a position; nothing else escapes.</remarks>
public static class PositionedJsonReader
{
    public static PositionedJsonNode Read(string path, string what, IReadOnlyCollection<string>? skip = null)
    {
        using Stream stream = JsonTokenStream.OpenFile(path, what);
        return Read(stream, path, what, skip);
    }

    public static PositionedJsonNode Read(Stream stream, string path, string what, IReadOnlyCollection<string>? skip = null)
    {
        using var json = new JsonTokenStream(stream, path, what);
        if (!json.Read()) throw new EvidenceException(path, 1, 1, $"the {what} is empty: expected a JSON object");
        PositionedJsonNode root = ReadValue(json, skip ?? Array.Empty<string>());
        if (json.Read()) throw json.Unexpected("the end of the file");
        return root;
    }

    private static PositionedJsonNode ReadValue(JsonTokenStream json, IReadOnlyCollection<string> skip)
    {
        int line = json.Line, column = json.Column;
        switch (json.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObjectNode(line, column);
                while (Next(json) != JsonTokenType.EndObject)
                {
                    string name = json.GetString();
                    Next(json);
                    if (skip.Contains(name)) json.Skip();
                    else obj.Add(name, ReadValue(json, skip));
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArrayNode(line, column);
                while (Next(json) != JsonTokenType.EndArray) array.Add(ReadValue(json, skip));
                return array;
            case JsonTokenType.String:
                return new JsonStringNode(line, column, json.GetString());
            case JsonTokenType.Number:
                if (!json.TryGetDouble(out double number)) throw json.Error($"the {json.What} holds a number out of range");
                return new JsonNumberNode(line, column, number);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonBooleanNode(line, column, json.TokenType == JsonTokenType.True);
            case JsonTokenType.Null:
                return new JsonNullNode(line, column);
            default:
                throw json.Unexpected("a JSON value");
        }
    }

    private static JsonTokenType Next(JsonTokenStream json) => json.Read() ? json.TokenType : throw json.Unexpected("the rest of the value");
}

using System.Collections.Generic;

namespace PerfGate.Core.Json;

/// <summary>
/// A JSON value with the 1-based line and column (UTF-8 bytes, as <see cref="System.Text.Json.JsonException"/>
/// counts them) where it starts, so readers of evidence files can say where a value has the wrong shape.
/// </summary>
public abstract class JsonNode
{
    protected JsonNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }
    public int Column { get; }

    /// <summary>What the value is, for messages: "an object", "a string", …</summary>
    public abstract string Kind { get; }
}

public sealed class JsonObjectNode : JsonNode
{
    private readonly List<KeyValuePair<string, JsonNode>> _properties = new();
    private readonly Dictionary<string, JsonNode> _byName = new(System.StringComparer.Ordinal);

    public JsonObjectNode(int line, int column) : base(line, column) { }

    public override string Kind => "an object";

    /// <summary>Properties in file order (a repeated name keeps its last value in lookups, as JSON.parse does).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode>> Properties => _properties;

    public JsonNode? this[string name] => _byName.TryGetValue(name, out JsonNode? value) ? value : null;

    internal void Add(string name, JsonNode value)
    {
        _properties.Add(new KeyValuePair<string, JsonNode>(name, value));
        _byName[name] = value;
    }
}

public sealed class JsonArrayNode : JsonNode
{
    private readonly List<JsonNode> _items = new();

    public JsonArrayNode(int line, int column) : base(line, column) { }

    public override string Kind => "an array";
    public IReadOnlyList<JsonNode> Items => _items;

    internal void Add(JsonNode value) => _items.Add(value);
}

public sealed class JsonStringNode : JsonNode
{
    public JsonStringNode(int line, int column, string value) : base(line, column) => Value = value;

    public override string Kind => "a string";
    public string Value { get; }
}

public sealed class JsonNumberNode : JsonNode
{
    public JsonNumberNode(int line, int column, double value) : base(line, column) => Value = value;

    public override string Kind => "a number";
    public double Value { get; }
}

public sealed class JsonBooleanNode : JsonNode
{
    public JsonBooleanNode(int line, int column, bool value) : base(line, column) => Value = value;

    public override string Kind => "a boolean";
    public bool Value { get; }
}

public sealed class JsonNullNode : JsonNode
{
    public JsonNullNode(int line, int column) : base(line, column) { }

    public override string Kind => "null";
}

using System.Collections.Generic;

namespace PerfGate.Core.Json;

/// <summary>
/// A JSON value with the 1-based line and column (UTF-8 bytes, as <see cref="System.Text.Json.JsonException"/>
/// counts them) where it starts, so readers of evidence files can say where a value has the wrong shape.
/// </summary>
public abstract class PositionedJsonNode
{
    protected PositionedJsonNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }
    public int Column { get; }

    /// <summary>What the value is, for messages: "an object", "a string", …</summary>
    public abstract string Kind { get; }
}

public sealed class JsonObjectNode : PositionedJsonNode
{
    private readonly List<KeyValuePair<string, PositionedJsonNode>> _properties = new();
    private readonly Dictionary<string, PositionedJsonNode> _byName = new(System.StringComparer.Ordinal);

    public JsonObjectNode(int line, int column) : base(line, column) { }

    public override string Kind => "an object";

    /// <summary>Properties in file order (a repeated name keeps its last value in lookups, as JSON.parse does).</summary>
    public IReadOnlyList<KeyValuePair<string, PositionedJsonNode>> Properties => _properties;

    public PositionedJsonNode? this[string name] => _byName.TryGetValue(name, out PositionedJsonNode? value) ? value : null;

    internal void Add(string name, PositionedJsonNode value)
    {
        _properties.Add(new KeyValuePair<string, PositionedJsonNode>(name, value));
        _byName[name] = value;
    }
}

public sealed class JsonArrayNode : PositionedJsonNode
{
    private readonly List<PositionedJsonNode> _items = new();

    public JsonArrayNode(int line, int column) : base(line, column) { }

    public override string Kind => "an array";
    public IReadOnlyList<PositionedJsonNode> Items => _items;

    internal void Add(PositionedJsonNode value) => _items.Add(value);
}

public sealed class JsonStringNode : PositionedJsonNode
{
    public JsonStringNode(int line, int column, string value) : base(line, column) => Value = value;

    public override string Kind => "a string";
    public string Value { get; }
}

public sealed class JsonNumberNode : PositionedJsonNode
{
    public JsonNumberNode(int line, int column, double value) : base(line, column) => Value = value;

    public override string Kind => "a number";
    public double Value { get; }
}

public sealed class JsonBooleanNode : PositionedJsonNode
{
    public JsonBooleanNode(int line, int column, bool value) : base(line, column) => Value = value;

    public override string Kind => "a boolean";
    public bool Value { get; }
}

public sealed class JsonNullNode : PositionedJsonNode
{
    public JsonNullNode(int line, int column) : base(line, column) { }

    public override string Kind => "null";
}

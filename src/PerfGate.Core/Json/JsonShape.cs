using System.Globalization;
using PerfGate.Core.Evidence;

namespace PerfGate.Core.Json;

/// <summary>Typed access to <see cref="PositionedJsonNode"/>s that fails with a positioned <see cref="EvidenceException"/>.</summary>
public sealed class JsonShape
{
    public JsonShape(string path, string what)
    {
        Path = path;
        What = what;
    }

    public string Path { get; }

    /// <summary>What the file is, for messages ("BenchmarkDotNet result file").</summary>
    public string What { get; }

    public JsonObjectNode Object(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        node as JsonObjectNode ?? throw Wrong(node, parent, expected);

    public JsonArrayNode Array(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        node as JsonArrayNode ?? throw Wrong(node, parent, expected);

    public string String(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        (node as JsonStringNode)?.Value ?? throw Wrong(node, parent, expected);

    public double Number(PositionedJsonNode? node, PositionedJsonNode parent, string expected) =>
        node is JsonNumberNode number ? number.Value : throw Wrong(node, parent, expected);

    /// <summary>A number, or null when the property is absent or JSON null.</summary>
    public double? OptionalNumber(PositionedJsonNode? node, PositionedJsonNode parent, string expected) => node switch
    {
        null or JsonNullNode => null,
        JsonNumberNode number => number.Value,
        _ => throw Wrong(node, parent, expected),
    };

    public string? OptionalString(PositionedJsonNode? node, PositionedJsonNode parent, string expected) => node switch
    {
        null or JsonNullNode => null,
        JsonStringNode text => text.Value,
        _ => throw Wrong(node, parent, expected),
    };

    public EvidenceException Error(PositionedJsonNode at, string message) => new(Path, at.Line, at.Column, message);

    public EvidenceException Wrong(PositionedJsonNode? node, PositionedJsonNode parent, string expected)
    {
        PositionedJsonNode at = node ?? parent;
        string found = node == null ? "nothing (the property is missing)" : node.Kind;
        return new EvidenceException(Path, at.Line, at.Column, $"the {What} does not have the expected shape: expected {expected}, found {found}");
    }

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
